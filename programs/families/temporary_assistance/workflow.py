"""临时救助 — temporary assistance (急难型 and 支出型), worked by the street where the emergency
happened (S003: 由急难发生地按规定给予临时救助).

review (street review; an urgent case may be paid a small amount first, 小金额先行救助, without
leaving the review) → decision (the street approver; 一事一议 at a street meeting above the street
limit; one approval may pay in stages, 一次审批、分阶段救助) → approved / denied.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase


class State(models.TextChoices):
    REVIEW = "review", _("审核")
    DECISION = "decision", _("审批决定")


def _reviewed(case) -> bool:
    return bool((case.details or {}).get("review"))


def _amount_set(case) -> bool:
    return case.granted_amount is not None


class TemporaryAidCase(ProgramCase):
    FIRST_STATE = State.REVIEW

    class Meta:
        proxy = True
        verbose_name = _("临时救助事项")
        verbose_name_plural = _("临时救助事项")

    @transition(field="state", source=State.REVIEW, target=State.DECISION, conditions=[_reviewed])
    def complete_review(self) -> None:
        pass

    @transition(field="state", source=State.DECISION, target=S.APPROVED, conditions=[_amount_set])
    def approve(self) -> None:
        pass

    @transition(field="state", source=State.DECISION, target=S.DENIED)
    def deny(self) -> None:
        pass
