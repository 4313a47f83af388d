"""The rules of 重残无业 and 三胞胎以上 on a household's facts, with the trace and the amount.

重残无业 (S000 §(四)): a local-hukou member aged 16 or over with a disability certificate of
grade 1 or 2 (any kind) or grade 3 intellectual, who cannot earn by work (not employed, not
flexibly employed), qualifies; one drawing a pension below the standard too. Each qualifying
member gets the standard, or the standard less the pension drawn; the household's case sums them.
A pension at or above the standard leaves nothing to pay: that member does not qualify.

三胞胎以上 (S000 §(五)): a local-hukou family with three or more children of one birth who live
with it (members of the application), its annual per-capita disposable income below last year's
city figure. One subsidy object (one share a month) for triplets, one more per further child of
that birth (children − 2). The objects are chosen among the children who are under 16 or, from 16,
in full-time education up to undergraduate: shares = min(children − 2, qualifying children), so
the subsidy ends when no child qualifies.
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intake.models import Person
from programs.assessment import WORKING, Assessment, money
from programs.facts import HouseholdFacts, MemberFacts, facts_for_case
from programs.parameters import parameter, plain
from programs.trace import in_each_language

ADULT_AGE = 16  # S000 §(四) "16 周岁以上（含 16 周岁）", §(五) "不满十六周岁"
SEVERE_GRADES = ("1", "2")  # any kind
GRADE_THREE_KINDS = (Person.DisabilityKind.INTELLECTUAL,)  # 三级智力残疾
CHILDREN_BEFORE_FIRST_SHARE = 2  # triplets → 1 share, quadruplets → 2, …

# Rules whose params carry the basis of the amount (read back by the notice).
RECIPIENTS_RULE = "subsidy_recipients"
SHARES_RULE = "subsidy_shares"


def assess(case, *, on: dt.date) -> Assessment:
    """Assess a case on its members as submitted and the parameters in force on `on`."""
    return assess_facts(case.program.code, facts_for_case(case, on=on))


def assess_facts(code: str, facts: HouseholdFacts) -> Assessment:
    """The rules of item `code` on a household's facts (a case's, or the screener's)."""
    result = Assessment(figures=facts.figures)
    rule = RULES.get(code)
    if rule is not None:
        rule(facts, result)
    return result


def basis(trace, rule: str) -> dict:
    """The figures of the amount's basis as recorded in a trace (e.g. the number of shares)."""
    step = next((s for s in trace or [] if s.get("rule") == rule), None)
    return dict(step.get("params") or {}) if step else {}


def _label(choices, value: str) -> dict:
    """A choice's label in every language (a trace figure that is itself words)."""
    return in_each_language(lambda: str(dict(choices).get(value, value or "—")))


def _separator() -> str:
    return "、" if (get_language() or "").startswith("zh") else ", "


def _joined(render_each) -> dict:
    """A list of words in every language, joined the way the language joins them."""
    return in_each_language(lambda: _separator().join(str(part) for part in render_each()) or "—")


def _check_local_hukou(facts: HouseholdFacts, result: Assessment, label) -> None:
    result.check(
        "local_hukou",
        label,
        facts.local_hukou,
        _("户籍在本市") if facts.local_hukou else _("户籍不在本市"),
    )


# --- 重残无业人员生活补助 ---------------------------------------------------------------------


def _severe_conditions(member: MemberFacts, standard: Decimal) -> list[tuple]:
    """One member's four conditions: (rule, label, passed, detail, params)."""
    pension = member.income("pension")
    grade_ok = member.disability_grade in SEVERE_GRADES or (
        member.disability_grade == "3" and member.disability_kind in GRADE_THREE_KINDS
    )
    return [
        (
            "age_16_or_over",
            _("年满16周岁"),
            member.age >= ADULT_AGE,
            _("%(name)s：%(age)s 周岁"),
            {"name": member.name, "age": member.age},
        ),
        (
            "severe_disability_grade",
            _("持一级、二级残疾人证，或三级智力残疾人证"),
            grade_ok,
            _("%(name)s：残疾等级 %(grade)s，残疾类别 %(kind)s"),
            {
                "name": member.name,
                "grade": _label(Person.Disability.choices, member.disability_grade),
                "kind": _label(Person.DisabilityKind.choices, member.disability_kind),
            },
        ),
        (
            "not_employed",
            _("无业，不能通过劳动获取经济收入"),
            member.employment not in WORKING,
            _("%(name)s：就业状况 %(employment)s"),
            {"name": member.name, "employment": _label(Person.Employment.choices, member.employment)},
        ),
        (
            "pension_below_standard",
            _("未领取养老金，或领取的养老金低于重残无业人员生活补助标准"),
            pension < standard,
            _("%(name)s：月养老金 %(pension)s 元，补助标准 %(standard)s 元"),
            {"name": member.name, "pension": money(pension), "standard": plain(standard)},
        ),
    ]


def _record(result: Assessment, conditions: list[tuple]) -> None:
    for rule, label, passed, detail, params in conditions:
        result.check(rule, label, passed, detail, **params)


