"""医疗救助 — medical security reviews and decides (资助参保, 门急诊, 住院)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase


class State(models.TextChoices):
    REVIEW = "review", _("审核")


class MedicalCase(ProgramCase):
    FIRST_STATE = State.REVIEW

    class Meta:
        proxy = True
        verbose_name = _("医疗救助事项")
        verbose_name_plural = _("医疗救助事项")

    @transition(field="state", source=State.REVIEW, target=S.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field="state", source=State.REVIEW, target=S.DENIED)
    def deny(self) -> None:
        pass
