"""The rules of the social-insurance subsidy for 就业困难人员 on a household's facts.

Recognition (S000 §(六)): the member named on the form, with local hukou, of legal working age
(16 to the legal retirement date), able and willing to work, in actual unemployment for 6 months
or more (from `unemployed_since` to the start of flexible employment, or to the day assessed),
in one category; membership of a dibao or low-income family counts only while the household
holds that status (an existing entitlement, or this application's decision: routing waits for
it when it is the only category claimed).

Subsidy: flexibly employed and paying contributions; each month 50 % of the contributions due
on the lower contribution base (pension + medical rates); for at most 36 months in total, or to
the retirement date when fewer than 5 years remain to it.
"""

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.assessment import Assessment, money
from programs.facts import HouseholdFacts, facts_for_case
from programs.parameters import parameter
from programs.trace import in_each_language

STATUS_CATEGORY = "dibao_low_income"
STATUSES = ("dibao", "low_income")
WORKING_AGE_FROM = 16
UNEMPLOYED_MONTHS = 6


class Category(models.TextChoices):
    OLDER_UNEMPLOYED = "older_unemployed", _("大龄失业人员")
    XIEBAO = "xiebao", _("协保人员")
    LANDLESS_FARMER = "landless_farmer", _("离土农民")
    ZERO_EMPLOYMENT = "zero_employment", _("零就业家庭成员")
    DIBAO_LOW_INCOME = STATUS_CATEGORY, _("低收入困难家庭成员或享受最低生活保障家庭成员")
    DISABLED = "disabled", _("中度及以上残疾、部分丧失劳动能力的人员或一户多残家庭成员")
    LAND_EXPROPRIATED = "land_expropriated", _("大龄或领取生活费补贴期满的被征地人员")
    YOUTH_LONG_UNEMPLOYED = "youth_long_unemployed", _("35岁以下长期失业青年")
    RELEASED_REHAB = "released_rehab", _("刑满释放、戒毒康复等有特殊困难的人员")


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return dt.date(year, month, min(day.day, last[month - 1]))


def _months_since(birth: dt.date, year: int) -> int:
    return (birth.year - year) * 12 + birth.month - 1


