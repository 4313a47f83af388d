"""Legal-aid steps; each runs inside programs.engine.case_act with the case locked."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_log
from programs.decisions import decision_approve, decision_deny
from programs.errors import ActionInvalid
from programs.transition import case_transition

from .eligibility import assess


def pass_precheck(*, case, actor, item, matter: str, note: str = ""):
    """预审: the matter is within legal-aid scope; the applicant is asked to bring the originals."""
    if not matter.strip():
        raise ActionInvalid(_("请填写法律援助事项（案由）。"))
    case.details = {**case.details, "matter": matter.strip()}
    case_transition(case=case, name="pass_precheck", actor=actor, reason=note or matter)
    return case


def verify_originals(*, case, actor, item, originals_verified: bool, note: str = ""):
    """现场核验: the originals match; the economic check is made (or waived) now."""
    if not originals_verified:
        raise ActionInvalid(_("请核验申请人提交的书面材料原件后再确认。"))
    assessment = assess(case, on=timezone.localdate())
    case.eligibility_trace, case.policy_figures = assessment.trace, assessment.parameters
    case.details = {**case.details, "originals_verified_on": timezone.localdate().isoformat()}
    case_transition(case=case, name="verify_originals", actor=actor, reason=note)
    return case


def approve(*, case, actor, item, note: str = "", amount=None):
    """准予法律援助决定; the lawyer is assigned next (3 days)."""
    if amount is not None:
        raise ActionInvalid(_("法律援助不涉及救助金额，请勿填写金额。"))
    if not case.eligibility_trace or not all(step["passed"] for step in case.eligibility_trace):
        raise ActionInvalid(
            _("审查条件未全部符合，不能作出给予法律援助的决定，请作出不予法律援助的决定并说明理由。")
        )
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy("经审查，符合法律援助条件，决定给予法律援助。"),
    )


def assign_lawyer(*, case, actor, item, lawyer: str, law_firm: str, note: str = ""):
    if not lawyer.strip() or not law_firm.strip():
        raise ActionInvalid(_("请填写承办律师及其所在律师事务所。"))
    case.details = {
        **case.details,
        "lawyer": lawyer.strip(),
        "law_firm": law_firm.strip(),
        "assigned_on": timezone.localdate().isoformat(),
    }
    case_transition(case=case, name="assign_lawyer", actor=actor, reason=note or f"{law_firm} {lawyer}")
    audit_log(actor=actor, code="programs.legal_aid.lawyer_assigned", obj=case)
    return case


def deny(*, case, actor, item, reason: str = ""):
    return decision_deny(case=case, actor=actor, item=item, reason=reason)
