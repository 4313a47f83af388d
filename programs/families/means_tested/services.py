"""The means-tested steps. Each runs inside programs.engine.case_act, with the case locked and
the actor already checked as the holder of the live step; each writes its own audit rows.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_log
from programs.assessment import FIGURE_LABELS, household_figures, money
from programs.decisions import decision_approve, decision_deny
from programs.economic import verification_recorded
from programs.errors import ActionInvalid
from programs.lifecycle import FINAL_STATES
from programs.models import Program, ProgramCase
from programs.parameters import parameter
from programs.registry import as_family
from programs.transition import case_transition, system_reason
from review.calendar import due_date
from review.models import Investigation, Objection

from .eligibility import assess, qualifies_for_low_income_after_dibao_denial
from .workflow import REQUIRED_SIGNATURES, investigation_round, signatures

BOTH_SIGNED = system_reason(gettext_lazy("两名调查人员均已签字确认"))
TO_LOW_INCOME = system_reason(
    gettext_lazy("低保经济状况核对结果在低保标准与低收入标准之间，按申请人意愿转入低收入认定")
)


def investigate(*, case, actor, item, findings: str, applicant_signed: bool):
    """入户调查: two investigators each sign; the second signature completes the step."""
    if not findings.strip():
        raise ActionInvalid(_("请填写入户调查情况。"))
    round_no = investigation_round(case)
    if Investigation.objects.filter(case=case, investigator=actor, round=round_no).exists():
        raise ActionInvalid(_("您已提交过本次入户调查记录，需由另一名调查人员签字确认。"))
    Investigation.objects.create(
        case=case, investigator=actor, round=round_no, findings=findings, applicant_signed=applicant_signed
    )
    audit_log(
        actor=actor,
        code=f"programs.{case.program.code}.investigation_signed",
        obj=case,
        data={"round": round_no},
    )
    if signatures(case) >= REQUIRED_SIGNATURES:
        case_transition(case=case, name="complete_investigation", actor=actor, reason=BOTH_SIGNED)
    return case


# (total, per-capita) pairs: a verified total and its per-capita figure must agree.
PAIRS = (("income_counted", "per_capita_income"), ("assets_total", "per_capita_assets"))


def verified_figures(application, figures: dict) -> dict:
    """The declared figures overridden by the verified ones; per-capita figures follow the totals.

    A total and a per-capita figure that contradict each other are refused with a clear message.
    """
    verified = household_figures(application)
    members = max(int(verified["members"]), 1)
    given = {key: money(Decimal(value)) for key, value in (figures or {}).items() if value is not None}
    for total, per_capita in PAIRS:
        if total in given and per_capita in given:
            if abs(given[per_capita] * members - given[total]) > Decimal("0.01") * members:
                raise ActionInvalid(
                    _(
                        "核对数据相互矛盾：%(pc_label)s %(pc)s 元 × 家庭人数 %(n)s ≠ %(total_label)s %(total)s 元，请核对后重新填写。"
                    )
                    % {
                        "pc_label": FIGURE_LABELS[per_capita],
                        "pc": given[per_capita],
                        "n": members,
                        "total_label": FIGURE_LABELS[total],
                        "total": given[total],
                    }
                )
        elif total in given:
            given[per_capita] = money(given[total] / members)
        elif per_capita in given:
            given[total] = money(given[per_capita] * members)
    verified.update({key: str(value) for key, value in given.items()})
    return verified


def verify(*, case, actor, item, figures: dict | None = None, note: str = ""):
    """核对: store the verified figures (default: as declared) and assess eligibility on them."""
    case.verified_figures = verified_figures(case.application, figures or {})
    assessment = assess(case, on=timezone.localdate())
    case.eligibility_trace = assessment.trace
    case.policy_figures = assessment.parameters
    case_transition(case=case, name="complete_verification", actor=actor, reason=note)
    # Other items of the application waiting to reuse this check take it now (programs.economic).
    verification_recorded.send(sender=type(case), case=case, actor=actor)
    return case


def propose_approval(*, case, actor, item, note: str = ""):
    """Review meeting agrees: start 公示 (length and unit from the parameters)."""
    if not all(step["passed"] for step in case.eligibility_trace or [{"passed": False}]):
        raise ActionInvalid(_("经济状况核对结果不符合条件，不能拟批准，请作出不予批准决定。"))
    today = timezone.localdate()
    period = parameter("deadline.publicity", on=today)
    case.publicity_ends_on = due_date(start=today, days=int(period.value), unit=period.unit).day
    case.policy_figures = {**case.policy_figures, "deadline.publicity": period.as_record()}
    # The 公示 shows the household size, the item and the amount the rules give today (N2 §24).
    amount = assess(case, on=today).monthly_amount
    case.details = {
        **(case.details or {}),
        "publicity": {
            "from": today.isoformat(),
            "until": case.publicity_ends_on.isoformat(),
            "members": int(case.verified_figures.get("members") or 0),
            "monthly_amount": str(amount) if amount is not None else None,
        },
    }
    case_transition(case=case, name="propose_approval", actor=actor, reason=note)
    return case


def report_back(*, case, actor, item, report: str, neighbours_visited: bool, democratic_evaluation: str = ""):
    """The residence street reports the commissioned work to the hukou street, which decides."""
    if not report.strip():
        raise ActionInvalid(_("请填写受托调查、评议和公示情况的报告。"))
    commission = case.commission
    commission.report = report
    commission.neighbours_visited = neighbours_visited
    commission.democratic_evaluation = democratic_evaluation
    commission.reported_on = timezone.localdate()
    commission.reported_by = actor
    commission.save()
    case_transition(case=case, name="report_commission", actor=actor, reason=report)
    return case


def declare_hard_case(*, case, actor, item, reason: str):
    """疑难案件: the whole procedure is extended to the extended limit (N2, N5: 45 working days)."""
    if not reason.strip():
        raise ActionInvalid(_("请填写认定为疑难案件的理由。"))
    if (case.details or {}).get("hard_case"):
        raise ActionInvalid(_("本案件已认定为疑难案件。"))
    case.details = {
        **(case.details or {}),
        "hard_case": {"reason": reason, "by": actor.pk, "on": timezone.localdate().isoformat()},
    }
    case.save(update_fields=["details", "updated_at"])
    audit_log(actor=actor, code=f"programs.{case.program.code}.hard_case", obj=case, data={"reason": reason})
    return case


def record_objection(*, case, actor, item, content: str):
    """An objection in 公示 sends the case back to investigation (a new round, 3 WD)."""
    if not content.strip():
        raise ActionInvalid(_("请填写异议内容。"))
    Objection.objects.create(case=case, content=content, recorded_by=actor)
    case.publicity_ends_on = None
    case_transition(case=case, name="reinvestigate_after_objection", actor=actor, reason=content)
    Objection.objects.filter(case=case, resolved=False).update(resolved=True)
    return case


def approve(*, case, actor, item, note: str = "", amount=None):
    """The decision after 公示: re-assessed on today's standards; the amount is computed."""
    if amount is not None:
        raise ActionInvalid(_("本事项的救助金额按核对结果和救助标准自动计算，不能手工填写。"))
    assessment = assess(case, on=timezone.localdate())
    if not assessment.eligible:
        raise ActionInvalid(_("按当前政策标准不符合条件，不能批准。"))
    case.eligibility_trace = assessment.trace
    case.policy_figures = {**case.policy_figures, **assessment.parameters}
    case.monthly_amount = assessment.monthly_amount
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy("经入户调查、家庭经济状况核对、审核和公示，符合条件，准予救助。"),
    )