def retirement_date(birth: dt.date, *, female: bool, female_base_age: int = 50) -> dt.date:
    """The legal retirement date under the NPC Standing Committee's decision of 2024-09-13
    (gradual from 2025-01-01): men from 60, one month later per 4 months of birth from January
    1965, up to 63; women from 50, one month per 2 months from January 1975, up to 55; women
    from 55, one month per 4 months from January 1970, up to 58."""
    if not female:
        base, since, every, cap = 60, 1965, 4, 36
    elif female_base_age == 55:
        base, since, every, cap = 55, 1970, 4, 36
    else:
        base, since, every, cap = 50, 1975, 2, 60
    months = _months_since(birth, since)
    delay = min(cap, months // every + 1) if months >= 0 else 0
    return add_months(add_months(birth, base * 12), delay)


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def claimed(answers: dict) -> list[str]:
    values = answers.get("categories") if isinstance(answers, dict) else None
    return [c for c in values if c in Category.values] if isinstance(values, list) else []


def required_statuses(case) -> list[str]:
    """Family.requires_status: wait for dibao / low-income only when that is the only category."""
    return list(STATUSES) if claimed((case.details or {}).get("form") or {}) == [STATUS_CATEGORY] else []


def applicable(category: str, facts: HouseholdFacts) -> bool:
    """A claimed category applies: the street verifies the others; 低保/低收入 needs the status."""
    if category == STATUS_CATEGORY:
        return bool(set(STATUSES) & (set(facts.statuses) | set(facts.likely_statuses)))
    return category in Category.values


def assess(case, *, on: dt.date, stage: str = "subsidy", birth: dt.date | None = None) -> Assessment:
    facts = facts_for_case(case, on=on)
    if birth is None:
        person = _person(case)
        birth = person.birth_date if person is not None else None
    return assess_facts(case.program.code, facts, stage=stage, birth=birth)


def _person(case):
    name = ((case.details or {}).get("form") or {}).get("member")
    return case.application.members.filter(name=name).first() if name else None


def assess_facts(
    code: str, facts: HouseholdFacts, *, stage: str = "subsidy", birth: dt.date | None = None
) -> Assessment:
    """The rules on a household's facts; stage "recognition" stops before the subsidy's own."""
    result = Assessment(figures=facts.figures)
    answers = facts.answers if isinstance(facts.answers, dict) else {}
    name = answers.get("member") if isinstance(answers.get("member"), str) else ""
    person = next((m for m in facts.members if name and m.name == name), None)
    if person is None and facts.screening:
        person = next(
            (
                m
                for m in facts.members
                if m.employment in ("unemployed", "flexible") and m.age >= WORKING_AGE_FROM
            ),
            None,
        )
    if person is None:
        result.check("member_named", _("申请人为本家庭成员"), False, _("未填写或家庭成员中没有该成员"))
        return result
    result.check(
        "local_hukou",
        _("本市户籍"),
        facts.local_hukou,
        _("户籍在本市") if facts.local_hukou else _("户籍不在本市"),
    )
    female = person.sex == "F"
    birth = birth or dt.date(facts.on.year - person.age, facts.on.month, min(facts.on.day, 28))
    female_base = int(parameter("employment.female_retirement_base_age", on=facts.on).value)
    retires = retirement_date(birth, female=female, female_base_age=female_base)
    result.check(
        "working_age",
        _("处于法定劳动年龄段"),
        person.age >= WORKING_AGE_FROM and facts.on < retires,
        _("%(name)s %(age)s 周岁，法定退休日期 %(retires)s"),
        name=person.name,
        age=person.age,
        retires=retires.isoformat(),
    )
    unemployed_since = _date(answers.get("unemployed_since"))
    flexible_since = _date(answers.get("flexible_employment_since"))
    until = flexible_since or facts.on
    if unemployed_since is None:
        unemployed = person.employment in ("unemployed", "flexible") if facts.screening else False
        result.check(
            "unemployed_six_months",
            _("连续处于实际失业状态6个月以上"),
            unemployed,
            _("未填写失业起始日期"),
        )
    else:
        enough = add_months(unemployed_since, UNEMPLOYED_MONTHS) <= until
        result.check(
            "unemployed_six_months",
            _("连续处于实际失业状态6个月以上"),
            enough,
            _("自 %(since)s 起失业，至 %(until)s"),
            since=unemployed_since.isoformat(),
            until=until.isoformat(),
        )
    willing = answers.get("willing_to_work")
    result.check(
        "willing_to_work",
        _("有劳动能力和就业愿望"),
        willing is not False,
        _("有就业愿望") if willing is not False else _("未表示有就业愿望"),
    )
    categories = claimed(answers)
    labels = dict(Category.choices)
    applying = [c for c in categories if applicable(c, facts)]
    if not categories and facts.screening:
        applying = [STATUS_CATEGORY] if applicable(STATUS_CATEGORY, facts) else []
    result.check(
        "category",
        _("属于就业困难人员认定类别"),
        bool(applying),
        _("符合类别：%(names)s")
        if applying
        else _("所选类别均不符合（低保或低收入家庭成员须家庭享受相应待遇）"),
        names=in_each_language(lambda: "、".join(str(labels[c]) for c in applying) or "—"),
    )
    if stage == "recognition":
        return result
    flexible = flexible_since is not None or (facts.screening and person.employment == "flexible")
    result.check(
        "flexibly_employed",
        _("实现灵活就业并缴纳社会保险费"),
        flexible,
        _("自 %(since)s 起灵活就业")
        if flexible_since
        else (_("已灵活就业") if flexible else _("尚未灵活就业")),
        since=flexible_since.isoformat() if flexible_since else "",
    )
    used = int(answers.get("months_already_subsidised") or 0)
    max_months = int(result.use(parameter("employment.max_months", on=facts.on)))
    result.check(
        "months_left",
        _("补贴期限未用完"),
        used < max_months,
        _("已享受 %(used)s 个月，累计最长 %(max)s 个月"),
        used=used,
        max=max_months,
    )
    result.monthly_amount = monthly_amount(result, on=facts.on) if result.eligible else None
    return result


def monthly_amount(result: Assessment, *, on: dt.date) -> Decimal:
    """50 % × the lower contribution base × (pension + medical rates)."""
    share = result.use(parameter("employment.subsidy_share", on=on))
    base = result.use(parameter("employment.contribution_base_lower", on=on))
    pension = result.use(parameter("employment.pension_rate", on=on))
    medical = result.use(parameter("employment.medical_rate", on=on))
    return money(share * base * (pension + medical))


def subsidy_period(*, start: dt.date, birth: dt.date, female: bool, months_used: int, on: dt.date) -> dict:
    """From `start` (the first of the decision month): the months left of the 36, or to the
    retirement date when fewer than 5 years remain to it at the start."""
    max_months = int(parameter("employment.max_months", on=on).value)
    extend_years = int(parameter("employment.extend_years_to_retirement", on=on).value)
    female_base = int(parameter("employment.female_retirement_base_age", on=on).value)
    retires = retirement_date(birth, female=female, female_base_age=female_base)
    if retires < add_months(start, extend_years * 12):
        until = retires - dt.timedelta(days=1)
        extended = True
    else:
        until = add_months(start, max_months - months_used) - dt.timedelta(days=1)
        extended = False
    months = (until.year - start.year) * 12 + until.month - start.month + 1
    return {
        "from": start.isoformat(),
        "until": until.isoformat(),
        "months": months,
        "extended_to_retirement": extended,
        "retirement_date": retires.isoformat(),
    }
