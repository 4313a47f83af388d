"""The one shape of every state change on a ProgramCase.

transition → save (optimistic lock on the state) → history row → audit row → work items.
Callers hold the transaction (services are @transaction.atomic).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm

from accounts.audit import audit_log
from review.services import work_items_sync_case

from .errors import ActionInvalid, ActionNotPermitted, CaseConflict
from .models import CaseTransition, ProgramCase


def case_transition(
    *, case: ProgramCase, name: str, actor=None, reason: str = "", check_permission: bool = True
) -> ProgramCase:
    method = getattr(case, name)
    if not can_proceed(method, check_conditions=False):
        raise CaseConflict()  # the case is no longer at this step: someone acted first
    if check_permission and actor is not None and not has_transition_perm(method, actor):
        raise ActionNotPermitted()
    if not can_proceed(method):
        raise ActionInvalid(_("当前情况下不能执行此操作，请核对办理条件。"))
    source = case.state
    try:
        with transaction.atomic():
            method()
            case.save()
    except (ConcurrentTransition, TransitionNotAllowed) as exc:
        raise CaseConflict() from exc
    CaseTransition.objects.create(
        case=case, name=name, source=source, target=case.state, actor=actor, reason=reason
    )
    audit_log(
        actor=actor,
        code=f"programs.{case.program.code}.{name}",
        obj=case,
        data={"from": source, "to": case.state, "reason": reason},
    )
    work_items_sync_case(case=case, actor=actor)
    return case
