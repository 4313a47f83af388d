"""The two stages. Each runs inside programs.engine.case_act with the case locked and the actor
checked as the live step's holder; each assesses the rules again on that day's facts."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.decisions import decision_approve, decision_deny
from programs.errors import ActionInvalid
from programs.transition import case_transition

from .eligibility import STATUS_CATEGORY, applicable, assess, claimed, subsidy_period
from .models import DifficultyRecognition


def _person(case):
    name = ((case.details or {}).get("form") or {}).get("member")
    return case.application.members.filter(name=name).first() if name else None


def _assess_today(case, *, stage: str):
    assessment = assess(case, on=timezone.localdate(), stage=stage)
    case.eligibility_trace = assessment.trace
    case.policy_figures = {**case.policy_figures, **assessment.parameters}
    return assessment


def recognise(*, case, actor, item, category: str, note: str = ""):
    """街道就业服务机构认定就业困难人员: the category that applies is recorded."""
    from programs.facts import facts_for_case

    assessment = _assess_today(case, stage="recognition")
    if not assessment.eligible:
        raise ActionInvalid(
            _("不符合就业困难人员认定条件，不能认定，请作出不予认定的决定（理由将写入告知书）。")
        )
    if category not in claimed((case.details or {}).get("form") or {}):
        raise ActionInvalid(_("认定类别须为申请人申报的类别之一。"))
    if not applicable(category, facts_for_case(case)):
        raise ActionInvalid(
            _("家庭未享受低保或低收入待遇，不能按“低收入困难家庭成员或享受最低生活保障家庭成员”认定。")
        )
    person = _person(case)
    DifficultyRecognition.objects.create(
        case=case, person=person, category=category, recognised_on=timezone.localdate(), recognised_by=actor
    )
    case.details = {
        **(case.details or {}),
        "recognition": {"category": category, "on": timezone.localdate().isoformat()},
    }
    case_transition(case=case, name="recognise", actor=actor, reason=note)
    return case


def approve(*, case, actor, item, note: str = "", amount=None):
    """区人社局审批: the monthly amount and the end date are the rules', never typed."""
    if amount is not None:
        raise ActionInvalid(_("补贴金额按缴费基数下限和费率自动计算，不能手工填写。"))
    assessment = _assess_today(case, stage="subsidy")
    if not assessment.eligible:
        raise ActionInvalid(_("不符合社会保险补贴条件（如尚未灵活就业或补贴期限已用完），不能批准。"))
    person = _person(case)
    today = timezone.localdate()
    answers = (case.details or {}).get("form") or {}
    period = subsidy_period(
        start=today.replace(day=1),
        birth=person.birth_date,
        female=person.sex == "F",
        months_used=int(answers.get("months_already_subsidised") or 0),
        on=today,
    )
    case.monthly_amount = assessment.monthly_amount
    case.details = {**(case.details or {}), "subsidy": period}
    recognition = DifficultyRecognition.objects.select_for_update().get(case=case)
    recognition.lapses_on = dt.date.fromisoformat(period["until"])  # the recognition lapses with the period
    recognition.save(update_fields=["lapses_on"])
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy(
            "经街道认定为就业困难人员，实现灵活就业并缴纳社会保险费，准予享受社会保险补贴。"
        ),
        valid_until=recognition.lapses_on,
    )


def deny(*, case, actor, item, reason: str = ""):
    stage = "recognition" if case.state == "er_recognition" else "subsidy"
    _assess_today(case, stage=stage)
    case.monthly_amount = None
    return decision_deny(case=case, actor=actor, item=item, reason=reason)


__all__ = ["STATUS_CATEGORY", "approve", "deny", "recognise"]
