"""The one shape of every state change on a case."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from accounts.audit import audit_log

from .errors import ActionInvalid, CaseConflict
from .models import CaseTransition
from .registry import as_family
from .work import work_items_sync_case


def case_transition(*, case, name: str, actor=None, reason: str = ""):
    """transition → save (optimistic lock on the state) → history row → audit row → work items.

    Callers hold the transaction and have checked who may act (programs.engine).
    """
    case = as_family(case)
    method = getattr(case, name)
    if not can_proceed(method, check_conditions=False):
        raise CaseConflict()  # the case is no longer at this step: someone acted first
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
