"""Means-test rules with a readable trace, and the benefit amount (dibao, 低收入, 支出型)."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from programs.assessment import Assessment, money
from programs.conditions import assets_within_low_income_limit, income_below_resident_average
from programs.facts import HouseholdFacts, facts_for_case
from programs.parameters import parameter, plain

# 支出型: only for families that hold none of these statuses (N4).
RIGID_EXPENSE_EXCLUDES = ("dibao", "low_income", "extreme_poverty")


def _d(figures: dict, key: str) -> Decimal:
    return Decimal(figures[key])


def assess(case, *, on: dt.date) -> Assessment:
    """Assess a means-tested case on the verified figures (or the declared ones)."""
    return assess_facts(case.program.code, facts_for_case(case, on=on))


def assess_facts(code: str, facts: HouseholdFacts) -> Assessment:
    """The rules of item `code` on a household's facts (a case's, or the screener's)."""
    on, figures = facts.on, facts.figures
    result = Assessment(figures=figures)
    pc_income, pc_assets = _d(figures, "per_capita_income"), _d(figures, "per_capita_assets")
    members = int(figures["members"])
    standard = result.use(parameter("dibao.standard", on=on))
    rule = RULES.get(code)
    if rule is not None:
        rule(
            facts,
            result,
            on=on,
            figures=figures,
            pc_income=pc_income,
            pc_assets=pc_assets,
            members=members,
            standard=standard,
        )
    return result


def _dibao(facts, result, *, on, figures, pc_income, pc_assets, members, standard):
    limit = result.use(parameter("dibao.asset_limit", on=on))
    result.check(
        "income_below_dibao_standard",
        _("人均月收入低于低保标准"),
        pc_income < standard,
        _("人均月收入 %(income)s 元，低保标准 %(standard)s 元"),
        income=pc_income,
        standard=plain(standard),
    )
    result.check(
        "assets_within_dibao_limit",
        _("人均财产不超过低保财产标准"),
        pc_assets <= limit,
        _("人均财产 %(assets)s 元，上限 %(limit)s 元"),
        assets=pc_assets,
        limit=plain(limit),
    )
    if result.eligible:
        # (standard − per-capita income) × members, without rounding the per-capita first.
        result.monthly_amount = money(standard * members - _d(figures, "income_counted"))


def _low_income(facts, result, *, on, figures, pc_income, pc_assets, members, standard):
    multiplier = result.use(parameter("low_income.multiplier", on=on))
    limit = result.use(parameter("low_income.asset_limit", on=on))
    line = money(standard * multiplier)
    result.check(
        "income_below_low_income_line",
        _("人均月收入低于低收入标准"),
        pc_income < line,
        _("人均月收入 %(income)s 元，低收入标准 %(line)s 元（低保标准×%(multiplier)s）"),
        income=pc_income,
        line=line,
        multiplier=plain(multiplier),
    )
    result.check(
        "assets_within_low_income_limit",
        _("人均财产不超过低收入财产标准"),
        pc_assets <= limit,
        _("人均财产 %(assets)s 元，上限 %(limit)s 元"),
        assets=pc_assets,
        limit=plain(limit),
    )


def _rigid_expense(facts, result, *, on, figures, pc_income, pc_assets, members, standard):
    held = set(facts.statuses) & set(RIGID_EXPENSE_EXCLUDES)
    result.check(
        "not_already_assisted",
        _("未享受低保、低收入或特困待遇"),
        not held,
        _("已享受相关待遇") if held else _("未享受相关待遇"),
    )
    income_below_resident_average(result, facts)
    net = (
        _d(figures, "income_counted") - _d(figures, "medical_expense") - _d(figures, "education_expense")
    ) / max(members, 1)
    result.check(
        "net_income_below_dibao_standard",
        _("扣除医疗、教育支出后人均月收入低于低保标准"),
        net < standard,
        _("扣除后人均月收入 %(income)s 元，低保标准 %(standard)s 元"),
        income=money(net),
        standard=plain(standard),
    )
    assets_within_low_income_limit(result, facts)
    if result.eligible:
        result.monthly_amount = money(min(standard * members, standard * members - net * members))


RULES = {
    "dibao": _dibao,
    "low_income": _low_income,
    "rigid_expense": _rigid_expense,
}


def qualifies_for_low_income_after_dibao_denial(case, *, on: dt.date) -> bool:
    """Denied dibao on income alone, with income under the low-income line."""
    figures = facts_for_case(case, on=on).figures
    pc_income = _d(figures, "per_capita_income")
    standard = parameter("dibao.standard", on=on).value
    multiplier = parameter("low_income.multiplier", on=on).value
    return standard <= pc_income < money(standard * multiplier)
