"""The deadline sweep: remind before, escalate after, never twice (conditional updates)."""

from django.utils import timezone

from accounts.audit import audit_log

from .calendar import add_working_days
from .models import WorkItem
from .services import deadlines_recompute_provisional


def deadline_sweep_once() -> dict[str, int]:
    now, today = timezone.now(), timezone.localdate()
    tomorrow = add_working_days(today, 1).day
    reminded = escalated = 0
    for item in WorkItem.objects.filter(
        status=WorkItem.Status.OPEN, reminded_at__isnull=True, due_date__lte=tomorrow, due_date__gte=today
    ):
        if WorkItem.objects.filter(pk=item.pk, reminded_at__isnull=True).update(reminded_at=now):
            audit_log(
                actor=None,
                code="review.work_item.reminded",
                obj=item,
                data={"due": item.due_date.isoformat()},
            )
            reminded += 1
    for item in WorkItem.objects.filter(
        status=WorkItem.Status.OPEN, escalated_at__isnull=True, due_date__lt=today
    ):
        if WorkItem.objects.filter(pk=item.pk, escalated_at__isnull=True).update(escalated_at=now):
            audit_log(
                actor=None,
                code="review.work_item.escalated",
                obj=item,
                data={"due": item.due_date.isoformat()},
            )
            escalated += 1
    return {"reminded": reminded, "escalated": escalated, "recomputed": deadlines_recompute_provisional()}
