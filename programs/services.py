"""Decisions and the steps that lead to them. Each is one transaction with one audit row."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from accounts.permissions import has_perm
from notices.models import Notice
from notices.services import notice_request
from review.calendar import due_date
from review.models import Investigation, Objection

from .eligibility import assess, household_figures, qualifies_for_low_income_after_dibao_denial
from .errors import ActionInvalid, ActionNotPermitted, CaseConflict
from .models import Entitlement, Program, ProgramCase
from .parameters import parameter
from .states import CaseState, Family
from .transitions import case_transition

STATUS_GRANTING = {"dibao", "low_income", "extreme_poverty", "rigid_expense"}


def _locked(case: ProgramCase, expected_state: str | None = None) -> ProgramCase:
    """Re-read the case under a row lock; if the caller saw another state, someone acted first."""
    locked = (
        ProgramCase.objects.select_for_update(of=("self",))
        .select_related("program__department", "application__household")
        .get(pk=case.pk)
    )
    if expected_state is not None and locked.state != expected_state:
        raise CaseConflict()
    return locked


def _require(user, perm: str) -> None:
    if not has_perm(user, perm):
        raise ActionNotPermitted()


@transaction.atomic
def investigation_record(
    *,
    case: ProgramCase,
    investigator,
    findings: str,
    applicant_signed: bool,
    expected_state: str | None = None,
) -> ProgramCase:
    """入户调查: two investigators each sign; the second signature completes the step."""
    _require(investigator, "review.investigate")
    case = _locked(case, expected_state)
    if case.state != CaseState.INVESTIGATION:
        raise CaseConflict()
    if not findings.strip():
        raise ActionInvalid(_("请填写入户调查情况。"))
    round_no = 1 + case.transitions.filter(name="reinvestigate_after_objection").count()
    if Investigation.objects.filter(case=case, investigator=investigator, round=round_no).exists():
        raise ActionInvalid(_("您已提交过本次入户调查记录，需由另一名调查人员签字确认。"))
    Investigation.objects.create(
        case=case,
        investigator=investigator,
        round=round_no,
        findings=findings,
        applicant_signed=applicant_signed,
    )
    audit_log(actor=investigator, code=f"programs.{case.program.code}.investigation_signed", obj=case)
    signers = (
        Investigation.objects.filter(case=case, round=round_no, confirmed=True)
        .values("investigator")
        .distinct()
        .count()
    )
    if signers >= 2:
        case_transition(
            case=case,
            name="complete_investigation",
            actor=investigator,
            check_permission=False,
            reason=_("两名调查人员均已签字确认"),
        )
    return case


@transaction.atomic
def verification_complete(
    *,
    case: ProgramCase,
    actor,
    figures: dict | None = None,
    note: str = "",
    expected_state: str | None = None,
) -> ProgramCase:
    """核对: store the verified figures (default: as declared) and assess eligibility on them."""
    case = _locked(case, expected_state)
    verified = household_figures(case.application)
    for key, value in (figures or {}).items():
        if key in verified and key != "members":
            try:
                amount = Decimal(str(value))
            except ArithmeticError:
                raise ActionInvalid(_("核对金额格式不正确：%(key)s") % {"key": key}) from None
            if amount < 0:
                raise ActionInvalid(_("核对金额不能为负数。"))
            verified[key] = str(amount)
    case.verified_figures = verified
    case_transition(case=case, name="complete_verification", actor=actor, reason=note)
    assessment = assess(case, on=timezone.localdate())
    case.eligibility_trace = assessment.trace
    case.policy_figures = assessment.parameters
    case.save(update_fields=["verified_figures", "eligibility_trace", "policy_figures", "updated_at"])
    return case


@transaction.atomic
def case_propose_approval(
    *, case: ProgramCase, actor, note: str = "", expected_state: str | None = None
) -> ProgramCase:
    """Review meeting agrees: start 公示 (length and unit from the parameters)."""
    case = _locked(case, expected_state)
    if case.state == CaseState.REVIEW and not all(step["passed"] for step in case.eligibility_trace or [{}]):
        raise ActionInvalid(_("经济状况核对结果不符合条件，不能拟批准，请作出不予批准决定。"))
    today = timezone.localdate()
    period = parameter("deadline.publicity", on=today)
    case.publicity_ends_on = due_date(start=today, days=int(period.value), unit=period.unit).day
    case.policy_figures = {**case.policy_figures, "deadline.publicity": period.as_record()}
    case_transition(case=case, name="propose_approval", actor=actor, reason=note)
    return case


@transaction.atomic
def case_record_objection(
    *, case: ProgramCase, actor, content: str, expected_state: str | None = None
) -> ProgramCase:
    """An objection in 公示 sends the case back to investigation (re-investigation, 3 WD)."""
    case = _locked(case, expected_state)
    if not content.strip():
        raise ActionInvalid(_("请填写异议内容。"))
    if case.state != CaseState.PUBLICITY:
        raise CaseConflict()
    Objection.objects.create(case=case, content=content, recorded_by=actor)
    case.publicity_ends_on = None
    case_transition(case=case, name="reinvestigate_after_objection", actor=actor, reason=content)
    Objection.objects.filter(case=case, resolved=False).update(resolved=True)
    return case


def _decide(case: ProgramCase, *, actor, reason: str) -> None:
    case.decided_at = timezone.now()
    case.decided_by = actor
    case.decision_reason = reason


@transaction.atomic
def case_approve(
    *, case: ProgramCase, actor, note: str = "", expected_state: str | None = None
) -> ProgramCase:
    from routing.services import dependants_reevaluate

    case = _locked(case, expected_state)
    today = timezone.localdate()
    if case.program.family == Family.MEANS_TESTED:
        if case.state == CaseState.PUBLICITY and case.publicity_ends_on and case.publicity_ends_on >= today:
            raise ActionInvalid(
                _("公示期至%(day)s结束，公示期满无异议后方可作出批准决定。") % {"day": case.publicity_ends_on}
            )
        assessment = assess(case, on=today)
        if not assessment.eligible:
            raise ActionInvalid(_("按当前政策标准不符合条件，不能批准。"))
        case.eligibility_trace, case.policy_figures = (
            assessment.trace,
            {**case.policy_figures, **assessment.parameters},
        )
        case.monthly_amount = assessment.monthly_amount
    _decide(case, actor=actor, reason=note or _("经审核，符合条件，准予救助。"))
    case_transition(case=case, name="approve", actor=actor, reason=note)
    if case.program.code in STATUS_GRANTING:
        Entitlement.objects.create(
            household=case.application.household, program=case.program, valid_from=today, source_case=case
        )
    notice_request(case=case, kind=Notice.Kind.APPROVAL)
    dependants_reevaluate(case, actor=actor)
    return case


@transaction.atomic
def case_deny(*, case: ProgramCase, actor, reason: str, expected_state: str | None = None) -> ProgramCase:
    from routing.services import dependants_reevaluate

    case = _locked(case, expected_state)
    today = timezone.localdate()
    failures = [
        step["label"] + "（" + step["detail"] + "）"
        for step in (case.eligibility_trace or [])
        if not step["passed"]
    ]
    if not reason.strip() and not failures:
        raise ActionInvalid(_("请填写不予批准的理由。"))
    full_reason = "；".join([*failures, reason.strip()] if reason.strip() else failures)
    _decide(case, actor=actor, reason=full_reason)
    case_transition(case=case, name="deny", actor=actor, reason=full_reason)
    notice_request(case=case, kind=Notice.Kind.DENIAL)
    application = case.application
    if (
        case.program.code == "dibao"
        and application.opt_in_low_income
        and qualifies_for_low_income_after_dibao_denial(case, on=today)
        and not application.cases.filter(program__code="low_income").exists()
    ):
        low_income = ProgramCase.objects.create(
            application=application,
            program=Program.objects.get(code="low_income"),
            opened_automatically=True,
            verified_figures=case.verified_figures,
        )
        audit_log(actor=actor, code="programs.low_income.opened_after_dibao_denial", obj=low_income)
        # Investigated and verified moments ago: low-income certification resumes at review.
        case_transition(
            case=low_income,
            name="resume_at_review",
            actor=actor,
            check_permission=False,
            reason=_("低保经济状况核对结果在低保标准与低收入标准之间，按申请人意愿转入低收入认定"),
        )
        assessment = assess(low_income, on=today)
        low_income.eligibility_trace, low_income.policy_figures = assessment.trace, assessment.parameters
        low_income.save(update_fields=["eligibility_trace", "policy_figures", "updated_at"])
    dependants_reevaluate(case, actor=actor)
    return case


@transaction.atomic
def case_pass_school_review(
    *, case: ProgramCase, actor, note: str = "", expected_state: str | None = None
) -> ProgramCase:
    case = _locked(case, expected_state)
    case_transition(case=case, name="pass_school_review", actor=actor, reason=note)
    return case
