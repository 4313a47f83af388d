"""Means-test rules with a readable trace, and the benefit amount.

Every assessment records which condition passed or failed with its figures, and the policy
parameter values in force on the assessment date, so a decision can be explained and
reproduced later (DESIGN.md, invariants).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from intake.models import FinancialEntry, Person

from .parameters import ParameterValue, parameter, plain

CENT = Decimal("0.01")
EARNED = {FinancialEntry.Kind.WAGES, FinancialEntry.Kind.BUSINESS}
WORKING = {Person.Employment.EMPLOYED, Person.Employment.FLEXIBLE}
STATUS_PROGRAMS = ("dibao", "low_income", "extreme_poverty")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def household_figures(application) -> dict:
    """The household's declared monthly figures for one application (strings, for JSON)."""
    members = list(application.members.all())
    entries = list(application.financial_entries.select_related("person"))
    exemption = parameter("dibao.employment_exemption", on=application.submitted_at.date()).value
    income = assets = medical = education = Decimal("0")
    counted = Decimal("0")
    earned_by_person: dict[int, Decimal] = {}
    for entry in entries:
        if entry.category == FinancialEntry.Category.INCOME:
            income += entry.amount
            if entry.kind in EARNED and entry.person.employment_status in WORKING:
                earned_by_person[entry.person_id] = (
                    earned_by_person.get(entry.person_id, Decimal("0")) + entry.amount
                )
        elif entry.category == FinancialEntry.Category.ASSET:
            assets += entry.amount
        elif entry.kind == FinancialEntry.Kind.MEDICAL:
            medical += entry.amount
        elif entry.kind == FinancialEntry.Kind.EDUCATION:
            education += entry.amount
    exempted = sum((min(earned, exemption) for earned in earned_by_person.values()), Decimal("0"))
    counted = income - exempted
    n = max(len(members), 1)
    return {
        "members": len(members),
        "income_total": str(money(income)),
        "income_exempted": str(money(exempted)),
        "income_counted": str(money(counted)),
        "per_capita_income": str(money(counted / n)),
        "assets_total": str(money(assets)),
        "per_capita_assets": str(money(assets / n)),
        "medical_expense": str(money(medical)),
        "education_expense": str(money(education)),
    }


@dataclass
class Assessment:
    figures: dict
    trace: list[dict] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)
    monthly_amount: Decimal | None = None

    @property
    def eligible(self) -> bool:
        return bool(self.trace) and all(step["passed"] for step in self.trace)

    def use(self, value: ParameterValue) -> Decimal:
        self.parameters[value.key] = value.as_record()
        return value.value

    def check(self, rule: str, label: str, passed: bool, detail: str) -> bool:
        self.trace.append({"rule": rule, "label": label, "passed": bool(passed), "detail": detail})
        return passed

    def failures(self) -> list[dict]:
        return [step for step in self.trace if not step["passed"]]


def _d(figures: dict, key: str) -> Decimal:
    return Decimal(figures[key])


def assess(case, *, on: dt.date) -> Assessment:
    """Assess a means-tested case on the verified figures (or the declared ones)."""
    figures = case.verified_figures or household_figures(case.application)
    result = Assessment(figures=figures)
    pc_income, pc_assets = _d(figures, "per_capita_income"), _d(figures, "per_capita_assets")
    members = int(figures["members"])
    standard = result.use(parameter("dibao.standard", on=on))
    code = case.program.code

    if code == "dibao":
        limit = result.use(parameter("dibao.asset_limit", on=on))
        result.check(
            "income_below_dibao_standard",
            "人均月收入低于低保标准",
            pc_income < standard,
            f"人均月收入 {pc_income} 元，低保标准 {plain(standard)} 元",
        )
        result.check(
            "assets_within_dibao_limit",
            "人均财产不超过低保财产标准",
            pc_assets <= limit,
            f"人均财产 {pc_assets} 元，上限 {plain(limit)} 元",
        )
        if result.eligible:
            # (standard − per-capita income) × members, without rounding the per-capita first.
            result.monthly_amount = money(standard * members - _d(figures, "income_counted"))
    elif code == "low_income":
        multiplier = result.use(parameter("low_income.multiplier", on=on))
        limit = result.use(parameter("low_income.asset_limit", on=on))
        line = money(standard * multiplier)
        result.check(
            "income_below_low_income_line",
            "人均月收入低于低收入标准",
            pc_income < line,
            f"人均月收入 {pc_income} 元，低收入标准 {line} 元（低保标准×{plain(multiplier)}）",
        )
        result.check(
            "assets_within_low_income_limit",
            "人均财产不超过低收入财产标准",
            pc_assets <= limit,
            f"人均财产 {pc_assets} 元，上限 {plain(limit)} 元",
        )
    elif code == "extreme_poverty":
        support = result.use(parameter("extreme_poverty.standard", on=on))
        limit = result.use(parameter("dibao.asset_limit", on=on))
        members_qs = list(case.application.members.all())
        unable = [
            p
            for p in members_qs
            if p.age_on(on) >= 60 or p.age_on(on) < 18 or p.disability_grade in ("1", "2")
        ]
        result.check(
            "no_work_capacity",
            "家庭成员均无劳动能力（60周岁以上、未成年或一二级残疾）",
            len(unable) == len(members_qs),
            f"{len(unable)}/{len(members_qs)} 人符合",
        )
        result.check(
            "income_below_support_standard",
            "人均月收入低于特困供养标准",
            pc_income < support,
            f"人均月收入 {pc_income} 元，特困供养标准 {plain(support)} 元",
        )
        result.check(
            "assets_within_limit",
            "人均财产不超过低保财产标准",
            pc_assets <= limit,
            f"人均财产 {pc_assets} 元，上限 {plain(limit)} 元",
        )
        if result.eligible:
            result.monthly_amount = money(support * members)
    elif code == "rigid_expense":
        resident = result.use(parameter("rigid_expense.resident_income", on=on))
        limit = result.use(parameter("low_income.asset_limit", on=on))
        held = case.application.household.entitlements.filter(program__code__in=STATUS_PROGRAMS).exists()
        result.check(
            "not_already_assisted",
            "未享受低保、低收入或特困待遇",
            not held,
            "已享受相关待遇" if held else "未享受相关待遇",
        )
        result.check(
            "income_below_resident_average",
            "人均月收入低于上年度居民人均可支配收入",
            pc_income < resident,
            f"人均月收入 {pc_income} 元，上年度居民月人均可支配收入 {plain(resident)} 元",
        )
        net = (
            _d(figures, "income_counted") - _d(figures, "medical_expense") - _d(figures, "education_expense")
        ) / max(members, 1)
        result.check(
            "net_income_below_dibao_standard",
            "扣除医疗、教育支出后人均月收入低于低保标准",
            net < standard,
            f"扣除后人均月收入 {money(net)} 元，低保标准 {plain(standard)} 元",
        )
        result.check(
            "assets_within_limit",
            "人均财产不超过低收入财产标准",
            pc_assets <= limit,
            f"人均财产 {pc_assets} 元，上限 {plain(limit)} 元",
        )
        if result.eligible:
            result.monthly_amount = money(min(standard * members, standard * members - net * members))
    return result


def qualifies_for_low_income_after_dibao_denial(case, *, on: dt.date) -> bool:
    """Denied dibao on income alone, with income under the low-income line."""
    figures = case.verified_figures or household_figures(case.application)
    pc_income = _d(figures, "per_capita_income")
    standard = parameter("dibao.standard", on=on).value
    multiplier = parameter("low_income.multiplier", on=on).value
    return standard <= pc_income < money(standard * multiplier)
