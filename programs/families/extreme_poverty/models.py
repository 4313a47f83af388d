"""What the street records for a 特困 case: the support obligors and the self-care assessment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.models import Person

OBLIGOR_RELATIONS = [(value, label) for value, label in Person.Relation.choices if value != "self"]


class ObligorStatus(models.TextChoices):
    """What the investigation found about an obligor, as N3 (2021) 第九条 asks."""

    NONE = "none", _("无特殊情形")
    EXTREME_POVERTY = "extreme_poverty", _("特困人员")
    DIBAO = "dibao", _("最低生活保障对象")
    LOW_INCOME = "low_income", _("低收入（低保边缘）对象")
    NO_CIVIL_CAPACITY = "no_civil_capacity", _("无民事行为能力")
    MISSING = "missing", _("被宣告失踪")
    IMPRISONED = "imprisoned", _("在监狱服刑")


class SupportObligor(models.Model):
    """法定赡养、抚养、扶养义务人 — a person outside the application who owes the applicant
    support. Declared on the form; the street's investigator records, corrects or removes them."""

    case = models.ForeignKey(
        "programs.ProgramCase", on_delete=models.CASCADE, related_name="support_obligors"
    )
    name = models.CharField(_("姓名"), max_length=50)
    relation = models.CharField(_("与申请人关系"), max_length=16, choices=OBLIGOR_RELATIONS)
    age = models.PositiveSmallIntegerField(_("年龄（周岁）"))
    monthly_income = models.DecimalField(_("月收入（元）"), max_digits=12, decimal_places=2, default=0)
    # None: not known; the N3 §9 tests that need the property rule then cannot be met.
    assets = models.DecimalField(_("本人财产（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    disability_grade = models.CharField(
        _("残疾等级"), max_length=4, choices=Person.Disability.choices, default=Person.Disability.NONE
    )
    disability_kind = models.CharField(
        _("残疾类别"), max_length=16, choices=Person.DisabilityKind.choices, blank=True, default=""
    )
    status = models.CharField(_("特殊情形"), max_length=20, choices=ObligorStatus.choices, default="none")
    note = models.CharField(_("备注"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("法定义务人")
        verbose_name_plural = _("法定义务人")
        ordering = ["case_id", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "name"], name="one_obligor_per_name_per_case")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.name} ({self.relation})"

    def as_answer(self) -> dict:
        """The obligor in the shape of the form's answer (what the rules read)."""
        return {
            "name": self.name,
            "relation": self.relation,
            "age": self.age,
            "monthly_income": str(self.monthly_income),
            "assets": None if self.assets is None else str(self.assets),
            "disability_grade": self.disability_grade,
            "disability_kind": self.disability_kind,
            "status": self.status,
            "note": self.note,
        }


class CareLevel(models.TextChoices):
    """N3 (2021) 第五章 生活自理能力评估: the number of the six items a person cannot do."""

    SELF_CARE = "self_care", _("具备生活自理能力（全自理）")
    PARTIAL = "partial", _("部分丧失生活自理能力（部分失能）")
    FULL = "full", _("完全丧失生活自理能力（完全失能）")


# The six items, in N3's order: (field, label of "cannot do it").
SELF_CARE_ITEMS = (
    ("eating", _("不能自主吃饭")),
    ("dressing", _("不能自主穿衣")),
    ("transferring", _("不能自主上下床")),
    ("toileting", _("不能自主如厕")),
    ("walking", _("不能室内自主行走")),
    ("bathing", _("不能自主洗澡")),
)
# N3: all six met → self-care; 3 or fewer not met → partial; 4 or more not met → full.
PARTIAL_FROM, FULL_FROM = 1, 4


def care_level(unable: int) -> str:
    if unable >= FULL_FROM:
        return CareLevel.FULL
    if unable >= PARTIAL_FROM:
        return CareLevel.PARTIAL
    return CareLevel.SELF_CARE


class SelfCareAssessment(models.Model):
    """生活自理能力评估 of one member, by the street's investigator (on the county's behalf)."""

    case = models.ForeignKey(
        "programs.ProgramCase", on_delete=models.CASCADE, related_name="self_care_assessments"
    )
    person = models.ForeignKey("intake.Person", on_delete=models.CASCADE, related_name="+")
    # True = the person cannot do it on their own.
    eating = models.BooleanField(_("不能自主吃饭"), default=False)
    dressing = models.BooleanField(_("不能自主穿衣"), default=False)
    transferring = models.BooleanField(_("不能自主上下床"), default=False)
    toileting = models.BooleanField(_("不能自主如厕"), default=False)
    walking = models.BooleanField(_("不能室内自主行走"), default=False)
    bathing = models.BooleanField(_("不能自主洗澡"), default=False)
    level = models.CharField(_("生活自理能力"), max_length=10, choices=CareLevel.choices)
    note = models.CharField(_("评估说明"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("评估时间"), auto_now=True)

    class Meta:
        verbose_name = _("生活自理能力评估")
        verbose_name_plural = _("生活自理能力评估")
        ordering = ["case_id", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="one_self_care_assessment_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.person_id} {self.level}"

    @property
    def unable_count(self) -> int:
        return sum(bool(getattr(self, name)) for name, _label in SELF_CARE_ITEMS)


# The family's proxy model loads with the app's models; the family registers in apps.ready().
from .workflow import ExtremePovertyCase  # noqa: E402, F401
