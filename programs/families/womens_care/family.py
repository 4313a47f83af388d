"""困难重症妇女关爱: the step table, the form's questions, the notices and the parameters — as data."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from programs.registry import Family, NoticeText, register
from programs.steps import Action, ApproveInput, DenyInput, FormQuestions, NoteInput, Step, deny_help
from programs.trace import trace_failures, trace_shown

from . import services
from .eligibility import ILLNESSES, assess, assess_facts
from .workflow import State, WomensCareCase


class WomensCareQuestions(FormQuestions):
    """The item's own questions on the unified form (case.details["form"])."""

    member = serializers.CharField(
        label=_("关爱对象姓名"), max_length=50, help_text=_("填写患病妇女的姓名（须为上面填写的家庭成员）。")
    )
    illness = serializers.ChoiceField(label=_("所患疾病"), choices=ILLNESSES)
    diagnosed_on = serializers.DateField(label=_("确诊日期"))
    hospital = serializers.CharField(
        label=_("确诊医院"), max_length=100, required=False, allow_blank=True, default=""
    )

    def validate_diagnosed_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("确诊日期不能晚于今天。"))
        return value


def _rules_today(case) -> str:
    assessment = assess(case, on=timezone.localdate())
    if assessment.eligible:
        return _("按关爱条件和当年活动标准核对：符合条件，关爱金 %(amount)s 元。") % {
            "amount": assessment.monthly_amount
        }
    failed = "；".join(
        f"{s['label']}（{s['detail']}）" for s in trace_shown(trace_failures(assessment.trace))
    )
    return _("按关爱条件核对不符合：%(failed)s。只能作出不予关爱的决定。") % {"failed": failed}


def _deny_help(case) -> str:
    case.eligibility_trace = assess(case, on=timezone.localdate()).trace
    return deny_help(case)


DENY = Action("deny", _("不予关爱"), DenyInput, services.deny, style="secondary", help=_deny_help)

STEPS = (
    Step(
        State.REPORT,
        State.REPORT.label,
        role="reviewer",
        office="hukou_committee",
        deadline="deadline.women_report",
        actions=(
            Action("report", _("排摸属实，上报街道妇联"), NoteInput, services.report, help=_rules_today),
            DENY,
        ),
        applicant_next=_("居（村）妇联正在排摸核实，无需操作。"),
    ),
    Step(
        State.STREET_REVIEW,
        State.STREET_REVIEW.label,
        role="reviewer",
        office="hukou_street",
        deadline="deadline.women_street_review",
        actions=(
            Action(
                "pass_street_review",
                _("审核通过，报区妇联"),
                NoteInput,
                services.pass_street_review,
                help=_rules_today,
            ),
            DENY,
        ),
        applicant_next=_("街道妇联正在审核材料，无需操作。"),
    ),
    Step(
        State.DISTRICT_CHECK,
        State.DISTRICT_CHECK.label,
        role="reviewer",
        office="hukou_district",
        deadline="deadline.women_district_check",
        actions=(
            Action(
                "pass_district_check",
                _("把关通过，报市妇联审批"),
                NoteInput,
                services.pass_district_check,
                help=_rules_today,
            ),
            DENY,
        ),
        applicant_next=_("区妇联正在把关，无需操作。"),
    ),
    Step(
        State.CITY_APPROVAL,
        State.CITY_APPROVAL.label,
        role="approver",
        office="hukou_city",
        deadline="deadline.women_city_approval",
        actions=(
            Action(
                "approve",
                _("批准关爱帮扶"),
                ApproveInput,
                services.approve,
                help=_rules_today,
                # Segregation of duties: whoever checked it for the district does not also approve.
                not_by=("pass_district_check",),
            ),
            DENY,
        ),
        applicant_next=_("区妇联已把关，市妇联正在审批，无需操作。"),
    ),
)

_LONG_AGO = dt.date(2000, 1, 1)
_UNCONFIRMED = "未找到原始依据"
PARAMETERS = (
    *(
        (
            "women_care.amount",
            "困难重症妇女关爱金（每人，元旦春节活动）",
            Decimal(value),
            "yuan_once",
            day,
            "S000 §(十三)；金额未找到原始依据（每年活动开始日起执行）",
            False,
        )
        for value, day in (
            ("2000", dt.date(2024, 11, 1)),
            ("2000", dt.date(2025, 11, 1)),
            ("2000", dt.date(2026, 11, 1)),
        )
    ),
    (
        "deadline.women_report",
        "居（村）妇联排摸上报",
        Decimal("5"),
        "working_days",
        _LONG_AGO,
        _UNCONFIRMED,
        False,
    ),
    (
        "deadline.women_street_review",
        "街道妇联审核",
        Decimal("5"),
        "working_days",
        _LONG_AGO,
        _UNCONFIRMED,
        False,
    ),
    (
        "deadline.women_district_check",
        "区妇联把关",
        Decimal("5"),
        "working_days",
        _LONG_AGO,
        _UNCONFIRMED,
        False,
    ),
    (
        "deadline.women_city_approval",
        "市妇联审批",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        _UNCONFIRMED,
        False,
    ),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    if case.monthly_amount is None:
        return []
    amount = case.policy_figures.get("women_care.amount", {})
    return [
        (
            _("关爱金"),
            _("%(amount)s 元（%(day)s起开展的元旦春节帮困送温暖活动标准），直接发放至本人银行卡。")
            % {"amount": case.monthly_amount, "day": amount.get("effective_from", "")},
        ),
        (_("上门慰问"), _("春节前，妇联将上门慰问，送上助困金和慰问品。")),
    ]


def _facts(case) -> dict:
    if case.is_decided:
        return {}
    assessment = assess(case, on=timezone.localdate())
    amount = assessment.monthly_amount
    return {"eligible_by_rules": assessment.eligible, "amount_by_rules": str(amount) if amount else None}


FAMILY = register(
    Family(
        entitlement_lasts=False,
        code="womens_care",
        label=_("妇联关爱类"),
        model=WomensCareCase,
        states=State,
        steps=STEPS,
        assess=assess_facts,
        form_needs=("incomes",),
        form_questions={"women_critical_illness": WomensCareQuestions},
        parameters=PARAMETERS,
        facts=_facts,
        notices=NoticeText(
            approval=_(
                "你于%(day)s提出的%(item)s申请，经居（村）妇联上报、街道妇联审核、区妇联把关、市妇联审批，符合条件，决定给予关爱帮扶。"
            ),
            approval_title=_("%(item)s帮扶告知书"),
            denial_title=_("%(item)s不予帮扶告知书"),
            denial=_("你于%(day)s提出的%(item)s申请，经审核，不符合条件，决定不予帮扶。"),
            approval_facts=_approval_facts,
            rights=_(
                "如对本告知有异议，可以自收到本告知书之日起三十日内向%(department)s反映，也可以拨打12338妇女维权公益服务热线咨询。"
            ),
        ),
    )
)
