"""Work items and queues, investigation records, objections, and the calendar overrides."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WorkItem(models.Model):
    """One step of one case waiting on a person: claim it, act, it closes."""

    class Status(models.TextChoices):
        OPEN = "open", _("待办")
        PAUSED = "paused", _("暂停计时")
        DONE = "done", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    application = models.ForeignKey("intake.Application", on_delete=models.CASCADE, related_name="work_items")
    # Empty for the application-level acceptance step (一口受理), which covers every item.
    case = models.ForeignKey(
        "programs.ProgramCase", on_delete=models.CASCADE, null=True, blank=True, related_name="work_items"
    )
    step = models.CharField(_("环节"), max_length=30)
    role = models.CharField(_("办理角色"), max_length=20)
    # No index of its own: the (department, role, status, due date) index leads with it.
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    # Status and due date have no single-column index: every read of live items uses the partial
    # indexes below, and each index of the table is one more write per work item written.
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("开始日期"))
    # The day the time limit counts from, when not the day the item opened (e.g. the decision
    # after 公示 counts from the last day of 公示).
    counted_from = models.DateField(_("起算日期"), null=True, blank=True)
    due_date = models.DateField(_("办理时限"))
    due_provisional = models.BooleanField(
        _("时限待定"),
        default=False,
        help_text=_("节假日安排尚未公布的年份按周一至周五计算，公布后自动重算。"),
    )
    deadline_key = models.CharField(max_length=60)
    deadline_days = models.PositiveSmallIntegerField(default=0)
    deadline_unit = models.CharField(max_length=16, default="working_days")
    # Working days the clock stood still (补正: waiting for the applicant); added to the due date.
    paused_working_days = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_work_items",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["department", "role", "status", "due_date"]),
            # The queues and the sweep read only the live items, soonest due first: a small index
            # beside the millions of done ones (benchmarks/scale.py).
            models.Index(
                fields=["due_date", "id"],
                name="workitem_live_by_due",
                condition=models.Q(status__in=["open", "paused"]),
            ),
            # A queue (a department's role, soonest due first, its offices): the page and its
            # count from the index alone, at any number of done items.
            models.Index(
                fields=["department", "role", "due_date", "id"],
                include=["office"],
                name="workitem_live_queue",
                condition=models.Q(status__in=["open", "paused"]),
            ),
            # The sweep's escalations: the open items not yet escalated, soonest due first (on
            # the live index it walked every item escalated before to reach today's few).
            models.Index(
                fields=["due_date", "id"],
                name="workitem_to_escalate",
                condition=models.Q(status="open", escalated_at__isnull=True),
            ),
            # The sweep's re-check of guessed due dates: usually no row at all, rather than a
            # walk over every live item.
            models.Index(
                fields=["id"],
                name="workitem_live_provisional",
                condition=models.Q(due_provisional=True, status__in=["open", "paused"]),
            ),
        ]
        constraints = [
            # At most one live work item per case: the case is at one step at a time.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["open", "paused"], case__isnull=False),
                name="one_live_work_item_per_case",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["open", "paused"], case__isnull=True),
                name="one_live_acceptance_item_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.step} due {self.due_date}"

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.PAUSED)


class Investigation(models.Model):
    """入户调查: each of the two investigators records and signs their findings."""

    case = models.ForeignKey("programs.ProgramCase", on_delete=models.CASCADE, related_name="investigations")
    investigator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(default=1)
    findings = models.TextField(_("调查情况"))
    applicant_signed = models.BooleanField(_("申请人已签字确认"), default=False)
    confirmed = models.BooleanField(_("调查人签字确认"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("入户调查记录")
        verbose_name_plural = _("入户调查记录")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "investigator", "round"], name="one_investigation_per_person_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} round {self.round} by {self.investigator_id}"


class Objection(models.Model):
    """An objection raised during 公示; it sends the case back to investigation."""

    case = models.ForeignKey("programs.ProgramCase", on_delete=models.CASCADE, related_name="objections")
    content = models.TextField(_("异议内容"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.content[:20]}"


class CalendarOverride(models.Model):
    """An admin-entered holiday or 调休 make-up workday; it beats the bundled calendar."""

    day = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("说明"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'workday' if self.is_working_day else 'holiday'}"


class SampleCheck(models.Model):
    """抽查: one decided case drawn for an after-the-fact check by a district office.

    Drawn by review.sampling.sample_draw (reproducibly: the draw key and the case's id decide the
    order), worked once by a holder of `role` in `department` at `office` (or above it).
    """

    class Reason(models.TextChoices):
        EXTREME_POVERTY_CONFIRMATION = "extreme_poverty_confirmation", _("特困认定抽查")
        STREET_DELEGATION = "street_delegation", _("街道审批抽查")

    class Status(models.TextChoices):
        OPEN = "open", _("待核查")
        DONE = "done", _("已核查")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("维持")
        IRREGULAR = "irregular", _("发现问题")

    case = models.ForeignKey(
        "programs.ProgramCase", on_delete=models.CASCADE, related_name="sample_checks", verbose_name=_("事项")
    )
    reason = models.CharField(_("抽查类型"), max_length=40, choices=Reason.choices)
    role = models.CharField(_("办理角色"), max_length=20)
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("部门")
    )
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("核查机构")
    )
    drawn_on = models.DateField(_("抽取日期"))
    # What makes the draw reproducible: the batch (e.g. "extreme_poverty:2026-03") and its seed.
    draw_key = models.CharField(_("抽取批次"), max_length=100, db_index=True)
    due_date = models.DateField(_("核查时限"), db_index=True)
    due_provisional = models.BooleanField(_("时限待定"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("核查结论"), max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(_("核查说明"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核查人"),
    )
    checked_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("抽查")
        verbose_name_plural = _("抽查")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["department", "role", "status", "due_date"])]
        constraints = [
            # A case is drawn at most once for a reason, whatever the batch.
            models.UniqueConstraint(fields=["case", "reason"], name="one_sample_check_per_case_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.reason} due {self.due_date}"


class WorkdayOrdinal(models.Model):
    """The working-day count up to each day: working days in (a, b] = ordinal(b) − ordinal(a).

    Derived from review.calendar (overrides, chinesecalendar, the weekday guess) and rebuilt when
    an override changes or after migrate, so that the database can count working days over a
    million cases at once (the dashboard's median).
    """

    day = models.DateField(primary_key=True)
    ordinal = models.IntegerField()

    class Meta:
        verbose_name = _("工作日序号")
        verbose_name_plural = _("工作日序号")

    def __str__(self) -> str:
        return f"{self.day} {self.ordinal}"
