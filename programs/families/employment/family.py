"""The employment family's step table, form questions, notices and parameters — as data."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from programs.registry import Family, NoticeText, register
from programs.steps import Action, ApproveInput, DenyInput, FormQuestions, NoteInput, Step, deny_help
from programs.trace import trace_failures, trace_shown

from . import services
from .eligibility import Category, assess, assess_facts, required_statuses
from .workflow import EmploymentCase, State


class EmploymentQuestions(FormQuestions):
    """The item's own questions on the unified form (case.details["form"])."""

    member = serializers.CharField(
        label=_("申请人姓名"), max_length=50, help_text=_("填写申请认定和补贴的家庭成员姓名。")
    )
    categories = serializers.MultipleChoiceField(
        label=_("就业困难人员类别（可多选）"), choices=Category.choices
    )
    unemployed_since = serializers.DateField(label=_("失业起始日期"))
    flexible_employment_since = serializers.DateField(
        label=_("灵活就业起始日期"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("已灵活就业并缴纳社会保险费的填写；尚未就业的不填。"),
    )
    willing_to_work = serializers.BooleanField(label=_("有劳动能力和就业愿望"), required=False, default=True)
    months_already_subsidised = serializers.IntegerField(
        label=_("此前已享受本补贴的月数"), min_value=0, max_value=36, required=False, default=0
    )

    def validate_categories(self, value):
        if not value:
            raise serializers.ValidationError(_("请至少选择一个类别。"))
        return sorted(value)

    def validate(self, data):
        today = timezone.localdate()
        since, flexible = data.get("unemployed_since"), data.get("flexible_employment_since")
        if since and since > today:
            raise serializers.ValidationError({"unemployed_since": _("失业起始日期不能晚于今天。")})
        if flexible and since and flexible < since:
            raise serializers.ValidationError(
                {"flexible_employment_since": _("灵活就业起始日期不能早于失业起始日期。")}
            )
        return data


class RecogniseInput(NoteInput):
    category = serializers.ChoiceField(label=_("认定类别"), choices=Category.choices)


def _rules_today(stage: str):
    def help_text(case) -> str:
        assessment = assess(case, on=timezone.localdate(), stage=stage)
        if assessment.eligible:
            if stage == "subsidy":
                return _("按今日执行的缴费基数下限和费率核算：符合条件，每月补贴 %(amount)s 元。") % {
                    "amount": assessment.monthly_amount
                }
            return str(_("按认定条件核对：符合条件。"))
        failed = "；".join(
            f"{s['label']}（{s['detail']}）" for s in trace_shown(trace_failures(assessment.trace))
        )
        return _("按条件核对不符合：%(failed)s。") % {"failed": failed}

    return help_text


def _deny_help(case) -> str:
    stage = "recognition" if case.state == State.RECOGNITION else "subsidy"
    case.eligibility_trace = assess(case, on=timezone.localdate(), stage=stage).trace
    return deny_help(case)


DENY = Action("deny", _("不予认定（不予补贴）"), DenyInput, services.deny, style="secondary", help=_deny_help)

STEPS = (
    Step(
        State.RECOGNITION,
        State.RECOGNITION.label,
        role="reviewer",
        office="hukou_street",
        deadline="deadline.employment_recognition",
        actions=(
            Action(
                "recognise",
                _("认定为就业困难人员"),
                RecogniseInput,
                services.recognise,
                help=_rules_today("recognition"),
            ),
            DENY,
        ),
        applicant_next=_("街道就业服务机构正在认定就业困难人员，无需操作。"),
    ),
    Step(
        State.SUBSIDY_DECISION,
        State.SUBSIDY_DECISION.label,
        role="approver",
        office="hukou_district",
        deadline="deadline.employment_subsidy_decision",
        actions=(
            Action(
                "approve",
                _("批准社会保险补贴"),
                ApproveInput,
                services.approve,
                help=_rules_today("subsidy"),
                not_by=("recognise",),
            ),
            DENY,
        ),
        applicant_next=_("已认定为就业困难人员，区人力资源和社会保障局正在审批社会保险补贴，无需操作。"),
    ),
)

_LONG_AGO = dt.date(2000, 1, 1)
_RULE = "S000 §(六)，沪人社规〔2022〕8号"
PARAMETERS = (
    (
        "employment.subsidy_share",
        "社会保险补贴比例（应缴社会保险费的）",
        Decimal("0.5"),
        "ratio",
        dt.date(2022, 1, 1),
        _RULE,
        True,
    ),
    (
        "employment.contribution_base_lower",
        "本市职工社会保险缴费基数下限（月）",
        Decimal("7460"),
        "yuan",
        dt.date(2025, 7, 1),
        "未找到原始依据",
        False,
    ),
    (
        "employment.contribution_base_lower",
        "本市职工社会保险缴费基数下限（月）",
        Decimal("7546"),
        "yuan",
        dt.date(2026, 7, 1),
        "SH12",
        True,
    ),
    (
        "employment.pension_rate",
        "养老保险费率（灵活就业）",
        Decimal("0.20"),
        "ratio",
        dt.date(2022, 1, 1),
        "POLICY.md（灵活就业人员缴费比例）",
        False,
    ),
    (
        "employment.medical_rate",
        "医疗保险费率（灵活就业）",
        Decimal("0.10"),
        "ratio",
        dt.date(2022, 1, 1),
        "POLICY.md（灵活就业人员缴费比例）",
        False,
    ),
    (
        "employment.max_months",
        "社会保险补贴累计最长期限（月）",
        Decimal("36"),
        "months",
        dt.date(2022, 1, 1),
        _RULE,
        True,
    ),
    (
        "employment.extend_years_to_retirement",
        "距法定退休年龄不足该年数的延长至退休",
        Decimal("5"),
        "years",
        dt.date(2022, 1, 1),
        _RULE,
        True,
    ),
    (
        "employment.female_retirement_base_age",
        "女性灵活就业人员原法定退休年龄",
        Decimal("50"),
        "years",
        _LONG_AGO,
        "全国人大常委会关于实施渐进式延迟法定退休年龄的决定（2024）",
        False,
    ),
    (
        "deadline.employment_recognition",
        "就业困难人员认定",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
    (
        "deadline.employment_subsidy_decision",
        "社会保险补贴审批",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    period = (case.details or {}).get("subsidy")
    if case.monthly_amount is None or not period:
        return []
    base = case.policy_figures.get("employment.contribution_base_lower", {})
    lines = [
        (
            _("补贴金额"),
            _("每月 %(amount)s 元（按缴费基数下限 %(base)s 元计算的养老、医疗保险费的 50%%）")
            % {"amount": case.monthly_amount, "base": base.get("value", "")},
        ),
        (
            _("补贴期限"),
            _("%(start)s 至 %(until)s，共 %(months)s 个月")
            % {"start": period["from"], "until": period["until"], "months": period["months"]},
        ),
    ]
    if period.get("extended_to_retirement"):
        lines.append(
            (
                _("期限说明"),
                _("距法定退休年龄不足5年，补贴期限延长至退休（法定退休日期 %(day)s）。")
                % {"day": period["retirement_date"]},
            )
        )
    lines.append(
        (_("就业困难人员认定"), _("认定于补贴期满之日（%(until)s）失效。") % {"until": period["until"]})
    )
    return lines


def _facts(case) -> dict:
    recognition = getattr(case, "difficulty_recognition", None)
    facts = {}
    if recognition is not None:
        facts["recognition"] = {
            "category": recognition.category,
            "recognised_on": recognition.recognised_on.isoformat(),
            "lapses_on": recognition.lapses_on.isoformat() if recognition.lapses_on else None,
        }
    if not case.is_decided and case.state == State.SUBSIDY_DECISION:
        assessment = assess(case, on=timezone.localdate())
        facts["amount_by_rules"] = str(assessment.monthly_amount) if assessment.monthly_amount else None
    return facts


FAMILY = register(
    Family(
        code="employment",
        label=_("就业援助类"),
        model=EmploymentCase,
        states=State,
        steps=STEPS,
        assess=assess_facts,
        pre_tick=False,
        requires_status=required_statuses,
        form_questions={"employment_insurance_subsidy": EmploymentQuestions},
        parameters=PARAMETERS,
        facts=_facts,
        notices=NoticeText(
            approval=_(
                "你于%(day)s提出的%(item)s申请，经街道就业服务机构认定为就业困难人员、区人力资源和社会保障局审批，符合条件，决定准予享受社会保险补贴。"
            ),
            approval_title=_("%(item)s准予决定书"),
            denial_title=_("%(item)s不予决定书"),
            denial=_("你于%(day)s提出的%(item)s申请，经审核，不符合条件，决定不予认定（不予补贴）。"),
            approval_facts=_approval_facts,
            approval_closing=_(
                "享受补贴期间，应按月缴纳社会保险费；就业状况发生变化的，应及时告知街道就业服务机构。"
            ),
        ),
    )
)
