"""Admin dashboard figures, scoped to the admin's office subtree; bounded queries."""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Exists, Min, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from accounts.snapshot import office_subtree_ids, offices_by_pk
from programs.lifecycle import SharedState
from programs.models import DecisionTally, PolicyParameter, ProgramCase, StateTally
from programs.procedure import procedure_deadlines
from programs.registry import FAMILIES, state_choices, state_label
from programs.snapshot import catalogue
from programs.steps import FORM_OFFICE_PLACES

from .calendar import working_days_between
from .models import WorkItem


def _subtree(user) -> list[int] | None:
    """The keys of the offices in the user's subtree; None for the city (every office)."""
    if user.office_id is None:
        return []
    return None if user.office.parent_id is None else office_subtree_ids(user.office)


def _tallied(model, user):
    """The summary rows (programs.tally) of the cases the user's office sees: the household's
    hukou place or residence, or the office the item's form names, in the office's subtree."""
    ids = _subtree(user)
    if ids is None:
        return model.objects.all()
    return model.objects.filter(
        Q(hukou_office_id__in=ids) | Q(residence_office_id__in=ids) | Q(form_office_id__in=ids)
    )


def _cases_in_scope_q(user) -> Q:
    """The same scope for cases read one by one: the application's hukou place or residence, or
    the office the case's own form names, in the user's subtree (office keys from the process's
    copy, so no join on the office table)."""
    ids = _subtree(user)
    if ids is None:
        return Q()
    codes = [office.code for office in offices_by_pk(ids).values()]
    q = Q(application__hukou_office_id__in=ids) | Q(application__residence_office_id__in=ids)
    for field in FORM_OFFICE_PLACES.values():
        q |= Q(**{f"details__form__{field}__in": codes})
    return q


def _departments() -> list:
    cat = catalogue()
    return list(cat.departments.values()) if cat is not None else list(Department.objects.all())


def cases_by_department_and_state(*, user) -> tuple[list[str], list[dict]]:
    """Cases by department and state, summed from the summary: one query at any size."""
    rows = _tallied(StateTally, user).values("department_id", "state").annotate(n=Sum("n")).order_by()
    counts: dict = defaultdict(dict)
    for row in rows:
        if row["n"]:
            counts[row["department_id"]][row["state"]] = row["n"]
    labels = dict(state_choices())
    states = [s for s in labels if s != SharedState.NEW and any(s in c for c in counts.values())]
    table = [
        {
            "department": dept,
            "cells": [counts[dept.pk].get(s, 0) for s in states],
            "total": sum(counts[dept.pk].values()),
        }
        for dept in _departments()
        if dept.pk in counts
    ]
    return [str(labels[s]) for s in states], table


def overdue_work_items(*, user, limit: int = 100):
    today = timezone.localdate()
    items = (
        WorkItem.objects.filter(
            status=WorkItem.Status.OPEN, due_date__lt=today, office_id__in=office_subtree_ids(user.office)
        )
        .select_related("application", "case__program", "office", "department")
        .order_by("due_date")[:limit]
    )
    return [
        {
            "item": i,
            "step": state_label(i.step) if i.case_id else _("窗口受理"),
            "days_overdue": working_days_between(i.due_date, today),
        }
        for i in items
    ]


def _overdue_before(keys: set[str], today: dt.date) -> dt.datetime:
    """A limit counted from a day on or after the returned moment cannot have run out by today.

    Every such limit is at least the smallest value any version of its parameters ever had, and N
    working days end no sooner than N calendar days: a case can be late only when its count began
    more than that many days ago. The exact check (programs.procedure) runs on those cases only.
    """
    shortest = PolicyParameter.objects.filter(key__in=keys).aggregate(n=Min("value"))["n"]
    days = int(shortest) if shortest is not None else 0
    return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time.min))


# What a deadline check does not read of a case and its application (most of their rows).
CASE_RECORDS = ("waiting_for", "verified_figures", "eligibility_trace", "decision_reason", "policy_figures")
APPLICATION_TEXTS = ("note", "return_reason", "missing_materials")


