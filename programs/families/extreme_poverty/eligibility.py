"""特困人员认定 (N3 特困人员认定办法, 民发〔2021〕43号) as rules on a household's facts.

Every member must have no capacity to work (N3 第六条), no means of living (第七条: income under
the dibao standard, pensions not counted, and the property rule), and no support obligor able to
support them (第五条第三项, 第九条). The six-item self-care assessment (第五章) sets each
member's care level and the care supplement. The same rules serve the screener (facts typed
before applying) and the case (programs.facts.facts_for_case plus the street's records).
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from intake.models import Person
from programs.assessment import Assessment, money
from programs.facts import HouseholdFacts, MemberFacts, facts_for_case
from programs.parameters import parameter, plain
from programs.trace import in_each_language

from .models import CareLevel, ObligorStatus
from .questions import obligor_parsed

# N3 (2021) 第六条第三项: the disability grades that mean no capacity to work, by kind. Hearing,
# speech and multiple disabilities are not listed (a province may add them: 第六条第四项).
INCAPACITY_GRADES = {
    Person.DisabilityKind.INTELLECTUAL: ("1", "2", "3"),
    Person.DisabilityKind.MENTAL: ("1", "2", "3"),
    Person.DisabilityKind.PHYSICAL: ("1", "2"),
    Person.DisabilityKind.VISUAL: ("1",),
}
# 第九条第四项: 重度残疾人 (grade 1–2 of any kind) and grade 3 intellectual or mental disability.
SEVERE_GRADES = ("1", "2")
GRADE3_KINDS = (Person.DisabilityKind.INTELLECTUAL, Person.DisabilityKind.MENTAL)
# 民法典第十七条: under 18 is a minor, who owes no one support (第一千零六十七条, 第一千零七十五条).
ADULT_AGE = 18
UNABLE_STATUSES = (ObligorStatus.NO_CIVIL_CAPACITY, ObligorStatus.MISSING, ObligorStatus.IMPRISONED)

CARE_PARAMETERS = {
    CareLevel.PARTIAL: "extreme_poverty.care.partial",
    CareLevel.FULL: "extreme_poverty.care.full",
}


def assess(case, *, on: dt.date) -> Assessment:
    return assess_facts(case.program.code, case_facts(case, on=on))


def recorded_obligors(case) -> list[dict]:
    """The obligors the rules read: the investigator's records once the street has recorded any
    (they correct the form), else those declared on the form."""
    if (case.details or {}).get("obligors_recorded"):
        return [o.as_answer() for o in case.support_obligors.order_by("id")]
    return list(((case.details or {}).get("form") or {}).get("obligors") or [])


def recorded_self_care(case) -> dict:
    """Member id → {"level", "unable"} of the street's self-care assessments."""
    return {
        str(a.person_id): {"level": a.level, "unable": a.unable_count}
        for a in case.self_care_assessments.all()
    }


def case_facts(case, *, on: dt.date) -> HouseholdFacts:
    """A case's facts with what the street recorded (obligors, self-care) among the answers."""
    answers = dict((case.details or {}).get("form") or {})
    answers["obligors"] = recorded_obligors(case)
    answers["self_care"] = recorded_self_care(case)
    return facts_for_case(case, on=on, answers=answers)


def assess_facts(code: str, facts: HouseholdFacts) -> Assessment:
    result = Assessment(figures=facts.figures)
    _work_capacity(facts, result)
    _means_of_living(facts, result)
    _obligors(facts, result)
    levels = _self_care(facts, result)
    if result.eligible:
        support = result.use(parameter("extreme_poverty.standard", on=facts.on))
        care = {level: result.use(parameter(key, on=facts.on)) for level, key in CARE_PARAMETERS.items()}
        result.monthly_amount = money(
            sum((support + care.get(levels.get(m.key), Decimal("0")) for m in facts.members), Decimal("0"))
        )
    return result


def _kind_grade(kind: str, grade: str):
    kind_label = dict(Person.DisabilityKind.choices).get(kind) if kind else _("残疾（类别未填）")
    grade_label = dict(Person.Disability.choices).get(grade, grade)
    return in_each_language(lambda: f"{kind_label}{grade_label}")


