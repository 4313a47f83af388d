"""The deadline sweep: remind before, escalate after, never twice.

A reminder goes `reminder.lead` working days before the due day, an escalation to the
supervising office the day after it passes. Each is claimed by a conditional update of the
work item (reminded_at / escalated_at IS NULL), and each message by a unique key in the inbox,
so two sweeps (or two workers) send each once.
"""

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from accounts.batch import write_batch
from accounts.models import Role, User
from inbox.models import Message
from inbox.services import SUPERVISING_ROLES, holders_of, notify_each
from programs.models import ProgramCase
from programs.parameters import parameter
from programs.trace import in_record_language

from .calendar import add_working_days
from .models import WorkItem
from .services import deadlines_recompute_provisional, work_item_urls, work_item_what

CHUNK = 2000


def _claimed(queryset, field: str, now) -> list[WorkItem]:
    """Up to CHUNK items of the queryset, locked (skipping those another sweep holds), marked
    with `field` = now: this sweep's to tell, once."""
    chosen = queryset.select_for_update(skip_locked=True, of=("self",)).order_by("due_date", "pk")
    keys = chosen.values_list("pk", flat=True)[:CHUNK]
    if connection.vendor == "postgresql":
        # Locked and marked in one statement (a lock and then an update write each row twice).
        sub, params = keys.query.sql_with_params()
        table, column = WorkItem._meta.db_table, WorkItem._meta.get_field(field).column
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE {table} SET "{column}" = %s WHERE id IN ({sub}) RETURNING id',  # noqa: S608
                (now, *params),
            )
            keys = [row[0] for row in cursor.fetchall()]
    else:
        keys = list(keys)
        WorkItem.objects.filter(pk__in=keys).update(**{field: now})
    return _rows(keys) if keys else []


def _rows(keys) -> list[WorkItem]:
    """The marked items with what the messages say (their rows locked by the marking update):
    the items, then their applications, cases and claimers by key (index look-ups; a join on
    a list of keys made PostgreSQL hash whole tables)."""
    from intake.models import Application

    items = list(WorkItem.objects.filter(pk__in=keys).order_by("due_date", "pk"))
    applications = Application.objects.only("id", "reference").in_bulk({i.application_id for i in items})
    # The state too: django-fsm reads it as each case loads (deferred, it is a query a case).
    cases = ProgramCase.objects.only("id", "state", "program_id", "application_id").in_bulk(
        {i.case_id for i in items if i.case_id}
    )
    claimers = User.objects.in_bulk({i.claimed_by_id for i in items if i.claimed_by_id})
    fields = WorkItem.application.field, WorkItem.case.field, WorkItem.claimed_by.field
    for item in items:
        fields[0].set_cached_value(item, applications[item.application_id])
        fields[1].set_cached_value(item, cases.get(item.case_id))
        fields[2].set_cached_value(item, claimers.get(item.claimed_by_id))
    _attach_configuration(items)
    return items


def _attach_configuration(items) -> None:
    """Each item's office (its parent wired) and its case's item from the process's copies,
    instead of joining them on every row (the sweep reads thousands at once)."""
    from accounts.snapshot import offices_by_pk
    from programs.snapshot import programs_by_pk

    offices = offices_by_pk({i.office_id for i in items})
    programs = programs_by_pk({i.case.program_id for i in items if i.case_id})
    office_field, program_field = WorkItem.office.field, ProgramCase.program.field
    for item in items:
        office_field.set_cached_value(item, offices[item.office_id])
        if item.case_id:
            program_field.set_cached_value(item.case, programs[item.case.program_id])


def _remind(items) -> None:
    holders = holders_of([i.office for i in items if i.claimed_by_id is None], {i.role for i in items})
    titles = in_record_language(
        lambda: [
            _("待办即将到期：%(what)s，请于%(due)s前办理。")
            % {"what": work_item_what(item), "due": f"{item.due_date:%Y-%m-%d}"}
            for item in items
        ]
    )
    urls = work_item_urls(items)
    rows = []
    for item, title in zip(items, titles, strict=True):
        audit_log(
            actor=None, code="review.work_item.reminded", obj=item, data={"due": item.due_date.isoformat()}
        )
        people = (
            [item.claimed_by]
            if item.claimed_by_id is not None
            else holders.get((item.office_id, item.department_id, item.role), [])
        )
        url = urls[item.pk]
        rows += [(user, title, url, f"work_item:{item.pk}:due_soon:{user.pk}") for user in people]
    notify_each(rows, kind=Message.Kind.DUE_SOON)


def _escalate(items) -> None:
    """To the supervising office (the one above): its approvers and heads of the department,
    its reviewers when it has neither."""
    parents = [i.office.parent for i in items if i.office.parent_id is not None]
    holders = holders_of(parents, (*SUPERVISING_ROLES[:2], Role.REVIEWER))
    titles = in_record_language(
        lambda: [
            _("超期督办：%(office)s的%(what)s已超过办理时限（%(due)s）。")
            % {"office": item.office.name, "what": work_item_what(item), "due": f"{item.due_date:%Y-%m-%d}"}
            for item in items
        ]
    )
    urls = work_item_urls(items)
    rows = []
    for item, title in zip(items, titles, strict=True):
        audit_log(
            actor=None, code="review.work_item.escalated", obj=item, data={"due": item.due_date.isoformat()}
        )
        parent = item.office.parent
        if parent is None:
            continue
        people = [
            u
            for role in SUPERVISING_ROLES[:2]
            for u in holders.get((parent.pk, item.department_id, role), [])
        ]
        people = sorted(people, key=lambda u: u.pk) or holders.get(
            (parent.pk, item.department_id, Role.REVIEWER), []
        )
        url = urls[item.pk]
        rows += [(user, title, url, f"work_item:{item.pk}:escalation:{user.pk}") for user in people]
    notify_each(rows, kind=Message.Kind.ESCALATION)


def deadline_sweep_once() -> dict[str, int]:
    """Remind and escalate in chunks: each chunk is claimed with row locks and a conditional
    mark in one transaction, its audit events and messages written in one insert each."""
    now, today = timezone.now(), timezone.localdate()
    lead = int(parameter("reminder.lead", on=today).value)
    horizon = add_working_days(today, lead).day
    items = WorkItem.objects.all()
    due_soon = items.filter(
        status=WorkItem.Status.OPEN, reminded_at__isnull=True, due_date__lte=horizon, due_date__gte=today
    )
    overdue = items.filter(status=WorkItem.Status.OPEN, escalated_at__isnull=True, due_date__lt=today)
    counts = {"reminded": 0, "escalated": 0}
    for name, queryset, field, tell in (
        ("reminded", due_soon, "reminded_at", _remind),
        ("escalated", overdue, "escalated_at", _escalate),
    ):
        while True:
            with transaction.atomic(), write_batch():
                chunk = _claimed(queryset, field, now)
                if chunk:
                    tell(chunk)
            counts[name] += len(chunk)
            if len(chunk) < CHUNK:
                break
    return {**counts, "recomputed": deadlines_recompute_provisional()}