def overdue_procedures(*, user, limit: int = 100) -> list[dict]:
    """Cases past a whole-procedure or written-denial deadline (programs.procedure), in scope.

    Open cases of families with such limits accepted long enough ago to be late, and denials whose
    written notice is late; one query for the cases (offices, program, notices with them), the
    calendar for each, oldest first until `limit` are found.
    """
    limits = [family.procedure for family in FAMILIES.values() if family.procedure is not None]
    families = [code for code, family in FAMILIES.items() if family.procedure is not None]
    today = timezone.localdate()
    whole_keys = {k for lim in limits for k in (lim.whole, lim.whole_split, lim.whole_delegated) if k}
    accepted_before = _overdue_before(whole_keys, today)
    decided_before = _overdue_before({lim.denial_notice for lim in limits}, today)
    # A denial drops out once its written notice is out: the years of settled denials are not read.
    told = ProgramCase.objects.filter(pk=OuterRef("pk"), notices__kind="denial", notices__status="ready")
    candidates = (
        ProgramCase.objects.filter(
            _cases_in_scope_q(user),
            program__family__in=families,
            application__accepted_at__isnull=False,
        )
        .filter(
            Q(decided_at__isnull=True, application__accepted_at__lt=accepted_before)
            | (Q(state=SharedState.DENIED, decided_at__lt=decided_before) & ~Exists(told))
        )
        .order_by("application__accepted_at", "pk")
        .values_list("pk", flat=True)
    )
    full = (
        ProgramCase.objects.select_related(
            "program", "application__hukou_office__parent__parent", "application__residence_office"
        )
        .defer(*CASE_RECORDS, *(f"application__{n}" for n in APPLICATION_TEXTS))
        .prefetch_related("notices")
    )
    rows, offset, chunk = [], 0, limit + limit // 5
    # The oldest first, a chunk at a time: almost every case that old is late, so the first
    # chunk usually holds the page (a narrow sorted read of keys, then the chunk's rows).
    while len(rows) < limit:
        keys = list(candidates[offset : offset + chunk])
        if not keys:
            break
        offset += chunk
        order = {pk: i for i, pk in enumerate(keys)}
        for case in sorted(full.filter(pk__in=keys), key=lambda c: order[c.pk]):
            for deadline in procedure_deadlines(case):
                if deadline.met_on is None and deadline.overdue(today):
                    rows.append(
                        {
                            "case": case,
                            "deadline": deadline,
                            "days_overdue": working_days_between(deadline.due, today),
                        }
                    )
    return sorted(rows, key=lambda r: r["deadline"].due)[:limit]


def _median(histogram: Counter):
    """The median of a histogram {value: count} (the mean of the two middle values when even)."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted, middle, seen = {(total - 1) // 2, total // 2}, [], 0
    for value in sorted(histogram):
        before, seen = seen, seen + histogram[value]
        middle += [value for position in sorted(wanted) if before <= position < seen]
    return sum(middle) / len(middle)


def _whole(value):
    return int(value) if value is not None and float(value).is_integer() else value


def median_working_days_to_decision(*, user) -> dict:
    """Median working days from submission to decision, overall and per department.

    Working days between the Beijing dates of submission and decision, counted once per decision
    into the summary (programs.tally): one query of a few hundred rows however many cases were
    decided.
    """
    rows = _tallied(DecisionTally, user).values("department_id", "days").annotate(n=Sum("n")).order_by()
    per_department: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        if row["n"] > 0:
            per_department[row["department_id"]][row["days"]] += row["n"]
    everything = sum(per_department.values(), Counter())
    return {
        "overall": _whole(_median(everything)),
        "count": sum(everything.values()),
        # By the department's name in the page's language, in the catalogue's order.
        "by_department": {
            d.display_name: _whole(_median(per_department[d.pk]))
            for d in _departments()
            if d.pk in per_department
        },
    }
