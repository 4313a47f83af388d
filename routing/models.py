"""The transactional outbox: side effects written with the state change that causes them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        CLAIMED = "claimed", _("处理中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    topic = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    # The same effect is never queued twice (e.g. "notice:decision:42").
    dedupe_key = models.CharField(max_length=120, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    available_at = models.DateTimeField(db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("待发送消息")
        verbose_name_plural = _("待发送消息")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "available_at"])]

    def __str__(self) -> str:
        return f"{self.topic} {self.dedupe_key} {self.status}"
