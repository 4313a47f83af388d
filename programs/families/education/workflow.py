"""教育救助 — the school reviews, then the education bureau decides (7 sub-items)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase


class State(models.TextChoices):
    SCHOOL_REVIEW = "school_review", _("学校审核")
    BUREAU_REVIEW = "bureau_review", _("教育局审核")


class EducationCase(ProgramCase):
    FIRST_STATE = State.SCHOOL_REVIEW

    class Meta:
        proxy = True
        verbose_name = _("教育救助事项")
        verbose_name_plural = _("教育救助事项")

    @transition(field="state", source=State.SCHOOL_REVIEW, target=State.BUREAU_REVIEW)
    def pass_school_review(self) -> None:
        pass

    @transition(field="state", source=State.BUREAU_REVIEW, target=S.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field="state", source=[State.SCHOOL_REVIEW, State.BUREAU_REVIEW], target=S.DENIED)
    def deny(self) -> None:
        pass
