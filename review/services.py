"""Work items: opened and closed as cases move, claimed with conditional updates."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_log
from accounts.batch import current_batch
from accounts.models import Department, Office

from .calendar import add_working_days, due_date, working_days_between
from .models import WorkItem

ACCEPTANCE_STEP = "acceptance"
# Civil affairs runs the one window (一口受理) for every item of an application.
ONE_WINDOW_DEPARTMENT = "civil_affairs"


class WorkItemConflict(Exception):
    """Someone else got there first."""


def work_item_open(
    *,
    application,
    case,
    step: str,
    role: str,
    department: Department,
    office: Office,
    deadline,
    counted_from=None,
) -> WorkItem:
    """Open a work item due `deadline` (a policy parameter value) after `counted_from` (default: today)."""
    today = timezone.localdate()
    start = counted_from or today
    days = int(deadline.value)
    due = due_date(start=start, days=days, unit=deadline.unit)
    item = WorkItem(
        application=application,
        case=case,
        step=step,
        role=role,
        department=department,
        office=office,
        opened_on=today,
        counted_from=start,
        due_date=due.day,
        due_provisional=due.provisional,
        deadline_key=deadline.key,
        deadline_days=days,
        deadline_unit=deadline.unit,
    )
    batch = current_batch()
    if batch is not None:  # inserted with the batch's others, told in one insert (accounts.batch)
        batch.add(item)
        if not batch.memo.get("tell_assigned"):
            batch.memo["tell_assigned"] = True
            batch.after(lambda: _tell_assigned_many(batch.rows(WorkItem)))
        return item
    item.save(force_insert=True)
    _tell_assigned(item)
    return item


def work_item_url(item: WorkItem) -> str:
    """Where a message about the work item takes its reader: the case page, or the acceptance."""
    from django.urls import reverse

    if item.case_id:
        return reverse("programs:case", args=[item.case_id])
    return reverse("review:acceptance", args=[item.application.reference])


def work_item_urls(items) -> dict[int, str]:
    """work_item_url for many items: the case page's address reversed once, its key put in."""
    from django.urls import reverse

    marker = 987654321
    case_page = reverse("programs:case", args=[marker])
    return {
        item.pk: case_page.replace(str(marker), str(item.case_id)) if item.case_id else work_item_url(item)
        for item in items
    }


def work_item_what(item: WorkItem) -> str:
    """The reference and the item (or the one-window acceptance), for a message's title."""
    program = item.case.program.name if item.case_id else str(_("一口受理"))
    return f"{item.application.reference} {program}"


def _assigned_title(item: WorkItem) -> str:
    from programs.trace import in_record_language

    return in_record_language(
        lambda: (
            str(_("新的待办：%(what)s，办理时限%(due)s。"))
            % {"what": work_item_what(item), "due": f"{item.due_date:%Y-%m-%d}"}
        )
    )


def _tell_assigned(item: WorkItem) -> None:
    """A new work item, in the inbox of each holder of its role, department and office (no SMS:
    the reminder before the due day is the one texted)."""

    from inbox.models import Message
    from inbox.services import notify_many, office_holders

    notify_many(
        recipients=office_holders(office=item.office, department_id=item.department_id, roles=[item.role]),
        kind=Message.Kind.ASSIGNED,
        title=_assigned_title(item),
        url=work_item_url(item),
        key=f"work_item:{item.pk}:assigned",
    )


def _tell_assigned_many(items) -> None:
    """`_tell_assigned` for several new work items, in one insert."""
    from inbox.models import Message
    from inbox.services import notify_office_holders

    notify_office_holders(
        [
            {
                "office_id": item.office_id,
                "department_id": item.department_id,
                "role": item.role,
                "title": _assigned_title(item),
                "url": work_item_url(item),
                "key": f"work_item:{item.pk}:assigned",
            }
            for item in items
        ],
        kind=Message.Kind.ASSIGNED,
    )


def _close(items, *, actor, status=WorkItem.Status.DONE) -> None:
    items.filter(status__in=[WorkItem.Status.OPEN, WorkItem.Status.PAUSED]).update(
        status=status,
        completed_at=timezone.now(),
        completed_by=actor if actor and actor.pk else None,
    )


def work_items_close(*, case, actor) -> None:
    batch = current_batch()
    if batch is not None and batch.is_new(case):
        return  # a case the batch writes has no work item in the database yet
    _close(WorkItem.objects.filter(case=case), actor=actor)


