"""The temporary-assistance steps. Each runs inside programs.engine.case_act, with the case locked
and the actor already checked as the holder of the live step; each writes its own audit rows.

Money rules (S002 §11, SH1): the approved total is at most the cap (dibao standard × members ×
max months); the advance paid first counts toward it; the stages of one approval pay the rest
(total − advance); above the street limit the total needs a street meeting (一事一议).
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_log
from programs.decisions import decision_approve, decision_deny
from programs.errors import ActionInvalid
from programs.parameters import plain
from programs.transition import case_transition

from .eligibility import TemporaryAssessment, assess, cap_explained
from .models import AdvancePayment, Instalment, StreetMeeting

ZERO = Decimal("0")


def advance_of(case) -> AdvancePayment | None:
    return AdvancePayment.objects.filter(case=case).first()


def advance_paid(case) -> Decimal:
    advance = advance_of(case)
    return advance.amount if advance is not None else ZERO


def _assessed(case, *, on: dt.date) -> TemporaryAssessment:
    """Assess on `on` and keep the trace, the parameters and the cap on the case."""
    assessment = assess(case, on=on)
    case.eligibility_trace = assessment.trace
    case.policy_figures = {**(case.policy_figures or {}), **assessment.parameters}
    case.details = {**(case.details or {}), "cap": str(assessment.cap)}
    return assessment


def pay_advance(*, case, actor, item, amount: Decimal, reason: str):
    """小金额先行救助: an urgent case is paid a small amount at once; the review stays open."""
    form = (case.details or {}).get("form") or {}
    if not form.get("urgent"):
        raise ActionInvalid(_("只有申请时说明情况紧急（急需）的，才可以小金额先行救助。"))
    existing = advance_of(case)
    if existing is not None:
        raise ActionInvalid(
            _("本次临时救助已于 %(day)s 先行发放 %(amount)s 元，不能重复先行救助。")
            % {"day": existing.paid_on.isoformat(), "amount": existing.amount}
        )
    if not reason.strip():
        raise ActionInvalid(_("请填写先行救助的理由。"))
    today = timezone.localdate()
    assessment = assess(case, on=today)
    if amount > assessment.advance_limit:
        raise ActionInvalid(
            _("先行救助金额 %(amount)s 元超过小金额先行救助限额 %(limit)s 元。")
            % {"amount": amount, "limit": plain(assessment.advance_limit)}
        )
    _check_cap(assessment, amount, what=_("先行救助金额"))
    AdvancePayment.objects.create(
        case=case, amount=amount, reason=reason.strip(), paid_on=today, paid_by=actor
    )
    case.policy_figures = {**(case.policy_figures or {}), **assessment.parameters}
    case.save(update_fields=["policy_figures", "updated_at"])
    audit_log(
        actor=actor,
        code=f"programs.{case.program.code}.advance_paid",
        obj=case,
        data={"amount": str(amount), "paid_on": today.isoformat()},
    )
    return case


def _check_cap(assessment: TemporaryAssessment, amount: Decimal, *, what: str) -> None:
    if amount > assessment.cap:
        raise ActionInvalid(
            _(
                "%(what)s %(amount)s 元超过本次临时救助上限 %(cap)s 元"
                "（低保标准 %(standard)s 元 × 家庭人数 %(members)s 人 × %(months)s 个月）。"
            )
            % {"what": what, "amount": amount, **cap_explained(assessment)}
        )


def _check_total(assessment: TemporaryAssessment, total: Decimal, advance: Decimal, *, what: str) -> None:
    _check_cap(assessment, total, what=what)
    if total < advance:
        raise ActionInvalid(
            _("%(what)s %(amount)s 元少于已先行救助的 %(advance)s 元：先行救助金额计入救助总额。")
            % {"what": what, "amount": total, "advance": advance}
        )


def stages_for(schedule, *, total: Decimal, advance: Decimal, today: dt.date) -> list[dict]:
    """The stages that pay what the advance has not: they sum to total − advance. No schedule:
    the rest in one payment today (nothing left to pay: no stage)."""
    rest = total - advance
    if not schedule:
        return [{"on": today, "amount": rest}] if rest > 0 else []
    days = [stage["on"] for stage in schedule]
    early = min(days)
    if early < today:
        raise ActionInvalid(
            _("分阶段发放日期 %(day)s 早于今天（%(today)s），请重新安排。")
            % {"day": early.isoformat(), "today": today.isoformat()}
        )
    if len(set(days)) != len(days):
        raise ActionInvalid(_("同一日期只能安排一期发放，请合并或调整日期。"))
    paid = sum((stage["amount"] for stage in schedule), ZERO)
    if paid != rest:
        raise ActionInvalid(
            _(
                "分阶段发放金额合计 %(sum)s 元，应等于救助总额 %(total)s 元减去已先行救助 %(advance)s 元，"
                "即 %(rest)s 元。"
            )
            % {"sum": paid, "total": total, "advance": advance, "rest": rest}
        )
    return sorted(schedule, key=lambda stage: stage["on"])


def schedule_record(stages: list[dict]) -> list[dict]:
    return [{"on": stage["on"].isoformat(), "amount": str(stage["amount"])} for stage in stages]


def schedule_from_record(rows) -> list[dict] | None:
    if not rows:
        return None
    return [{"on": dt.date.fromisoformat(row["on"]), "amount": Decimal(row["amount"])} for row in rows]


def complete_review(*, case, actor, item, note: str, proposed_amount=None, schedule=None):
    """Street review: the reviewer's note, and for an eligible case the proposed total and stages."""
    if not note.strip():
        raise ActionInvalid(_("请填写审核意见。"))
    today = timezone.localdate()
    assessment = _assessed(case, on=today)
    advance = advance_paid(case)
    if proposed_amount is not None:
        if not assessment.eligible:
            raise ActionInvalid(
                _(
                    "审核条件未全部符合，不能拟定救助金额：请不填金额，在审核意见中说明情况，"
                    "由审批人作出不予救助决定。"
                )
            )
        _check_total(assessment, proposed_amount, advance, what=_("拟救助金额"))
        stages_for(schedule, total=proposed_amount, advance=advance, today=today)
    elif schedule:
        raise ActionInvalid(_("请先填写拟救助金额，再安排分阶段发放。"))
    case.details = {
        **case.details,
        "review": {
            "note": note.strip(),
            "proposed_amount": str(proposed_amount) if proposed_amount is not None else None,
            # Only a schedule the reviewer set; none = the rest in one payment on the decision day.
            "schedule": schedule_record(sorted(schedule, key=lambda s: s["on"])) if schedule else [],
            "reviewed_on": today.isoformat(),
        },
    }
    case_transition(case=case, name="complete_review", actor=actor, reason=note.strip())
    return case


