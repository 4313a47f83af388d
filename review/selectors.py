"""Queues: what a staff user may see and work, soonest due first."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.snapshot import office_subtree_ids

from .models import WorkItem

LIVE = [WorkItem.Status.OPEN, WorkItem.Status.PAUSED]


def work_items_visible_to(*, user: User) -> QuerySet[WorkItem]:
    if user.office_id is None or user.department_id is None:
        return WorkItem.objects.none()
    items = WorkItem.objects.filter(department_id=user.department_id)
    if user.office.parent_id is None:  # the city: every office
        return items
    # The subtree's offices from the process's copy: no join, and the queue's partial index
    # (workitem_live_queue) answers the page and its count.
    return items.filter(office_id__in=office_subtree_ids(user.office))


def work_queue_for_user(*, user: User) -> QuerySet[WorkItem]:
    return (
        work_items_visible_to(user=user)
        .filter(role=user.role, status__in=LIVE)
        .select_related(
            "case__program",
            "case__application__hukou_office",
            "application__residence_office",
            "application__applicant",
            "application__household",
            "office",
            "claimed_by",
        )
        .order_by("due_date", "id")
    )


def work_queue_filter(qs: QuerySet[WorkItem], filters: dict) -> QuerySet[WorkItem]:
    """The queue's filters (web and API alike): reference, case, program (item code), step,
    due_before, overdue."""
    if filters.get("reference"):
        qs = qs.filter(application__reference=filters["reference"])
    if filters.get("case"):
        qs = qs.filter(case_id=filters["case"])
    if filters.get("program"):
        qs = qs.filter(case__program__code=filters["program"])
    if filters.get("step"):
        qs = qs.filter(step=filters["step"])
    if filters.get("due_before"):
        qs = qs.filter(due_date__lt=filters["due_before"])
    if filters.get("overdue") is True:
        # "Not paused" rather than "open": the queue is already live items only, and an equality
        # on the status steered PostgreSQL to the status index over every open item of the city.
        qs = qs.exclude(status=WorkItem.Status.PAUSED).filter(due_date__lt=timezone.localdate())
    return qs


def work_item_get_for_user(*, user: User, pk: int) -> WorkItem:
    item = (
        work_items_visible_to(user=user).select_related("case__program", "application").filter(pk=pk).first()
    )
    if item is None:
        raise Http404
    return item


def is_overdue(item: WorkItem) -> bool:
    return item.is_live and item.due_date < timezone.localdate()
