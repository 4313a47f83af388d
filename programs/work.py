"""The work item a case's step calls for, read from its family's step table."""

from django.utils import timezone

from accounts.models import Department
from review.services import work_item_open, work_items_close

from .parameters import parameter
from .registry import family_of
from .steps import Step, office_for, step_where


def step_department(case, step: Step) -> Department:
    from .snapshot import department_by_code

    if step.department is None:
        return case.program.department
    return department_by_code(step.department)


def step_office(case, step: Step):
    return office_for(case.application, step_where(case, step), case)


def work_items_sync_case(*, case, actor):
    """Close the case's live work item and open the one its new state calls for, if any."""
    work_items_close(case=case, actor=actor)
    step = family_of(case).step(case.state)
    if step is None:
        return None
    start = step.counted_from(case) if step.counted_from else None
    return work_item_open(
        application=case.application,
        case=case,
        step=step.state,
        role=step.role,
        department=step_department(case, step),
        office=step_office(case, step),
        deadline=parameter(step.deadline, on=start or timezone.localdate()),
        counted_from=start,
    )
