"""Education-aid steps; each runs inside programs.engine.case_act with the case locked."""

from django.utils.translation import gettext_lazy

from programs.decisions import decision_approve, decision_deny
from programs.transition import case_transition


def pass_school_review(*, case, actor, item, note: str = ""):
    case_transition(case=case, name="pass_school_review", actor=actor, reason=note)
    return case


def approve(*, case, actor, item, note: str = "", amount=None):
    case.granted_amount = amount
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy("经学校评审、教育行政部门审核，符合条件，准予资助。"),
    )


def deny(*, case, actor, item, reason: str = ""):
    return decision_deny(case=case, actor=actor, item=item, reason=reason)
