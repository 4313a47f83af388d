"""Fan-out on submission and hand-off on decision (串并联: serial and parallel)."""

import datetime as dt
from dataclasses import dataclass

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.models import Acceptance
from programs.assessment import statuses_held
from programs.decisions import case_decided
from programs.lifecycle import SharedState
from programs.models import ProgramCase
from programs.parameters import parameter
from programs.registry import family_of
from programs.snapshot import programs_by_code
from programs.transition import case_transition
from review.services import acceptance_item_open


@dataclass(frozen=True)
class Precondition:
    satisfied: bool
    pending: tuple[str, ...] = ()
    reason: str = ""


def precondition_evaluate(case: ProgramCase, *, on: dt.date) -> Precondition:
    required = family_of(case).required_statuses(case)
    if not required:
        return Precondition(satisfied=True)
    if set(statuses_held(case.application.household, on=on)) & set(required):
        return Precondition(satisfied=True)
    siblings = getattr(case.application, "new_cases", None)  # a submission's, in memory
    if siblings is None:
        siblings = case.application.cases.select_related("program")
    pending = tuple(
        other.program.code
        for other in siblings
        if other is not case
        and (other.pk is None or other.pk != case.pk)
        and other.program.code in required
        and not other.is_decided
    )
    if pending:
        return Precondition(satisfied=False, pending=pending)
    names = "、".join(
        p.status_name for p in sorted(programs_by_code(required).values(), key=lambda p: p.sort_order)
    )
    return Precondition(
        satisfied=False,
        reason=_("家庭未享受%(names)s待遇，本次申请中的相关事项也未获批准，不符合申请条件。")
        % {"names": names},
    )


def _first_step_office(case: ProgramCase):
    from programs.work import step_department, step_office

    step = family_of(case).steps[0]
    return step_office(case, step), step_department(case, step)


def case_route(case: ProgramCase, *, actor, on: dt.date) -> None:
    """Move a pending case to where it belongs now: waiting, awaiting acceptance, working, or closed."""
    pre = precondition_evaluate(case, on=on)
    if pre.satisfied:
        case.waiting_for = []
        family = family_of(case)
        if not family.window_acceptance or case.application.acceptance == Acceptance.ACCEPTED:
            case_transition(case=case, name="start", actor=actor)
        elif case.state != SharedState.SUBMITTED:
            case_transition(case=case, name="await_acceptance", actor=actor)
            acceptance_item_open(application=case.application, deadline=parameter("deadline.accept", on=on))
    elif pre.pending:
        case.waiting_for = list(pre.pending)
        if case.state == SharedState.NEW:
            case_transition(
                case=case, name="wait_for_preconditions", actor=actor, reason=gettext_lazy("等待前置事项办结")
            )
        else:
            case.save(update_fields=["waiting_for"])
    else:
        from notices.models import Notice
        from notices.services import notice_request

        case.decision_reason = pre.reason
        case.decided_at = timezone.now()
        case.decided_office, case.decided_department = _first_step_office(case)
        case_transition(case=case, name="close_precondition_not_met", actor=actor, reason=pre.reason)
        notice_request(case=case, kind=Notice.Kind.PRECONDITION)


def application_route(application, *, actor, cases=None) -> None:
    """Fan-out: decide each new case's first state, in the submitting transaction.

    `cases`: the new cases in memory (a submission's write batch routes them before inserting
    them); by default the application's cases in the state NEW, from the database."""
    today = timezone.localdate()
    if cases is None:
        cases = (
            application.cases.filter(state=SharedState.NEW)
            .select_related("program")
            .order_by("program__sort_order")
        )
    else:
        cases = sorted(cases, key=lambda c: c.program.sort_order)
    for case in cases:
        case_route(case, actor=actor, on=today)


@receiver(case_decided, dispatch_uid="routing.dependants_reevaluate")
def dependants_reevaluate(sender=None, *, case: ProgramCase, actor, **kwargs) -> None:
    """Hand-off: re-evaluate every waiting item of this household once an item is decided."""
    today = timezone.localdate()
    waiting = (
        ProgramCase.objects.filter(
            application__household=case.application.household, state=SharedState.WAITING
        )
        .select_related("program", "application__household")
        .select_for_update(of=("self",))
    )
    for dependant in waiting:
        case_route(dependant, actor=actor, on=today)
