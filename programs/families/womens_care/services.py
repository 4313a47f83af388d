"""The women's federation's steps. Each runs inside programs.engine.case_act with the case locked
and the actor checked as the live step's holder. The rules are assessed again at every step on
that day's facts: a step passes the case on only when they hold, else it can only refuse."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.decisions import decision_approve, decision_deny
from programs.errors import ActionInvalid
from programs.transition import case_transition

from .eligibility import assess


def _assess_today(case):
    assessment = assess(case, on=timezone.localdate())
    case.eligibility_trace = assessment.trace
    case.policy_figures = {**case.policy_figures, **assessment.parameters}
    return assessment


def _pass(case, actor, name: str, note: str):
    if not _assess_today(case).eligible:
        raise ActionInvalid(
            _("不符合困难重症妇女关爱条件，不能上报，请作出不予关爱的决定（理由将写入告知书）。")
        )
    case_transition(case=case, name=name, actor=actor, reason=note)
    return case


def report(*, case, actor, item, note: str = ""):
    """居（村）妇联排摸上报."""
    return _pass(case, actor, "report", note)


def pass_street_review(*, case, actor, item, note: str = ""):
    """街道妇联审核材料."""
    return _pass(case, actor, "pass_women_street_review", note)


def pass_district_check(*, case, actor, item, note: str = ""):
    """区妇联把关."""
    return _pass(case, actor, "pass_district_check", note)


def approve(*, case, actor, item, note: str = "", amount=None):
    """市妇联审批: the campaign's help, from the parameter in force (never typed)."""
    if amount is not None:
        raise ActionInvalid(_("关爱金额按当年活动标准自动确定，不能手工填写。"))
    assessment = _assess_today(case)
    if not assessment.eligible:
        raise ActionInvalid(_("按当前条件不符合困难重症妇女关爱条件，不能批准。"))
    case.monthly_amount = assessment.monthly_amount
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy(
            "经居（村）妇联上报、街道妇联审核、区妇联把关、市妇联审批，符合条件，给予关爱帮扶。"
        ),
    )


def deny(*, case, actor, item, reason: str = ""):
    """Refuse at any step: the failed conditions go into the notice with the reason."""
    _assess_today(case)
    case.monthly_amount = None
    return decision_deny(case=case, actor=actor, item=item, reason=reason)
