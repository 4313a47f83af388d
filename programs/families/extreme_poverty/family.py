"""The 特困 family's step table, inputs, notice wording and parameters — as data (N3, 2021)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from intake.models import Person
from programs.parameters import parameter
from programs.procedure import ProcedureLimits
from programs.rechecks import yearly_cycle
from programs.registry import Family, NoticeText, register
from programs.steps import Action, ActionInput, DenyInput, NoteInput, Step, deny_help
from review.calendar import add_working_days

from . import services
from .eligibility import assess, assess_facts, recorded_obligors
from .models import OBLIGOR_RELATIONS, SELF_CARE_ITEMS, CareLevel, ObligorStatus
from .questions import ExtremePovertyQuestions, LabelledChoiceField, ObligorAnswer, choice_options
from .workflow import ExtremePovertyCase, State, publicity_over

_LONG_AGO = dt.date(2000, 1, 1)
D = Decimal

# key, name, value, unit, effective_from, source, confirmed (seeded by catalogue_sync).
PARAMETERS = (
    (
        "deadline.extreme_poverty_investigation",
        "特困调查核实及初审",
        D("15"),
        "working_days",
        _LONG_AGO,
        "N3 第十四条",
        True,
    ),
    (
        "deadline.extreme_poverty_confirmation",
        "特困审核确认",
        D("15"),
        "working_days",
        _LONG_AGO,
        "N3 第十七条",
        True,
    ),
    (
        "deadline.extreme_poverty_refusal_notice",
        "特困不予确认书面告知",
        D("3"),
        "working_days",
        _LONG_AGO,
        "N3 第十九条",
        True,
    ),
    (
        "extreme_poverty.sample_share",
        "特困审核确认抽查比例（不低于）",
        D("0.30"),
        "ratio",
        _LONG_AGO,
        "N3 第十七条",
        True,
    ),
    # No unit for ages yet: recorded as a plain number (周岁).
    (
        "extreme_poverty.elder_age",
        "特困无劳动能力：老年人年龄（周岁）",
        D("60"),
        "ratio",
        _LONG_AGO,
        "N3 第六条第一项",
        True,
    ),
    (
        "extreme_poverty.minor_age",
        "特困无劳动能力：未成年人年龄上限（未满，周岁）",
        D("18"),
        "ratio",
        _LONG_AGO,
        "N6（N3 第六条为16周岁，延长至18周岁）；S002",
        True,
    ),
    (
        "extreme_poverty.obligor_dibao_age",
        "义务人无履行义务能力：低保对象年龄（周岁）",
        D("60"),
        "ratio",
        _LONG_AGO,
        "N3 第九条第二项（据地方转载文本，未核对原文）",
        False,
    ),
    (
        "extreme_poverty.obligor_elder_age",
        "义务人无履行义务能力：老年人年龄（周岁）",
        D("70"),
        "ratio",
        _LONG_AGO,
        "N3 第九条第三项（据地方转载文本，未核对原文）",
        False,
    ),
    (
        "extreme_poverty.care.partial",
        "特困照料护理标准（部分失能）",
        D("0"),
        "yuan",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
    (
        "extreme_poverty.care.full",
        "特困照料护理标准（完全失能）",
        D("0"),
        "yuan",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
)


def _lazy_options(choices):
    return lazy(lambda: str(_("可填：%(options)s")) % {"options": choice_options(choices)}, str)()


class ObligorInput(ObligorAnswer):
    """登记或更正一位法定义务人 (by name); tick "remove" to take one off the list."""

    relation = LabelledChoiceField(
        label=_("与申请人关系"), choices=OBLIGOR_RELATIONS, help_text=_lazy_options(OBLIGOR_RELATIONS)
    )
    disability_grade = LabelledChoiceField(
        label=_("残疾等级"),
        choices=Person.Disability.choices,
        required=False,
        default="none",
        help_text=_lazy_options(Person.Disability.choices),
    )
    disability_kind = LabelledChoiceField(
        label=_("残疾类别"),
        choices=Person.DisabilityKind.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_lazy_options(Person.DisabilityKind.choices),
    )
    status = LabelledChoiceField(
        label=_("特殊情形"),
        choices=ObligorStatus.choices,
        required=False,
        default=ObligorStatus.NONE,
        help_text=_lazy_options(ObligorStatus.choices),
    )
    remove = serializers.BooleanField(label=_("删除此义务人（按姓名）"), required=False, default=False)


def _unable_field(label):
    return serializers.BooleanField(label=label, required=False, default=False)


class SelfCareInput(ActionInput):
    """The six items of N3 第五章; a ticked box is an item the person cannot do on their own."""

    member = serializers.CharField(label=_("评估对象（家庭成员姓名）"), max_length=50)
    eating = _unable_field(SELF_CARE_ITEMS[0][1])
    dressing = _unable_field(SELF_CARE_ITEMS[1][1])
    transferring = _unable_field(SELF_CARE_ITEMS[2][1])
    toileting = _unable_field(SELF_CARE_ITEMS[3][1])
    walking = _unable_field(SELF_CARE_ITEMS[4][1])
    bathing = _unable_field(SELF_CARE_ITEMS[5][1])
    note = serializers.CharField(
        label=_("评估说明"), max_length=500, required=False, allow_blank=True, default=""
    )


class InvestigationInput(ActionInput):
    findings = serializers.CharField(label=_("调查核实情况"), max_length=4000, allow_blank=True)


class ReportInput(ActionInput):
    note = serializers.CharField(
        label=_("初审意见（不同意的理由）"), max_length=2000, required=False, allow_blank=True, default=""
    )


class ObjectionInput(ActionInput):
    content = serializers.CharField(label=_("公示异议内容"), max_length=4000, allow_blank=True)


def _obligors_help(case) -> str:
    listed = recorded_obligors(case)
    relations = dict(Person.Relation.choices)
    if not listed:
        return str(_("尚未登记法定义务人。填写姓名相同的将更正该义务人。"))
    names = "、".join(f"{o.get('name')}（{relations.get(o.get('relation'), '')}）" for o in listed)
    return str(_("已登记法定义务人：%(names)s。填写姓名相同的将更正该义务人。") % {"names": names})


def _self_care_help(case) -> str:
    done = {a.person_id: a for a in case.self_care_assessments.all()}
    rows = []
    for person in case.application.members.order_by("id"):
        assessment = done.get(person.pk)
        level = CareLevel(assessment.level).label if assessment else _("未评估")
        rows.append(f"{person.name}：{level}")
    return str(_("勾选本人不能自主完成的项目。评估情况：%(rows)s。") % {"rows": "；".join(rows)})


def _amount_help(case) -> str:
    amount = assess(case, on=timezone.localdate()).monthly_amount
    if amount is None:
        return ""
    return str(
        _("按调查结果和现行标准，每月救助供养金额 %(amount)s 元（确认时按确认日的标准确定）。")
        % {"amount": amount}
    )


def _approve_help(case) -> str:
    amount = _amount_help(case)
    start = services.benefit_start(timezone.localdate())
    return amount + str(_("确认后自 %(day)s 起给予救助供养待遇。") % {"day": start.isoformat()})


def _round_started(case):
    """The day this round of investigation opened (acceptance, or the objection in 公示)."""
    last = case.transitions.filter(target=State.INVESTIGATION).order_by("-created_at", "-id").first()
    return timezone.localdate(last.created_at) if last else None


def _publicity_note(case) -> str:
    if not case.publicity_ends_on:
        return ""
    days = int(parameter("deadline.extreme_poverty_confirmation", on=case.publicity_ends_on).value)
    return str(
        _("公示期至 %(end)s 结束。期满无异议的，报区民政部门审核确认，时限 %(days)s 个工作日（%(due)s 前）。")
        % {
            "end": case.publicity_ends_on.isoformat(),
            "days": days,
            "due": add_working_days(case.publicity_ends_on, days).day.isoformat(),
        }
    )


DENY = Action("deny", _("不予确认"), DenyInput, services.deny, style="secondary", help=deny_help)

STEPS = (
    # N3 第十四条: the hukou street investigates within 15 WD of acceptance and gives its first opinion.
    Step(
        State.INVESTIGATION,
        State.INVESTIGATION.label,
        role="investigator",
        department="civil_affairs",
        office="hukou_street",
        deadline="deadline.extreme_poverty_investigation",
        counted_from=_round_started,
        actions=(
            Action(
                "record_obligor",
                _("登记或更正法定义务人"),
                ObligorInput,
                services.record_obligor,
                style="secondary",
                help=_obligors_help,
            ),
            Action(
                "assess_self_care",
                _("登记生活自理能力评估"),
                SelfCareInput,
                services.assess_self_care,
                style="secondary",
                help=_self_care_help,
            ),
            Action(
                "complete_investigation",
                _("完成调查核实"),
                InvestigationInput,
                services.complete_investigation,
            ),
        ),
        applicant_next=_("街道工作人员将入户调查核实，并评估生活自理能力，请保持电话畅通。"),
    ),
    Step(
        State.FIRST_REVIEW,
        State.FIRST_REVIEW.label,
        role="reviewer",
        department="civil_affairs",
        office="hukou_street",
        deadline="deadline.extreme_poverty_investigation",
        counted_from=_round_started,
        actions=(
            Action(
                "propose_confirmation",
                _("初审同意，进入公示"),
                NoteInput,
                services.propose_confirmation,
                help=_amount_help,
            ),
            Action(
                "report_ineligible",
                _("初审不同意，报区民政部门确认"),
                ReportInput,
                services.report_ineligible,
                style="secondary",
            ),
        ),
        applicant_next=_("街道正在初审，无需操作。"),
    ),
    # N3 第十六条: 公示 7 days in the applicant's community; an objection means a new investigation.
    Step(
        State.PUBLICITY,
        State.PUBLICITY.label,
        role="reviewer",
        department="civil_affairs",
        office="hukou_street",
        deadline="deadline.publicity",
        actions=(
            Action(
                "object",
                _("记录异议，重新调查核实"),
                ObjectionInput,
                services.record_objection,
                style="secondary",
            ),
        ),
        applicant_next=_("正在居（村）委会公示，无需操作。"),
        timer=lambda case, today: publicity_over(case, today),
        timer_transition="end_publicity",
        staff_note=_publicity_note,
    ),
    # N3 第十七条至第十九条: the district's civil affairs confirms within 15 WD (≥ 30 % sampled).
    Step(
        State.CONFIRMATION,
        State.CONFIRMATION.label,
        role="approver",
        department="civil_affairs",
        office="hukou_district",
        deadline="deadline.extreme_poverty_confirmation",
        counted_from=lambda case: case.publicity_ends_on,
        actions=(
            Action(
                "approve",
                _("确认"),
                NoteInput,  # the amount is the rules', never typed in
                services.approve,
                help=_approve_help,
                not_by=("propose_confirmation", "report_ineligible"),
            ),
            DENY,
        ),
        applicant_next=_("区民政部门审核确认中，无需操作。"),
    ),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    facts = []
    if case.monthly_amount is not None:
        facts.append(
            (
                _("救助供养金额"),
                _("每月 %(amount)s 元（%(n)s 人），自 %(day)s 起按月发放。")
                % {
                    "amount": case.monthly_amount,
                    "n": case.application.members.count(),
                    "day": (case.details or {}).get("benefit_from", ""),
                },
            )
        )
    standard = (case.policy_figures or {}).get("extreme_poverty.standard")
    if standard:
        facts.append(
            (
                _("适用标准"),
                _("特困人员基本生活标准 %(value)s 元/人/月（%(day)s起执行）")
                % {"value": standard["value"], "day": standard["effective_from"]},
            )
        )
    levels = [
        f"{a.person.name}：{CareLevel(a.level).label}"
        for a in case.self_care_assessments.select_related("person").order_by("person_id")
    ]
    if levels:
        facts.append((_("生活自理能力"), "；".join(levels)))
    return facts


def _facts(case) -> dict:
    """What the street recorded, and from the first review on the amount the rules give."""
    assessments = case.self_care_assessments.select_related("person").order_by("person_id")
    facts = {
        "obligors": recorded_obligors(case),
        "self_care": [
            {
                "member": a.person.name,
                "unable": a.unable_count,
                "level": a.level,
                "level_label": str(CareLevel(a.level).label),
            }
            for a in assessments
        ],
        "benefit_from": (case.details or {}).get("benefit_from"),
    }
    if case.state in (State.FIRST_REVIEW, State.PUBLICITY, State.CONFIRMATION):
        amount = assess(case, on=timezone.localdate()).monthly_amount
        facts["amount_by_rules"] = str(amount) if amount is not None else None
    elif case.is_decided and case.monthly_amount is not None:
        facts["amount_by_rules"] = str(case.monthly_amount)
    return facts


FAMILY = register(
    Family(
        recheck_months=yearly_cycle,
        code="extreme_poverty",
        label=_("特困人员救助供养"),
        model=ExtremePovertyCase,
        states=State,
        steps=STEPS,
        assess=assess_facts,
        form_needs=("incomes", "assets"),
        form_questions={"extreme_poverty": ExtremePovertyQuestions},
        parameters=PARAMETERS,
        procedure=ProcedureLimits(
            whole="deadline.whole_procedure",
            whole_split="deadline.whole_procedure_extended",
            denial_notice="deadline.extreme_poverty_refusal_notice",
        ),
        staff_sections=("figures", "trace", "investigations"),
        facts=_facts,
        retention_scrub=services.retention_scrub,
        notices=NoticeText(
            approval=_(
                "你于%(day)s提出的%(item)s申请，经调查核实、初审、公示和审核确认，符合特困人员认定条件，决定给予救助供养。"
            ),
            approval_title=_("%(item)s确认决定书"),
            denial_title=_("%(item)s不予确认决定书"),
            denial=_("你于%(day)s提出的%(item)s申请，经审核，不符合特困人员认定条件，决定不予确认。"),
            approval_facts=_approval_facts,
            approval_closing=_(
                "救助供养期间，本人收入、财产、生活自理能力等情况发生变化的，应当及时告知户籍所在地街道办事处（乡镇人民政府）。"
            ),
        ),
    )
)
