"""The per-family state machines (django-fsm-2) and the plan of work steps, as data.

The transitions only move the state; services (programs.services) open the transaction, save,
write history and audit rows, open work items and queue side effects.
"""

from dataclasses import dataclass

from django.utils import timezone
from django_fsm import RETURN_VALUE, transition

from accounts.permissions import has_perm

from .states import CaseState as S
from .states import Family

PENDING_STATES = (S.NEW, S.WAITING, S.SUBMITTED, S.RETURNED)

FIRST_WORK_STATE = {
    Family.MEANS_TESTED: S.INVESTIGATION,
    Family.EDUCATION: S.SCHOOL_REVIEW,
    Family.MEDICAL: S.REVIEW,
}


@dataclass(frozen=True)
class Step:
    """Who works a state, where, and by when (a deadline parameter key)."""

    role: str
    deadline: str
    # "civil_affairs" for the steps civil affairs runs for every means-tested item,
    # "program" for the item's own department.
    department: str
    # Which office's queue: the street/district of the hukou place or of the residence.
    office: str


# 人户分离: the residence-place street investigates; the hukou-place street decides.
STEPS: dict[tuple[str, str], Step] = {
    (Family.MEANS_TESTED, S.SUBMITTED): Step("clerk", "deadline.accept", "civil_affairs", "residence_street"),
    (Family.MEANS_TESTED, S.INVESTIGATION): Step(
        "investigator", "deadline.investigation", "civil_affairs", "residence_street"
    ),
    (Family.MEANS_TESTED, S.VERIFICATION): Step(
        "reviewer", "deadline.verification", "civil_affairs", "hukou_district"
    ),
    (Family.MEANS_TESTED, S.REVIEW): Step("reviewer", "deadline.review", "civil_affairs", "hukou_street"),
    (Family.MEANS_TESTED, S.PUBLICITY): Step(
        "approver", "deadline.publicity", "civil_affairs", "hukou_street"
    ),
    (Family.EDUCATION, S.SUBMITTED): Step("clerk", "deadline.accept", "civil_affairs", "residence_street"),
    (Family.EDUCATION, S.SCHOOL_REVIEW): Step(
        "reviewer", "deadline.edu_school_review", "program", "hukou_district"
    ),
    (Family.EDUCATION, S.BUREAU_REVIEW): Step(
        "reviewer", "deadline.edu_bureau_review", "program", "hukou_district"
    ),
    (Family.MEDICAL, S.SUBMITTED): Step("clerk", "deadline.accept", "civil_affairs", "residence_street"),
    (Family.MEDICAL, S.REVIEW): Step("reviewer", "deadline.medical_review", "program", "hukou_street"),
}


def _family_is(*families: str):
    def condition(case) -> bool:
        return case.program.family in families

    condition.__name__ = f"family_is_{'_'.join(families)}"
    return condition


def _can(perm: str):
    def check(case, user) -> bool:
        return has_perm(user, perm)

    return check


def _can_approve(case, user) -> bool:
    """Means-tested items need the head of the deciding office; others their own reviewer."""
    perm = "review.approve" if case.program.family == Family.MEANS_TESTED else "review.decide"
    return has_perm(user, perm)


def _two_investigators_confirmed(case) -> bool:
    return case.investigations.filter(confirmed=True).values("investigator").distinct().count() >= 2


def _assessed_eligible(case) -> bool:
    return bool(case.eligibility_trace) and all(step.get("passed") for step in case.eligibility_trace)


def _publicity_over(case) -> bool:
    return case.publicity_ends_on is not None and case.publicity_ends_on < timezone.localdate()


def _approvable(case) -> bool:
    family = case.program.family
    if family == Family.MEANS_TESTED:
        return (
            case.state == S.PUBLICITY
            and _publicity_over(case)
            and not case.objections.filter(resolved=False).exists()
        )
    if family == Family.EDUCATION:
        return case.state == S.BUREAU_REVIEW
    return family == Family.MEDICAL and case.state == S.REVIEW


