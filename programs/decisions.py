"""The shape of every decision, written once: who decided where, the transition, the status it
grants, the notice, and the hand-off to the items that wait for it.

Family services call these from inside the engine's transaction (programs.engine.case_act).
"""

from collections.abc import Callable

from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from notices.models import Notice
from notices.services import notice_request

from .errors import ActionInvalid
from .models import Entitlement
from .tally import tally_decision
from .trace import in_record_language, trace_all_passed, trace_failures
from .transition import case_transition

# Sent inside the deciding transaction; routing re-evaluates the items that wait (串联).
case_decided = Signal()
# Sent inside the deciding transaction once the approval's entitlement exists (monitoring
# schedules its re-checks, records its history and issues its certificate).
entitlement_granted = Signal()


def _record_decision(case, *, actor, item, reason: str) -> None:
    previous, case.decided_at = case.decided_at, timezone.now()
    tally_decision(case, previous=previous)
    case.decided_by = actor
    case.decision_reason = reason
    if item is not None:
        case.decided_office, case.decided_department = item.office, item.department


def decision_approve(
    *,
    case,
    actor,
    item,
    note: str = "",
    transition: str = "approve",
    default_reason: str = "",
    valid_from=None,
    valid_until=None,
    payment_from=None,
):
    """Approve: record the decision, move the case, grant the entitlement (and the status it may
    give), request the notice, hand off. `valid_until`: the day the entitlement ends when the
    decision says (the subsidy period); `payment_from`: the first day paid when not the decision
    day (特困: the first of next month)."""
    # The decision is a record: the system's wording of it is Chinese whatever the page's language.
    default = in_record_language(lambda: str(default_reason or _("经审核，符合条件，予以批准。")))
    _record_decision(case, actor=actor, item=item, reason=note.strip() or default)
    case_transition(case=case, name=transition, actor=actor, reason=note)
    entitlement_grant(case, valid_from=valid_from, valid_until=valid_until, payment_from=payment_from)
    notice_request(case=case, kind=Notice.Kind.APPROVAL)
    case_decided.send(sender=type(case), case=case, actor=actor)
    return case


def entitlement_grant(case, *, valid_from=None, valid_until=None, payment_from=None) -> Entitlement:
    """The entitlement an approval gives: its amount, its start and end, the statuses it relies on."""
    from .assessment import statuses_held
    from .registry import family_of

    family = family_of(case)
    start = valid_from or timezone.localdate()
    if case.monthly_amount is not None:
        amount, kind = case.monthly_amount, Entitlement.AmountKind.MONTHLY
    elif case.granted_amount is not None:
        amount, kind = case.granted_amount, Entitlement.AmountKind.ONCE
    else:
        amount, kind = None, Entitlement.AmountKind.NONE
    if valid_until is None and not family.entitlement_lasts:
        valid_until = start  # a one-off grant: nothing to pay later, nothing to re-check
    entitlement = Entitlement.objects.create(
        household=case.application.household,
        program=case.program,
        valid_from=start,
        valid_until=valid_until,
        payment_from=payment_from or start,
        source_case=case,
        amount=amount,
        amount_kind=kind,
    )
    required = set(family.required_statuses(case))
    if required:
        held = statuses_held(case.application.household, on=start)
        entitlement.relies_on.set([e for code, e in held.items() if code in required])
    entitlement_granted.send(sender=Entitlement, entitlement=entitlement, case=case)
    return entitlement


def denial_reason(case, reason: str) -> str:
    """The reason a denial gives: every failed condition, then the reviewer's words.

    A denial whose trace says every condition is met must say why in the reviewer's words.
    """
    reason = reason.strip()
    failures = [f"{step['label']}（{step['detail']}）" for step in trace_failures(case.eligibility_trace)]
    if not reason and trace_all_passed(case.eligibility_trace):
        raise ActionInvalid(_("审核条件均符合：如不予批准，必须填写理由，理由将写入决定书。"))
    if not reason and not failures:
        raise ActionInvalid(_("请填写不予批准的理由。"))
    return "；".join([*failures, reason] if reason else failures)


def decision_deny(*, case, actor, item, reason: str, before_handoff: Callable | None = None):
    """Deny: the reason, the transition, the notice; `before_handoff` runs before dependants move."""
    full_reason = denial_reason(case, reason)
    _record_decision(case, actor=actor, item=item, reason=full_reason)
    case_transition(case=case, name="deny", actor=actor, reason=full_reason)
    notice_request(case=case, kind=Notice.Kind.DENIAL)
    if before_handoff is not None:
        before_handoff(case)
    case_decided.send(sender=type(case), case=case, actor=actor)
    return case
