"""The civil-allowance family's step table, notice wording and parameters — as data."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.rechecks import yearly_cycle
from programs.registry import Family, NoticeText, register
from programs.steps import Action, ApproveInput, DenyInput, NoteInput, Step
from programs.trace import trace_failures, trace_shown

from . import services
from .eligibility import RECIPIENTS_RULE, SHARES_RULE, assess, assess_facts, basis
from .workflow import CivilAllowanceCase, State


def _rules_today(case) -> str:
    """Above each action: what the rules give on today's parameters (the amount is never typed)."""
    assessment = assess(case, on=timezone.localdate())
    if assessment.eligible:
        return _("按补助条件和今日执行的补助标准核算：符合条件，每月 %(amount)s 元。") % {
            "amount": assessment.monthly_amount
        }
    failed = "；".join(
        f"{s['label']}（{s['detail']}）" for s in trace_shown(trace_failures(assessment.trace))
    )
    return _("按补助条件核算不符合：%(failed)s。") % {"failed": failed}


def _deny_help(case) -> str:
    assessment = assess(case, on=timezone.localdate())
    if assessment.eligible:
        return str(_("审核条件均符合：如不予批准，必须填写理由，理由将写入决定书。"))
    return str(_("未通过的审核条件将自动写入决定书，可补充说明。"))


DENY = Action("deny", _("不予批准"), DenyInput, services.deny, style="secondary", help=_deny_help)

STEPS = (
    Step(
        State.STREET_REVIEW,
        State.STREET_REVIEW.label,
        role="reviewer",
        department="civil_affairs",
        office="hukou_street",
        deadline="deadline.civil_allowance_street_review",
        actions=(
            Action(
                "pass_street_review",
                _("街道审核通过，报区民政局审批"),
                NoteInput,
                services.pass_street_review,
                help=_rules_today,
            ),
            DENY,
        ),
        applicant_next=_("户籍地街道正在审核残疾人证、就业、子女就学和家庭收入等情况，无需操作。"),
    ),
    Step(
        State.DISTRICT_DECISION,
        State.DISTRICT_DECISION.label,
        role="approver",
        department="civil_affairs",
        office="hukou_district",
        deadline="deadline.civil_allowance_district_decision",
        actions=(
            Action(
                "approve",
                _("批准"),
                ApproveInput,
                services.approve,
                help=_rules_today,
                # Segregation of duties: who passed the street review does not also approve.
                not_by=("pass_street_review",),
            ),
            DENY,
        ),
        applicant_next=_("街道审核已通过，区民政局正在审批，无需操作。"),
    ),
)

_LONG_AGO = dt.date(2000, 1, 1)
_STANDARD_SOURCE = "S000 §(四)；金额未找到原始依据"
_SHARE_SOURCE = "S000 §(五)；金额未找到原始依据（暂按同期本市最低生活保障标准取值）"
_CITY_SOURCE = "未找到原始依据（%s年上海居民人均可支配收入）"
PARAMETERS = (
    *(
        (
            "severe_disability.standard",
            "重残无业人员生活补助标准（每人每月）",
            Decimal(value),
            "yuan",
            day,
            _STANDARD_SOURCE,
            False,
        )
        for value, day in (
            ("1510", dt.date(2023, 7, 1)),
            ("1595", dt.date(2024, 7, 1)),
            ("1650", dt.date(2025, 7, 1)),
        )
    ),
    *(
        (
            "multiple_birth.share",
            "三胞胎以上家庭生活补助（每份每月）",
            Decimal(value),
            "yuan",
            day,
            _SHARE_SOURCE,
            False,
        )
        for value, day in (
            ("1510", dt.date(2023, 7, 1)),
            ("1595", dt.date(2024, 7, 1)),
            ("1650", dt.date(2025, 7, 1)),
        )
    ),
    *(
        (
            "multiple_birth.city_income",
            "上年度本市居民人均可支配收入（年）",
            Decimal(value),
            "yuan",
            day,
            _CITY_SOURCE % (day.year - 1),
            False,
        )
        for value, day in (("84834", dt.date(2024, 1, 1)), ("88366", dt.date(2025, 1, 1)))
    ),
    (
        "deadline.civil_allowance_street_review",
        "生活补助街道审核",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
    (
        "deadline.civil_allowance_district_decision",
        "生活补助区民政局审批",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    if case.monthly_amount is None:
        return []
    if case.program.code == "multiple_birth":
        shares = basis(case.eligibility_trace, SHARES_RULE)
        share = case.policy_figures.get("multiple_birth.share", {})
        return [
            (
                _("补助金额"),
                _("每月 %(amount)s 元（%(shares)s 份，每份 %(share)s 元），自批准之月起按月发放。")
                % {
                    "amount": case.monthly_amount,
                    "shares": shares.get("shares", ""),
                    "share": share.get("value"),
                },
            ),
            (
                _("适用标准"),
                _("三胞胎以上家庭生活补助每份 %(value)s 元/月（%(day)s起执行）")
                % {"value": share.get("value"), "day": share.get("effective_from")},
            ),
        ]
    recipients = basis(case.eligibility_trace, RECIPIENTS_RULE)
    standard = case.policy_figures.get("severe_disability.standard", {})
    return [
        (
            _("补助金额"),
            _("每月 %(amount)s 元（补助对象 %(n)s 人），自批准之月起按月发放。")
            % {"amount": case.monthly_amount, "n": recipients.get("n", "")},
        ),
        (
            _("适用标准"),
            _("重残无业人员生活补助标准 %(value)s 元/人/月（%(day)s起执行），领取养老金的按差额发放")
            % {"value": standard.get("value"), "day": standard.get("effective_from")},
        ),
    ]


def _facts(case) -> dict:
    """The monthly amount the rules give today, for those who work the case."""
    if case.is_decided:
        return {}
    assessment = assess(case, on=timezone.localdate())
    amount = assessment.monthly_amount
    return {"eligible_by_rules": assessment.eligible, "amount_by_rules": str(amount) if amount else None}


def _recheck_months(entitlement) -> int | None:
    """重残无业: the disability and employment status every year, plus spot checks (S002); a
    multiple-birth allowance has no re-check."""
    return yearly_cycle(entitlement) if entitlement.program.code == "severe_disability" else None


FAMILY = register(
    Family(
        recheck_months=_recheck_months,
        code="civil_allowance",
        label=_("民政生活补助类"),
        model=CivilAllowanceCase,
        states=State,
        steps=STEPS,
        assess=assess_facts,
        form_needs=("incomes",),
        parameters=PARAMETERS,
        staff_sections=("trace",),
        facts=_facts,
        procedure=None,
        notices=NoticeText(
            approval=_(
                "你（你家庭）于%(day)s提出的%(item)s申请，经街道审核、区民政局审批，符合条件，决定准予发放生活补助。"
            ),
            denial=_("你（你家庭）于%(day)s提出的%(item)s申请，经审核，不符合条件，决定不予发放生活补助。"),
            approval_facts=_approval_facts,
            approval_closing=_(
                "享受补助期间，残疾、就业、养老金、子女就学或家庭收入等情况发生变化的，应当及时告知户籍所在地街道办事处。"
            ),
        ),
    )
)
