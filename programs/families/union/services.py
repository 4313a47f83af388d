"""The union's steps. Each runs inside programs.engine.case_act with the case locked and the actor
checked as the live step's holder (role, trade union, the grassroots / district / city office)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.assessment import household_figures, money
from programs.decisions import decision_approve, decision_deny
from programs.economic import reuse_record, verification_awaited
from programs.errors import ActionInvalid
from programs.parameters import parameter
from programs.transition import case_transition, system_reason
from review.calendar import due_date

from .eligibility import assess

REUSED = system_reason(gettext_lazy("复用本申请民政部门家庭经济状况核对结果"))


def _assess_today(case):
    assessment = assess(case, on=timezone.localdate())
    case.eligibility_trace = assessment.trace
    case.policy_figures = {**case.policy_figures, **assessment.parameters}
    return assessment


def _pass(case, actor, name: str, note: str):
    if not _assess_today(case).eligible:
        raise ActionInvalid(_("不符合困难职工帮扶条件，不能报送，请作出不予帮扶的决定（理由将写入告知书）。"))
    case_transition(case=case, name=name, actor=actor, reason=note)
    return case


def record_home_visit(*, case, actor, item, findings: str):
    if not findings.strip():
        raise ActionInvalid(_("请填写入户走访情况。"))
    case.details = {
        **(case.details or {}),
        "home_visit": {"on": timezone.localdate().isoformat(), "by": actor.pk, "findings": findings.strip()},
    }
    case_transition(case=case, name="record_home_visit", actor=actor, reason=findings)
    return case


def archive(*, case, actor, item, archive_number: str, note: str = ""):
    if not archive_number.strip():
        raise ActionInvalid(_("请填写困难职工档案编号。"))
    case.details = {
        **(case.details or {}),
        "archive": {"number": archive_number.strip(), "on": timezone.localdate().isoformat()},
    }
    return _pass(case, actor, "archive", note)


def pass_first_review(*, case, actor, item, note: str = ""):
    return _pass(case, actor, "pass_first_review", note)


def pass_city_review(*, case, actor, item, note: str = ""):
    return _pass(case, actor, "pass_city_review", note)


def _start_publicity(case, *, actor, reason: str):
    today = timezone.localdate()
    period = parameter("deadline.publicity", on=today)
    case.publicity_ends_on = due_date(start=today, days=int(period.value), unit=period.unit).day
    case.policy_figures = {**case.policy_figures, "deadline.publicity": period.as_record()}
    if not _assess_today(case).eligible:
        # The check found the family above the line: the city federation refuses in writing.
        case.publicity_ends_on = None
        case.save()
        return case
    case_transition(case=case, name="complete_economic_check", actor=actor, reason=reason)
    return case


def record_economic_check(*, case, actor, item, per_capita_income=None, note: str = ""):
    """经济状况核对 by the union where no civil-affairs check of this application exists."""
    awaited = verification_awaited(case)
    if awaited:
        raise ActionInvalid(
            _("本申请的%(item)s正在核对家庭经济状况，核对结果将直接复用，无需重复核对。")
            % {"item": "、".join(c.program.name for c in awaited)}
        )
    figures = household_figures(case.application)
    if per_capita_income is not None:
        members = max(int(figures["members"]), 1)
        figures["per_capita_income"] = str(money(Decimal(per_capita_income)))
        figures["income_counted"] = str(money(Decimal(per_capita_income) * members))
    case.verified_figures = {key: str(value) for key, value in figures.items()}
    case.details = {
        **(case.details or {}),
        "economic_check": {"source": "union", "on": timezone.localdate().isoformat()},
    }
    _start_publicity(case, actor=actor, reason=note)
    if case.state != "publicity":
        raise ActionInvalid(_("经核对，家庭人均收入不符合困难职工帮扶条件，请作出不予帮扶的决定。"))
    return case


def reuse_verification(*, case, source, actor=None):
    """Step.reuse_verification: this application's civil-affairs 核对 replaces the union's."""
    case.verified_figures = dict(source.verified_figures)
    case.details = {**(case.details or {}), "economic_check": reuse_record(source)}
    _start_publicity(case, actor=actor, reason=REUSED)


def object_in_publicity(*, case, actor, item, content: str):
    if not content.strip():
        raise ActionInvalid(_("请填写公示异议内容。"))
    objections = list((case.details or {}).get("objections", []))
    objections.append({"on": timezone.localdate().isoformat(), "content": content.strip()})
    case.details = {**(case.details or {}), "objections": objections}
    case.publicity_ends_on = None
    case_transition(case=case, name="object_in_publicity", actor=actor, reason=content)
    return case


def approve(*, case, actor, item, amount, note: str = ""):
    """确定帮扶: the help decided for this member, paid to the bank card on the form."""
    cap = parameter("union.help_cap", on=timezone.localdate())
    if amount is None or amount <= 0:
        raise ActionInvalid(_("请填写帮扶金额。"))
    if amount > cap.value:
        raise ActionInvalid(_("帮扶金额不能超过 %(cap)s 元。") % {"cap": cap.value.normalize()})
    if not _assess_today(case).eligible:
        raise ActionInvalid(_("不符合困难职工帮扶条件，不能批准。"))
    case.granted_amount = money(amount)  # one-off help, not a monthly amount
    case.policy_figures = {**case.policy_figures, "union.help_cap": cap.as_record()}
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy(
            "经基层工会申报、区局（产业）工会初审、市总工会复核和经济状况核对，公示无异议，确定给予帮扶。"
        ),
    )


def deny(*, case, actor, item, reason: str = ""):
    _assess_today(case)
    return decision_deny(case=case, actor=actor, item=item, reason=reason)
