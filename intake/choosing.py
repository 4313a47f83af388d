"""The items step: the catalogue grouped by need, each item explained in one line, with the
education item that fits each member's school stage pointed out.

Presentation only: which items exist, their departments and families stay in the catalogue.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from programs.families.education.eligibility import STAGE_OF_ITEM

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


@dataclass
class NeedGroup:
    code: str
    label: str
    open: list[Choice] = field(default_factory=list)
    soon: list[Choice] = field(default_factory=list)


def item_groups(programs, members: list[dict]) -> list[NeedGroup]:
    """The programs grouped by need; items not open yet are kept apart, after the open ones."""
    stages = dict(Person.SchoolStage.choices)
    groups = {code: NeedGroup(code, label) for code, label in NEEDS}
    for program in programs:
        need, line = GUIDE.get(program.code, ("other", ""))
        fits = [
            f"{m.get('name') or _('未填写姓名')}（{stages.get(m.get('school_stage'), '')}）"
            for m in members
            if isinstance(m, dict) and m.get("school_stage") in FITS_STAGE.get(program.code, ())
        ]
        choice = Choice(program, line, fits)
        (groups[need].open if program.is_open else groups[need].soon).append(choice)
    for group in groups.values():
        group.open.sort(key=lambda choice: not choice.fits)  # what fits a member first; stable otherwise
    return [g for g in groups.values() if g.open or g.soon]
