"""The household, its members and their money, and the one application (the case)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from .private_storage import material_file_name, private_storage

MAX_MONTHLY_AMOUNT = Decimal("1000000")
MAX_ASSET_AMOUNT = Decimal("100000000")


class Household(models.Model):
    """A family that applies together (在本市共同生活的家庭成员)."""

    hukou_office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="hukou_households",
        verbose_name=_("户籍地（居委会）"),
        help_text=_("户籍地 — the household-registration place; it decides and pays."),
    )
    residence_office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="residence_households",
        verbose_name=_("居住地（居委会）"),
    )
    address = models.CharField(_("居住地址"), max_length=200)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("申请人账户"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the retention job (intake/retention.py) once the household and its members are anonymised.
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("家庭")
        verbose_name_plural = _("家庭")

    def __str__(self) -> str:
        head = self.members.filter(relation=Person.Relation.SELF).first()
        return str(_("%(name)s家庭") % {"name": head.name if head else self.pk})

    @property
    def is_separated(self) -> bool:
        """人户分离: the hukou place and the residence differ."""
        return self.hukou_office_id != self.residence_office_id


class Person(models.Model):
    class Relation(models.TextChoices):
        SELF = "self", _("本人")
        SPOUSE = "spouse", _("配偶")
        CHILD = "child", _("子女")
        PARENT = "parent", _("父母")
        GRANDCHILD = "grandchild", _("孙子女")
        GRANDPARENT = "grandparent", _("祖父母")
        SIBLING = "sibling", _("兄弟姐妹")
        OTHER = "other", _("其他")

    class Sex(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class Disability(models.TextChoices):
        NONE = "none", _("无")
        GRADE1 = "1", _("一级")
        GRADE2 = "2", _("二级")
        GRADE3 = "3", _("三级")
        GRADE4 = "4", _("四级")

    class DisabilityKind(models.TextChoices):
        NONE = "", _("（未填）")
        PHYSICAL = "physical", _("肢体残疾")
        INTELLECTUAL = "intellectual", _("智力残疾")
        MENTAL = "mental", _("精神残疾")
        VISUAL = "visual", _("视力残疾")
        HEARING = "hearing", _("听力残疾")
        SPEECH = "speech", _("言语残疾")
        MULTIPLE = "multiple", _("多重残疾")

    class Employment(models.TextChoices):
        EMPLOYED = "employed", _("在职")
        FLEXIBLE = "flexible", _("灵活就业")
        UNEMPLOYED = "unemployed", _("失业")
        RETIRED = "retired", _("退休")
        STUDENT = "student", _("在校学生")
        UNABLE = "unable", _("无劳动能力")
        CHILD = "child", _("学龄前儿童")

    class SchoolStage(models.TextChoices):
        NONE = "none", _("不在学")
        PRESCHOOL = "preschool", _("学前教育")
        COMPULSORY = "compulsory", _("义务教育")
        HIGHSCHOOL = "highschool", _("普通高中")
        VOCATIONAL = "vocational", _("中等职业教育")
        SPECIAL = "special", _("特殊教育")
        HIGHER = "higher", _("高等教育")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    id_number_encrypted = models.TextField(editable=False)
    id_number_index = models.CharField(max_length=64, db_index=True, editable=False)
    id_number_masked = models.CharField(_("身份证号码"), max_length=18, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, editable=False)
    relation = models.CharField(_("与申请人关系"), max_length=16, choices=Relation.choices)
    disability_grade = models.CharField(
        _("残疾等级"), max_length=4, choices=Disability.choices, default=Disability.NONE
    )
    # The kind on the disability certificate: grade 3 qualifies for 重残无业 only when intellectual.
    disability_kind = models.CharField(
        _("残疾类别"), max_length=16, choices=DisabilityKind.choices, blank=True, default=""
    )
    employment_status = models.CharField(_("就业状况"), max_length=16, choices=Employment.choices)
    school_stage = models.CharField(
        _("就学阶段"), max_length=16, choices=SchoolStage.choices, default=SchoolStage.NONE
    )
    # Children of one birth (三胞胎及以上) carry the same number; empty for everyone else.
    birth_group = models.PositiveSmallIntegerField(_("同胞多胞胎组"), null=True, blank=True)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["household_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "id_number_index"], name="person_unique_in_household"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.id_number_masked})"

    def age_on(self, day) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class FinancialEntry(models.Model):
    """One declared amount for one member on one application: income, asset or rigid expense."""

    class Category(models.TextChoices):
        INCOME = "income", _("月收入")
        ASSET = "asset", _("家庭财产")
        EXPENSE = "expense", _("刚性支出（月）")

    class Kind(models.TextChoices):
        WAGES = "wages", _("工资性收入")
        BUSINESS = "business", _("经营性收入")
        PENSION = "pension", _("养老金")
        PROPERTY_INCOME = "property_income", _("财产性收入")
        TRANSFER = "transfer", _("赡养费及其他转移性收入")
        DEPOSITS = "deposits", _("存款及理财")
        VEHICLE = "vehicle", _("机动车辆")
        REAL_ESTATE = "real_estate", _("非自住房产")
        MEDICAL = "medical", _("自负医疗费用")
        EDUCATION = "education", _("教育费用")
        OTHER = "other", _("其他")

    application = models.ForeignKey(
        "intake.Application", on_delete=models.CASCADE, related_name="financial_entries"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="financial_entries")
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    kind = models.CharField(_("项目"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("金额（元）"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_ASSET_AMOUNT)],
    )

    class Meta:
        verbose_name = _("收入、财产与支出")
        verbose_name_plural = _("收入、财产与支出")
        ordering = ["application_id", "person_id", "category", "kind"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.category}:{self.kind} {self.amount}"


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    COUNTER = "counter", _("窗口申请")


class Acceptance(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    RETURNED = "returned", _("退回补正")
    ACCEPTED = "accepted", _("已受理")


class Application(models.Model):
    """The one case (一件事): one form, any number of requested items."""

    reference = models.CharField(_("受理编号"), max_length=32, unique=True, null=True, blank=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="applications")
    channel = models.CharField(_("申请渠道"), max_length=10, choices=Channel.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="submitted_applications",
        verbose_name=_("提交人"),
    )
    applicant = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申请人"),
    )
    members = models.ManyToManyField(Person, related_name="applications", verbose_name=_("共同生活家庭成员"))
    # The offices as submitted: a later application of the same household never moves this one
    # (a move is an explicit, audited change: `application_offices_change`).
    hukou_office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="hukou_applications",
        verbose_name=_("户籍地（居委会）"),
    )
    residence_office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="residence_applications",
        verbose_name=_("居住地（居委会）"),
    )
    # 全市通办: the community centre where a clerk keyed the application in, anywhere in the city.
    intake_office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_applications",
        verbose_name=_("受理窗口"),
    )
    delegated = models.BooleanField(_("委托代办"), default=False)
    delegate_name = models.CharField(_("代办人姓名"), max_length=50, blank=True)
    delegate_relation = models.CharField(_("代办人与申请人关系"), max_length=50, blank=True)
    consent_economic_check = models.BooleanField(_("同意核对家庭经济状况"), default=False)
    opt_in_low_income = models.BooleanField(
        _("低保未获批准时申请低收入家庭认定"),
        default=True,
    )
    note = models.TextField(_("情况说明"), blank=True)
    acceptance = FSMField(
        _("受理状态"), default=Acceptance.SUBMITTED, choices=Acceptance.choices, protected=True
    )
    return_count = models.PositiveSmallIntegerField(default=0, editable=False)
    return_reason = models.TextField(_("补正说明"), blank=True)
    missing_materials = models.JSONField(_("需补正材料"), default=list, blank=True)
    # 补正期限: the day the returned materials are due (deadline.supplement working days after the return).
    return_due_date = models.DateField(_("补正期限"), null=True, blank=True)
    return_due_provisional = models.BooleanField(default=False, editable=False)
    # 减材料 (S000 −40 %): the chosen items' lists added up (before merging and exemption), and
    # what was asked of the applicant (merged, less the exempt and consent-covered materials).
    materials_listed_total = models.PositiveSmallIntegerField(
        _("各事项所列材料合计"), null=True, blank=True, editable=False
    )
    materials_asked = models.PositiveSmallIntegerField(
        _("需申请人提交的材料"), null=True, blank=True, editable=False
    )
    idempotency_key = models.CharField(max_length=80, editable=False)
    request_fingerprint = models.CharField(max_length=64, editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set by the retention job (intake/retention.py): its personal text and files are gone.
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("申请")
        verbose_name_plural = _("申请")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"], name="application_idempotency"
            ),
        ]
        # The dashboard's overdue procedures read the oldest accepted first and stop at a page.
        indexes = [models.Index(fields=["accepted_at"], name="application_by_acceptance")]

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"

    @property
    def is_separated(self) -> bool:
        """人户分离 on this application: the hukou place and the residence differ."""
        return self.hukou_office_id != self.residence_office_id

    # 一口受理: the clerk accepts the whole application, or returns it once (一次性告知).
    @transition(field=acceptance, source=Acceptance.SUBMITTED, target=Acceptance.ACCEPTED)
    def accept(self) -> None:
        pass

    @transition(
        field=acceptance,
        source=Acceptance.SUBMITTED,
        target=Acceptance.RETURNED,
        conditions=[lambda a: a.return_count == 0],
    )
    def return_for_materials(self) -> None:
        self.return_count += 1

    @transition(field=acceptance, source=Acceptance.RETURNED, target=Acceptance.SUBMITTED)
    def resubmit(self) -> None:
        pass


class ApplicationMaterial(models.Model):
    """A material on the merged checklist, as provided (or not yet) for this application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey("programs.Material", on_delete=models.PROTECT, related_name="+")
    # Provided: declared by the applicant, uploaded, fetched (exempt), covered by the consent, or
    # found present by the clerk at acceptance. Not provided = still needed (还需提交).
    provided = models.BooleanField(_("已提供"), default=False)
    # Copied from the catalogue at submission: how this application came to need no paper for it.
    exempt_source = models.CharField(_("免于提交（调取来源）"), max_length=20, blank=True)
    from_consent = models.BooleanField(_("以在线同意代替"), default=False)
    file = models.FileField(
        _("文件"), storage=private_storage, upload_to=material_file_name, blank=True, max_length=120
    )
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=40, blank=True)
    size = models.PositiveIntegerField(_("文件大小（字节）"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # 带到窗口: the applicant will bring it to this centre instead of uploading it.
    bring_to_office = models.ForeignKey(
        "accounts.Office", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bring_chosen_at = models.DateTimeField(_("选择带到窗口的时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        constraints = [
            models.UniqueConstraint(fields=["application", "material"], name="material_once_per_application")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.material_id} {'✓' if self.provided else '✗'}"

    @property
    def exempt_source_label(self) -> str:
        from programs.models import ExemptSource

        return str(dict(ExemptSource.choices).get(self.exempt_source, self.exempt_source))


class Draft(models.Model):
    """A server-side draft of the unified form, saved at every step so nothing typed is lost."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    data = models.JSONField(default=dict)
    step = models.CharField(max_length=20, default="household")
    idempotency_key = models.CharField(max_length=80)
    submitted_application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("申请草稿")
        verbose_name_plural = _("申请草稿")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"draft {self.pk} ({self.owner_id}, {self.step})"
