"""特困人员救助供养 — the steps of N3 (特困人员认定办法, 2021) 第十四条至第十九条.

investigation (the hukou street investigates: obligors, self-care assessment) → first review
(初审, the street) → publicity (公示 7 days, a timer; an objection sends it back to investigation)
→ confirmation (审核确认, the district's civil affairs, ≥ 30 % sampled) → approved / denied.
A first review that finds the conditions unmet reports to the district without 公示: only the
district refuses (第十九条).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase
from programs.trace import trace_all_passed


class State(models.TextChoices):
    INVESTIGATION = "investigation", _("入户调查")
    FIRST_REVIEW = "ep_first_review", _("初审")
    PUBLICITY = "publicity", _("公示")
    CONFIRMATION = "ep_confirmation", _("审核确认")


def members_assessed(case) -> bool:
    """Every member has a self-care assessment (生活自理能力评估)."""
    members = set(case.application.members.values_list("pk", flat=True))
    assessed = set(case.self_care_assessments.values_list("person_id", flat=True))
    return bool(members) and members <= assessed


def publicity_over(case, today=None) -> bool:
    today = today or timezone.localdate()
    return case.publicity_ends_on is not None and case.publicity_ends_on < today


def _no_open_objection(case) -> bool:
    return not case.objections.filter(resolved=False).exists()


def _eligible(case) -> bool:
    return trace_all_passed(case.eligibility_trace)


class ExtremePovertyCase(ProgramCase):
    FIRST_STATE = State.INVESTIGATION

    class Meta:
        proxy = True
        verbose_name = _("特困人员救助供养事项")
        verbose_name_plural = _("特困人员救助供养事项")

    @transition(
        field="state", source=State.INVESTIGATION, target=State.FIRST_REVIEW, conditions=[members_assessed]
    )
    def complete_investigation(self) -> None:
        pass

    @transition(field="state", source=State.FIRST_REVIEW, target=State.PUBLICITY, conditions=[_eligible])
    def propose_confirmation(self) -> None:
        pass

    @transition(field="state", source=State.FIRST_REVIEW, target=State.CONFIRMATION)
    def report_ineligible(self) -> None:
        pass

    @transition(field="state", source=State.PUBLICITY, target=State.INVESTIGATION)
    def reinvestigate_after_objection(self) -> None:
        pass

    @transition(
        field="state",
        source=State.PUBLICITY,
        target=State.CONFIRMATION,
        conditions=[lambda case: case.publicity_ends_on is not None, _no_open_objection],
    )
    def end_publicity(self) -> None:
        pass

    @transition(field="state", source=State.CONFIRMATION, target=S.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field="state", source=State.CONFIRMATION, target=S.DENIED)
    def deny(self) -> None:
        pass
