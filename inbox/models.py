"""The in-app inbox (站内消息): what a person is told, once each (dedupe_key), and the SMS sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("新的待办")
        DUE_SOON = "due_soon", _("即将到期")
        ESCALATION = "escalation", _("超期督办")
        DECISION = "decision", _("办理结果")
        SUPPLEMENT = "supplement", _("补正材料")
        RECHECK = "recheck", _("复核通知")
        CHECKIN = "checkin", _("签到提醒")
        PAYMENT = "payment", _("发放名册")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_messages"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # One message per event and person: a second sweep finds the key taken and sends nothing.
    dedupe_key = models.CharField(max_length=160, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    sms_sent_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"
