"""/reports/exports/: my export requests and a new one; the requests waiting for me; downloads."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm

from .forms import ExportRequestForm
from .models import ExportRequest
from .selectors import (
    export_cases,
    export_request_get_for_requester,
    export_requests_of_user,
    export_requests_to_confirm,
)
from .services import (
    ExportError,
    export_confirm,
    export_download,
    export_refuse,
    export_request_create,
    export_requests_expire,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _may_export(user) -> None:
    if not has_perm(user, "reports.export"):
        raise PermissionDenied


def _page(request, *, form=None, count=None, status=200):
    user = request.user
    export_requests_expire()
    return render(
        request,
        "reports/exports.html",
        {
            "form": form or ExportRequestForm(user=user),
            "count": count,
            "threshold": settings.ONEWINDOW_EXPORT_CONFIRM_ABOVE,
            "hours": settings.ONEWINDOW_EXPORT_DOWNLOAD_HOURS,
            "mine": export_requests_of_user(user=user)[:50],
            "to_confirm": export_requests_to_confirm(user=user),
            "may_confirm": has_perm(user, "reports.confirm_export"),
        },
        status=status,
    )


@login_required
def exports(request):
    """GET: the page. POST action=count: the count of the scope, the values kept; action=submit
    with the count just shown: the request (confirmed at once, or waiting for a second person)."""
    _may_export(request.user)
    if request.method != "POST":
        return _page(request)
    form = ExportRequestForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    count = export_cases(user=request.user, **form.filters()).count()
    if request.POST.get("action") != "submit":
        return _page(request, form=form, count=count)
    if request.POST.get("count") != str(count):
        messages.warning(request, _("符合条件的记录数已变化，请核对后再提交。"))
        return _page(request, form=form, count=count)
    try:
        export = export_request_create(
            user=request.user, purpose=form.cleaned_data["purpose"], **form.filters()
        )
    except ExportError as exc:
        messages.error(request, str(exc.message))
        return _page(request, form=form, count=count, status=exc.status_code)
    if export.status == ExportRequest.Status.CONFIRMED:
        messages.success(request, _("导出申请已登记，可以下载（只能下载一次）。"))
    else:
        messages.success(
            request,
            _("导出申请已登记。记录数超过 %(n)s 条，须由本部门另一位有确认权限的人员确认后才能下载。")
            % {"n": export.confirm_above},
        )
    return redirect("reports:exports")


@login_required
@require_POST
def decide(request, pk: int):
    """A second person confirms, or refuses with a reason, a pending request."""
    if not has_perm(request.user, "reports.confirm_export"):
        raise PermissionDenied
    export = ExportRequest.objects.select_related("requested_by__office").filter(pk=pk).first()
    if export is None:
        raise Http404
    try:
        if request.POST.get("action") == "confirm":
            export_confirm(export=export, user=request.user)
            messages.success(request, _("已确认，申请人现在可以下载。"))
        else:
            export_refuse(export=export, user=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("已拒绝该导出申请。"))
    except ExportError as exc:
        messages.error(request, str(exc.message))
        return _page(request, status=exc.status_code)
    return redirect("reports:exports")


@login_required
@require_POST
def download(request, pk: int):
    """The workbook, once, to the requester only (anyone else: 404)."""
    _may_export(request.user)
    export = export_request_get_for_requester(user=request.user, pk=pk)
    try:
        content, _rows = export_download(export=export, user=request.user)
    except ExportError as exc:
        messages.error(request, str(exc.message))
        return _page(request, status=exc.status_code)
    response = HttpResponse(content, content_type=XLSX)
    filename = f"onewindow-export-{export.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
