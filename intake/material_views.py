"""Web pages for materials: upload one (plain multipart POST), bring it to the window, download.

Everyone who may not see the application gets 404 (application_get_for_user), for the file too.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from programs.errors import ActionInvalid, ActionNotPermitted

from .materials import download_filename, material_bring_choose, material_file_for_download, material_upload
from .selectors import application_get_for_user


def _back(reference: str):
    return redirect(reverse("intake:status", args=[reference]) + "#materials-needed")


@login_required
@require_POST
def upload(request, reference: str, pk: int):
    application = application_get_for_user(user=request.user, reference=reference)
    try:
        row = material_upload(
            application=application, pk=pk, upload=request.FILES.get("file"), actor=request.user
        )
    except ActionNotPermitted as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except ActionInvalid as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已上传：%(name)s。") % {"name": row.material.display_name})
    return _back(reference)


@login_required
@require_POST
def bring(request, reference: str, pk: int):
    application = application_get_for_user(user=request.user, reference=reference)
    try:
        row = material_bring_choose(application=application, pk=pk, actor=request.user)
    except ActionNotPermitted as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except ActionInvalid as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("已记录：%(name)s 将带到 %(office)s。")
            % {"name": row.material.display_name, "office": row.bring_to_office.display_name},
        )
    return _back(reference)


@login_required
@require_GET
def download(request, reference: str, pk: int):
    application = application_get_for_user(user=request.user, reference=reference)
    row = material_file_for_download(application=application, pk=pk, actor=request.user)
    if row is None:
        raise Http404
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_filename(row),
        content_type=row.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
