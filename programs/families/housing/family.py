"""The housing family's step table, form questions, notice wording and parameters — as data.

Who works what (all in the housing department, 住房保障和房屋管理局):

| state | role | office | deadline |
|---|---|---|---|
| lr_investigation | investigator | hukou street | deadline.lr_investigation |
| lr_district_review | reviewer | hukou district | deadline.lr_district_review |
| so_district_review | reviewer | hukou district (non-local: the employer's) | deadline.so_district_review |
| publicity | reviewer | the district that reviewed | deadline.publicity |
| lr_decision / so_decision | approver | the district that reviewed | deadline.lr_decision / so_decision |
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.parameters import parameter
from programs.registry import Family, NoticeText, register
from programs.steps import AcceptancePlace, Action, DenyInput, NoteInput, Step, deny_help, form_office
from programs.trace import trace_failures, trace_shown
from review.calendar import add_working_days

from . import services
from .eligibility import assess, assess_facts, non_local
from .inputs import (
    HousingInvestigationInput,
    HousingLowRentApproveInput,
    HousingObjectionInput,
    LowRentQuestions,
    SharedOwnershipQuestions,
)
from .services import Allocation, allocation_of, awaited_names
from .workflow import LOW_RENT, SHARED_OWNERSHIP, HousingCase, State, is_low_rent, publicity_over

EMPLOYER = "employer_office"


def _form(case) -> dict:
    return (case.details or {}).get("form") or {}


def employer_of(case):
    """The employer's street office of a non-local 共有产权 household, or None."""
    if case.program.code != SHARED_OWNERSHIP or not non_local(_form(case)):
        return None
    return form_office(case, EMPLOYER)


def district_where(case) -> str:
    """Step.office_by of the district steps: a non-local 共有产权 household is reviewed, publicised
    and decided in its employer's district; every other case in its hukou district."""
    return "employer_district" if employer_of(case) is not None else "hukou_district"


def accepted_at(case):
    """Family.accepted_at: 共有产权 only at the hukou-place centre; a non-local household at a
    centre in its employer's district. 廉租住房 anywhere in the city (None)."""
    if case.program.code != SHARED_OWNERSHIP:
        return None
    employer = employer_of(case)
    if employer is not None:
        return AcceptancePlace(
            allowed=employer.ancestor_at("district") or employer,
            counter=employer.ancestor_at("street") or employer,
            why=_("非本市户籍家庭向工作单位所在区申请"),
        )
    hukou = case.application.hukou_office
    street = hukou.ancestor_at("street") or hukou
    return AcceptancePlace(allowed=street, counter=street, why=_("本市户籍家庭向户籍所在地申请"))


# --- Help lines computed from the case ---------------------------------------------------------


def _investigation_note(case) -> str:
    awaited = awaited_names(case)
    if awaited:
        return _(
            "本申请的“%(items)s”正在进行家庭经济状况核对，核对完成后本事项自动复用其结果并转区房管部门审核，"
            "街道无需另行调查；该事项未经核对即办结的，由街道进行经济状况调查。"
        ) % {"items": awaited}
    return str(_("请调查家庭收入和财产状况；与申报一致的可不填调查数据。"))


def _declared_figures(case) -> dict:
    from programs.assessment import household_figures

    declared = household_figures(case.application)
    return {
        "figures": {
            key: declared[key]
            for key in ("income_counted", "per_capita_income", "assets_total", "per_capita_assets")
        }
    }


def _rules_today(case) -> str:
    assessment = assess(case, on=timezone.localdate())
    if assessment.eligible:
        if assessment.monthly_amount is not None:
            return _("按准入条件审核：符合条件；租金配租补贴按今日标准每月 %(amount)s 元。") % {
                "amount": assessment.monthly_amount
            }
        return str(_("按准入条件审核：符合条件。"))
    failed = "；".join(
        f"{s['label']}（{s['detail']}）" for s in trace_shown(trace_failures(assessment.trace))
    )
    return _("按准入条件审核不符合：%(failed)s。") % {"failed": failed}


def _decision_opens_on(case) -> dt.date | None:
    return case.publicity_ends_on + dt.timedelta(days=1) if case.publicity_ends_on else None


def _publicity_note(case) -> str:
    if not case.publicity_ends_on:
        return ""
    key = "deadline.lr_decision" if is_low_rent(case) else "deadline.so_decision"
    days = int(parameter(key, on=case.publicity_ends_on).value)
    return _(
        "公示期至 %(end)s 结束。期满无异议的，自 %(opens)s 起由区房管部门审批，"
        "时限为公示期满后 %(days)s 个工作日（%(due)s 前）。"
    ) % {
        "end": case.publicity_ends_on.isoformat(),
        "opens": _decision_opens_on(case).isoformat(),
        "days": days,
        "due": add_working_days(case.publicity_ends_on, days).day.isoformat(),
    }


