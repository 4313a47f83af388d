"""The one shape of every state change on a case, and the reasons the system gives for one."""

from functools import cache

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from accounts.audit import audit_log
from accounts.batch import current_batch

from .errors import ActionInvalid, CaseConflict
from .models import CaseTransition
from .registry import FAMILIES, as_family, family_of
from .tally import tally_state
from .trace import in_record_language
from .work import work_items_sync_case

# Reasons the system writes on a transition (a person's words are never translated): recorded
# in Chinese like every record, shown in the reader's language.
_SYSTEM_REASONS: list[Promise] = [
    _("窗口受理"),  # intake.services.application_accept
    _("已补正材料"),  # intake.services: the applicant supplied the missing materials
    _("等待前置事项办结"),  # routing: the item waits for its precondition item
]
TIMER_REASON = _("%(step)s期满")


def system_reason(message: Promise) -> Promise:
    """Mark a (lazy) reason as the system's: its Chinese record is shown translated."""
    _SYSTEM_REASONS.append(message)
    _shown_by_record.cache_clear()
    return message


def timer_reason(step) -> str:
    """The reason of a step closed by the calendar (公示期满), as recorded."""
    return in_record_language(lambda: gettext(TIMER_REASON) % {"step": step.label})


@cache
def _shown_by_record() -> dict:
    """Chinese record → a function giving it in the current language."""
    shown = {
        in_record_language(lambda m=message: str(m)): (lambda m=message: str(m))
        for message in _SYSTEM_REASONS
    }
    for family in FAMILIES.values():
        for step in family.steps:
            if step.timer is not None:
                shown[timer_reason(step)] = lambda s=step: gettext(TIMER_REASON) % {"step": s.label}
    return shown


def reason_shown(reason: str) -> str:
    """A transition's reason for a page: the system's in the reader's language, a person's as written."""
    show = _shown_by_record().get(reason) if reason else None
    return show() if show is not None else reason


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
    if isinstance(reason, Promise):
        reason = in_record_language(lambda: str(reason))
    batch = current_batch()
    new = batch is not None and batch.is_new(case)
    try:
        if new:  # inserted by the batch in the state it reaches (accounts.batch)
            method()
        else:
            with transaction.atomic():
                method()
                case.save()
    except (ConcurrentTransition, TransitionNotAllowed) as exc:
        raise CaseConflict() from exc
    tally_state(case, source=source, target=case.state)
    row = CaseTransition(case=case, name=name, source=source, target=case.state, actor=actor, reason=reason)
    if batch is not None:
        batch.add(row)
    else:
        row.save(force_insert=True)
    audit_log(
        actor=actor,
        code=f"programs.{case.program.code}.{name}",
        obj=case,
        data={"from": source, "to": case.state, "reason": reason},
    )
    work_items_sync_case(case=case, actor=actor)
    step = family_of(case).step(case.state)
    # A new application has no verification to reuse yet.
    if not new and step is not None and step.reuse_verification is not None:
        from .economic import verification_reuse

        verification_reuse(case, actor=actor)  # the application's 核对 replaces this step
    return case