def _incapacity(member: MemberFacts, *, elder: int, minor: int):
    """(no capacity to work?, the reason in each language)."""
    if member.age >= elder:
        return True, in_each_language(lambda: _("%(age)s周岁以上的老年人") % {"age": elder})
    if member.age < minor:
        return True, in_each_language(lambda: _("未满%(age)s周岁的未成年人") % {"age": minor})
    if member.disabled:
        what = _kind_grade(member.disability_kind, member.disability_grade)
        if member.disability_grade in INCAPACITY_GRADES.get(member.disability_kind, ()):
            return True, in_each_language(lambda: _("%(what)s，属于所列残疾等级") % {"what": _pick(what)})
        return False, in_each_language(
            lambda: (
                _("%(what)s，不属于所列残疾等级（智力、精神残疾一至三级，肢体残疾一至二级，视力残疾一级）")
                % {"what": _pick(what)}
            )
        )
    return False, in_each_language(lambda: _("不是老年人、未成年人或所列等级的残疾人"))


def _pick(texts: dict) -> str:
    """The text of a figure (a dict by language) in the language being rendered."""
    from django.conf import settings
    from django.utils.translation import get_language

    language = get_language() or settings.LANGUAGE_CODE
    return next((t for code, t in texts.items() if language.startswith(code.split("-")[0])), "")


def _work_capacity(facts: HouseholdFacts, result: Assessment) -> None:
    elder = int(result.use(parameter("extreme_poverty.elder_age", on=facts.on)))
    minor = int(result.use(parameter("extreme_poverty.minor_age", on=facts.on)))
    for member in facts.members:
        unable, why = _incapacity(member, elder=elder, minor=minor)
        result.check(
            "no_work_capacity",
            _("无劳动能力"),
            unable,
            _("%(name)s：%(age)s周岁，%(reason)s"),
            name=member.name,
            age=member.age,
            reason=why,
        )


def _means_of_living(facts: HouseholdFacts, result: Assessment) -> None:
    """第七条: income under the dibao standard (pensions not counted) and the property rule."""
    standard = result.use(parameter("dibao.standard", on=facts.on))
    limit = result.use(parameter("dibao.asset_limit", on=facts.on))
    counted = facts.figure("income_counted")
    pension = sum((m.income("pension") for m in facts.members), Decimal("0"))
    considered = max(counted - pension, Decimal("0"))
    per_capita = money(considered / max(facts.size, 1))
    result.check(
        "no_income",
        _("无生活来源：人均月收入低于最低生活保障标准（养老金不计入）"),
        per_capita < standard,
        _(
            "计算收入 %(counted)s 元，其中养老金 %(pension)s 元不计入，计入收入 %(considered)s 元，"
            "人均月收入 %(income)s 元；低保标准 %(standard)s 元"
        ),
        counted=money(counted),
        pension=money(pension),
        considered=money(considered),
        income=per_capita,
        standard=plain(standard),
    )
    assets = facts.figure("per_capita_assets")
    result.check(
        "assets_within_limit",
        _("财产符合特困人员财产状况规定"),
        assets <= limit,
        _("人均财产 %(assets)s 元，上限 %(limit)s 元"),
        assets=money(assets),
        limit=plain(limit),
    )


def _duty(relation: str):
    """赡养 (a child or grandchild of the applicant), 抚养 (a parent or grandparent), else 扶养."""
    if relation in (Person.Relation.CHILD, Person.Relation.GRANDCHILD):
        return _("赡养")
    if relation in (Person.Relation.PARENT, Person.Relation.GRANDPARENT):
        return _("抚养")
    return _("扶养")


