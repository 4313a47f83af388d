"""What a temporary-assistance case records beside the case: the advance paid first, the street
meeting that decided above the street limit, and the stages one approval pays in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The family's proxy model lives with this app's models (the app is loaded before the family
# registers itself in TemporaryAssistanceConfig.ready).
from .workflow import TemporaryAidCase  # noqa: F401


class AdvancePayment(models.Model):
    """小金额先行救助: paid by the street on an urgent case before the review is done (S002 §11).
    It counts toward the total the approval grants."""

    case = models.OneToOneField(
        "programs.ProgramCase",
        on_delete=models.CASCADE,
        related_name="ta_advance",
        verbose_name=_("事项办理"),
    )
    amount = models.DecimalField(_("先行救助金额（元）"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("先行救助理由"))
    paid_on = models.DateField(_("发放日期"))
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("先行救助")
        verbose_name_plural = _("先行救助")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.amount} ({self.paid_on})"


class StreetMeeting(models.Model):
    """一事一议: the street meeting that decides an amount above the street limit (S002 §11)."""

    case = models.OneToOneField(
        "programs.ProgramCase",
        on_delete=models.CASCADE,
        related_name="ta_meeting",
        verbose_name=_("事项办理"),
    )
    held_on = models.DateField(_("会议日期"))
    attendees = models.TextField(_("参会人员"))
    minutes = models.TextField(_("会议纪要"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录人")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("街道一事一议会议")
        verbose_name_plural = _("街道一事一议会议")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.held_on}"


class Instalment(models.Model):
    """一次审批、分阶段救助: one stage of the approved total still to pay after the advance."""

    case = models.ForeignKey(
        "programs.ProgramCase",
        on_delete=models.CASCADE,
        related_name="ta_instalments",
        verbose_name=_("事项办理"),
    )
    number = models.PositiveSmallIntegerField(_("期次"))
    due_on = models.DateField(_("发放日期"))
    amount = models.DecimalField(_("发放金额（元）"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("实际发放日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("分阶段发放")
        verbose_name_plural = _("分阶段发放")
        ordering = ["case_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="ta_instalment_once_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number}: {self.amount} ({self.due_on})"
