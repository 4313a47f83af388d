"""What every family's eligibility rules share: the household's figures, the statuses it holds,
and an Assessment that records each condition with its figures (the trace) and the policy
parameter values in force, so a decision can be explained and reproduced later.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from intake.models import FinancialEntry, Person

from .parameters import ParameterValue, parameter

CENT = Decimal("0.01")
EARNED = {FinancialEntry.Kind.WAGES, FinancialEntry.Kind.BUSINESS}
WORKING = {Person.Employment.EMPLOYED, Person.Employment.FLEXIBLE}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def household_figures(application) -> dict:
    """The household's declared monthly figures for one application (strings, for JSON)."""
    members = list(application.members.all())
    entries = list(application.financial_entries.select_related("person"))
    exemption = parameter("dibao.employment_exemption", on=timezone.localdate(application.submitted_at)).value
    income = assets = medical = education = Decimal("0")
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


def statuses_held(household, *, on: dt.date) -> dict:
    """Program code → the entitlement that gives the household that status on `on`."""
    from .models import Entitlement

    held = {}
    for entitlement in Entitlement.objects.filter(household=household).select_related("program"):
        if entitlement.is_active_on(on):
            held.setdefault(entitlement.program.code, entitlement)
    return held


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
        self.trace.append({"rule": rule, "label": str(label), "passed": bool(passed), "detail": str(detail)})
        return passed
