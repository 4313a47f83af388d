"""Fan-out on submission and hand-off on decision (串并联: serial and parallel)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import Acceptance
from programs.models import Entitlement, ProgramCase
from programs.states import CaseState
from programs.transitions import case_transition
from review.services import acceptance_item_open


@dataclass(frozen=True)
class Precondition:
    satisfied: bool
    pending: tuple[str, ...] = ()
    reason: str = ""


def household_statuses(household, *, on: dt.date) -> set[str]:
    return {
        e.program.code
        for e in Entitlement.objects.filter(household=household).select_related("program")
        if e.is_active_on(on)
    }


def precondition_evaluate(case: ProgramCase, *, on: dt.date) -> Precondition:
    required = case.program.requires_status
    if not required:
        return Precondition(satisfied=True)
    if household_statuses(case.application.household, on=on) & set(required):
        return Precondition(satisfied=True)
    pending = tuple(
        other.program.code
        for other in case.application.cases.select_related("program")
        if other.pk != case.pk and other.program.code in required and not other.is_decided
    )
    if pending:
        return Precondition(satisfied=False, pending=pending)
    names = "、".join(_status_names(required))
    return Precondition(
        satisfied=False,
        reason=_("家庭未享受%(names)s待遇，本次申请中的相关事项也未获批准，不符合申请条件。")
        % {"names": names},
    )


def _status_names(codes) -> list[str]:
    from programs.models import Program

    names = dict(Program.objects.filter(code__in=codes).values_list("code", "name"))
    short = {
        "dibao": "低保",
        "low_income": "低收入",
        "extreme_poverty": "特困",
        "rigid_expense": "支出型贫困",
    }
    return [short.get(code, names.get(code, code)) for code in codes]


def case_route(case: ProgramCase, *, actor, on: dt.date) -> None:
    """Move a pending case to where it belongs now: waiting, awaiting acceptance, working, or closed."""
    pre = precondition_evaluate(case, on=on)
    if pre.satisfied:
        case.waiting_for = []
        if case.application.acceptance == Acceptance.ACCEPTED:
            case_transition(case=case, name="start", actor=actor, check_permission=False)
        elif case.state != CaseState.SUBMITTED:
            case_transition(case=case, name="await_acceptance", actor=actor, check_permission=False)
            acceptance_item_open(application=case.application)
    elif pre.pending:
        case.waiting_for = list(pre.pending)
        if case.state == CaseState.NEW:
            case_transition(
                case=case,
                name="wait_for_preconditions",
                actor=actor,
                check_permission=False,
                reason=_("等待前置事项办结"),
            )
        else:
            case.save(update_fields=["waiting_for"])
    else:
        from notices.models import Notice
        from notices.services import notice_request

        case.decision_reason = pre.reason
        case.decided_at = timezone.now()
        case_transition(
            case=case,
            name="close_precondition_not_met",
            actor=actor,
            reason=pre.reason,
            check_permission=False,
        )
        notice_request(case=case, kind=Notice.Kind.PRECONDITION)


def application_route(application, *, actor) -> None:
    """Fan-out: decide each new case's first state, in the submitting transaction."""
    today = timezone.localdate()
    for case in (
        application.cases.filter(state=CaseState.NEW)
        .select_related("program")
        .order_by("program__sort_order")
    ):
        case_route(case, actor=actor, on=today)


def dependants_reevaluate(decided: ProgramCase, *, actor) -> None:
    """Hand-off: re-evaluate every waiting item of this household once a status item is decided."""
    today = timezone.localdate()
    waiting = (
        ProgramCase.objects.filter(
            application__household=decided.application.household, state=CaseState.WAITING
        )
        .select_related("program", "application__household")
        .select_for_update(of=("self",))
    )
    for case in waiting:
        case_route(case, actor=actor, on=today)
