"""Conditions more than one item tests, written once: each records itself in the trace with its
figures and reads its parameter on the facts' day (e.g. 支出型 and 临时救助 支出型 both test the
household's income against last year's resident income and its assets against the low-income
limit)."""

from django.utils.translation import gettext_lazy as _

from .assessment import Assessment
from .facts import HouseholdFacts
from .parameters import parameter, plain


def income_below_resident_average(result: Assessment, facts: HouseholdFacts) -> bool:
    resident = result.use(parameter("rigid_expense.resident_income", on=facts.on))
    income = facts.figure("per_capita_income")
    return result.check(
        "income_below_resident_average",
        _("人均月收入低于上年度居民人均可支配收入"),
        income < resident,
        _("人均月收入 %(income)s 元，上年度居民月人均可支配收入 %(resident)s 元"),
        income=income,
        resident=plain(resident),
    )


def assets_within_low_income_limit(result: Assessment, facts: HouseholdFacts) -> bool:
    limit = result.use(parameter("low_income.asset_limit", on=facts.on))
    assets = facts.figure("per_capita_assets")
    return result.check(
        "assets_within_limit",
        _("人均财产不超过低收入财产标准"),
        assets <= limit,
        _("人均财产 %(assets)s 元，上限 %(limit)s 元"),
        assets=assets,
        limit=plain(limit),
    )
