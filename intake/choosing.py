"""The items step: the catalogue grouped by need, each item explained in one line, with the
education item that fits each member's school stage pointed out.

Presentation only: which items exist, their departments and families stay in the catalogue.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from programs.families.education.eligibility import STAGE_OF_ITEM
from programs.parameters import MissingParameter
from programs.registry import FAMILIES
from programs.screening import (
    DEPENDS,
    LIKELY,
    NOT_LIKELY,
    ItemResult,
    ScreeningMember,
    screen,
    screening_facts,
)

from .identity import parse_id_number
from .models import Person

# The needs, in the order a family in hardship thinks of them.
NEEDS = (
    ("living", _("基本生活")),
    ("education", _("子女上学")),
    ("medical", _("看病就医")),
    ("housing", _("住房")),
    ("work", _("就业")),
    ("legal", _("法律帮助")),
    ("other", _("其他帮扶")),
)

# code → (need, one line saying whom the item helps).
GUIDE = {
    "dibao": ("living", _("家庭人均收入低于本市低保标准、财产符合规定的，按月发放生活费。")),
    "low_income": ("living", _("收入略高于低保标准（2倍以内）的家庭，可享受医疗、教育等专项救助。")),
    "extreme_poverty": ("living", _("无劳动能力、无生活来源、无法定赡养抚养人的老人、残疾人和未成年人。")),
    "rigid_expense": ("living", _("因看病、上学等刚性支出过大，导致基本生活困难的家庭。")),
    "severe_disability": ("living", _("16周岁以上、无业的重度残疾人，按月发放生活补助。")),
    "multiple_birth": ("living", _("一胎生育三个及以上子女、收入较低的家庭。")),
    "temporary_assistance": ("living", _("遭遇火灾、交通事故、突发重病等急难情况，生活陷入困境。")),
    "edu_preschool": ("education", _("在园幼儿的保育教育费资助。")),
    "edu_compulsory": ("education", _("小学、初中学生的学习生活费用资助。")),
    "edu_highschool_grant": ("education", _("普通高中在校生的国家助学金。")),
    "edu_highschool_aid": ("education", _("普通高中学生的学费等费用资助。")),
    "edu_vocational_grant": ("education", _("中等职业学校在校生的国家助学金。")),
    "edu_vocational_aid": ("education", _("中等职业学校学生的学费等费用资助。")),
    "edu_special_needs": ("education", _("残疾学生接受教育的费用资助。")),
    "medical_insurance_subsidy": ("medical", _("为困难家庭成员代缴或补贴城乡居民医保个人缴费。")),
    "medical_outpatient": ("medical", _("门诊、急诊自负医疗费用的救助。")),
    "medical_inpatient": ("medical", _("住院自负医疗费用的救助。")),
    "low_rent_housing": ("housing", _("住房困难、收入较低的家庭申请租金补贴或实物配租。")),
    "shared_ownership_housing": ("housing", _("住房困难家庭按政府与个人共有产权购买保障房。")),
    "employment_insurance_subsidy": ("work", _("就业困难人员灵活就业后缴纳社会保险的补贴。")),
    "legal_aid": ("legal", _("经济困难、需要打官司或法律咨询的，由法律援助中心指派律师。")),
    "union_hardship": ("other", _("工会会员职工家庭生活困难的帮扶。")),
    "women_critical_illness": ("other", _("患妇科、乳腺重症的困难女性的关爱救助。")),
    "youth_charity": ("other", _("共青团组织的青少年公益帮扶（每年统一排摸）。")),
}

# The education item that fits each school stage (the education family's own rule).
FITS_STAGE = STAGE_OF_ITEM


@dataclass
class Choice:
    program: object
    line: str
    fits: list[str] = field(default_factory=list)  # members (name and stage) the item fits
    screening: ItemResult | None = None  # what the screener says of this item for this household
    outcome: str = ""  # the screener's answer in one line


@dataclass
class NeedGroup:
    code: str
    label: str
    open: list[Choice] = field(default_factory=list)
    soon: list[Choice] = field(default_factory=list)


def item_groups(programs, members: list[dict], screening: dict | None = None) -> list[NeedGroup]:
    """The programs grouped by need; items not open yet are kept apart, after the open ones.
    `screening` (code → ItemResult) adds the screener's answer to each open item."""
    stages = dict(Person.SchoolStage.choices)
    names = {p.code: p.status_name for p in programs}
    screening = screening or {}
    groups = {code: NeedGroup(code, label) for code, label in NEEDS}
    for program in programs:
        need, line = GUIDE.get(program.code, ("other", ""))
        fits = [
            f"{m.get('name') or _('未填写姓名')}（{stages.get(m.get('school_stage'), '')}）"
            for m in members
            if isinstance(m, dict) and m.get("school_stage") in FITS_STAGE.get(program.code, ())
        ]
        result = screening.get(program.code)
        choice = Choice(program, line, fits, result, outcome_line(result, names) if result else "")
        (groups[need].open if program.is_open else groups[need].soon).append(choice)
    for group in groups.values():
        group.open.sort(key=lambda choice: not choice.fits)  # what fits a member first; stable otherwise
    return [g for g in groups.values() if g.open or g.soon]


