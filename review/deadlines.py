"""The deadline sweep: remind before, escalate after, never twice.

A reminder goes `reminder.lead` working days before the due day, an escalation to the
supervising office the day after it passes. Each is claimed by a conditional update of the
work item (reminded_at / escalated_at IS NULL), and each message by a unique key in the inbox,
so two sweeps (or two workers) send each once.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from inbox.services import tell_due_soon, tell_escalation
from programs.parameters import parameter
from programs.trace import in_record_language

from .calendar import add_working_days
from .models import WorkItem
from .services import deadlines_recompute_provisional, work_item_url, work_item_what


def deadline_sweep_once() -> dict[str, int]:
    now, today = timezone.now(), timezone.localdate()
    lead = int(parameter("reminder.lead", on=today).value)
    horizon = add_working_days(today, lead).day
    reminded = escalated = 0
    items = WorkItem.objects.select_related("application", "case__program", "office__parent", "claimed_by")
    for item in items.filter(
        status=WorkItem.Status.OPEN, reminded_at__isnull=True, due_date__lte=horizon, due_date__gte=today
    ):
        if WorkItem.objects.filter(pk=item.pk, reminded_at__isnull=True).update(reminded_at=now):
            audit_log(
                actor=None,
                code="review.work_item.reminded",
                obj=item,
                data={"due": item.due_date.isoformat()},
            )
            title = in_record_language(
                lambda item=item: (
                    _("待办即将到期：%(what)s，请于%(due)s前办理。")
                    % {"what": work_item_what(item), "due": f"{item.due_date:%Y-%m-%d}"}
                )
            )
            tell_due_soon(
                key=f"work_item:{item.pk}",
                title=title,
                url=work_item_url(item),
                office=item.office,
                department_id=item.department_id,
                role=item.role,
                claimer=item.claimed_by,
            )
            reminded += 1
    for item in items.filter(status=WorkItem.Status.OPEN, escalated_at__isnull=True, due_date__lt=today):
        if WorkItem.objects.filter(pk=item.pk, escalated_at__isnull=True).update(escalated_at=now):
            audit_log(
                actor=None,
                code="review.work_item.escalated",
                obj=item,
                data={"due": item.due_date.isoformat()},
            )
            title = in_record_language(
                lambda item=item: (
                    _("超期督办：%(office)s的%(what)s已超过办理时限（%(due)s）。")
                    % {
                        "office": item.office.name,
                        "what": work_item_what(item),
                        "due": f"{item.due_date:%Y-%m-%d}",
                    }
                )
            )
            tell_escalation(
                key=f"work_item:{item.pk}",
                title=title,
                url=work_item_url(item),
                office=item.office,
                department_id=item.department_id,
            )
            escalated += 1
    return {"reminded": reminded, "escalated": escalated, "recomputed": deadlines_recompute_provisional()}