def deny(*, case, actor, item, reason: str = ""):
    return decision_deny(case=case, actor=actor, item=item, reason=reason, before_handoff=_open_low_income)


def _open_low_income(case) -> None:
    """A dibao denied for income between the two lines opens 低收入 when the applicant opted in."""
    application = case.application
    if not (
        case.program.code == "dibao"
        and application.opt_in_low_income
        and qualifies_for_low_income_after_dibao_denial(case, on=timezone.localdate())
        and not application.cases.filter(program__code="low_income").exists()
        and not ProgramCase.objects.filter(household=application.household, program__code="low_income")
        .exclude(state__in=FINAL_STATES)
        .exists()
    ):
        return
    low_income = as_family(
        ProgramCase.objects.create(
            application=application,
            household=application.household,
            program=Program.objects.get(code="low_income"),
            opened_automatically=True,
            verified_figures=case.verified_figures,
        )
    )
    audit_log(actor=case.decided_by, code="programs.low_income.opened_after_dibao_denial", obj=low_income)
    assessment = assess(low_income, on=timezone.localdate())
    low_income.eligibility_trace, low_income.policy_figures = assessment.trace, assessment.parameters
    case_transition(
        case=low_income,
        name="resume_at_review",
        actor=case.decided_by,
        reason=TO_LOW_INCOME,
    )