def _meeting(held_on, attendees: str, minutes: str, *, today: dt.date) -> dict | None:
    attendees, minutes = attendees.strip(), minutes.strip()
    if not (held_on or attendees or minutes):
        return None
    if not (held_on and attendees and minutes):
        raise ActionInvalid(_("街道会议记录不完整：请填写会议日期、参会人员和会议纪要。"))
    if held_on > today:
        raise ActionInvalid(_("会议日期不能晚于今天。"))
    return {"held_on": held_on, "attendees": attendees, "minutes": minutes}


def approve(
    *,
    case,
    actor,
    item,
    note: str = "",
    amount=None,
    schedule=None,
    meeting_held_on=None,
    meeting_attendees: str = "",
    meeting_minutes: str = "",
):
    """The street decides the total (the review's proposal unless changed), its stages, and —
    above the street limit — on the minutes of the street meeting (一事一议)."""
    review = (case.details or {}).get("review") or {}
    if amount is None:
        if review.get("proposed_amount") is None:
            raise ActionInvalid(_("请填写核定救助总额（元）。"))
        amount = Decimal(review["proposed_amount"])
    if schedule is None:
        schedule = schedule_from_record(review.get("schedule"))
    today = timezone.localdate()
    assessment = _assessed(case, on=today)
    if not assessment.eligible:
        raise ActionInvalid(_("按当前政策标准不符合条件，不能批准，请作出不予救助决定。"))
    advance = advance_paid(case)
    _check_total(assessment, amount, advance, what=_("核定救助总额"))
    stages = stages_for(schedule, total=amount, advance=advance, today=today)
    meeting = _meeting(meeting_held_on, meeting_attendees, meeting_minutes, today=today)
    if amount > assessment.street_limit and meeting is None:
        raise ActionInvalid(
            _(
                "核定救助总额 %(amount)s 元超过街道审批限额 %(limit)s 元，须经街道会议“一事一议”："
                "请填写会议日期、参会人员和会议纪要。"
            )
            % {"amount": amount, "limit": plain(assessment.street_limit)}
        )
    if meeting is not None:
        StreetMeeting.objects.create(case=case, recorded_by=actor, **meeting)
    Instalment.objects.bulk_create(
        Instalment(case=case, number=n, due_on=stage["on"], amount=stage["amount"])
        for n, stage in enumerate(stages, start=1)
    )
    case.granted_amount, case.monthly_amount = amount, None
    case.details = {
        **case.details,
        "decision": {
            "total": str(amount),
            "advance": str(advance),
            "schedule": schedule_record(stages),
            "street_meeting": meeting is not None,
        },
    }
    audit_log(
        actor=actor,
        code=f"programs.{case.program.code}.granted",
        obj=case,
        data={"total": str(amount), "advance": str(advance), "stages": len(stages)},
    )
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy("经街道审核审批，符合临时救助条件，准予临时救助。"),
    )


def deny(*, case, actor, item, reason: str = ""):
    return decision_deny(case=case, actor=actor, item=item, reason=reason)


def retention_scrub(cases, placeholder: str) -> None:
    """Retention: the advance's reason and the street meeting's attendees and minutes go."""
    AdvancePayment.objects.filter(case__in=cases).update(reason=placeholder)
    StreetMeeting.objects.filter(case__in=cases).update(attendees=placeholder, minutes=placeholder)
