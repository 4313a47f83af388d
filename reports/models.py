"""Staff exports of case lists (PIPL): each with its purpose, its scope and, above a threshold, a
second person's confirmation."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportRequest(models.Model):
    """One request to export a list of cases; downloaded at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("可下载")
        REFUSED = "refused", _("已拒绝")
        DOWNLOADED = "downloaded", _("已下载")
        EXPIRED = "expired", _("已过期")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="export_requests",
        verbose_name=_("申请人"),
    )
    purpose = models.CharField(_("导出用途"), max_length=200)
    # The scope as asked for; empty = all.
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("事项"),
    )
    state = models.CharField(_("办理状态"), max_length=30, blank=True)
    submitted_from = models.DateField(_("提交日期起"), null=True, blank=True)
    submitted_to = models.DateField(_("提交日期止"), null=True, blank=True)
    # The cases in scope when requested: the set that was counted (and confirmed). A download
    # exports those of them the requester may still see in full, with their values then.
    case_ids = models.JSONField(default=list, editable=False)
    record_count = models.PositiveIntegerField(_("记录数"))
    # ONEWINDOW_EXPORT_CONFIRM_ABOVE when requested.
    confirm_above = models.PositiveIntegerField(_("须确认的记录数上限"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, db_index=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("拒绝人"),
    )
    refused_at = models.DateTimeField(_("拒绝时间"), null=True, blank=True)
    refusal_reason = models.CharField(_("拒绝理由"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    downloaded_at = models.DateTimeField(_("下载时间"), null=True, blank=True)
    downloaded_count = models.PositiveIntegerField(_("下载记录数"), null=True, blank=True)

    class Meta:
        verbose_name = _("数据导出申请")
        verbose_name_plural = _("数据导出申请")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "created_at"])]
        constraints = [
            # Nobody confirms their own export.
            models.CheckConstraint(
                name="export_not_confirmed_by_requester",
                condition=models.Q(confirmed_by__isnull=True)
                | ~models.Q(confirmed_by=models.F("requested_by")),
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.requested_by_id}, {self.status})"

    @property
    def needs_confirmation(self) -> bool:
        return self.record_count > self.confirm_above

    @property
    def expires_at(self) -> dt.datetime | None:
        """A pending request must be confirmed, and a confirmed one downloaded, within the window."""
        window = dt.timedelta(hours=settings.ONEWINDOW_EXPORT_DOWNLOAD_HOURS)
        if self.status == self.Status.PENDING:
            return self.created_at + window
        if self.status == self.Status.CONFIRMED:
            return self.confirmed_at + window
        return None

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.EXPIRED or (
            self.expires_at is not None and self.expires_at <= timezone.now()
        )

    def filters(self) -> dict:
        """The scope as data, for the audit rows (codes and dates only, no personal data)."""
        return {
            "program": self.program.code if self.program_id else "",
            "state": self.state,
            "submitted_from": self.submitted_from.isoformat() if self.submitted_from else "",
            "submitted_to": self.submitted_to.isoformat() if self.submitted_to else "",
        }

    def scope_display(self) -> str:
        """The scope in words: 事项；状态；提交日期."""
        from programs.registry import state_label

        any_day = str(_("不限"))
        parts = [
            self.program.display_name if self.program_id else str(_("全部事项")),
            state_label(self.state) if self.state else str(_("全部状态")),
        ]
        if self.submitted_from or self.submitted_to:
            parts.append(
                str(_("提交日期 %(start)s 至 %(end)s"))
                % {
                    "start": self.submitted_from.isoformat() if self.submitted_from else any_day,
                    "end": self.submitted_to.isoformat() if self.submitted_to else any_day,
                }
            )
        return "；".join(parts)
