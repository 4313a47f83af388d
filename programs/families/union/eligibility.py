"""The rules of 工会困难职工帮扶 on a household's facts (S000 §(十二)).

The member named on the form belongs to the household; a grassroots union and the employer are
named; the family is in hardship: it holds dibao, low-income, 特困 or 支出型 status, or its
per-capita monthly income (verified once the economic check is done, else declared) is under
the union's hardship line (`union.hardship_line_multiplier` × the dibao standard, unconfirmed).
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from programs.assessment import Assessment, money
from programs.facts import HouseholdFacts, facts_for_case
from programs.parameters import parameter, plain
from programs.trace import in_each_language

HARDSHIP_STATUSES = ("dibao", "low_income", "extreme_poverty", "rigid_expense")


def assess(case, *, on: dt.date) -> Assessment:
    return assess_facts(case.program.code, facts_for_case(case, on=on))


def assess_facts(code: str, facts: HouseholdFacts) -> Assessment:
    result = Assessment(figures=facts.figures)
    answers = facts.answers if isinstance(facts.answers, dict) else {}
    name = answers.get("member") if isinstance(answers.get("member"), str) else ""
    member = next((m for m in facts.members if name and m.name == name), None)
    if member is None and facts.screening:
        member = next((m for m in facts.members if m.employment in ("employed", "flexible")), None)
    if member is None:
        result.check("member_named", _("困难职工为本家庭成员"), False, _("未填写或家庭成员中没有该成员"))
    else:
        result.check("member_named", _("困难职工为本家庭成员"), True, _("%(name)s"), name=member.name)
    union = answers.get("grassroots_union")
    if facts.screening and not union:
        result.check("union_member", _("为工会会员并由基层工会申报"), True, _("申请时填写所在基层工会"))
    else:
        result.check(
            "union_member",
            _("为工会会员并由基层工会申报"),
            bool(union) and bool(answers.get("employer")),
            _("已填写工作单位和基层工会") if union else _("未填写所在基层工会"),
        )
    held = [code for code in HARDSHIP_STATUSES if code in facts.statuses]
    if held:
        result.check("hardship", _("家庭生活困难"), True, _("家庭享受社会救助待遇"))
        return result
    standard = result.use(parameter("dibao.standard", on=facts.on))
    multiplier = result.use(parameter("union.hardship_line_multiplier", on=facts.on))
    line = money(standard * multiplier)
    per_capita = facts.figure("per_capita_income")
    result.check(
        "hardship",
        _("家庭生活困难"),
        per_capita < line,
        _("家庭人均月收入 %(income)s 元（%(source)s），困难职工认定标准 %(line)s 元"),
        income=plain(per_capita),
        source=in_each_language(lambda: str(_("经核对") if facts.verified else _("申报"))),
        line=plain(line),
    )
    return result
