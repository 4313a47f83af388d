"""The rules of 廉租住房保障 and 共有产权保障住房 on a household's facts, each condition a trace line.

廉租住房 (S000 §(八), N1 §40): urban local hukou; low income and housing difficulty — per-capita
monthly income and per-capita assets under thresholds, per-capita living area under the area
standard (all three unconfirmed parameters). A household holding 低保 or 特困 meets the economic
test by its status. The main form is a rent subsidy (租金配租), computed here as
`low_rent.subsidy_per_m2` × (`low_rent.area_limit` − per-capita living area) × members, monthly;
a flat (实物配租) is the decision's other allocation.

共有产权 (S000 §(九)): urban local hukou, or a non-local permanent household working in the city
(its employer named on the form); middle / lower-middle income (per-capita income and assets under
thresholds) and housing difficulty (per-capita area under a threshold). The result is eligibility
to buy (准购资格): no amount.

The area and housing kind are the item's own questions on the form (facts.answers). On the
screener they may be missing: the area is then left to the housing department's check (a line
saying so), never guessed.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from programs.assessment import Assessment, money
from programs.facts import HouseholdFacts, facts_for_case
from programs.parameters import parameter, plain
from programs.trace import in_each_language

from .workflow import LOW_RENT, SHARED_OWNERSHIP

# Statuses whose holders meet the 廉租 economic test without a figure (S000 §(八), POLICY.md).
STATUS_MEETS_ECONOMIC_TEST = ("dibao", "extreme_poverty")
SUBSIDY_RULE = "rent_subsidy"


def assess(case, *, on: dt.date) -> Assessment:
    return assess_facts(case.program.code, facts_for_case(case, on=on))


def assess_facts(code: str, facts: HouseholdFacts) -> Assessment:
    result = Assessment(figures=facts.figures)
    answers = facts.answers if isinstance(facts.answers, dict) else {}
    if code == LOW_RENT:
        _low_rent(facts, answers, result)
    elif code == SHARED_OWNERSHIP:
        _shared_ownership(facts, answers, result)
    return result


def _decimal(value) -> Decimal | None:
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


def _flag(value, default: bool) -> bool:
    return value if isinstance(value, bool) else default


def living_area(answers: dict) -> Decimal | None:
    return _decimal(answers.get("living_area"))


def _area_check(facts, answers, result: Assessment, *, limit_key: str) -> tuple[Decimal | None, Decimal]:
    """The housing-difficulty line; (the per-capita area given or None, the area limit)."""
    limit = result.use(parameter(limit_key, on=facts.on))
    area = living_area(answers)
    label = _("人均居住面积低于住房困难标准")
    if area is None:
        if facts.screening:
            result.check(
                "housing_difficulty",
                label,
                True,
                _("未填写人均居住面积，申请后由房管部门核实（标准：低于 %(limit)s 平方米）"),
                limit=plain(limit),
            )
        else:
            result.check("housing_difficulty", label, False, _("未填写人均居住面积"))
        return None, limit
    result.check(
        "housing_difficulty",
        label,
        area < limit,
        _("人均居住面积 %(area)s 平方米，标准为低于 %(limit)s 平方米"),
        area=plain(area),
        limit=plain(limit),
    )
    return area, limit


def _income_and_assets(facts, result: Assessment, *, prefix: str, income_label, assets_label) -> None:
    income_limit = result.use(parameter(f"{prefix}.income_limit", on=facts.on))
    asset_limit = result.use(parameter(f"{prefix}.asset_limit", on=facts.on))
    income = facts.figure("per_capita_income")
    assets = facts.figure("per_capita_assets")
    basis = _("核对") if facts.verified else _("申报")
    result.check(
        "income_below_limit",
        income_label,
        income < income_limit,
        _("人均月收入 %(income)s 元（%(basis)s），标准为低于 %(limit)s 元"),
        income=money(income),
        basis=in_each_language(lambda: str(basis)),
        limit=plain(income_limit),
    )
    result.check(
        "assets_below_limit",
        assets_label,
        assets < asset_limit,
        _("人均财产 %(assets)s 元（%(basis)s），标准为低于 %(limit)s 元"),
        assets=money(assets),
        basis=in_each_language(lambda: str(basis)),
        limit=plain(asset_limit),
    )


# --- 廉租住房保障 -----------------------------------------------------------------------------


def _low_rent(facts: HouseholdFacts, answers: dict, result: Assessment) -> None:
    urban = facts.local_hukou and _flag(answers.get("urban_hukou"), True)
    result.check(
        "urban_local_hukou",
        _("本市城镇户籍"),
        urban,
        _("本市城镇户籍家庭") if urban else _("非本市城镇户籍"),
    )
    held = [code for code in STATUS_MEETS_ECONOMIC_TEST if code in facts.statuses]
    if held:
        names = {"dibao": _("最低生活保障"), "extreme_poverty": _("特困人员救助供养")}
        result.check(
            "economic_test_by_status",
            _("经济状况符合廉租住房准入标准"),
            True,
            _("家庭享受%(status)s待遇，视同符合经济困难标准"),
            status=in_each_language(lambda: "、".join(str(names[c]) for c in held)),
        )
    else:
        _income_and_assets(
            facts,
            result,
            prefix="low_rent",
            income_label=_("人均月可支配收入低于廉租住房收入标准"),
            assets_label=_("人均财产低于廉租住房财产标准"),
        )
    area, standard = _area_check(facts, answers, result, limit_key="low_rent.area_limit")
    if not result.eligible or area is None:
        return
    per_m2 = result.use(parameter("low_rent.subsidy_per_m2", on=facts.on))
    members = max(facts.size, 1)
    gap = max(standard - area, Decimal("0"))
    result.monthly_amount = money(per_m2 * gap * members)
    result.check(
        SUBSIDY_RULE,
        _("租金配租补贴（按月）"),
        True,
        _(
            "补贴标准 %(per_m2)s 元/平方米 ×（保障面积标准 %(standard)s − 现人均居住面积 %(area)s）平方米"
            " × %(members)s 人 = 每月 %(amount)s 元"
        ),
        per_m2=plain(per_m2),
        standard=plain(standard),
        area=plain(area),
        members=members,
        amount=result.monthly_amount,
    )


# --- 共有产权保障住房 -------------------------------------------------------------------------


def non_local(answers: dict) -> bool:
    """The household applies as a non-local permanent household (the form's hukou_local = False)."""
    return _flag((answers or {}).get("hukou_local"), True) is False


def _shared_ownership(facts: HouseholdFacts, answers: dict, result: Assessment) -> None:
    if non_local(answers):
        employed = bool(str(answers.get("employer_name") or "").strip()) and bool(
            answers.get("employer_office")
        )
        result.check(
            "non_local_with_employer",
            _("非本市户籍常住家庭，在本市就业"),
            employed,
            _("已填写本市工作单位及其所在街道") if employed else _("未填写本市工作单位或其所在街道"),
        )
    else:
        result.check(
            "urban_local_hukou",
            _("本市城镇户籍"),
            facts.local_hukou,
            _("本市城镇户籍家庭") if facts.local_hukou else _("非本市城镇户籍"),
        )
    _income_and_assets(
        facts,
        result,
        prefix="shared_ownership",
        income_label=_("人均月可支配收入属中等及中等偏下（低于共有产权保障住房收入标准）"),
        assets_label=_("人均财产低于共有产权保障住房财产标准"),
    )
    _area_check(facts, answers, result, limit_key="shared_ownership.area_limit")
