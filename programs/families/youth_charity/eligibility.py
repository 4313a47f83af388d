"""Who may be referred to the youth-league campaign: the family consents on the form and names
its young people (under `youth_charity.age_limit`, unconfirmed). Not an application: there is no
means test; the agency and the district league decide whom the year's funds reach."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from programs.assessment import Assessment
from programs.facts import HouseholdFacts, facts_for_case
from programs.parameters import parameter


def assess(case, *, on: dt.date) -> Assessment:
    return assess_facts(case.program.code, facts_for_case(case, on=on))


def assess_facts(code: str, facts: HouseholdFacts) -> Assessment:
    result = Assessment(figures=facts.figures)
    limit = int(result.use(parameter("youth_charity.age_limit", on=facts.on)))
    answers = facts.answers if isinstance(facts.answers, dict) else {}
    names = answers.get("young_members") if isinstance(answers.get("young_members"), list) else []
    young = [m for m in facts.members if m.age < limit and (facts.screening or m.name in names)]
    result.check(
        "young_member",
        _("家中有需要帮扶的青少年"),
        bool(young),
        _("%(n)s 名 %(limit)s 周岁以下青少年") if young else _("没有 %(limit)s 周岁以下的青少年"),
        n=len(young),
        limit=limit,
    )
    consent = facts.screening or answers.get("consent") is True
    result.check(
        "consent",
        _("同意转介给青少年事务社工"),
        consent,
        _("已同意转介") if consent else _("未同意转介"),
    )
    return result
