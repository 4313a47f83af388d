"""就业困难人员 recognitions: who was recognised, in which category, by whom, until when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .eligibility import Category
from .workflow import EmploymentCase  # noqa: F401  (the family's proxy model, for its migration)


class DifficultyRecognition(models.Model):
    """就业困难人员认定: the street employment service's recognition of one person. It lapses on
    the day the subsidy period ends (`lapses_on`, set by the district's grant)."""

    case = models.OneToOneField(
        "programs.ProgramCase", on_delete=models.CASCADE, related_name="difficulty_recognition"
    )
    person = models.ForeignKey(
        "intake.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("认定对象")
    )
    category = models.CharField(_("认定类别"), max_length=32, choices=Category.choices)
    recognised_on = models.DateField(_("认定日期"))
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("认定人")
    )
    lapses_on = models.DateField(_("认定失效日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("就业困难人员认定")
        verbose_name_plural = _("就业困难人员认定")

    def __str__(self) -> str:
        return f"{self.person_id} {self.category} {self.recognised_on}"

    def is_valid_on(self, day) -> bool:
        return self.recognised_on <= day and (self.lapses_on is None or day <= self.lapses_on)
