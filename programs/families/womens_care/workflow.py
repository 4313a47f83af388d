"""困难重症妇女关爱 (S000 §(十三)) — the women's federation's yearly 元旦春节 campaign.

accepted at the one window (the shared lifecycle) → wf_report (the neighbourhood women's
federation 居（村）妇联 reports the woman: 排摸上报) → wf_street_review (the street federation
reviews the materials) → wf_district_check (the district federation checks: 把关) →
wf_city_approval (the city federation approves; the campaign's help goes to her bank card) →
approved / denied. Every step may refuse, in writing, with the reason.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase
from programs.trace import trace_all_passed


class State(models.TextChoices):
    REPORT = "wf_report", _("居（村）妇联排摸上报")
    STREET_REVIEW = "wf_street_review", _("街道妇联审核")
    DISTRICT_CHECK = "wf_district_check", _("区妇联把关")
    CITY_APPROVAL = "wf_city_approval", _("市妇联审批")


WORKING = [State.REPORT, State.STREET_REVIEW, State.DISTRICT_CHECK, State.CITY_APPROVAL]


def _assessed_eligible(case) -> bool:
    return trace_all_passed(case.eligibility_trace)


class WomensCareCase(ProgramCase):
    FIRST_STATE = State.REPORT

    class Meta:
        proxy = True
        verbose_name = _("困难重症妇女关爱事项")
        verbose_name_plural = _("困难重症妇女关爱事项")

    @transition(
        field="state", source=State.REPORT, target=State.STREET_REVIEW, conditions=[_assessed_eligible]
    )
    def report(self) -> None:
        pass

    @transition(
        field="state",
        source=State.STREET_REVIEW,
        target=State.DISTRICT_CHECK,
        conditions=[_assessed_eligible],
    )
    def pass_women_street_review(self) -> None:
        pass

    @transition(
        field="state",
        source=State.DISTRICT_CHECK,
        target=State.CITY_APPROVAL,
        conditions=[_assessed_eligible],
    )
    def pass_district_check(self) -> None:
        pass

    @transition(field="state", source=State.CITY_APPROVAL, target=S.APPROVED, conditions=[_assessed_eligible])
    def approve(self) -> None:
        pass

    @transition(field="state", source=WORKING, target=S.DENIED)
    def deny(self) -> None:
        pass
