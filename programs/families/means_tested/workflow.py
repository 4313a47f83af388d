"""民政经济状况核对类 — the means-tested civil-affairs items (dibao, 低收入, 特困, 支出型).

investigation (two investigators sign) → verification (核对) → review (联审) → publicity (公示,
a timer) → [人户分离: the residence street's report to the hukou street] → decision (the approver,
after 公示 without objection; the street or the district by programs.approval) → approved / denied.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE, transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase


class State(models.TextChoices):
    INVESTIGATION = "investigation", _("入户调查")
    VERIFICATION = "verification", _("经济状况核对")
    REVIEW = "review", _("审核")
    PUBLICITY = "publicity", _("公示")
    COMMISSION_REPORT = "commission_report", _("受托街道报告")
    DECISION = "decision", _("审批决定")


def investigation_round(case) -> int:
    """Each objection in 公示 starts a new round of home investigation."""
    return 1 + case.transitions.filter(name="reinvestigate_after_objection").count()


def signatures(case) -> int:
    """Investigators who signed this round (入户调查须两名工作人员签字)."""
    return (
        case.investigations.filter(round=investigation_round(case), confirmed=True)
        .values("investigator")
        .distinct()
        .count()
    )


REQUIRED_SIGNATURES = 2


def _two_signed(case) -> bool:
    return signatures(case) >= REQUIRED_SIGNATURES


def _assessed_eligible(case) -> bool:
    return bool(case.eligibility_trace) and all(step.get("passed") for step in case.eligibility_trace)


def publicity_over(case, today=None) -> bool:
    today = today or timezone.localdate()
    return case.publicity_ends_on is not None and case.publicity_ends_on < today


def _no_open_objection(case) -> bool:
    return not case.objections.filter(resolved=False).exists()


def commissioned(case) -> bool:
    """人户分离: the residence street works the case on the hukou street's commission."""
    from programs.models import Commission

    return Commission.objects.filter(case=case).exists()


class MeansTestedCase(ProgramCase):
    FIRST_STATE = State.INVESTIGATION

    def on_start(self) -> None:
        from .commission import commission_open

        commission_open(self)

    class Meta:
        proxy = True
        verbose_name = _("民政经济状况核对类事项")
        verbose_name_plural = _("民政经济状况核对类事项")

    @transition(
        field="state", source=State.INVESTIGATION, target=State.VERIFICATION, conditions=[_two_signed]
    )
    def complete_investigation(self) -> None:
        pass

    @transition(field="state", source=State.VERIFICATION, target=State.REVIEW)
    def complete_verification(self) -> None:
        pass

    @transition(field="state", source=State.REVIEW, target=State.PUBLICITY, conditions=[_assessed_eligible])
    def propose_approval(self) -> None:
        pass

    @transition(field="state", source=State.PUBLICITY, target=State.INVESTIGATION)
    def reinvestigate_after_objection(self) -> None:
        pass

    @transition(
        field="state",
        source=State.PUBLICITY,
        target=GET_STATE(
            lambda case: State.COMMISSION_REPORT if commissioned(case) else State.DECISION,
            states=[State.COMMISSION_REPORT, State.DECISION],
        ),
        conditions=[lambda case: case.publicity_ends_on is not None, _no_open_objection],
    )
    def end_publicity(self) -> None:
        pass

    @transition(field="state", source=State.COMMISSION_REPORT, target=State.DECISION)
    def report_commission(self) -> None:
        pass

    @transition(field="state", source=State.DECISION, target=S.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field="state", source=[State.REVIEW, State.DECISION], target=S.DENIED)
    def deny(self) -> None:
        pass

    # 低收入 after a dibao denial: investigated and verified moments ago, it resumes at review.
    @transition(
        field="state",
        source=S.NEW,
        target=State.REVIEW,
        conditions=[lambda case: bool(case.verified_figures)],
    )
    def resume_at_review(self) -> None:
        pass