def _severe_disability(facts: HouseholdFacts, result: Assessment) -> None:
    standard = result.use(parameter("severe_disability.standard", on=facts.on))
    _check_local_hukou(facts, result, _("本市户籍"))
    holders = [m for m in facts.members if m.disabled]
    if not holders:
        result.check(
            "holds_disability_certificate",
            _("家庭成员持有残疾人证"),
            False,
            _("申请家庭的 %(n)s 名成员均未填写残疾等级"),
            n=len(facts.members),
        )
        return
    evaluated = [(m, _severe_conditions(m, standard)) for m in holders]
    qualifying = [(m, c) for m, c in evaluated if all(passed for _r, _l, passed, _d, _p in c)]
    if not qualifying:
        # Nobody qualifies: every holder's conditions, so the denial says what each one lacks.
        for _member, conditions in evaluated:
            _record(result, conditions)
        return
    for _member, conditions in qualifying:
        _record(result, conditions)
    counted = {m.key for m, _c in qualifying}
    others = [(m, c) for m, c in evaluated if m.key not in counted]
    if others:
        result.check(
            "other_holders_not_counted",
            _("其他持证成员不符合条件，不计入补助对象"),
            True,
            _("不计入：%(names)s"),
            names=_joined(
                lambda: [
                    _("%(name)s（未符合：%(failed)s）")
                    % {
                        "name": m.name,
                        "failed": _separator().join(str(label) for _r, label, ok, _d, _p in c if not ok),
                    }
                    for m, c in others
                ]
            ),
        )
    amounts = [standard - m.income("pension") for m, _c in qualifying]
    result.monthly_amount = money(sum(amounts, Decimal("0")))
    result.check(
        RECIPIENTS_RULE,
        _("补助对象及金额"),
        True,
        _(
            "补助对象 %(n)s 人（%(names)s），按补助标准 %(standard)s 元扣除已领取的养老金后，"
            "每月合计 %(amount)s 元"
        ),
        n=len(qualifying),
        names=_joined(lambda: [m.name for m, _c in qualifying]),
        standard=plain(standard),
        amount=result.monthly_amount,
    )


# --- 三胞胎以上家庭生活补助 ------------------------------------------------------------------


def _largest_birth(members) -> list[MemberFacts]:
    """The children of the family's largest multiple birth (the smallest group number on a tie)."""
    groups: dict[int, list[MemberFacts]] = {}
    for m in members:
        if m.birth_group is not None:
            groups.setdefault(m.birth_group, []).append(m)
    if not groups:
        return []
    return max(sorted(groups.items()), key=lambda item: len(item[1]))[1]


def _child_qualifies(child: MemberFacts) -> bool:
    return child.age < ADULT_AGE or child.in_full_time_education


def _multiple_birth(facts: HouseholdFacts, result: Assessment) -> None:
    share = result.use(parameter("multiple_birth.share", on=facts.on))
    city = result.use(parameter("multiple_birth.city_income", on=facts.on))
    _check_local_hukou(facts, result, _("本市户籍家庭，子女均系本市户籍"))
    children = _largest_birth(facts.members)
    result.check(
        "triplets_or_more",
        _("生育三胞胎以上（含三胞胎）子女，且在本市共同生活"),
        len(children) >= 3,
        _("同胞多胞胎子女 %(n)s 人（%(names)s），均为申请家庭的共同生活成员")
        if children
        else _("申请家庭成员中没有同胞多胞胎子女"),
        **({"n": len(children), "names": _joined(lambda: [c.name for c in children])} if children else {}),
    )
    qualifying = [c for c in children if _child_qualifies(c)]
    if children:
        result.check(
            "children_age_or_schooling",
            _("子女不满16周岁，或年满16周岁在校接受全日制本科及以下学历教育"),
            bool(qualifying),
            _("符合条件的子女 %(q)s/%(n)s 人：%(list)s"),
            q=len(qualifying),
            n=len(children),
            list=_joined(
                lambda: [
                    _("%(name)s %(age)s 周岁、%(stage)s：%(verdict)s")
                    % {
                        "name": c.name,
                        "age": c.age,
                        "stage": dict(Person.SchoolStage.choices).get(c.school_stage, c.school_stage),
                        "verdict": _("符合") if _child_qualifies(c) else _("不符合"),
                    }
                    for c in children
                ]
            ),
        )
    members = max(facts.size, 1)
    income = facts.figure("income_total")
    # 可支配收入 as declared, before the dibao employment exemption (a dibao rule, not this one's).
    annual = income * 12 / members
    result.check(
        "income_below_city_average",
        _("家庭年人均可支配收入低于上年度本市居民人均可支配收入"),
        annual < city,
        _(
            "家庭年人均可支配收入 %(annual)s 元（月收入合计 %(income)s 元 × 12 ÷ %(members)s 人），"
            "上年度本市居民人均可支配收入 %(city)s 元"
        ),
        annual=money(annual),
        income=money(income),
        members=members,
        city=plain(city),
    )
    if not result.eligible:
        return
    shares = min(len(children) - CHILDREN_BEFORE_FIRST_SHARE, len(qualifying))
    result.monthly_amount = money(share * shares)
    result.check(
        SHARES_RULE,
        _("补助份数及金额"),
        True,
        _(
            "%(shares)s 份（同胞子女 %(n)s 人减 2，且不超过符合条件的子女 %(q)s 人）× 每份 %(share)s 元，"
            "每月 %(amount)s 元"
        ),
        shares=shares,
        n=len(children),
        q=len(qualifying),
        share=plain(share),
        amount=result.monthly_amount,
    )


RULES = {
    "severe_disability": _severe_disability,
    "multiple_birth": _multiple_birth,
}
