"""What every family shares, written once: the states before and after the work, the routing
transitions, and the one shape of every state change.

Before the work:  new → waiting (a precondition item is pending) → submitted (awaiting the
one-window acceptance) ⇄ returned (补正) → the family's first step; or → precondition_not_met.
After it: approved / denied / precondition_not_met are final.

Families add their own states and transitions on a proxy model of ProgramCase (see
programs/families/); these transitions are inherited by every family. The one shape of a
state change is programs.transition.case_transition.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, transition


class SharedState(models.TextChoices):
    NEW = "new", _("新建")
    WAITING = "waiting", _("等待前置事项")
    SUBMITTED = "submitted", _("待受理")
    RETURNED = "returned", _("退回补正")
    APPROVED = "approved", _("已批准")
    DENIED = "denied", _("不予批准")
    PRECONDITION_NOT_MET = "precondition_not_met", _("不符合前置条件")


S = SharedState
PENDING_STATES = (S.NEW, S.WAITING, S.SUBMITTED, S.RETURNED)
FINAL_STATES = frozenset({S.APPROVED, S.DENIED, S.PRECONDITION_NOT_MET})

APPLICANT_NEXT = {
    S.SUBMITTED: _("等待窗口受理，无需操作。"),
    S.RETURNED: _("请按补正告知补交材料。"),
    S.WAITING: _("等待前置事项办结后自动开始，无需操作。"),
    S.APPROVED: _("已批准，可下载决定书。"),
    S.DENIED: _("不予批准，可下载决定书了解理由及救济途径。"),
    S.PRECONDITION_NOT_MET: _("不符合前置条件，请查看原因。"),
}


class Lifecycle:
    """The routing transitions of every family; mixed into ProgramCase."""

    # Set by each family's proxy model.
    FIRST_STATE = ""

    @transition(field="state", source=S.NEW, target=S.WAITING)
    def wait_for_preconditions(self) -> None:
        pass

    @transition(field="state", source=[S.NEW, S.WAITING], target=S.SUBMITTED)
    def await_acceptance(self) -> None:
        pass

    @transition(
        field="state",
        source=[S.NEW, S.WAITING, S.SUBMITTED],
        target=RETURN_VALUE(),
        conditions=[lambda case: bool(case.FIRST_STATE)],
    )
    def start(self) -> str:
        self.on_start()
        return self.FIRST_STATE

    def on_start(self) -> None:
        """A family's work when its first step opens (e.g. a 人户分离 commission)."""

    @transition(field="state", source=list(PENDING_STATES), target=S.PRECONDITION_NOT_MET)
    def close_precondition_not_met(self) -> None:
        pass

    @transition(field="state", source=S.SUBMITTED, target=S.RETURNED)
    def return_for_materials(self) -> None:
        pass

    @transition(field="state", source=S.RETURNED, target=S.SUBMITTED)
    def resubmit(self) -> None:
        pass
