"""The temporary-assistance family's step table, notice wording and parameters — as data.

Where: the street where the emergency happened (S003; the form's `incident_office`, the hukou
street when none is named) reviews, may pay a small amount first, and decides.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.parameters import plain
from programs.registry import Family, NoticeText, register
from programs.steps import Action, DenyInput, Step, deny_help

from . import services
from .eligibility import assess, assess_facts
from .inputs import AdvanceInput, ReviewInput, TAApproveInput, TAQuestions, schedule_text
from .workflow import State, TemporaryAidCase

CODE = "temporary_assistance"


def decision_where(case) -> str:
    """Step.office_by of the decision (S004: the approval level is configuration): the street
    where the emergency happened under delegation, else its district (programs.approval)."""
    from programs.approval import incident_decision_where

    return incident_decision_where(case)


def _cap_now(case) -> Decimal:
    return assess(case, on=timezone.localdate()).cap


def _advance_help(case) -> str:
    assessment = assess(case, on=timezone.localdate())
    return _(
        "情况紧急的，可在受理当日先行发放小额救助，不超过 %(limit)s 元；先行救助计入救助总额（上限 %(cap)s 元），"
        "审核继续进行。"
    ) % {"limit": plain(assessment.advance_limit), "cap": assessment.cap}


def _review_help(case) -> str:
    assessment = assess(case, on=timezone.localdate())
    return _(
        "本次临时救助上限 %(cap)s 元；已先行救助 %(advance)s 元。超过 %(limit)s 元的须经街道会议“一事一议”。"
    ) % {
        "cap": assessment.cap,
        "advance": services.advance_paid(case),
        "limit": plain(assessment.street_limit),
    }


def _review_proposal(case) -> dict:
    """The approval starts from the review's proposal: the total and its stages."""
    review = (case.details or {}).get("review") or {}
    initial = {}
    if review.get("proposed_amount") is not None:
        initial["amount"] = review["proposed_amount"]
    if review.get("schedule"):
        initial["schedule"] = schedule_text(review["schedule"])
    return initial


DENY = Action("deny", _("不予救助"), DenyInput, services.deny, style="secondary", help=deny_help)

STEPS = (
    Step(
        State.REVIEW,
        _("街道审核"),
        role="reviewer",
        department="civil_affairs",
        office="incident_street",
        deadline="deadline.temporary_assistance_review",
        actions=(
            # The reviewer who works the case from acceptance pays the advance: the point of
            # 小金额先行救助 is that it does not wait for the approver (S002 §11).
            Action(
                "pay_advance",
                _("小金额先行救助"),
                AdvanceInput,
                services.pay_advance,
                style="secondary",
                help=_advance_help,
            ),
            Action(
                "complete_review",
                _("审核完毕，报审批"),
                ReviewInput,
                services.complete_review,
                help=_review_help,
            ),
        ),
        applicant_next=_(
            "急难发生地（或户籍地）街道正在审核；情况紧急的，街道可先行发放小额救助。请保持电话畅通。"
        ),
    ),
    Step(
        State.DECISION,
        _("街道审批"),
        role="approver",
        department="civil_affairs",
        office="incident_street",
        office_by=decision_where,
        deadline="deadline.temporary_assistance_decision",
        actions=(
            Action(
                "approve",
                _("批准临时救助"),
                TAApproveInput,
                services.approve,
                help=_review_help,
                not_by=("complete_review",),
                initial=_review_proposal,
            ),
            DENY,
        ),
        applicant_next=_("街道审核已完成，等待审批决定，无需操作。"),
    ),
)

