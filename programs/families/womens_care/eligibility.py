"""The rules of 困难重症妇女关爱 on a household's facts (S000 §(十三)).

The woman named on the form: female, local hukou, a gynaecological or breast serious illness,
its onset (the diagnosis) in the campaign's year, and a family in hardship — holding dibao,
low-income, 特困 or 支出型 status, or a per-capita income under the low-income line.

The campaign (元旦春节帮困送温暖) is a dated parameter: `women_care.amount` (the help per woman)
rows take effect on each campaign's start day; no row in force, no campaign. "Onset this year"
(当年发病) is a diagnosis in the calendar year of the day the case is assessed.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from programs.assessment import Assessment, money
from programs.facts import HouseholdFacts, facts_for_case
from programs.parameters import MissingParameter, parameter, plain
from programs.trace import in_each_language

GYNAECOLOGICAL = ("cervical", "ovarian", "endometrial", "other_gynaecological")
BREAST = ("breast",)
ILLNESSES = (
    ("cervical", _("宫颈癌")),
    ("ovarian", _("卵巢癌")),
    ("endometrial", _("子宫内膜癌")),
    ("other_gynaecological", _("其他妇科重症")),
    ("breast", _("乳腺癌")),
    ("other", _("其他疾病")),
)
HARDSHIP_STATUSES = ("dibao", "low_income", "extreme_poverty", "rigid_expense")


def assess(case, *, on: dt.date) -> Assessment:
    return assess_facts(case.program.code, facts_for_case(case, on=on))


def campaign(on: dt.date):
    """The campaign in force on `on` (its help per woman; its start day gives its year)."""
    return parameter("women_care.amount", on=on)


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def assess_facts(code: str, facts: HouseholdFacts) -> Assessment:
    """The rules of `women_critical_illness` on a household's facts (a case's or the screener's)."""
    result = Assessment(figures=facts.figures)
    answers = facts.answers if isinstance(facts.answers, dict) else {}
    name = answers.get("member") if isinstance(answers.get("member"), str) else ""
    woman = next((m for m in facts.members if name and m.name == name), None)
    if woman is None and facts.screening:
        # Before applying, the woman is any female member the family typed.
        woman = next((m for m in facts.members if m.sex == "F"), None)
    if woman is None:
        result.check("member_named", _("关爱对象为本家庭成员"), False, _("未填写或家庭成员中没有该成员"))
    else:
        result.check(
            "female",
            _("关爱对象为女性"),
            woman.sex == "F",
            _("%(name)s，女性") if woman.sex == "F" else _("%(name)s为男性，本项目仅面向女性"),
            name=woman.name,
        )
    result.check(
        "local_hukou",
        _("本市户籍"),
        facts.local_hukou,
        _("户籍在本市") if facts.local_hukou else _("户籍不在本市"),
    )
    illness = answers.get("illness") if isinstance(answers.get("illness"), str) else ""
    labels = dict(ILLNESSES)
    if illness in GYNAECOLOGICAL or illness in BREAST:
        result.check(
            "illness_kind",
            _("患妇科或乳腺重症"),
            True,
            _("病种：%(illness)s"),
            illness=in_each_language(lambda: str(labels[illness])),
        )
    elif illness:
        result.check(
            "illness_kind",
            _("患妇科或乳腺重症"),
            False,
            _("病种：%(illness)s，不属于妇科、乳腺重症"),
            illness=in_each_language(lambda: str(labels.get(illness, illness))),
        )
    else:
        result.check("illness_kind", _("患妇科或乳腺重症"), False, _("未填写病种"))
    try:
        current = campaign(facts.on)
    except MissingParameter:
        current = None
    diagnosed = _date(answers.get("diagnosed_on"))
    if current is None:
        result.check("campaign_open", _("当年关爱活动已开展"), False, _("当前没有开展中的关爱活动"))
    else:
        result.use(current)
        year = facts.on.year
        if diagnosed is None:
            result.check("onset_this_year", _("当年发病"), False, _("未填写确诊日期"))
        else:
            result.check(
                "onset_this_year",
                _("当年发病"),
                diagnosed.year == year,
                _("%(day)s确诊，属%(year)s年发病")
                if diagnosed.year == year
                else _("%(day)s确诊，不属%(year)s年发病"),
                day=diagnosed.isoformat(),
                year=year,
            )
    _hardship(facts, result)
    if result.eligible and current is not None:
        result.monthly_amount = money(current.value)  # the campaign's one-off help per woman
    return result


def _hardship(facts: HouseholdFacts, result: Assessment) -> None:
    held = [code for code in HARDSHIP_STATUSES if code in facts.statuses]
    if held:
        result.check("hardship", _("家庭生活困难"), True, _("家庭享受社会救助待遇"))
        return
    standard = result.use(parameter("dibao.standard", on=facts.on))
    multiplier = result.use(parameter("low_income.multiplier", on=facts.on))
    line = money(standard * multiplier)
    per_capita = facts.figure("per_capita_income")
    result.check(
        "hardship",
        _("家庭生活困难"),
        per_capita < line,
        _("家庭人均月收入 %(income)s 元，低收入标准 %(line)s 元"),
        income=plain(per_capita),
        line=plain(line),
    )