def obligor_verdict(
    obligor: dict, *, dibao_age: int, elder_age: int, resident: Decimal, asset_limit: Decimal
):
    """(unable to support?, the ground as a function giving it in the current language) for one
    obligor, by N3 (2021) 第九条 in order."""
    age, income = obligor["age"], Decimal(obligor["monthly_income"])
    assets = None if obligor["assets"] is None else Decimal(obligor["assets"])
    assets_ok = assets is not None and assets <= asset_limit
    low_income = income < resident
    grade, kind, status = obligor["disability_grade"], obligor["disability_kind"], obligor["status"]
    severe = grade in SEVERE_GRADES or (grade == "3" and kind in GRADE3_KINDS)
    duty = _duty(obligor["relation"])
    if age < ADULT_AGE:
        return True, lambda: _("未成年人，不负赡养、扶养义务（民法典）")
    if status == ObligorStatus.EXTREME_POVERTY:
        return True, lambda: _("本人为特困人员（第九条第一项）")
    if status == ObligorStatus.DIBAO and age >= dibao_age:
        return True, lambda: _("%(age)s周岁以上的最低生活保障对象（第九条第二项）") % {"age": dibao_age}
    if age >= elder_age and low_income and assets_ok:
        return (
            True,
            lambda: (
                _("%(age)s周岁以上，本人收入低于上年人均可支配收入且财产符合规定（第九条第三项）")
                % {"age": elder_age}
            ),
        )
    if severe and low_income and assets_ok:
        return True, lambda: _(
            "重度残疾或三级智力、精神残疾，本人收入低于上年人均可支配收入且财产符合规定（第九条第四项）"
        )
    if status in UNABLE_STATUSES and assets_ok:
        return (
            True,
            lambda: _("%(status)s，且财产符合规定（第九条第五项）") % {"status": ObligorStatus(status).label},
        )
    near = age >= elder_age or severe or status in UNABLE_STATUSES
    if near and assets is None:
        return False, lambda: _("有%(duty)s能力（财产情况未核实）") % {"duty": duty}
    if near:
        return False, lambda: _("有%(duty)s能力（本人收入或财产超过规定）") % {"duty": duty}
    return False, lambda: _("有%(duty)s能力") % {"duty": duty}


def _obligors(facts: HouseholdFacts, result: Assessment) -> None:
    """第五条第三项: no obligor, or none able to support (第九条), each obligor's verdict traced."""
    obligors = facts.answers.get("obligors") or []
    if not isinstance(obligors, list):  # a screener's malformed answer: one unreadable obligor
        obligors = [obligors]
    if not obligors:
        result.check(
            "no_obligor",
            _("无法定赡养、抚养、扶养义务人"),
            True,
            _("未登记法定赡养、抚养、扶养义务人"),
        )
        return
    on = facts.on
    rules = {
        "dibao_age": int(result.use(parameter("extreme_poverty.obligor_dibao_age", on=on))),
        "elder_age": int(result.use(parameter("extreme_poverty.obligor_elder_age", on=on))),
        "resident": result.use(parameter("rigid_expense.resident_income", on=on)),
        "asset_limit": result.use(parameter("low_income.asset_limit", on=on)),
    }
    relations = dict(Person.Relation.choices)
    for index, raw in enumerate(obligors, start=1):
        obligor = obligor_parsed(raw)
        if obligor is None:
            result.check(
                "obligor_unable",
                _("法定义务人无履行义务能力"),
                False,
                _("第%(n)s位义务人信息不完整，无法判断是否有履行义务能力"),
                n=index,
            )
            continue
        unable, ground = obligor_verdict(obligor, **rules)
        result.check(
            "obligor_unable",
            _("法定义务人无履行义务能力"),
            unable,
            _("%(name)s（%(relation)s，%(age)s岁，月收入 %(income)s 元）%(verdict)s"),
            name=obligor["name"],
            relation=in_each_language(lambda r=obligor["relation"]: relations.get(r, r)),
            age=obligor["age"],
            income=plain(Decimal(obligor["monthly_income"])),
            verdict=in_each_language(ground),
        )


def _self_care(facts: HouseholdFacts, result: Assessment) -> dict:
    """Each member's care level from the six-item assessment (N3 第五章); not a condition."""
    recorded = facts.answers.get("self_care")
    recorded = recorded if isinstance(recorded, dict) else {}
    levels = {}
    for member in facts.members:
        entry = recorded.get(member.key)
        if not isinstance(entry, dict) or entry.get("level") not in CareLevel.values:
            result.check(
                "self_care",
                _("生活自理能力"),
                True,
                _("%(name)s：待入户调查时评估"),
                name=member.name,
            )
            continue
        level = entry["level"]
        levels[member.key] = level
        result.check(
            "self_care",
            _("生活自理能力"),
            True,
            _("%(name)s：%(level)s（6项指标中 %(n)s 项不能达到）"),
            name=member.name,
            level=in_each_language(lambda v=level: CareLevel(v).label),
            n=entry.get("unable", 0),
        )
    return levels
