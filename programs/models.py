"""The catalogue of items, effective-dated policy parameters, and one ProgramCase per item."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from accounts.models import LocalizedNameMixin

from .lifecycle import FINAL_STATES, Lifecycle, SharedState
from .registry import FAMILIES, family_choices, state_choices, state_label


class ExemptSource(models.TextChoices):
    """Where the system fetches a material it does not ask for (两个免于提交)."""

    E_CERTIFICATE = "e_certificate", _("电子证照库")
    GOVERNMENT_DATA = "government_data", _("政府部门共享数据")


class Material(LocalizedNameMixin, models.Model):
    """A supporting material (申请材料), listed once on the merged checklist (一次告知)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("材料名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # 两个免于提交 (S000): a material a government department issued, or that exists as an electronic
    # certificate, is fetched by the system from this source instead of asked of the applicant.
    exempt_source = models.CharField(
        _("免于提交（调取来源）"), max_length=20, choices=ExemptSource.choices, blank=True
    )
    # The online consent (授权与声明) stands for this material: e.g. the economic-check authorisation.
    covered_by_consent = models.BooleanField(_("在线同意即视为提供"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


def _in_language(chinese: str, english: str) -> str:
    """The LocalizedNameMixin rule for any pair of columns: English when asked for and recorded."""
    from django.utils.translation import get_language

    if chinese and english and (get_language() or "").startswith("en"):
        return english
    return chinese


class Program(LocalizedNameMixin, models.Model):
    """One assistance item (sub-item) in the catalogue."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150)
    # The name a status goes by in a sentence ("家庭享受低保待遇"); blank = the full name.
    short_name = models.CharField(_("简称"), max_length=20, blank=True)
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT, related_name="programs")
    # The workflow family (programs/families/<family>/) that runs this item.
    family = models.CharField(_("办理流程"), max_length=30, choices=family_choices)
    apply_at = models.CharField(_("办理地点"), max_length=200)
    apply_at_en = models.CharField(_("办理地点（英文）"), max_length=300, blank=True)
    precondition_text = models.CharField(_("前置条件"), max_length=300, blank=True)
    precondition_text_en = models.CharField(_("前置条件（英文）"), max_length=400, blank=True)
    # Status codes (program codes) of which the household must hold one; empty = none needed.
    requires_status = models.JSONField(default=list, blank=True)
    # An approval of this item gives the household a status (低保, 低收入, 特困, 支出型) that other
    # items may require (requires_status) or that waives a check (legal aid, N8 §42).
    grants_status = models.BooleanField(_("授予救助身份"), default=False)
    materials = models.ManyToManyField(Material, related_name="programs", blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("救助事项")
        verbose_name_plural = _("救助事项")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def status_name(self) -> str:
        return self.short_name or self.name

    @property
    def display_apply_at(self) -> str:
        """Where to apply, in English when the page is in English and a translation is recorded."""
        return _in_language(self.apply_at, self.apply_at_en)

    @property
    def display_precondition_text(self) -> str:
        return _in_language(self.precondition_text, self.precondition_text_en)

    @property
    def is_open(self) -> bool:
        """Items whose workflow is not built yet are shown as "opening soon", never faked."""
        return self.family in FAMILIES


class PolicyParameter(models.Model):
    """An effective-dated policy figure: standards, multipliers, deadlines."""

    class Unit(models.TextChoices):
        YUAN = "yuan", _("元/人/月")
        RATIO = "ratio", _("倍数/比例")
        WORKING_DAYS = "working_days", _("工作日")
        CALENDAR_DAYS = "calendar_days", _("自然日")
        MONTHS = "months", _("月")
        YEARS = "years", _("年")
        YUAN_ONCE = "yuan_once", _("元/人（一次性）")

    key = models.CharField(_("参数"), max_length=60)
    name = models.CharField(_("名称"), max_length=100)
    value = models.DecimalField(_("数值"), max_digits=12, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=16, choices=Unit.choices)
    effective_from = models.DateField(_("生效日期"))
    source = models.CharField(_("依据"), max_length=200, blank=True)
    confirmed = models.BooleanField(
        _("已核实"),
        default=True,
        help_text=_("未找到原始依据的参数标记为未核实，请尽快核对。"),
    )

    class Meta:
        verbose_name = _("政策参数")
        verbose_name_plural = _("政策参数")
        ordering = ["key", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="parameter_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.key}={format(self.value, 'f')} ({self.effective_from})"


class ProgramCase(ConcurrentTransitionMixin, Lifecycle, models.Model):
    """One application × one item, driven by its family's state machine.

    Each family is a proxy model of this one (programs/families/<family>/workflow.py) with its
    own transitions; `programs.registry.as_family(case)` gives a case its family's class.
    """

    application = models.ForeignKey("intake.Application", on_delete=models.CASCADE, related_name="cases")
    # The application's household, kept here so that the database can refuse a second live case
    # of the same item for one household (one_live_case_per_household_item).
    household = models.ForeignKey(
        "intake.Household", on_delete=models.CASCADE, related_name="cases", null=True, blank=True
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cases")
    state = FSMField(_("状态"), default=SharedState.NEW, choices=state_choices, protected=True, db_index=True)
    opened_automatically = models.BooleanField(_("系统自动开启"), default=False)
    waiting_for = models.JSONField(_("等待的前置事项"), default=list, blank=True)
    # The figures the economic verification (核对) confirmed; the decision reads these.
    verified_figures = models.JSONField(default=dict, blank=True)
    eligibility_trace = models.JSONField(default=list, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    policy_figures = models.JSONField(_("适用政策参数"), default=dict, blank=True)
    monthly_amount = models.DecimalField(
        _("月救助金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # A one-off amount granted by the deciding department (education, medical aid).
    granted_amount = models.DecimalField(
        _("核定救助金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    publicity_ends_on = models.DateField(_("公示截止日期"), null=True, blank=True)
    # Facts a family records along its steps (e.g. the legal matter, the assigned lawyer).
    details = models.JSONField(_("办理信息"), default=dict, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The office and department of the deciding step: the issuer of the notice.
    decided_office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("事项办理")
        verbose_name_plural = _("事项办理")
        ordering = ["application_id", "program__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["application", "program"], name="one_case_per_item"),
            models.UniqueConstraint(
                fields=["household", "program"],
                condition=~models.Q(state__in=["approved", "denied", "precondition_not_met"]),
                name="one_live_case_per_household_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.program.code} · {self.state}"

    @property
    def is_decided(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def state_label(self) -> str:
        from .registry import family_of

        return family_of(self).state_label(self.state)


class CaseTransition(models.Model):
    """A history row per transition: who, when, from, to, why."""

    case = models.ForeignKey(ProgramCase, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=40)
    source = models.CharField(max_length=30)
    target = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.source} → {self.target}"

    def get_target_label(self) -> str:
        return state_label(self.target)


class Entitlement(models.Model):
    """What a household receives after an approval, for as long as it receives it (一体管理).

    A status item (低保, 低收入, 特困, 支出型: `program.grants_status`) is what serial items wait
    for and rely on; every other approved item is an entitlement too (its amount, its end), and
    records the statuses it relied on (`relies_on`) so that ending one re-evaluates it
    (monitoring.services.entitlement_end). Every change is an EntitlementChange row with its
    reason and the decision behind it.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("享受中")
        GRADUAL_EXIT = "gradual_exit", _("渐退期")
        SUSPENDED = "suspended", _("暂停发放")
        ENDING = "ending", _("终止公示中")
        ENDED = "ended", _("已终止")
        REVOKED = "revoked", _("已撤销")

    class AmountKind(models.TextChoices):
        MONTHLY = "monthly", _("按月发放")
        ONCE = "once", _("一次性")
        NONE = "", _("非现金救助")

    household = models.ForeignKey("intake.Household", on_delete=models.CASCADE, related_name="entitlements")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("起始日期"))
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)
    source_case = models.OneToOneField(
        ProgramCase, on_delete=models.SET_NULL, null=True, blank=True, related_name="entitlement"
    )
    # The first day paid (特困: the first of the month after confirmation, N3).
    payment_from = models.DateField(_("发放起始日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    amount_kind = models.CharField(
        _("发放方式"), max_length=10, choices=AmountKind.choices, default=AmountKind.NONE, blank=True
    )
    # The statuses this entitlement relied on when it was granted (医疗救助 on 低保, …).
    relies_on = models.ManyToManyField(
        "self", symmetrical=False, related_name="supports", blank=True, verbose_name=_("依托的救助身份")
    )
    # Re-check cycle in months (S002) and the next re-check's due day; empty = none scheduled.
    recheck_months = models.PositiveSmallIntegerField(_("复核周期（月）"), null=True, blank=True)
    next_recheck_on = models.DateField(_("下次复核日期"), null=True, blank=True, db_index=True)
    # 远程签到 (seed 004): confirms each month online instead of signing in at the office.
    remote_checkin = models.BooleanField(_("远程签到"), default=False)
    ended_reason = models.TextField(_("终止理由"), blank=True)

    class Meta:
        verbose_name = _("救助资格")
        verbose_name_plural = _("救助资格")
        indexes = [models.Index(fields=["household", "program"])]

    def __str__(self) -> str:
        return f"{self.household_id} {self.program.code}"

    LIVE_STATUSES = (Status.ACTIVE, Status.GRADUAL_EXIT, Status.SUSPENDED, Status.ENDING)
    PAID_STATUSES = (Status.ACTIVE, Status.GRADUAL_EXIT, Status.ENDING)

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    def is_active_on(self, day: dt.date) -> bool:
        if self.status == self.Status.REVOKED:
            return False
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class ApprovalLevel(models.Model):
    """Who decides an item for the households of an office (seed 004: 审批权限下放), effective-dated.

    With no row the district decides (N2). Under delegation the street's approver decides, the
    whole-procedure limit is the delegated one (N2: 20 working days) and the district checks
    `sample_share` of the street's decisions afterwards (抽查). A row for a district covers its
    streets; a street's own row wins. Changing the setting is an admin edit, kept as a new row.
    """

    class Level(models.TextChoices):
        DISTRICT = "district", _("区（县）民政部门审批")
        STREET = "street", _("街道（乡镇）审批（委托下放）")

    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="approval_levels", verbose_name=_("机构")
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="approval_levels", verbose_name=_("事项")
    )
    level = models.CharField(_("审批层级"), max_length=10, choices=Level.choices)
    sample_share = models.DecimalField(
        _("区级抽查比例"),
        max_digits=4,
        decimal_places=2,
        default=0,
        help_text=_("街道审批时，区级事后抽查的决定比例（0至1，例如 0.10 即 10%）。"),
    )
    effective_from = models.DateField(_("生效日期"))
    source = models.CharField(_("依据"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审批层级设置")
        verbose_name_plural = _("审批层级设置")
        ordering = ["office__path", "program__sort_order", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "program", "effective_from"], name="one_approval_level_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(sample_share__gte=0) & models.Q(sample_share__lte=1),
                name="approval_sample_share_is_a_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} · {self.program.code} · {self.level} ({self.effective_from})"


class Commission(models.Model):
    """人户分离 (S003, SH1): the hukou street commissions the residence street to do the home
    investigation, neighbour visits, democratic evaluation and 公示, and to report back; the hukou
    street decides and pays. One per case, opened when the case starts."""

    case = models.OneToOneField(ProgramCase, on_delete=models.CASCADE, related_name="commission")
    from_office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("委托方（户籍地街道）")
    )
    to_office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("受托方（居住地街道）")
    )
    tasks = models.JSONField(_("委托事项"), default=list)
    commissioned_on = models.DateField(_("委托日期"))
    report = models.TextField(_("受托方报告"), blank=True)
    neighbours_visited = models.BooleanField(_("已走访邻里"), default=False)
    democratic_evaluation = models.TextField(_("民主评议情况"), blank=True)
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("人户分离委托")
        verbose_name_plural = _("人户分离委托")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_office_id} → {self.to_office_id}"


class _Tally(models.Model):
    """A signed count of cases under one key (programs.tally): the case engine appends a row per
    change, never updates one, so no two transactions wait on a tally; compaction folds the rows
    of each key into one."""

    hukou_office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+")
    residence_office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+")
    # The office the item's form names (the incident street, the grassroots union), if any.
    form_office = models.ForeignKey(
        "accounts.Office", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey("accounts.Department", on_delete=models.CASCADE, related_name="+")
    n = models.IntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.hukou_office_id}/{self.residence_office_id}/{self.form_office_id} {self.department_id}: {self.n:+d}"


class StateTally(_Tally):
    """How many cases are in a state, by where the household is and the deciding department."""

    state = models.CharField(max_length=30)

    class Meta:
        verbose_name = _("办理状态统计")
        verbose_name_plural = _("办理状态统计")


class DecisionTally(_Tally):
    """How many cases were decided so many working days after submission (the medians)."""

    days = models.IntegerField()

    class Meta:
        verbose_name = _("办理用时统计")
        verbose_name_plural = _("办理用时统计")


# Every family folder defines its proxy model of ProgramCase; load them with the app's models.
from .registry import autodiscover  # noqa: E402

autodiscover()
