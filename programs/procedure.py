"""Deadlines of a whole procedure, beside the step deadlines: the case is decided within the
whole-procedure limit counted from acceptance (N2, N5: 30 working days; 20 when the street
decides under delegation (programs.approval); 45 when the household lives in another street than
its hukou's, 人户分离, or the case was declared a hard case 疑难案件), and a denial is told in writing
within the denial-notice limit of the decision (S001: 2 working days; 3 nationally).

A family opts in with `Family(procedure=ProcedureLimits(...))`; the limits are parameter keys.
Callers: procedure_deadlines(case).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .lifecycle import SharedState
from .parameters import parameter
from .registry import family_of


@dataclass(frozen=True)
class ProcedureLimits:
    whole: str  # parameter key: the whole-procedure limit
    whole_split: str  # the limit for a household whose hukou and residence streets differ
    denial_notice: str  # the written-denial limit, counted from the decision
    whole_delegated: str | None = None  # the limit when the street decides under delegation


@dataclass(frozen=True)
class ProcedureDeadline:
    code: str  # "whole_procedure" | "written_denial"
    label: str
    due: dt.date
    provisional: bool
    met_on: dt.date | None  # the day it was met (decided; the notice issued), None while open

    def overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (self.met_on or today) > self.due


WHOLE = _("全流程办理时限")
WRITTEN_DENIAL = _("书面告知不予批准时限")


def streets_apart(application) -> bool:
    """人户分离 across streets: the residence committee is in another street than the hukou one
    (two committees of one street are one street's work, and get no extension)."""
    return application.hukou_office.parent_id != application.residence_office.parent_id


def is_hard_case(case) -> bool:
    return bool((case.details or {}).get("hard_case"))


def whole_limit_key(case, limits: ProcedureLimits) -> str:
    """Extended (人户分离, hard case) wins over delegated, which wins over the ordinary limit."""
    if streets_apart(case.application) or is_hard_case(case):
        return limits.whole_split
    if limits.whole_delegated:
        from .approval import approval_level

        if approval_level(case).delegated:
            return limits.whole_delegated
    return limits.whole


def procedure_deadlines(case) -> list[ProcedureDeadline]:
    """The case's whole-procedure and written-denial deadlines; [] for a family without limits."""
    from review.calendar import due_date

    limits = family_of(case).procedure
    if limits is None:
        return []
    application = case.application
    if application.accepted_at is None:
        return []
    accepted = timezone.localdate(application.accepted_at)
    limit = parameter(whole_limit_key(case, limits), on=accepted)
    whole = due_date(start=accepted, days=int(limit.value), unit=limit.unit)
    decided = timezone.localdate(case.decided_at) if case.decided_at else None
    rows = [ProcedureDeadline("whole_procedure", WHOLE, whole.day, whole.provisional, decided)]
    if case.state == SharedState.DENIED and decided is not None:
        notice_limit = parameter(limits.denial_notice, on=decided)
        told = due_date(start=decided, days=int(notice_limit.value), unit=notice_limit.unit)
        issued = [
            timezone.localdate(n.created_at)
            for n in case.notices.all()
            if n.kind == "denial" and n.status == "ready"
        ]
        rows.append(
            ProcedureDeadline(
                "written_denial", WRITTEN_DENIAL, told.day, told.provisional, min(issued) if issued else None
            )
        )
    return rows