_LONG_AGO = dt.date(2000, 1, 1)
UNSOURCED_AMOUNT = "S004 §(四)；金额未找到原始依据"
PARAMETERS = (
    (
        "temporary_assistance.max_months",
        "临时救助每次最长救助月数",
        Decimal("3"),
        "ratio",
        _LONG_AGO,
        "SH1（低保标准×家庭人数×不超过3个月）",
        True,
    ),
    (
        "temporary_assistance.street_limit",
        "临时救助街道审批限额（超过的一事一议）",
        Decimal("5000"),
        "yuan",
        _LONG_AGO,
        UNSOURCED_AMOUNT,
        False,
    ),
    (
        "temporary_assistance.advance_limit",
        "小金额先行救助限额",
        Decimal("1000"),
        "yuan",
        _LONG_AGO,
        "S002 §11（小金额先行救助）；金额未找到原始依据",
        False,
    ),
    (
        "deadline.temporary_assistance_review",
        "临时救助街道审核",
        Decimal("5"),
        "working_days",
        _LONG_AGO,
        "未找到原始依据（S004未规定时限）",
        False,
    ),
    (
        "deadline.temporary_assistance_decision",
        "临时救助审批决定",
        Decimal("5"),
        "working_days",
        _LONG_AGO,
        "未找到原始依据（S004未规定时限）",
        False,
    ),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    if case.granted_amount is None:
        return []
    facts = [(_("救助总额"), _("%(amount)s 元（一次性临时救助）。") % {"amount": case.granted_amount})]
    advance = services.advance_of(case)
    if advance is not None:
        facts.append(
            (
                _("先行救助"),
                _("%(day)s 已先行发放 %(amount)s 元，计入救助总额。")
                % {"day": advance.paid_on.isoformat(), "amount": advance.amount},
            )
        )
    stages = list(case.ta_instalments.order_by("number"))
    for stage in stages:
        label = _("第%(n)s期发放") % {"n": stage.number} if len(stages) > 1 else _("发放")
        facts.append(
            (
                label,
                _("%(day)s 发放 %(amount)s 元。") % {"day": stage.due_on.isoformat(), "amount": stage.amount},
            )
        )
    return facts


def _facts(case) -> dict:
    """For those who work the case: the cap, the advance, the proposal and the stages."""
    form = (case.details or {}).get("form") or {}
    advance = services.advance_of(case)
    review = (case.details or {}).get("review") or {}
    decided = case.is_decided and "cap" in (case.details or {})
    return {
        "kind": form.get("kind"),
        "urgent": bool(form.get("urgent")),
        "incident_office": form.get("incident_office") or None,
        "cap": case.details["cap"] if decided else str(_cap_now(case)),
        "advance": (
            {
                "amount": str(advance.amount),
                "reason": advance.reason,
                "paid_on": advance.paid_on.isoformat(),
                "paid_by": advance.paid_by.full_name or advance.paid_by.username,
            }
            if advance is not None
            else None
        ),
        "proposed_amount": review.get("proposed_amount"),
        "proposed_schedule": review.get("schedule") or [],
        "granted_amount": str(case.granted_amount) if case.granted_amount is not None else None,
        "schedule": [
            {
                "number": stage.number,
                "due_on": stage.due_on.isoformat(),
                "amount": str(stage.amount),
                "paid_on": stage.paid_on.isoformat() if stage.paid_on else None,
            }
            for stage in case.ta_instalments.order_by("number")
        ],
        "street_meeting": hasattr(case, "ta_meeting"),
    }


FAMILY = register(
    Family(
        entitlement_lasts=False,
        code=CODE,
        assess=assess_facts,
        form_needs=("incomes", "assets"),
        form_questions={CODE: TAQuestions},
        label=_("临时救助"),
        model=TemporaryAidCase,
        states=State,
        steps=STEPS,
        parameters=PARAMETERS,
        staff_sections=("trace",),
        facts=_facts,
        retention_scrub=services.retention_scrub,
        notices=NoticeText(
            approval_title=_("准予临时救助决定书"),
            denial_title=_("不予临时救助决定书"),
            approval=_(
                "你（你家庭）于%(day)s提出的%(item)s申请，经街道审核审批，符合条件，决定给予临时救助。"
            ),
            denial=_("你（你家庭）于%(day)s提出的%(item)s申请，经审核，不符合条件，决定不予临时救助。"),
            approval_facts=_approval_facts,
            approval_closing=_(
                "临时救助为一次性救助。家庭生活仍有困难的，可以申请最低生活保障等其他社会救助。"
            ),
        ),
    )
)
