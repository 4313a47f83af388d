"""“就业困难人员”灵活就业社会保险补贴 (S000 §(六), 沪人社规〔2022〕8号) — one item, two stages.

accepted at the one window (the shared lifecycle; when the only category claimed is 低保 /
低收入 membership, the case first waits for that status: routing) → er_recognition (the street
employment service recognises 就业困难人员, recording the category that applies) →
es_subsidy_decision (the district HR & social-security bureau grants the subsidy: the monthly
amount and the end date, computed, never typed; the recognition lapses at that date) →
approved / denied.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase


class State(models.TextChoices):
    RECOGNITION = "er_recognition", _("就业困难人员认定")
    SUBSIDY_DECISION = "es_subsidy_decision", _("社会保险补贴审批")


class EmploymentCase(ProgramCase):
    FIRST_STATE = State.RECOGNITION

    class Meta:
        proxy = True
        verbose_name = _("就业困难人员社会保险补贴事项")
        verbose_name_plural = _("就业困难人员社会保险补贴事项")

    @transition(field="state", source=State.RECOGNITION, target=State.SUBSIDY_DECISION)
    def recognise(self) -> None:
        pass

    @transition(field="state", source=State.SUBSIDY_DECISION, target=S.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field="state", source=[State.RECOGNITION, State.SUBSIDY_DECISION], target=S.DENIED)
    def deny(self) -> None:
        pass
