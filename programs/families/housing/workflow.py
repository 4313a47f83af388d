"""住房保障 — 廉租住房保障 and 共有产权保障住房 (S000 §(八), §(九)), worked by the district housing
department (住房保障和房屋管理局).

廉租住房: accepted at any centre (全市通办) → lr_investigation (the hukou street's economic
investigation; replaced by this application's civil-affairs 核对 when there is one, see
programs.economic) → lr_district_review (the district housing department) → publicity (公示, a
timer; an objection sends the case back to review) → lr_decision (租金配租 with a monthly amount,
or 实物配租) → approved / denied.

共有产权: accepted only at the hukou-place centre (a non-local household: the employer's district)
→ so_district_review (the hukou district, or the employer's district) → publicity → so_decision
(准购资格) → approved / denied.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE, transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase
from programs.trace import trace_all_passed

LOW_RENT = "low_rent_housing"
SHARED_OWNERSHIP = "shared_ownership_housing"


class State(models.TextChoices):
    LR_INVESTIGATION = "lr_investigation", _("街道经济状况调查")
    LR_DISTRICT_REVIEW = "lr_district_review", _("区房管部门审核")
    PUBLICITY = "publicity", _("公示")
    LR_DECISION = "lr_decision", _("区房管部门审批")
    SO_DISTRICT_REVIEW = "so_district_review", _("共有产权资格审核")
    SO_DECISION = "so_decision", _("共有产权资格审批")


def is_low_rent(case) -> bool:
    return case.program.code == LOW_RENT


def _eligible(case) -> bool:
    return trace_all_passed(case.eligibility_trace)


def publicity_over(case, today=None) -> bool:
    today = today or timezone.localdate()
    return case.publicity_ends_on is not None and case.publicity_ends_on < today


def _no_open_objection(case) -> bool:
    return not case.objections.filter(resolved=False).exists()


def _has_figures(case) -> bool:
    return bool(case.verified_figures)


class HousingCase(ProgramCase):
    class Meta:
        proxy = True
        verbose_name = _("住房保障事项")
        verbose_name_plural = _("住房保障事项")

    @property
    def FIRST_STATE(self) -> str:  # noqa: N802 - the lifecycle's name for it
        """廉租住房 starts with the street's economic investigation, 共有产权 at the district review."""
        return State.LR_INVESTIGATION if is_low_rent(self) else State.SO_DISTRICT_REVIEW

    # --- 廉租住房 ---------------------------------------------------------------------------

    @transition(
        field="state",
        source=State.LR_INVESTIGATION,
        target=State.LR_DISTRICT_REVIEW,
        conditions=[_has_figures],
    )
    def complete_investigation(self) -> None:
        pass

    # This application's civil-affairs 核对 replaces the street's investigation (programs.economic).
    @transition(
        field="state",
        source=State.LR_INVESTIGATION,
        target=State.LR_DISTRICT_REVIEW,
        conditions=[_has_figures],
    )
    def reuse_verification(self) -> None:
        pass

    # --- both items ------------------------------------------------------------------------

    @transition(
        field="state",
        source=[State.LR_DISTRICT_REVIEW, State.SO_DISTRICT_REVIEW],
        target=State.PUBLICITY,
        conditions=[_eligible],
    )
    def propose_housing(self) -> None:
        pass

    @transition(
        field="state",
        source=State.PUBLICITY,
        target=GET_STATE(
            lambda case: State.LR_DISTRICT_REVIEW if is_low_rent(case) else State.SO_DISTRICT_REVIEW,
            states=[State.LR_DISTRICT_REVIEW, State.SO_DISTRICT_REVIEW],
        ),
    )
    def review_after_objection(self) -> None:
        pass

    @transition(
        field="state",
        source=State.PUBLICITY,
        target=GET_STATE(
            lambda case: State.LR_DECISION if is_low_rent(case) else State.SO_DECISION,
            states=[State.LR_DECISION, State.SO_DECISION],
        ),
        conditions=[lambda case: case.publicity_ends_on is not None, _no_open_objection],
    )
    def end_publicity(self) -> None:
        pass

    @transition(
        field="state",
        source=[State.LR_DECISION, State.SO_DECISION],
        target=S.APPROVED,
        conditions=[_eligible],
    )
    def approve(self) -> None:
        pass

    @transition(
        field="state",
        source=[State.LR_DISTRICT_REVIEW, State.SO_DISTRICT_REVIEW, State.LR_DECISION, State.SO_DECISION],
        target=S.DENIED,
    )
    def deny(self) -> None:
        pass
