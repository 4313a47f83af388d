"""法律援助 — the legal-aid centre (justice) runs it (S000 §(十), N8 §§34, 42–44).

online pre-application (the unified form) → precheck (the centre's pre-check) → onsite_check
(the applicant brings the originals, the centre verifies them and checks economic hardship)
→ legal_review (the decision, 7 days) → lawyer_assignment (3 days) → approved.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase


class State(models.TextChoices):
    PRECHECK = "precheck", _("法律援助预审")
    ONSITE_CHECK = "onsite_check", _("现场核验原件")
    LEGAL_REVIEW = "legal_review", _("审查决定")
    LAWYER_ASSIGNMENT = "lawyer_assignment", _("指派律师")


class LegalAidCase(ProgramCase):
    FIRST_STATE = State.PRECHECK

    class Meta:
        proxy = True
        verbose_name = _("法律援助事项")
        verbose_name_plural = _("法律援助事项")

    @transition(field="state", source=State.PRECHECK, target=State.ONSITE_CHECK)
    def pass_precheck(self) -> None:
        pass

    @transition(field="state", source=State.ONSITE_CHECK, target=State.LEGAL_REVIEW)
    def verify_originals(self) -> None:
        pass

    # 准予法律援助决定: the decision is made here; the case closes once a lawyer is assigned.
    @transition(
        field="state",
        source=State.LEGAL_REVIEW,
        target=State.LAWYER_ASSIGNMENT,
        conditions=[
            lambda case: bool(case.eligibility_trace) and all(s["passed"] for s in case.eligibility_trace)
        ],
    )
    def approve(self) -> None:
        pass

    @transition(field="state", source=State.LAWYER_ASSIGNMENT, target=S.APPROVED)
    def assign_lawyer(self) -> None:
        pass

    @transition(
        field="state", source=[State.PRECHECK, State.ONSITE_CHECK, State.LEGAL_REVIEW], target=S.DENIED
    )
    def deny(self) -> None:
        pass