def acceptance_office(application):
    """Where an application is accepted: the centre that keyed a counter application in
    (全市通办); an online one at its residence street (either place may accept), or at the centre
    an item of it must be accepted at (programs.acceptance: 共有产权 at the hukou place)."""
    from programs.acceptance import acceptance_counter

    place = application.intake_office or acceptance_counter(application) or application.residence_office
    return place.ancestor_at(Office.Level.STREET) or place


def acceptance_item_open(*, application, deadline) -> WorkItem:
    """The clerk's single acceptance item for the whole application (一口受理)."""
    from programs.snapshot import department_by_code

    batch = current_batch()
    if batch is not None and batch.is_new(application):  # nothing of it in the database yet
        existing = batch.memo.get(("acceptance", id(application)))
    else:
        existing = WorkItem.objects.filter(
            application=application,
            case__isnull=True,
            status__in=[WorkItem.Status.OPEN, WorkItem.Status.PAUSED],
        ).first()
    if existing:
        return existing
    item = work_item_open(
        application=application,
        case=None,
        step=ACCEPTANCE_STEP,
        role="clerk",
        department=department_by_code(ONE_WINDOW_DEPARTMENT),
        office=acceptance_office(application),
        deadline=deadline,
    )
    if batch is not None:
        batch.memo[("acceptance", id(application))] = item
    return item


def acceptance_item_close(*, application, actor) -> None:
    _close(WorkItem.objects.filter(application=application, case__isnull=True), actor=actor)


def acceptance_item_pause(*, application) -> None:
    """补正: the clock stops while the applicant gathers the missing materials."""
    WorkItem.objects.filter(application=application, case__isnull=True, status=WorkItem.Status.OPEN).update(
        status=WorkItem.Status.PAUSED, paused_on=timezone.localdate()
    )


def acceptance_item_resume(*, application) -> None:
    today = timezone.localdate()
    for item in WorkItem.objects.select_for_update().filter(
        application=application, case__isnull=True, status=WorkItem.Status.PAUSED
    ):
        item.paused_working_days += working_days_between(item.paused_on, today)
        due = add_working_days(
            item.counted_from or item.opened_on, item.deadline_days + item.paused_working_days
        )
        item.due_date, item.due_provisional = due.day, due.provisional
        item.status, item.paused_on = WorkItem.Status.OPEN, None
        item.save(update_fields=["paused_working_days", "due_date", "due_provisional", "status", "paused_on"])


class WorkItemNotYours(Exception):
    """Only a holder of the step's role, department and office may claim its work item."""

    message = _("只有本环节的办理人员可以认领该事项。")


def work_item_claim(*, item: WorkItem, user) -> WorkItem:
    holder = (
        user.role == item.role
        and user.department_id == item.department_id
        and user.office_id is not None
        and item.office.path.startswith(user.office.path)
    )
    if not holder:
        audit_log(actor=user, code="review.work_item.claim_refused", obj=item, success=False)
        raise WorkItemNotYours()
    return _claim(item=item, user=user)


@transaction.atomic
def _claim(*, item: WorkItem, user) -> WorkItem:
    claimed = WorkItem.objects.filter(
        pk=item.pk, status=WorkItem.Status.OPEN, claimed_by__isnull=True
    ).update(claimed_by=user, claimed_at=timezone.now())
    item.refresh_from_db()
    if not claimed and item.claimed_by_id != user.pk:
        raise WorkItemConflict(_("该事项已被他人认领或已办结。"))
    audit_log(actor=user, code="review.work_item.claimed", obj=item)
    return item


@transaction.atomic
def work_item_release(*, item: WorkItem, user) -> None:
    WorkItem.objects.filter(pk=item.pk, claimed_by=user).update(claimed_by=None, claimed_at=None)
    audit_log(actor=user, code="review.work_item.released", obj=item)


def deadlines_recompute_provisional() -> int:
    """Recompute due dates guessed as Monday–Friday once the calendar knows the year."""
    changed = 0
    for item in WorkItem.objects.filter(
        due_provisional=True, status__in=[WorkItem.Status.OPEN, WorkItem.Status.PAUSED]
    ):
        due = due_date(
            start=item.counted_from or item.opened_on,
            days=item.deadline_days + item.paused_working_days,
            unit=item.deadline_unit,
        )
        if (due.day, due.provisional) != (item.due_date, item.due_provisional):
            WorkItem.objects.filter(pk=item.pk, status=item.status).update(
                due_date=due.day, due_provisional=due.provisional
            )
            changed += 1
    return changed