DENY = Action("deny", _("不予批准"), DenyInput, services.deny, style="secondary", help=deny_help)
PROPOSE = Action(
    "propose_housing", _("审核通过，进入公示"), NoteInput, services.propose_housing, help=_rules_today
)

STEPS = (
    Step(
        State.LR_INVESTIGATION,
        State.LR_INVESTIGATION.label,
        role="investigator",
        department="housing",
        office="hukou_street",
        deadline="deadline.lr_investigation",
        actions=(
            Action(
                "record_economic_investigation",
                _("完成经济状况调查，报区房管部门"),
                HousingInvestigationInput,
                services.record_economic_investigation,
                help=_investigation_note,
                initial=_declared_figures,
            ),
        ),
        applicant_next=_("户籍地街道正在调查家庭经济状况，请保持电话畅通。"),
        staff_note=_investigation_note,
        # This application's civil-affairs 核对 replaces the investigation (programs.economic).
        reuse_verification=services.reuse_verification,
    ),
    Step(
        State.LR_DISTRICT_REVIEW,
        State.LR_DISTRICT_REVIEW.label,
        role="reviewer",
        department="housing",
        office="hukou_district",
        deadline="deadline.lr_district_review",
        actions=(PROPOSE, DENY),
        applicant_next=_("区房管部门正在审核住房和经济状况，无需操作。"),
    ),
    Step(
        State.SO_DISTRICT_REVIEW,
        State.SO_DISTRICT_REVIEW.label,
        role="reviewer",
        department="housing",
        office="hukou_district",
        office_by=district_where,
        deadline="deadline.so_district_review",
        actions=(PROPOSE, DENY),
        applicant_next=_("区房管部门正在审核共有产权保障住房申请资格，无需操作。"),
    ),
    Step(
        State.PUBLICITY,
        State.PUBLICITY.label,
        role="reviewer",
        department="housing",
        office="hukou_district",
        office_by=district_where,
        deadline="deadline.publicity",
        actions=(
            Action(
                "object",
                _("记录异议，退回审核"),
                HousingObjectionInput,
                services.record_objection,
                style="secondary",
            ),
        ),
        applicant_next=_("审核结果正在公示，无需操作。"),
        timer=lambda case, today: publicity_over(case, today),
        timer_transition="end_publicity",
        staff_note=_publicity_note,
    ),
    Step(
        State.LR_DECISION,
        State.LR_DECISION.label,
        role="approver",
        department="housing",
        office="hukou_district",
        deadline="deadline.lr_decision",
        actions=(
            Action(
                "approve",
                _("批准廉租住房保障"),
                HousingLowRentApproveInput,
                services.approve_low_rent,
                help=_rules_today,
                not_by=("propose_housing",),
            ),
            DENY,
        ),
        applicant_next=_("公示期满无异议，等待区房管部门审批，无需操作。"),
        counted_from=lambda case: case.publicity_ends_on,
    ),
    Step(
        State.SO_DECISION,
        State.SO_DECISION.label,
        role="approver",
        department="housing",
        office="hukou_district",
        office_by=district_where,
        deadline="deadline.so_decision",
        actions=(
            Action(
                "approve",
                _("准予共有产权保障住房购买资格"),
                NoteInput,
                services.approve_shared_ownership,
                help=_rules_today,
                not_by=("propose_housing",),
            ),
            DENY,
        ),
        applicant_next=_("公示期满无异议，等待区房管部门审批，无需操作。"),
        counted_from=lambda case: case.publicity_ends_on,
    ),
)

