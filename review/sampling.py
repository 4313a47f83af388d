"""抽查 — drawing decided cases for an after-the-fact check, and recording the check.

A draw is reproducible: the candidates are ordered by a hash of "<key>:<case id>", so the same
cases and the same key give the same sample, and anyone can recompute it from the audit row.
It is idempotent: a case is drawn at most once for a reason (whatever the key), the cases of the
batch already drawn count towards its quota, and a second call that finds the quota met draws
nothing. A batch that grows (more decisions in the month) is topped up to its quota.
"""

import datetime as dt
import hashlib
import math
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_log, audit_log_ref
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict
from programs.models import ProgramCase
from programs.parameters import parameter

from .calendar import due_date
from .models import SampleCheck

DEADLINE = "deadline.sample_check"
DRAWN = "review.sample_check.drawn"
DRAW = "review.sample_check.draw"
RECORDED = "review.sample_check.recorded"
REFUSED = "review.sample_check.refused"


def draw_order(key: str, case_id: int) -> str:
    """The rank of a case in a draw: a hash of the key and the case id (reproducible, unbiased)."""
    return hashlib.sha256(f"{key}:{case_id}".encode()).hexdigest()


def sample_quota(share: Decimal, n: int) -> int:
    """At least ceil(share × n) of n cases."""
    return min(n, math.ceil(Decimal(share) * n))


@transaction.atomic
def sample_draw(
    *, cases, share: Decimal, reason: str, key: str, office, department, role: str, on: dt.date
) -> list[SampleCheck]:
    """Draw at least ceil(share × n) of the n decided `cases` for a check by `role` of
    `department` at `office`; returns the checks this call created (none when the quota is met)."""
    share = Decimal(share)
    if not Decimal("0") <= share <= Decimal("1"):
        raise ValueError(f"sample share must be between 0 and 1, not {share}")
    if reason not in SampleCheck.Reason.values:
        raise ValueError(f"unknown sample reason {reason!r}")
    ids = sorted({case.pk if isinstance(case, ProgramCase) else int(case) for case in cases})
    # Lock the candidates: two draws over the same cases run one after the other.
    locked = list(ProgramCase.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    undecided = [case.pk for case in locked if not case.is_decided]
    if undecided:
        raise ActionInvalid(_("只能抽查已作出决定的事项。"))
    quota = sample_quota(share, len(locked))
    already = set(
        SampleCheck.objects.filter(reason=reason, case_id__in=ids).values_list("case_id", flat=True)
    )
    ranked = sorted((case for case in locked if case.pk not in already), key=lambda c: draw_order(key, c.pk))
    chosen = ranked[: max(0, quota - len(already))]
    if not chosen:
        return []
    limit = parameter(DEADLINE, on=on)
    due = due_date(start=on, days=int(limit.value), unit=limit.unit)
    created = []
    for case in chosen:
        check = SampleCheck.objects.create(
            case=case,
            reason=reason,
            role=role,
            department=department,
            office=office,
            drawn_on=on,
            draw_key=key,
            due_date=due.day,
            due_provisional=due.provisional,
        )
        audit_log(actor=None, code=DRAWN, obj=check, data={"case": case.pk, "key": key, "reason": reason})
        created.append(check)
    audit_log_ref(
        actor=None,
        code=DRAW,
        object_type=SampleCheck._meta.label_lower,
        object_id=key if len(key) <= 40 else hashlib.sha1(key.encode()).hexdigest(),  # noqa: S324
        data={
            "key": key,
            "reason": reason,
            "office": office.code,
            "share": str(share),
            "candidates": ids,
            "quota": quota,
            "already_drawn": sorted(already),
            "drawn": [case.pk for case in chosen],
            "on": on.isoformat(),
        },
    )
    return created


def _holds(user, check: SampleCheck) -> bool:
    from programs.engine import holds

    return holds(user, role=check.role, department_id=check.department_id, office=check.office)


def _refuse(user, check: SampleCheck, why: str) -> None:
    with transaction.atomic():
        audit_log_ref(
            actor=user if user.is_authenticated else None,
            code=REFUSED,
            object_type=SampleCheck._meta.label_lower,
            object_id=str(check.pk),
            data={"case": check.case_id, "why": why},
            success=False,
        )


def sample_check_authorize(*, check: SampleCheck, user) -> None:
    """The holder of the check may work it; others get 404 when they cannot see the case,
    else ActionNotPermitted (403). Every refusal is audited."""
    from programs.selectors import case_get_for_user

    if _holds(user, check):
        return
    try:
        case_get_for_user(user=user, pk=check.case_id)
    except Http404:
        _refuse(user, check, "not_visible")
        raise
    _refuse(user, check, "not_holder")
    raise ActionNotPermitted(_("只有负责该抽查的区级审核人员可以登记核查结论。"))


def sample_check_record(*, check: SampleCheck, user, outcome: str, note: str = "") -> SampleCheck:
    """Record the outcome of a check (维持 / 发现问题), once."""
    sample_check_authorize(check=check, user=user)
    note = (note or "").strip()
    if outcome not in SampleCheck.Outcome.values:
        raise ActionInvalid(_("请选择核查结论。"))
    if outcome == SampleCheck.Outcome.IRREGULAR and not note:
        raise ActionInvalid(_("核查发现问题的，请填写问题说明。"))
    with transaction.atomic():
        locked = SampleCheck.objects.select_for_update().get(pk=check.pk)
        if locked.status == SampleCheck.Status.DONE:
            raise CaseConflict(_("该抽查已登记核查结论，不能重复登记。"))
        locked.status = SampleCheck.Status.DONE
        locked.outcome = outcome
        locked.note = note[:4000]
        locked.checked_by = user
        locked.checked_at = timezone.now()
        locked.save(update_fields=["status", "outcome", "note", "checked_by", "checked_at"])
        audit_log(
            actor=user,
            code=RECORDED,
            obj=locked,
            data={"case": locked.case_id, "outcome": outcome, "reason": locked.reason},
        )
    return locked


def sample_checks_visible_to(user) -> QuerySet[SampleCheck]:
    if not user.is_authenticated or user.office_id is None or user.department_id is None:
        return SampleCheck.objects.none()
    return SampleCheck.objects.filter(
        role=user.role, department_id=user.department_id, office__path__startswith=user.office.path
    )


def sample_checks_for_user(user) -> QuerySet[SampleCheck]:
    """The open checks this user may work, soonest due first (the queue and the dashboard)."""
    return (
        sample_checks_visible_to(user)
        .filter(status=SampleCheck.Status.OPEN)
        .select_related("case__program", "case__application__applicant", "office")
        .order_by("due_date", "id")
    )


def sample_check_get_for_user(*, user, pk: int) -> SampleCheck:
    """A check for its page: the holder sees it; others get 404 (cannot see the case) or 403."""
    check = SampleCheck.objects.select_related("case__program", "office", "department").filter(pk=pk).first()
    if check is None:
        raise Http404
    sample_check_authorize(check=check, user=user)
    return check
