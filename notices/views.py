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


@login_required
def application_document(request, reference: str, kind: str):
    """受理回执 / 一次性告知书 of an application the user may see (else 404)."""
    from django.http import HttpResponse

    from intake.selectors import application_get_for_user

    from .application_documents import KINDS, NotAvailable, document_pdf

    application = application_get_for_user(user=request.user, reference=reference)
    if kind not in KINDS:
        raise Http404
    try:
        pdf = document_pdf(application, kind)
    except NotAvailable as missing:
        raise Http404 from missing
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{application.reference}-{kind}.pdf"'
    return response


def application_document_verify(request, token: str):
    """Public: the document is genuine — its kind, reference, date and items; no personal data."""
    from .application_documents import KINDS, available, document_from_token

    application, kind = document_from_token(token)
    if application is None or not available(application, kind):
        raise Http404
    return render(
        request,
        "notices/verify_application.html",
        {
            "application": application,
            "kind_label": KINDS[kind],
            "programs": [
                c.program for c in application.cases.select_related("program").order_by("program__sort_order")
            ],
        },
    )
