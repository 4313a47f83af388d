"""What every family's eligibility rules share: the household's figures, the statuses it holds,
and an Assessment that records each condition with its figures (the trace) and the policy
parameter values in force, so a decision can be explained and reproduced later.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models import FinancialEntry, Person

from .parameters import ParameterValue, parameter
from .trace import in_record_language

CENT = Decimal("0.01")
EARNED = {FinancialEntry.Kind.WAGES, FinancialEntry.Kind.BUSINESS}
WORKING = {Person.Employment.EMPLOYED, Person.Employment.FLEXIBLE}


# The household's monthly figures a verification confirms, by key, with their labels (the case
# page's table, the verification form and every message that names one of them).
FIGURE_LABELS = {
    "income_counted": _("计算收入（月，已扣除就业收入豁免）"),
    "per_capita_income": _("人均月收入"),
    "assets_total": _("家庭财产总额"),
    "per_capita_assets": _("人均财产"),
    "medical_expense": _("医疗支出（月）"),
    "education_expense": _("教育支出（月）"),
}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def household_figures(application) -> dict:
    """The household's declared monthly figures for one application (strings, for JSON)."""
    members = list(application.members.all())
    entries = list(application.financial_entries.all())
    return figures_from_entries(
        [(m.pk, m.employment_status) for m in members],
        [(e.person_id, e.category, e.kind, e.amount) for e in entries],
        on=timezone.localdate(application.submitted_at),
    )


def figures_from_entries(members, entries, *, on: dt.date) -> dict:
    """The monthly figures of a household: `members` are (key, employment status) pairs and
    `entries` (member key, category, kind, amount) rows; earned income is exempted up to the
    employment exemption in force on `on` for each working member. The one computation behind
    a case's declared figures and the screener's."""
    employment = dict(members)
    exemption = parameter("dibao.employment_exemption", on=on).value
    income = assets = medical = education = Decimal("0")
    earned_by_person: dict = {}
    for key, category, kind, amount in entries:
        amount = Decimal(amount)
        if category == FinancialEntry.Category.INCOME:
            income += amount
            if kind in EARNED and employment.get(key) in WORKING:
                earned_by_person[key] = earned_by_person.get(key, Decimal("0")) + amount
        elif category == FinancialEntry.Category.ASSET:
            assets += amount
        elif kind == FinancialEntry.Kind.MEDICAL:
            medical += amount
        elif kind == FinancialEntry.Kind.EDUCATION:
            education += amount
    exempted = sum((min(earned, exemption) for earned in earned_by_person.values()), Decimal("0"))
    counted = income - exempted
    n = max(len(employment), 1)
    return {
        "members": len(employment),
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
    from accounts.batch import current_batch

    from .models import Entitlement

    batch = current_batch()
    if batch is not None and batch.is_new(household):
        return {}  # a household the batch writes holds nothing yet
    held = {}
    rows = Entitlement.objects.filter(household=household, program__grants_status=True).select_related(
        "program"
    )
    if batch is not None:  # one read per household for the batch's cases
        key = ("entitlements", household.pk)
        if key not in batch.memo:
            batch.memo[key] = list(rows)
        rows = batch.memo[key]
    for entitlement in rows:
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

    def check(self, rule: str, label, passed: bool, detail, **params) -> bool:
        """Record one condition. `label` and `detail` are translatable (gettext_lazy) wording,
        `detail` with %(name)s placeholders for `params`; the record is kept in Chinese, and the
        wording and figures beside it so that it can be shown in the reader's language."""
        params = {key: value if isinstance(value, dict) else str(value) for key, value in params.items()}
        label_text, template = in_record_language(lambda: (str(label), str(detail)))
        record_params = {
            key: value.get(settings.LANGUAGE_CODE, "") if isinstance(value, dict) else value
            for key, value in params.items()
        }
        self.trace.append(
            {
                "rule": rule,
                "label": label_text,
                "passed": bool(passed),
                "detail": template % record_params if params else template,
                "detail_template": template,
                "params": params,
            }
        )
        return passed
