"""临时救助 conditions with a readable trace, and the cap of one episode (SH1).

急难型: a sudden, urgent, temporary hardship (fire, traffic accident, sudden serious illness,
disaster), told on the form. 支出型: a spending shock, with per-capita income below last year's
city average and assets within the low-income property rule. The amount is one-off (no monthly
amount): at most the dibao standard × household members × `temporary_assistance.max_months`.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.assessment import Assessment, money
from programs.conditions import assets_within_low_income_limit, income_below_resident_average
from programs.facts import HouseholdFacts, facts_for_case
from programs.parameters import parameter, plain
from programs.trace import in_each_language


class Kind(models.TextChoices):
    EMERGENCY = "emergency", _("急难型")
    EXPENSE = "expense", _("支出型")


@dataclass
class TemporaryAssessment(Assessment):
    """An Assessment that also carries the episode's cap and the limits in force."""

    cap: Decimal = Decimal("0")
    street_limit: Decimal = Decimal("0")
    advance_limit: Decimal = Decimal("0")


def assess(case, *, on: dt.date) -> TemporaryAssessment:
    return assess_facts(case.program.code, facts_for_case(case, on=on))


def assess_facts(code: str, facts: HouseholdFacts) -> TemporaryAssessment:
    """The rules on a household's facts (a case's, or the screener's); `code` is temporary_assistance."""
    result = TemporaryAssessment(figures=facts.figures)
    # On the screener the answers are what was typed, unchecked: anything that is not a choice
    # counts as not given.
    answers = facts.answers if isinstance(facts.answers, dict) else {}
    kind = answers.get("kind") if isinstance(answers.get("kind"), str) else None
    description = answers.get("description")
    described = isinstance(description, str) and bool(description.strip())
    if kind in Kind.values:
        result.check(
            "hardship_kind",
            _("属于临时救助的困难类型"),
            True,
            _("类型：%(kind)s"),
            kind=in_each_language(lambda: Kind(kind).label),
        )
    else:
        result.check("hardship_kind", _("属于临时救助的困难类型"), False, _("未选择急难型或支出型"))
    if kind == Kind.EXPENSE:
        result.check(
            "spending_shock",
            _("因突发刚性支出导致基本生活暂时困难"),
            described,
            _("已说明支出情况") if described else _("未说明支出情况"),
        )
        _expense_means(facts, result)
    else:
        result.check(
            "sudden_hardship",
            _("遭遇突发性、紧迫性、临时性困难"),
            described,
            _("已说明急难情况") if described else _("未说明急难情况"),
        )
    _cap(facts, result)
    return result


def _expense_means(facts: HouseholdFacts, result: TemporaryAssessment) -> None:
    """支出型: the same income and property tests as 支出型贫困家庭 (programs.conditions)."""
    income_below_resident_average(result, facts)
    assets_within_low_income_limit(result, facts)


def _cap(facts: HouseholdFacts, result: TemporaryAssessment) -> None:
    """SH1: ≤ the dibao standard × household members × at most `max_months` months per episode."""
    on = facts.on
    standard = result.use(parameter("dibao.standard", on=on))
    months = result.use(parameter("temporary_assistance.max_months", on=on))
    result.street_limit = result.use(parameter("temporary_assistance.street_limit", on=on))
    result.advance_limit = result.use(parameter("temporary_assistance.advance_limit", on=on))
    members = facts.size
    result.cap = money(standard * members * months)
    result.check(
        "amount_cap",
        _("救助金额上限（每次）"),
        members > 0,
        _("低保标准 %(standard)s 元 × 家庭人数 %(members)s 人 × %(months)s 个月 = %(cap)s 元"),
        standard=plain(standard),
        members=members,
        months=plain(months),
        cap=result.cap,
    )


def cap_explained(assessment: TemporaryAssessment) -> dict:
    """The figures of the cap, for messages: {cap, standard, members, months}."""
    step = next(s for s in assessment.trace if s["rule"] == "amount_cap")
    return dict(step["params"])