def _deniable(case) -> bool:
    family = case.program.family
    if family == Family.MEANS_TESTED:
        return case.state in (S.REVIEW, S.PUBLICITY)
    if family == Family.EDUCATION:
        return case.state in (S.SCHOOL_REVIEW, S.BUREAU_REVIEW)
    return family == Family.MEDICAL and case.state == S.REVIEW


class CaseWorkflow:
    """Transitions of ProgramCase.state; mixed into the model."""

    # Routing -----------------------------------------------------------------------------
    @transition(field="state", source=S.NEW, target=S.WAITING)
    def wait_for_preconditions(self) -> None:
        pass

    @transition(field="state", source=[S.NEW, S.WAITING], target=S.SUBMITTED)
    def await_acceptance(self) -> None:
        pass

    @transition(
        field="state",
        source=[S.NEW, S.WAITING, S.SUBMITTED],
        target=RETURN_VALUE(*FIRST_WORK_STATE.values()),
        conditions=[_family_is(*FIRST_WORK_STATE)],
    )
    def start(self) -> str:
        return FIRST_WORK_STATE[self.program.family]

    @transition(
        field="state",
        source=S.NEW,
        target=S.REVIEW,
        conditions=[_family_is(Family.MEANS_TESTED), lambda case: bool(case.verified_figures)],
    )
    def resume_at_review(self) -> None:
        pass

    @transition(field="state", source=list(PENDING_STATES), target=S.PRECONDITION_NOT_MET)
    def close_precondition_not_met(self) -> None:
        pass

    # Acceptance (一次性告知) ---------------------------------------------------------------
    @transition(field="state", source=S.SUBMITTED, target=S.RETURNED)
    def return_for_materials(self) -> None:
        pass

    @transition(field="state", source=S.RETURNED, target=S.SUBMITTED)
    def resubmit(self) -> None:
        pass

    # Means-tested --------------------------------------------------------------------------
    @transition(
        field="state",
        source=S.INVESTIGATION,
        target=S.VERIFICATION,
        conditions=[_family_is(Family.MEANS_TESTED), _two_investigators_confirmed],
        permission=_can("review.investigate"),
    )
    def complete_investigation(self) -> None:
        pass

    @transition(
        field="state",
        source=S.VERIFICATION,
        target=S.REVIEW,
        conditions=[_family_is(Family.MEANS_TESTED)],
        permission=_can("review.decide"),
    )
    def complete_verification(self) -> None:
        pass

    @transition(
        field="state",
        source=S.REVIEW,
        target=S.PUBLICITY,
        conditions=[_family_is(Family.MEANS_TESTED), _assessed_eligible],
        permission=_can("review.decide"),
    )
    def propose_approval(self) -> None:
        pass

    @transition(
        field="state",
        source=S.PUBLICITY,
        target=S.INVESTIGATION,
        conditions=[_family_is(Family.MEANS_TESTED)],
        permission=_can("review.decide"),
    )
    def reinvestigate_after_objection(self) -> None:
        pass

    # Education -----------------------------------------------------------------------------
    @transition(
        field="state",
        source=S.SCHOOL_REVIEW,
        target=S.BUREAU_REVIEW,
        conditions=[_family_is(Family.EDUCATION)],
        permission=_can("review.decide"),
    )
    def pass_school_review(self) -> None:
        pass

    # Decisions -------------------------------------------------------------------------------
    @transition(
        field="state",
        source=[S.PUBLICITY, S.BUREAU_REVIEW, S.REVIEW],
        target=S.APPROVED,
        conditions=[_approvable],
        permission=_can_approve,
    )
    def approve(self) -> None:
        pass

    @transition(
        field="state",
        source=[S.REVIEW, S.PUBLICITY, S.SCHOOL_REVIEW, S.BUREAU_REVIEW],
        target=S.DENIED,
        conditions=[_deniable],
        permission=_can("review.decide"),
    )
    def deny(self) -> None:
        pass
