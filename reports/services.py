"""Export requests: ask (with a purpose), confirm or refuse (a second person), download (once).

Each step is one conditional update on the row's status, so two confirmers or two clicks on
"download" never both succeed, and one audit row (`reports.export.*`) with the purpose, the
count and the filters — never a name or an ID number.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_log
from accounts.models import User
from accounts.permissions import has_perm
from programs.models import Program

from .models import ExportRequest
from .selectors import export_cases, export_rows, may_confirm
from .xlsx import export_workbook

Status = ExportRequest.Status

PURPOSE_MIN_LENGTH = 4
PURPOSE_MAX_LENGTH = 200
REASON_MAX_LENGTH = 200


class ExportError(Exception):
    status_code = 400
    default_message = _("请求内容有误。")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class ExportInvalid(ExportError):
    status_code = 400


class ExportNotPermitted(ExportError):
    status_code = 403
    default_message = _("您没有办理此项业务的权限。")


class ExportConflict(ExportError):
    status_code = 409


class ExportExpired(ExportError):
    status_code = 410


def _window() -> dt.timedelta:
    return dt.timedelta(hours=settings.ONEWINDOW_EXPORT_DOWNLOAD_HOURS)


def _audit_data(export: ExportRequest, **extra) -> dict:
    return {
        "purpose": export.purpose,
        "record_count": export.record_count,
        "filters": export.filters(),
        **extra,
    }


def export_requests_expire(*, now: dt.datetime | None = None) -> int:
    """Requests not confirmed, or not downloaded, within the window become expired."""
    cutoff = (now or timezone.now()) - _window()
    return ExportRequest.objects.filter(
        Q(status=Status.PENDING, created_at__lte=cutoff)
        | Q(status=Status.CONFIRMED, confirmed_at__lte=cutoff)
    ).update(status=Status.EXPIRED)


@transaction.atomic
def export_request_create(
    *,
    user: User,
    purpose: str,
    program: Program | None = None,
    state: str = "",
    submitted_from: dt.date | None = None,
    submitted_to: dt.date | None = None,
) -> ExportRequest:
    """Count the cases in scope now; up to ONEWINDOW_EXPORT_CONFIRM_ABOVE the export may be
    downloaded at once, above it a second person must confirm it first."""
    if not has_perm(user, "reports.export"):
        raise ExportNotPermitted
    purpose = (purpose or "").strip()
    if not PURPOSE_MIN_LENGTH <= len(purpose) <= PURPOSE_MAX_LENGTH:
        raise ExportInvalid(_("请说明导出用途（至少 4 个字）。"))
    filters = {
        "program": program,
        "state": state,
        "submitted_from": submitted_from,
        "submitted_to": submitted_to,
    }
    case_ids = list(export_cases(user=user, **filters).order_by("pk").values_list("pk", flat=True))
    if not case_ids:
        raise ExportInvalid(_("没有符合条件的记录，无需导出。"))
    threshold = settings.ONEWINDOW_EXPORT_CONFIRM_ABOVE
    at_once = len(case_ids) <= threshold
    export = ExportRequest.objects.create(
        requested_by=user,
        purpose=purpose,
        **filters,
        case_ids=case_ids,
        record_count=len(case_ids),
        confirm_above=threshold,
        status=Status.CONFIRMED if at_once else Status.PENDING,
        confirmed_at=timezone.now() if at_once else None,
    )
    audit_log(
        actor=user,
        code="reports.export.requested",
        obj=export,
        data=_audit_data(export, confirmation_needed=not at_once),
    )
    return export


def _check_confirmer(*, export: ExportRequest, user: User, action: str) -> None:
    if may_confirm(user=user, export=export):
        return
    audit_log(
        actor=user,
        code="reports.export.confirm_not_permitted",
        obj=export,
        data=_audit_data(export, action=action),
        success=False,
    )
    if user.pk == export.requested_by_id:
        raise ExportNotPermitted(_("不能确认自己提出的导出申请，请由本部门另一位有确认权限的人员确认。"))
    raise ExportNotPermitted(
        _("只有申请人所在部门、所在机构或其上级机构有确认权限的人员才能处理此导出申请。")
    )


def _decide(*, export: ExportRequest, **changes) -> ExportRequest:
    """Move a pending request on, or say why it cannot move (already decided, or expired)."""
    updated = ExportRequest.objects.filter(
        pk=export.pk, status=Status.PENDING, created_at__gt=timezone.now() - _window()
    ).update(**changes)
    export.refresh_from_db()
    if updated:
        return export
    if export.is_expired:
        raise ExportExpired(_("该导出申请已过期，不能再处理。"))
    raise ExportConflict(
        _("该导出申请已处理（当前状态：%(status)s），无需重复操作。")
        % {"status": export.get_status_display()}
    )


def export_confirm(*, export: ExportRequest, user: User) -> ExportRequest:
    _check_confirmer(export=export, user=user, action="confirm")  # audited even when refused
    with transaction.atomic():
        export = _decide(
            export=export, status=Status.CONFIRMED, confirmed_by=user, confirmed_at=timezone.now()
        )
        audit_log(actor=user, code="reports.export.confirmed", obj=export, data=_audit_data(export))
    return export


def export_refuse(*, export: ExportRequest, user: User, reason: str) -> ExportRequest:
    _check_confirmer(export=export, user=user, action="refuse")
    reason = (reason or "").strip()
    if not reason:
        raise ExportInvalid(_("拒绝导出申请须填写理由。"))
    if len(reason) > REASON_MAX_LENGTH:
        raise ExportInvalid(_("拒绝理由请不超过 200 个字。"))
    with transaction.atomic():
        export = _decide(
            export=export,
            status=Status.REFUSED,
            refused_by=user,
            refused_at=timezone.now(),
            refusal_reason=reason,
        )
        audit_log(
            actor=user, code="reports.export.refused", obj=export, data=_audit_data(export, reason=reason)
        )
    return export


def _download_refused(export: ExportRequest, user: User, error: ExportError) -> ExportError:
    audit_log(
        actor=user,
        code="reports.export.download_refused",
        obj=export,
        data=_audit_data(export, status=export.status),
        success=False,
    )
    return error


def export_download(*, export: ExportRequest, user: User) -> tuple[bytes, int]:
    """The workbook, once, to the requester: the requested cases they still see in full, now.

    The caller has already checked that `user` is the requester (anyone else gets 404).
    """
    if export.requested_by_id != user.pk or not has_perm(user, "reports.export"):
        raise _download_refused(export, user, ExportNotPermitted())
    now = timezone.now()
    export_requests_expire(now=now)
    export.refresh_from_db()
    problems = {
        Status.PENDING: ExportConflict(_("该导出申请尚待确认，确认后才能下载。")),
        Status.REFUSED: ExportConflict(
            _("该导出申请已被拒绝（理由：%(reason)s）。") % {"reason": export.refusal_reason}
        ),
        Status.DOWNLOADED: ExportConflict(_("该导出已下载过一次。如需再次导出，请重新申请。")),
        Status.EXPIRED: ExportExpired(
            _("该导出已过期（确认后 %(hours)s 小时内可下载）。如仍需要，请重新申请。")
            % {"hours": settings.ONEWINDOW_EXPORT_DOWNLOAD_HOURS}
        ),
    }
    if export.status in problems:
        raise _download_refused(export, user, problems[export.status])
    with transaction.atomic():
        rows = list(export_rows(user=user, case_ids=export.case_ids))
        claimed = ExportRequest.objects.filter(
            pk=export.pk, status=Status.CONFIRMED, confirmed_at__gt=now - _window()
        ).update(status=Status.DOWNLOADED, downloaded_at=now, downloaded_count=len(rows))
        if not claimed:  # a second click at the same moment
            raise ExportConflict(_("该导出已下载过一次。如需再次导出，请重新申请。"))
        export.refresh_from_db()
        content = export_workbook(export=export, rows=rows)
        audit_log(
            actor=user,
            code="reports.export.downloaded",
            obj=export,
            data=_audit_data(export, downloaded_count=len(rows)),
        )
    return content, len(rows)
