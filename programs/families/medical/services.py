"""Medical-aid steps; each runs inside programs.engine.case_act with the case locked."""

from django.utils.translation import gettext_lazy

from programs.decisions import decision_approve, decision_deny


def approve(*, case, actor, item, note: str = "", amount=None):
    case.granted_amount = amount
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy("经医疗保障部门审核，符合条件，准予医疗救助。"),
    )


def deny(*, case, actor, item, reason: str = ""):
    return decision_deny(case=case, actor=actor, item=item, reason=reason)
