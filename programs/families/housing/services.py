"""The housing steps. Each runs inside programs.engine.case_act, with the case locked and the
actor already checked as the holder of the live step; each writes its own audit rows.

The rules are assessed again at every step on that day's parameters. The 廉租 economic
investigation is replaced by this application's civil-affairs 核对 when there is one
(`reuse_verification`, called by programs.economic); while that 核对 is still to come, the street
waits for it instead of investigating twice.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_log
from programs.decisions import decision_approve, decision_deny
from programs.economic import reuse_record, verification_awaited, verification_recorded
from programs.errors import ActionInvalid
from programs.parameters import parameter
from programs.trace import in_record_language, trace_failures, trace_shown
from programs.transition import case_transition
from review.calendar import due_date
from review.models import Objection

from .eligibility import assess


class Allocation:
    """廉租住房's two forms of provision (S000 §(八): 租金配租为主、实物配租为辅)."""

    RENT_SUBSIDY = "rent_subsidy"
    FLAT = "flat"
    CHOICES = (
        (RENT_SUBSIDY, gettext_lazy("租金配租（按月发放租金补贴）")),
        (FLAT, gettext_lazy("实物配租（配租廉租住房）")),
    )


REUSED = gettext_lazy("复用本申请民政家庭经济状况核对结果（%(item)s，受理编号 %(ref)s），不再另行调查")


def _assess_today(case):
    """Store the trace and parameters of today's assessment on the case; return it."""
    assessment = assess(case, on=timezone.localdate())
    case.eligibility_trace = assessment.trace
    case.policy_figures = {**case.policy_figures, **assessment.parameters}
    return assessment


def _failed(assessment) -> str:
    return "；".join(f"{s['label']}：{s['detail']}" for s in trace_shown(trace_failures(assessment.trace)))


def awaited_names(case) -> str:
    return "、".join(c.program.display_name for c in verification_awaited(case))


def record_economic_investigation(*, case, actor, item, figures: dict | None = None, findings: str = ""):
    """街道经济状况调查: the verified figures (default: as declared) and the findings."""
    awaited = awaited_names(case)
    if awaited:
        raise ActionInvalid(
            _(
                "本申请的“%(items)s”正在进行家庭经济状况核对，廉租住房保障将复用其核对结果，无需另行调查；"
                "该事项未经核对即办结的，再由街道进行经济状况调查。"
            )
            % {"items": awaited}
        )
    if not findings.strip():
        raise ActionInvalid(_("请填写经济状况调查情况。"))
    from programs.families.means_tested.services import verified_figures

    case.verified_figures = verified_figures(case.application, figures or {})
    case.details = {
        **(case.details or {}),
        "economic_check": {
            "source": "investigation",
            "by": actor.pk,
            "on": timezone.localdate().isoformat(),
            "figures": dict(case.verified_figures),
        },
    }
    _assess_today(case)
    case_transition(case=case, name="complete_investigation", actor=actor, reason=findings)
    # One check per application: other items waiting to reuse a check take this one (programs.economic).
    verification_recorded.send(sender=type(case), case=case, actor=actor)
    return case


def reuse_verification(*, case, source, actor=None):
    """Step.reuse_verification of lr_investigation: take this application's civil-affairs 核对
    instead of a second investigation, and go on to the district review."""
    if case.verified_figures:
        return case
    case.verified_figures = dict(source.verified_figures)
    case.details = {**(case.details or {}), "economic_check": reuse_record(source)}
    _assess_today(case)
    reason = in_record_language(
        lambda: str(REUSED) % {"item": source.program.name, "ref": source.application.reference}
    )
    case_transition(case=case, name="reuse_verification", actor=actor, reason=reason)
    audit_log(
        actor=actor,
        code=f"programs.{case.program.code}.verification_reused",
        obj=case,
        data={"source_case": source.pk, "source_item": source.program.code},
    )
    return case


def propose_housing(*, case, actor, item, note: str = ""):
    """区房管部门审核: the conditions are met; start 公示 (length and unit from the parameters)."""
    assessment = _assess_today(case)
    if not assessment.eligible:
        raise ActionInvalid(
            _("按准入条件审核不符合条件（%(failed)s），不能进入公示，请作出不予批准决定。")
            % {"failed": _failed(assessment)}
        )
    today = timezone.localdate()
    period = parameter("deadline.publicity", on=today)
    case.publicity_ends_on = due_date(start=today, days=int(period.value), unit=period.unit).day
    case.policy_figures = {**case.policy_figures, "deadline.publicity": period.as_record()}
    case.details = {
        **(case.details or {}),
        "publicity": {
            "from": today.isoformat(),
            "until": case.publicity_ends_on.isoformat(),
            "members": int(case.verified_figures.get("members") or case.application.members.count()),
        },
    }
    case_transition(case=case, name="propose_housing", actor=actor, reason=note)
    return case


def record_objection(*, case, actor, item, content: str):
    """An objection in 公示 sends the case back to the district review."""
    if not content.strip():
        raise ActionInvalid(_("请填写异议内容。"))
    Objection.objects.create(case=case, content=content, recorded_by=actor)
    case.publicity_ends_on = None
    case_transition(case=case, name="review_after_objection", actor=actor, reason=content)
    Objection.objects.filter(case=case, resolved=False).update(resolved=True)
    return case


def approve_low_rent(*, case, actor, item, note: str = "", allocation: str = Allocation.RENT_SUBSIDY):
    """廉租住房 decision: 租金配租 with the rules' monthly amount, or 实物配租 (a flat, no amount)."""
    assessment = _assess_today(case)
    if not assessment.eligible:
        raise ActionInvalid(_("按当前准入标准不符合条件，不能批准。"))
    case.monthly_amount = assessment.monthly_amount if allocation == Allocation.RENT_SUBSIDY else None
    case.details = {**(case.details or {}), "allocation": allocation}
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy("经街道经济状况调查、区房管部门审核和公示，符合条件，准予廉租住房保障。"),
    )


def approve_shared_ownership(*, case, actor, item, note: str = ""):
    """共有产权 decision: 准购资格 (eligibility to buy), no amount."""
    if not _assess_today(case).eligible:
        raise ActionInvalid(_("按当前准入标准不符合条件，不能批准。"))
    case.monthly_amount = None
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy("经区房管部门审核和公示，符合条件，准予取得共有产权保障住房购买资格。"),
    )


def deny(*, case, actor, item, reason: str = ""):
    """Refuse: the conditions failed on today's assessment go into the notice with the reason."""
    _assess_today(case)
    case.monthly_amount = None
    return decision_deny(case=case, actor=actor, item=item, reason=reason)


def allocation_of(case) -> str:
    return (case.details or {}).get("allocation") or ""
