"""What happens to an entitlement after the decision, each change a row that is never edited."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EntitlementChange(models.Model):
    """One change of an entitlement: what, from what to what, why, and the decision behind it."""

    class Kind(models.TextChoices):
        GRANTED = "granted", _("批准享受")
        CONTINUED = "continued", _("复核：继续享受")
        AMOUNT_CHANGED = "amount_changed", _("复核：调整金额")
        SUSPENDED = "suspended", _("暂停发放")
        RESUMED = "resumed", _("恢复发放")
        GRADUAL_EXIT = "gradual_exit", _("进入渐退期")
        TERMINATION_POSTED = "termination_posted", _("终止公示")
        ENDED = "ended", _("终止")
        REVOKED = "revoked", _("撤销")

    entitlement = models.ForeignKey("programs.Entitlement", on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("变更类型"), max_length=20, choices=Kind.choices)
    amount_before = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount_after = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    effective_on = models.DateField(_("生效日期"))
    reason = models.TextField(_("理由"), blank=True)
    # The decision behind it: the approving case, or the re-check.
    case = models.ForeignKey(
        "programs.ProgramCase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recheck = models.ForeignKey(
        "Recheck", on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("救助资格变更记录")
        verbose_name_plural = _("救助资格变更记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.entitlement_id} {self.kind} {self.effective_on}"


class ChangeReport(models.Model):
    """主动报告: a change the family (online) or a clerk (at the counter) reports; it opens a
    re-check ahead of schedule."""

    class Kind(models.TextChoices):
        INCOME = "income", _("收入变化")
        MOVED_OUT = "moved_out", _("家庭成员迁出")
        DEATH = "death", _("家庭成员死亡")
        MOVED_RESIDENCE = "moved_residence", _("居住地变更")

    household = models.ForeignKey("intake.Household", on_delete=models.CASCADE, related_name="change_reports")
    kind = models.CharField(_("变化类型"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        "intake.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("涉及成员"),
    )
    occurred_on = models.DateField(_("发生日期"))
    details = models.TextField(_("情况说明"), blank=True)
    channel = models.CharField(
        _("报告渠道"), max_length=10, choices=[("online", _("网上报告")), ("counter", _("窗口报告"))]
    )
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("家庭变化报告")
        verbose_name_plural = _("家庭变化报告")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.kind} {self.occurred_on}"


class Recheck(models.Model):
    """定期核查 / 复核: one re-check of one entitlement, worked by the responsible street."""

    class Reason(models.TextChoices):
        SCHEDULED = "scheduled", _("定期核查")
        CHANGE_REPORT = "change_report", _("主动报告变化")
        DEATH = "death", _("家庭成员死亡")
        CHECKIN_MISSED = "checkin_missed", _("未按时签到")
        SPOT_CHECK = "spot_check", _("不定期抽查")

    class Status(models.TextChoices):
        OPEN = "open", _("待复核")
        DONE = "done", _("已复核")
        CANCELLED = "cancelled", _("已取消")

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("继续享受")
        CHANGE_AMOUNT = "change_amount", _("调整金额")
        SUSPEND = "suspend", _("暂停发放")
        GRADUAL_EXIT = "gradual_exit", _("渐退")
        STOP = "stop", _("终止")

    entitlement = models.ForeignKey("programs.Entitlement", on_delete=models.CASCADE, related_name="rechecks")
    reason = models.CharField(_("复核原因"), max_length=20, choices=Reason.choices)
    change_report = models.ForeignKey(
        ChangeReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="rechecks"
    )
    # Who works it: the role, department and office (the household's hukou street).
    role = models.CharField(_("办理角色"), max_length=20, default="reviewer")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    opened_on = models.DateField(_("开启日期"))
    due_on = models.DateField(_("复核期限"), db_index=True)
    outcome = models.CharField(_("复核结果"), max_length=20, choices=Outcome.choices, blank=True)
    per_capita_income = models.DecimalField(
        _("核查后家庭月人均收入（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_after = models.DecimalField(
        _("复核后金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    exit_months = models.PositiveSmallIntegerField(_("渐退期（月）"), null=True, blank=True)
    note = models.TextField(_("复核意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("复核")
        verbose_name_plural = _("复核")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entitlement"], condition=Q(status="open"), name="one_open_recheck_per_entitlement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entitlement_id} {self.reason} due {self.due_on}"


class CheckIn(models.Model):
    """远程签到 (seed 004): a beneficiary's monthly confirmation, online, instead of at the office."""

    entitlement = models.ForeignKey("programs.Entitlement", on_delete=models.CASCADE, related_name="checkins")
    month = models.DateField(_("签到月份"))  # the first day of the month
    confirmed_at = models.DateTimeField(_("签到时间"), auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("远程签到")
        verbose_name_plural = _("远程签到")
        constraints = [models.UniqueConstraint(fields=["entitlement", "month"], name="one_checkin_per_month")]

    def __str__(self) -> str:
        return f"{self.entitlement_id} {self.month:%Y-%m}"


class PaymentRun(models.Model):
    """一卡通发放: one list per district and month, checked and confirmed by two finance staff."""

    district = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="payment_runs")
    month = models.DateField(_("发放月份"))  # the first day of the month
    produced_at = models.DateTimeField(auto_now_add=True)
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rows = models.PositiveIntegerField(_("笔数"), default=0)
    total = models.DecimalField(_("合计金额（元）"), max_digits=14, decimal_places=2, default=0)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("发放名册")
        verbose_name_plural = _("发放名册")
        ordering = ["-month", "district__code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "month"], name="one_payment_run_per_district_month"),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=models.F("checked_by")),
                name="payment_run_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.month:%Y-%m}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class PaymentLine(models.Model):
    run = models.ForeignKey(PaymentRun, on_delete=models.CASCADE, related_name="lines")
    entitlement = models.ForeignKey(
        "programs.Entitlement", on_delete=models.PROTECT, related_name="payment_lines"
    )
    payee = models.ForeignKey("intake.Person", on_delete=models.PROTECT, related_name="+")
    payee_name = models.CharField(_("收款人"), max_length=50)
    id_number_masked = models.CharField(_("身份证号码"), max_length=18)
    program_name = models.CharField(_("救助事项"), max_length=100)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    period = models.CharField(_("所属期"), max_length=7)  # YYYY-MM

    class Meta:
        verbose_name = _("发放明细")
        verbose_name_plural = _("发放明细")
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "entitlement"], name="one_line_per_entitlement")
        ]

    def __str__(self) -> str:
        return f"{self.payee_name} {self.period} {self.amount}"


class Certificate(models.Model):
    """电子证照 (S003): the proof of a status; its validity is read live from the entitlement."""

    class State(models.TextChoices):
        VALID = "valid", _("有效")
        EXPIRED = "expired", _("已过期")
        REVOKED = "revoked", _("已注销")

    entitlement = models.OneToOneField(
        "programs.Entitlement", on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("证照编号"), max_length=32, unique=True)
    issued_on = models.DateField(_("发证日期"))
    issuer = models.CharField(_("发证机关"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")

    def __str__(self) -> str:
        return self.number