# --- The screener on the items step: the families' own rules on what the draft holds so far ---


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value or "0").replace(",", "").strip())
    except InvalidOperation:
        return Decimal("0")
    return amount if amount.is_finite() and amount > 0 else Decimal("0")


def _birth_group(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdecimal() and 1 <= int(text) <= 9 else None


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def screening_members(data: dict, *, on: dt.date) -> list[ScreeningMember] | None:
    """The draft's members as the screener takes them: the age from each ID number's birth date,
    and the money typed so far. None until every member's ID number gives a birth date."""
    members = data.get("members") if isinstance(data.get("members"), list) else []
    out = []
    for m in members:
        if not isinstance(m, dict):
            return None
        try:
            facts = parse_id_number(str(m.get("id_number") or ""))
        except ValidationError:
            return None
        grade = str(m.get("disability_grade") or "none")
        out.append(
            ScreeningMember(
                age=_age(facts.birth_date, on),
                relation=str(m.get("relation") or "other"),
                sex=facts.sex,
                disability_grade=grade,
                disability_kind=str(m.get("disability_kind") or "") if grade != "none" else "",
                employment=str(m.get("employment_status") or ""),
                school_stage=str(m.get("school_stage") or "none"),
                birth_group=_birth_group(m.get("birth_group")),
                **{
                    section: {
                        kind: _amount(v)
                        for kind, v in (m.get(section) if isinstance(m.get(section), dict) else {}).items()
                        if _amount(v)
                    }
                    for section in ("incomes", "assets", "expenses")
                },
            )
        )
    return out or None


def money_known(data: dict) -> bool:
    """Whether the household's money has been given (the money step saved, or figures typed)."""
    if data.get("money_known"):
        return True
    members = data.get("members") if isinstance(data.get("members"), list) else []
    return any(
        isinstance(m, dict) and any(m.get(section) for section in ("incomes", "assets", "expenses"))
        for m in members
    )


def screen_draft(data: dict, programs, *, on: dt.date, statuses=()) -> dict[str, ItemResult]:
    """One screener run on the draft (empty until the household is known): code → ItemResult."""
    members = screening_members(data, on=on)
    if members is None:
        return {}
    answers = data.get("item_answers") if isinstance(data.get("item_answers"), dict) else {}
    try:
        facts = screening_facts(members, on=on, statuses=statuses, answers=answers)
    except MissingParameter:  # the figures the rules need are not set (a misconfigured catalogue)
        return {}
    return {r.program.code: r for r in screen(facts, programs=programs)}


def outcome_line(result: ItemResult, names: dict) -> str:
    """可能符合 / 取决于其他事项：低保 / 可能不符合：<the first failed condition, with its figures>."""
    if result.outcome == LIKELY:
        return str(_("可能符合"))
    if result.outcome == DEPENDS:
        depends = "、".join(str(names.get(code, code)) for code in result.depends_on)
        return (
            str(_("取决于其他事项：%(items)s") % {"items": depends}) if depends else str(_("取决于其他事项"))
        )
    # The first failed condition; a serial precondition that this very application may meet
    # (须先获批低保…) is no reason when another condition fails.
    failures = sorted(result.failures, key=lambda step: step.get("rule") == "status_held")
    if result.outcome == NOT_LIKELY and failures:
        return str(
            _("可能不符合：%(reason)s") % {"reason": failures[0].get("detail") or failures[0].get("label")}
        )
    return str(_("可能不符合"))


def screener_ticks(results: dict[str, ItemResult], programs, data: dict) -> set[str]:
    """The items to pre-tick: those the screener finds likely on facts it actually has — an item
    whose family asks for money only once the money is known (with no figures, every household
    would look eligible for a means-tested item), and never an item no rule could check."""
    known = money_known(data)
    family_of = {p.code: p.family for p in programs}
    ticks = set()
    for code, result in results.items():
        family = FAMILIES.get(family_of.get(code, ""))
        checked = bool(result.trace) and not result.note  # some rule actually looked at it
        if result.covered_by:
            continue  # 低收入 / 支出型 when 低保 is likely: covered, not chosen as well
        if family is None or not family.pre_tick:
            continue  # a consent or a membership is the family's to give, never presumed
        if result.outcome == LIKELY and checked and (known or not family.form_needs):
            ticks.add(code)
    return ticks
