from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from intake.selectors import applications_for_user

from .models import Notice


@login_required
def notice_download(request, pk: int):
    """The PDF, for whoever may see the whole case (programs.selectors); a notice still rendering
    says so instead of blocking."""
    from programs.selectors import FULL, access_level

    notice = (
        Notice.objects.select_related("case__application", "case__program__department")
        .filter(pk=pk, case__application__in=applications_for_user(user=request.user))
        .first()
    )
    if notice is None or access_level(user=request.user, case=notice.case) != FULL:
        raise Http404
    if not notice.file and notice.case.application.anonymised_at is not None:
        # The retention job deleted the file (intake/retention.py); the row stays for the record.
        return render(request, "notices/anonymised.html", {"notice": notice}, status=410)
    if notice.status != Notice.Status.READY or not notice.file:
        return render(request, "notices/not_ready.html", {"notice": notice}, status=202)
    filename = f"{notice.case.application.reference}-{notice.get_kind_display()}.pdf"
    return FileResponse(
        notice.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )


def notice_verify(request, code):
    """Public check that a paper notice is genuine: shows only what a public notice may carry."""
    notice = get_object_or_404(
        Notice.objects.select_related("case__program", "case__application"), verification_code=code
    )
    return render(request, "notices/verify.html", {"notice": notice})
