"""民政生活补助类 — 重残无业人员生活补助 and 三胞胎以上家庭生活补助 (S000 §(四), §(五)).

accepted at the community centre (the shared lifecycle) → street review (the hukou-place street
checks the certificate, employment, the children and the income) → district decision (the
district civil-affairs bureau approves with the amount the rules give on that day, or denies).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase
from programs.trace import trace_all_passed


class State(models.TextChoices):
    STREET_REVIEW = "allowance_street_review", _("街道审核")
    DISTRICT_DECISION = "allowance_district_decision", _("区民政局审批")


def _assessed_eligible(case) -> bool:
    return trace_all_passed(case.eligibility_trace)


class CivilAllowanceCase(ProgramCase):
    FIRST_STATE = State.STREET_REVIEW

    class Meta:
        proxy = True
        verbose_name = _("民政生活补助类事项")
        verbose_name_plural = _("民政生活补助类事项")

    @transition(
        field="state",
        source=State.STREET_REVIEW,
        target=State.DISTRICT_DECISION,
        conditions=[_assessed_eligible],
    )
    def pass_street_review(self) -> None:
        pass

    @transition(
        field="state",
        source=State.DISTRICT_DECISION,
        target=S.APPROVED,
        conditions=[_assessed_eligible],
    )
    def approve(self) -> None:
        pass

    @transition(field="state", source=[State.STREET_REVIEW, State.DISTRICT_DECISION], target=S.DENIED)
    def deny(self) -> None:
        pass