_LONG_AGO = dt.date(2000, 1, 1)
_UNSOURCED = "S000 §(八)；标准未找到原始依据"
_UNSOURCED_SO = "S000 §(九)；标准未找到原始依据"
_NO_LIMIT = "未找到原始依据（S000 未规定时限）"
PARAMETERS = (
    (
        "low_rent.income_limit",
        "廉租住房准入：人均月可支配收入低于",
        Decimal("4200"),
        "yuan",
        _LONG_AGO,
        _UNSOURCED,
        False,
    ),
    (
        "low_rent.asset_limit",
        "廉租住房准入：人均财产低于（元）",
        Decimal("150000"),
        "yuan",
        _LONG_AGO,
        _UNSOURCED,
        False,
    ),
    # A number of square metres (no such unit among PolicyParameter.Unit: "ratio" = a plain number).
    (
        "low_rent.area_limit",
        "廉租住房准入及保障面积标准：人均居住面积（平方米）",
        Decimal("15"),
        "ratio",
        _LONG_AGO,
        _UNSOURCED,
        False,
    ),
    (
        "low_rent.subsidy_per_m2",
        "廉租住房租金配租补贴标准（元/平方米/月）",
        Decimal("90"),
        "yuan",
        _LONG_AGO,
        _UNSOURCED,
        False,
    ),
    (
        "shared_ownership.income_limit",
        "共有产权保障住房准入：人均月可支配收入低于",
        Decimal("7000"),
        "yuan",
        _LONG_AGO,
        _UNSOURCED_SO,
        False,
    ),
    (
        "shared_ownership.asset_limit",
        "共有产权保障住房准入：人均财产低于（元）",
        Decimal("240000"),
        "yuan",
        _LONG_AGO,
        _UNSOURCED_SO,
        False,
    ),
    (
        "shared_ownership.area_limit",
        "共有产权保障住房准入：人均住房面积（平方米）低于",
        Decimal("15"),
        "ratio",
        _LONG_AGO,
        _UNSOURCED_SO,
        False,
    ),
    (
        "deadline.lr_investigation",
        "廉租住房街道经济状况调查",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        _NO_LIMIT,
        False,
    ),
    (
        "deadline.lr_district_review",
        "廉租住房区房管部门审核",
        Decimal("15"),
        "working_days",
        _LONG_AGO,
        _NO_LIMIT,
        False,
    ),
    (
        "deadline.lr_decision",
        "廉租住房公示后审批",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        _NO_LIMIT,
        False,
    ),
    (
        "deadline.so_district_review",
        "共有产权资格区房管部门审核",
        Decimal("20"),
        "working_days",
        _LONG_AGO,
        _NO_LIMIT,
        False,
    ),
    (
        "deadline.so_decision",
        "共有产权资格公示后审批",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        _NO_LIMIT,
        False,
    ),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    if case.program.code == SHARED_OWNERSHIP:
        return [
            (
                _("审核结果"),
                _("取得共有产权保障住房准购资格，可按本区共有产权保障住房供应安排选购。"),
            )
        ]
    if allocation_of(case) == Allocation.FLAT:
        return [(_("配租方式"), _("实物配租：由区房管部门按房源情况配租廉租住房。"))]
    facts = [(_("配租方式"), _("租金配租"))]
    if case.monthly_amount is not None:
        per_m2 = (case.policy_figures.get("low_rent.subsidy_per_m2") or {}).get("value")
        standard = (case.policy_figures.get("low_rent.area_limit") or {}).get("value")
        facts.append(
            (
                _("租金补贴"),
                _("每月 %(amount)s 元，自批准之月起按月发放。") % {"amount": case.monthly_amount},
            )
        )
        if per_m2 and standard:
            facts.append(
                (
                    _("适用标准"),
                    _("补贴标准 %(per_m2)s 元/平方米/月，保障面积标准人均 %(standard)s 平方米")
                    % {"per_m2": per_m2, "standard": standard},
                )
            )
    return facts


def _facts(case) -> dict:
    """For those who work the case: the economic check it stands on and what the rules give now."""
    facts = {
        "economic_check": ((case.details or {}).get("economic_check") or {}).get("source"),
        "allocation": allocation_of(case) or None,
    }
    if case.program.code == LOW_RENT and not case.is_decided:
        facts["verification_awaited"] = awaited_names(case) or None
    if case.verified_figures and not case.is_decided:
        amount = assess(case, on=timezone.localdate()).monthly_amount
        facts["amount_by_rules"] = str(amount) if amount is not None else None
    return facts


FAMILY = register(
    Family(
        code="housing",
        label=_("住房保障"),
        model=HousingCase,
        states=State,
        steps=STEPS,
        assess=assess_facts,
        form_needs=("incomes", "assets"),
        form_questions={LOW_RENT: LowRentQuestions, SHARED_OWNERSHIP: SharedOwnershipQuestions},
        accepted_at=accepted_at,
        parameters=PARAMETERS,
        staff_sections=("figures", "trace"),
        facts=_facts,
        notices=NoticeText(
            approval_title=_("%(item)s准予保障决定书"),
            denial_title=_("%(item)s不予保障决定书"),
            approval=_("你（你家庭）于%(day)s提出的%(item)s申请，经审核和公示，符合条件，决定予以保障。"),
            denial=_("你（你家庭）于%(day)s提出的%(item)s申请，经审核，不符合条件，决定不予保障。"),
            approval_facts=_approval_facts,
            approval_closing=_(
                "保障期间，家庭人口、收入、财产或住房状况发生变化的，应当及时告知区住房保障和房屋管理部门。"
            ),
        ),
    )
)

__all__ = ["FAMILY", "accepted_at", "district_where"]
