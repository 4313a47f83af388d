"""Formal notices (告知类文书) rendered to PDF after the decision that causes them."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    class Kind(models.TextChoices):
        APPROVAL = "approval", _("准予救助决定书")
        DENIAL = "denial", _("不予救助决定书")
        PRECONDITION = "precondition", _("不符合前置条件告知书")
        RECHECK = "recheck", _("复核决定通知书")
        TERMINATION = "termination", _("终止救助决定书")
        REVOCATION = "revocation", _("撤销救助决定书")

    class Status(models.TextChoices):
        PENDING = "pending", _("生成中")
        READY = "ready", _("已生成")
        FAILED = "failed", _("生成失败")

    case = models.ForeignKey("programs.ProgramCase", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("文书类型"), max_length=20, choices=Kind.choices)
    language = models.CharField(max_length=10, default="zh-hans")
    # Printed on the notice; anyone holding the paper can check it is genuine.
    verification_code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A case has one notice of each kind for its decision; notices after it (re-checks, the
    # termination of the entitlement it gave) name what they are about here ("recheck:12").
    subject_key = models.CharField(max_length=60, blank=True, default="")
    # What such a notice states (the outcome, the amounts, the dates), fixed when requested.
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="notices/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "subject_key"], name="one_notice_per_kind_and_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.case_id}"

    @property
    def issued_on(self):
        """The date the notice bears: the decision's day in Beijing time (Asia/Shanghai), never UTC's."""
        from django.utils import timezone

        if self.subject_key:
            return timezone.localdate(self.created_at or timezone.now())
        return timezone.localdate(self.case.decided_at or self.created_at or timezone.now())
