"""Admin dashboard figures, scoped to the admin's office subtree; bounded queries."""

import statistics
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.db.models import Aggregate, Count, Exists, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from accounts.scope import application_scope_q
from programs.lifecycle import SharedState
from programs.models import ProgramCase
from programs.procedure import procedure_deadlines
from programs.registry import FAMILIES, state_choices, state_label

from .calendar import working_days_between
from .models import WorkdayOrdinal, WorkItem


def cases_by_department_and_state(*, user) -> tuple[list[str], list[dict]]:
    rows = (
        ProgramCase.objects.filter(application_scope_q(user, prefix="application"))
        .values("program__department__code", "state")
        .annotate(n=Count("id"))
    )
    counts: dict = defaultdict(dict)
    for row in rows:
        counts[row["program__department__code"]][row["state"]] = row["n"]
    labels = dict(state_choices())
    states = [s for s in labels if s != SharedState.NEW and any(s in c for c in counts.values())]
    table = [
        {
            "department": dept,
            "cells": [counts[dept.code].get(s, 0) for s in states],
            "total": sum(counts[dept.code].values()),
        }
        for dept in Department.objects.all()
        if dept.code in counts
    ]
    return [str(labels[s]) for s in states], table


def overdue_work_items(*, user, limit: int = 100):
    today = timezone.localdate()
    items = (
        WorkItem.objects.filter(
            status=WorkItem.Status.OPEN, due_date__lt=today, office__path__startswith=user.office.path
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


def overdue_procedures(*, user, limit: int = 100) -> list[dict]:
    """Cases past a whole-procedure or written-denial deadline (programs.procedure), in scope.

    Open cases of families with such limits, and denials whose written notice is late; one query
    for the cases (offices, program, notices with them), the calendar for each.
    """
    families = [code for code, family in FAMILIES.items() if family.procedure is not None]
    # A denial drops out once its written notice is out: the years of settled denials are not read.
    told = ProgramCase.objects.filter(pk=OuterRef("pk"), notices__kind="denial", notices__status="ready")
    cases = (
        ProgramCase.objects.filter(
            application_scope_q(user, prefix="application"),
            program__family__in=families,
            application__accepted_at__isnull=False,
        )
        .filter(Q(decided_at__isnull=True) | (Q(state=SharedState.DENIED) & ~Exists(told)))
        .select_related(
            "program",
            "application__hukou_office__parent__parent",
            "application__residence_office",
        )
        .prefetch_related("notices")
        .order_by("application__accepted_at")
    )
    today = timezone.localdate()
    rows = []
    for case in cases.iterator(chunk_size=200):
        for deadline in procedure_deadlines(case):
            if deadline.met_on is None and deadline.overdue(today):
                rows.append(
                    {
                        "case": case,
                        "deadline": deadline,
                        "days_overdue": working_days_between(deadline.due, today),
                    }
                )
        if len(rows) >= limit:
            break
    return sorted(rows, key=lambda r: r["deadline"].due)[:limit]


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, computed in the database."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _ordinal(field: str):
    return Subquery(WorkdayOrdinal.objects.filter(day=OuterRef(field)).values("ordinal")[:1])


def _whole(value):
    return int(value) if value is not None and float(value).is_integer() else value


def median_working_days_to_decision(*, user) -> dict:
    """Median working days from submission to decision, overall and per department.

    Working days between the Beijing dates of submission and decision, as the difference of two
    WorkdayOrdinal rows: in the database, one query per figure on PostgreSQL however many cases
    were decided (the embedded SQLite default takes the medians in Python).
    """
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    decided = (
        ProgramCase.objects.filter(application_scope_q(user, prefix="application"), decided_at__isnull=False)
        .annotate(
            submitted_day=TruncDate("application__submitted_at", tzinfo=tz),
            decided_day=TruncDate("decided_at", tzinfo=tz),
        )
        .annotate(days=_ordinal("decided_day") - _ordinal("submitted_day"))
    )
    if connection.vendor == "postgresql":
        overall = decided.aggregate(median=Median("days"), n=Count("id"))
        rows = decided.values("program__department_id").annotate(median=Median("days")).order_by()
        by_id = {row["program__department_id"]: row["median"] for row in rows}
        count, median = overall["n"], overall["median"]
    else:
        per_department: dict[int, list[int]] = defaultdict(list)
        for department_id, days in decided.values_list("program__department_id", "days"):
            if days is not None:
                per_department[department_id].append(days)
        everything = [d for days in per_department.values() for d in days]
        count, median = len(everything), statistics.median(everything) if everything else None
        by_id = {pk: statistics.median(days) for pk, days in per_department.items()}
    departments = Department.objects.filter(pk__in=by_id)  # in the catalogue's order
    return {
        "overall": _whole(median) if count else None,
        "count": count,
        # By the department's name in the page's language.
        "by_department": {d.display_name: _whole(by_id[d.pk]) for d in departments},
    }
