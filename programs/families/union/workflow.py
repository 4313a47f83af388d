"""工会困难职工帮扶 (S000 §(十二)) — the grassroots union files the member's hardship.

accepted at the one window (the shared lifecycle) → union_visit (the union cadre's home visit)
→ union_archive (the grassroots union's file, 建档) → union_first_review (the district or
industry union) → union_city_review (the city federation's re-review) → union_economic_check
(经济状况核对: this application's civil-affairs verification when there is one,
programs.economic) → publicity (公示, a timer; an objection sends it back to the city review) →
union_decision (the city federation decides the help, paid to the member's bank card) →
approved / denied. Every step may refuse in writing.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase
from programs.trace import trace_all_passed


class State(models.TextChoices):
    VISIT = "union_visit", _("工会干部入户走访")
    ARCHIVE = "union_archive", _("基层工会建档")
    FIRST_REVIEW = "union_first_review", _("区局（产业）工会初审")
    CITY_REVIEW = "union_city_review", _("市总工会复核")
    ECONOMIC_CHECK = "union_economic_check", _("经济状况核对")
    PUBLICITY = "publicity", _("公示")
    DECISION = "union_decision", _("确定帮扶")


WORKING = [s.value for s in State]


def _eligible(case) -> bool:
    return trace_all_passed(case.eligibility_trace)


def publicity_over(case, today=None) -> bool:
    today = today or timezone.localdate()
    return case.publicity_ends_on is not None and case.publicity_ends_on < today


class UnionCase(ProgramCase):
    FIRST_STATE = State.VISIT

    class Meta:
        proxy = True
        verbose_name = _("工会困难职工帮扶事项")
        verbose_name_plural = _("工会困难职工帮扶事项")

    @transition(field="state", source=State.VISIT, target=State.ARCHIVE)
    def record_home_visit(self) -> None:
        pass

    @transition(field="state", source=State.ARCHIVE, target=State.FIRST_REVIEW, conditions=[_eligible])
    def archive(self) -> None:
        pass

    @transition(field="state", source=State.FIRST_REVIEW, target=State.CITY_REVIEW, conditions=[_eligible])
    def pass_first_review(self) -> None:
        pass

    @transition(field="state", source=State.CITY_REVIEW, target=State.ECONOMIC_CHECK, conditions=[_eligible])
    def pass_city_review(self) -> None:
        pass

    @transition(
        field="state",
        source=State.ECONOMIC_CHECK,
        target=State.PUBLICITY,
        conditions=[lambda case: bool(case.verified_figures)],
    )
    def complete_economic_check(self) -> None:
        pass

    @transition(field="state", source=State.PUBLICITY, target=State.CITY_REVIEW)
    def object_in_publicity(self) -> None:
        pass

    @transition(field="state", source=State.PUBLICITY, target=State.DECISION, conditions=[publicity_over])
    def end_publicity(self) -> None:
        pass

    @transition(field="state", source=State.DECISION, target=S.APPROVED, conditions=[_eligible])
    def approve(self) -> None:
        pass

    @transition(field="state", source=WORKING, target=S.DENIED)
    def deny(self) -> None:
        pass
