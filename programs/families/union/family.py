"""The union family's step table, form questions, notices and parameters — as data."""

import datetime as dt
import re
from decimal import Decimal

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from programs.registry import Family, NoticeText, register
from programs.steps import Action, ActionInput, DenyInput, FormQuestions, NoteInput, Step, deny_help

from . import services
from .eligibility import assess_facts
from .workflow import State, UnionCase, publicity_over

CARD = re.compile(r"^\d{12,19}$")


def _union_choices() -> list[tuple[str, str]]:
    from accounts.models import Office

    # Grassroots unions are the organisations (level "unit") named 工会.
    unions = Office.objects.filter(level=Office.Level.UNIT, name__endswith="工会")
    return [
        (o.code, f"{o.parent.name if o.parent else ''} {o.name}")
        for o in unions.select_related("parent").order_by("code")
    ]


def masked_card(number: str) -> str:
    return _t("尾号 %(last)s") % {"last": number[-4:]} if number else ""


class UnionQuestions(FormQuestions):
    """The item's own questions on the unified form (case.details["form"]). The bank card is kept
    sealed (encrypted) and shown by its last four digits only."""

    member = serializers.CharField(
        label=_("困难职工姓名"), max_length=50, help_text=_("填写工会会员本人的姓名（须为家庭成员）。")
    )
    employer = serializers.CharField(label=_("工作单位"), max_length=100)
    grassroots_union = serializers.ChoiceField(
        label=_("所在基层工会"),
        choices=[],
        error_messages={"invalid_choice": _("“{input}”不是已登记的基层工会。")},
    )
    bank_card = serializers.CharField(
        label=_("本人银行卡号（帮扶资金发放）"),
        max_length=19,
        help_text=_("12至19位数字，仅用于发放帮扶资金。"),
    )
    hardship = serializers.CharField(label=_("困难情况"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grassroots_union"].choices = _union_choices()

    def validate_bank_card(self, value):
        digits = value.replace(" ", "")
        if not CARD.match(digits):
            raise serializers.ValidationError(_("银行卡号应为12至19位数字。"))
        return digits

    def answers(self) -> dict:
        from intake.identity import seal_text

        answers = super().answers()
        number = answers.pop("bank_card", "")
        answers["bank_card_last4"] = number[-4:]
        answers["bank_card_sealed"] = seal_text(number)
        return answers


class VisitInput(ActionInput):
    findings = serializers.CharField(label=_("入户走访情况"), max_length=2000)


class ArchiveInput(NoteInput):
    archive_number = serializers.CharField(label=_("困难职工档案编号"), max_length=40)


class UnionCheckInput(NoteInput):
    per_capita_income = serializers.DecimalField(
        label=_("核对的家庭人均月收入（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("与申报一致的可不填。"),
    )


class UnionObjectionInput(ActionInput):
    content = serializers.CharField(label=_("公示异议内容"), max_length=4000, allow_blank=True)


class UnionApproveInput(NoteInput):
    amount = serializers.DecimalField(
        label=_("帮扶金额（元）"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )


def _check_note(case) -> str:
    from programs.economic import verification_awaited

    awaited = verification_awaited(case)
    if awaited:
        return _t("本申请的%(item)s正在核对家庭经济状况，核对完成后自动复用，无需重复核对。") % {
            "item": "、".join(c.program.name for c in awaited)
        }
    return ""


def _publicity_note(case) -> str:
    if not case.publicity_ends_on:
        return ""
    return _t("公示期至 %(end)s 结束，期满无异议的由市总工会确定帮扶。") % {
        "end": case.publicity_ends_on.isoformat()
    }


DENY = Action("deny", _("不予帮扶"), DenyInput, services.deny, style="secondary", help=deny_help)


def _step(state, office, deadline, actions, applicant_next, **extra):
    return Step(
        state,
        state.label,
        role=extra.pop("role", "reviewer"),
        office=office,
        deadline=deadline,
        actions=actions,
        applicant_next=applicant_next,
        **extra,
    )


STEPS = (
    _step(
        State.VISIT,
        "union_unit",
        "deadline.union_visit",
        (Action("record_home_visit", _("记录入户走访"), VisitInput, services.record_home_visit), DENY),
        _("基层工会干部将上门走访，请保持电话畅通。"),
    ),
    _step(
        State.ARCHIVE,
        "union_unit",
        "deadline.union_archive",
        (Action("archive", _("建立困难职工档案，报上级工会"), ArchiveInput, services.archive), DENY),
        _("基层工会正在建立困难职工档案，无需操作。"),
    ),
    _step(
        State.FIRST_REVIEW,
        "union_district",
        "deadline.union_first_review",
        (Action("pass_first_review", _("初审通过，报市总工会"), NoteInput, services.pass_first_review), DENY),
        _("区局（产业）工会正在初审，无需操作。"),
    ),
    _step(
        State.CITY_REVIEW,
        "union_city",
        "deadline.union_city_review",
        (
            Action("pass_city_review", _("复核通过，进行经济状况核对"), NoteInput, services.pass_city_review),
            DENY,
        ),
        _("市总工会正在复核，无需操作。"),
    ),
    _step(
        State.ECONOMIC_CHECK,
        "union_city",
        "deadline.verification",
        (
            Action(
                "record_economic_check",
                _("完成经济状况核对，进入公示"),
                UnionCheckInput,
                services.record_economic_check,
            ),
            DENY,
        ),
        _("正在核对家庭经济状况，无需操作。"),
        reuse_verification=services.reuse_verification,
        staff_note=_check_note,
    ),
    _step(
        State.PUBLICITY,
        "union_unit",
        "deadline.publicity",
        (
            Action(
                "object",
                _("记录异议，退回复核"),
                UnionObjectionInput,
                services.object_in_publicity,
                style="secondary",
            ),
        ),
        _("帮扶名单正在公示，无需操作。"),
        timer=lambda case, today: publicity_over(case, today),
        timer_transition="end_publicity",
        staff_note=_publicity_note,
    ),
    _step(
        State.DECISION,
        "union_city",
        "deadline.union_decision",
        (
            Action(
                "decide_help",
                _("确定帮扶"),
                UnionApproveInput,
                services.approve,
                not_by=("pass_city_review",),
            ),
            DENY,
        ),
        _("公示期满，市总工会正在确定帮扶，无需操作。"),
        role="approver",
        counted_from=lambda case: case.publicity_ends_on,
    ),
)

_LONG_AGO = dt.date(2000, 1, 1)
_NONE = "未找到原始依据"
PARAMETERS = (
    (
        "union.hardship_line_multiplier",
        "困难职工认定标准（低保标准倍数）",
        Decimal("2"),
        "ratio",
        _LONG_AGO,
        _NONE,
        False,
    ),
    ("union.help_cap", "工会帮扶金额上限（每次）", Decimal("10000"), "yuan_once", _LONG_AGO, _NONE, False),
    ("deadline.union_visit", "工会干部入户走访", Decimal("5"), "working_days", _LONG_AGO, _NONE, False),
    ("deadline.union_archive", "基层工会建档", Decimal("5"), "working_days", _LONG_AGO, _NONE, False),
    (
        "deadline.union_first_review",
        "区局（产业）工会初审",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        _NONE,
        False,
    ),
    ("deadline.union_city_review", "市总工会复核", Decimal("10"), "working_days", _LONG_AGO, _NONE, False),
    ("deadline.union_decision", "公示期满确定帮扶", Decimal("5"), "working_days", _LONG_AGO, _NONE, False),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    if case.granted_amount is None:
        return []
    last4 = ((case.details or {}).get("form") or {}).get("bank_card_last4", "")
    return [
        (_("帮扶金额"), _("%(amount)s 元") % {"amount": case.granted_amount}),
        (_("发放方式"), _("直接发放至本人银行卡（尾号 %(last4)s）") % {"last4": last4}),
    ]


def _facts(case) -> dict:
    form = (case.details or {}).get("form") or {}
    return {
        "bank_card": masked_card("0000" + form.get("bank_card_last4", ""))
        if form.get("bank_card_last4")
        else ""
    }


def _scrub(cases, placeholder) -> None:
    """Retention: the sealed card number goes with the other personal text (intake.retention)."""
    for case in cases:
        form = dict((case.details or {}).get("form") or {})
        if "bank_card_sealed" in form:
            form["bank_card_sealed"] = ""
            case.details = {**case.details, "form": form}
            case.save(update_fields=["details"])


FAMILY = register(
    Family(
        entitlement_lasts=False,
        code="union",
        label=_("工会帮扶类"),
        model=UnionCase,
        states=State,
        steps=STEPS,
        assess=assess_facts,
        pre_tick=False,
        form_needs=("incomes",),
        form_questions={"union_hardship": UnionQuestions},
        parameters=PARAMETERS,
        facts=_facts,
        retention_scrub=_scrub,
        notices=NoticeText(
            approval=_(
                "你于%(day)s提出的%(item)s申请，经基层工会申报、区局（产业）工会初审、市总工会复核和经济状况核对，公示无异议，决定给予帮扶。"
            ),
            approval_title=_("%(item)s帮扶决定告知书"),
            denial_title=_("%(item)s不予帮扶告知书"),
            denial=_("你于%(day)s提出的%(item)s申请，经审核，不符合条件，决定不予帮扶。"),
            approval_facts=_approval_facts,
            rights=_(
                "如对本告知有异议，可以自收到本告知书之日起三十日内向所在基层工会或上级工会反映，也可以拨打12351职工服务热线咨询。"
            ),
        ),
    )
)
