"""The civil-allowance steps. Each runs inside programs.engine.case_act, with the case locked and
the actor already checked as the holder of the live step; each writes its own audit rows.

The rules are assessed again at every step on that day's parameters: the street review records
the trace it passes the case on, the district decision the trace and amount it decides on.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.decisions import decision_approve, decision_deny
from programs.errors import ActionInvalid
from programs.transition import case_transition

from .eligibility import assess


def _assess_today(case):
    """Store the trace and parameters of today's assessment on the case; return it."""
    assessment = assess(case, on=timezone.localdate())
    case.eligibility_trace = assessment.trace
    case.policy_figures = {**case.policy_figures, **assessment.parameters}
    return assessment


def pass_street_review(*, case, actor, item, note: str = ""):
    """街道审核: the certificate, employment, children and income are as the rules need."""
    if not _assess_today(case).eligible:
        raise ActionInvalid(_("按补助条件审核不符合条件，不能报区民政局审批，请作出不予批准决定。"))
    case_transition(case=case, name="pass_street_review", actor=actor, reason=note)
    return case


def approve(*, case, actor, item, note: str = "", amount=None):
    """区民政局审批: re-assessed on today's standards; the amount is the rules', never typed."""
    if amount is not None:
        raise ActionInvalid(_("本事项的补助金额按补助标准自动计算，不能手工填写。"))
    assessment = _assess_today(case)
    if not assessment.eligible:
        raise ActionInvalid(_("按当前补助标准不符合条件，不能批准。"))
    case.monthly_amount = assessment.monthly_amount
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy("经街道审核、区民政局审批，符合条件，准予发放生活补助。"),
    )


def deny(*, case, actor, item, reason: str = ""):
    """Refuse: the conditions failed on today's assessment go into the notice with the reason."""
    _assess_today(case)
    case.monthly_amount = None
    return decision_deny(case=case, actor=actor, item=item, reason=reason)
