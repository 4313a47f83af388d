"""The dashboard's summary (issue 12): how many cases are in each state, and how many were
decided so many working days after submission, by household place and department — kept up to
date by the case engine inside the transaction that changes the case.

A change appends signed rows and never updates one: a transition adds −1 for the state it leaves
and +1 for the state it reaches (NEW, a case not yet submitted, is not counted); a decision adds
+1 at its working days (−1 at the old figure when a decision is taken again). So no two
transactions wait on each other here, and a rolled-back change leaves nothing behind. The
dashboard sums the rows in its scope (review.dashboard): a handful of rows per office, however
many cases there are.

`tally_compact()` (beat, every 10 minutes) folds each key's rows into one. `tally_rebuild()`
(nightly, and `manage.py tally_rebuild`) recounts from the cases: the repair after a change made
outside the engine (a raw UPDATE, a data load) or a calendar edited after decisions were counted.

Callers: programs.transition.case_transition, programs.decisions, review.dashboard,
review.management.commands.generate_city.
"""

import zoneinfo
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.batch import current_batch
from accounts.compiled import bulk_insert
from accounts.snapshot import office_by_code

from .lifecycle import SharedState
from .models import DecisionTally, ProgramCase, StateTally
from .steps import FORM_OFFICE_PLACES

KEY = ("hukou_office_id", "residence_office_id", "form_office_id", "department_id")


def _form_office_id(details) -> int | None:
    form = (details or {}).get("form") or {}
    for field in FORM_OFFICE_PLACES.values():
        code = form.get(field)
        if code:
            office = office_by_code(str(code))
            if office is not None:
                return office.pk
    return None


def _key(case) -> tuple:
    application = case.application
    return (
        application.hukou_office_id,
        application.residence_office_id,
        _form_office_id(case.details),
        case.program.department_id,
    )


def tally_state(case, *, source: str, target: str) -> None:
    """Count the case out of `source` and into `target`."""
    key = _key(case)
    deltas = Counter()
    if source != SharedState.NEW:
        deltas[(StateTally, *key, source)] -= 1
    if target != SharedState.NEW:
        deltas[(StateTally, *key, target)] += 1
    _write(deltas)


def _working_days(case, decided_at) -> int | None:
    from review.calendar import working_days_between

    submitted = case.application.submitted_at
    if submitted is None or decided_at is None:
        return None
    return working_days_between(timezone.localdate(submitted), timezone.localdate(decided_at))


def tally_decision(case, *, previous=None) -> None:
    """Count the case's decision (`case.decided_at`); `previous`: the decision time it replaces."""
    key = _key(case)
    deltas = Counter()
    if previous is not None and (days := _working_days(case, previous)) is not None:
        deltas[(DecisionTally, *key, days)] -= 1
    if (days := _working_days(case, case.decided_at)) is not None:
        deltas[(DecisionTally, *key, days)] += 1
    _write(deltas)


def _rows(deltas: Counter) -> dict:
    by_model: dict = {}
    for (model, *key, last), n in deltas.items():
        if n:
            extra = {"state": last} if model is StateTally else {"days": last}
            by_model.setdefault(model, []).append(model(**dict(zip(KEY, key, strict=True)), **extra, n=n))
    return by_model


def _write(deltas: Counter) -> None:
    batch = current_batch()
    if batch is None:
        for model, rows in _rows(deltas).items():
            model.objects.bulk_create(rows)
        return
    # Inside a write batch (a submission): one insert for the batch, after its cases.
    pending = batch.memo.get("tally")
    if pending is None:
        pending = batch.memo["tally"] = Counter()

        def flush():
            for rows in _rows(pending).values():
                bulk_insert(rows)

        batch.after(flush)
    pending.update(deltas)


STATE_COLUMNS = "hukou_office_id, residence_office_id, form_office_id, department_id, state"
DECISION_COLUMNS = "hukou_office_id, residence_office_id, form_office_id, department_id, days"


def tally_compact() -> None:
    """Fold each key's rows into one (rows whose counts cancel out go)."""
    if connection.vendor == "postgresql":
        # One statement, one snapshot: a row a running transaction adds is not seen, so it stays.
        with connection.cursor() as cursor:
            for table, columns in (
                (StateTally._meta.db_table, STATE_COLUMNS),
                (DecisionTally._meta.db_table, DECISION_COLUMNS),
            ):
                cursor.execute(
                    f"WITH moved AS (DELETE FROM {table} RETURNING {columns}, n) "  # noqa: S608
                    f"INSERT INTO {table} ({columns}, n) SELECT {columns}, SUM(n) FROM moved "
                    f"GROUP BY {columns} HAVING SUM(n) <> 0"
                )
        return
    with transaction.atomic():  # SQLite: one writer at a time
        for model, last in ((StateTally, "state"), (DecisionTally, "days")):
            fields = [*KEY, last]
            folded = [
                model(**{f: row[f] for f in fields}, n=row["total"])
                for row in model.objects.values(*fields).annotate(total=Sum("n")).order_by()
                if row["total"]
            ]
            model.objects.all().delete()
            model.objects.bulk_create(folded, batch_size=2000)


def _counted(rows, last: str) -> Counter:
    """Group rows read with the three form-office codes into tally keys."""
    counts = Counter()
    fields = list(FORM_OFFICE_PLACES.values())
    for row in rows:
        form_office = _form_office_id({"form": {f: row[f"form_{f}"] for f in fields}})
        key = (row["hukou"], row["residence"], form_office, row["department"], row[last])
        counts[key] += row["n"]
    return counts


def tally_rebuild() -> tuple[int, int]:
    """Recount both summaries from the cases, in one transaction; (state rows, decision rows)."""
    from review.models import WorkdayOrdinal

    forms = {f"form_{f}": KT(f"details__form__{f}") for f in FORM_OFFICE_PLACES.values()}
    place = {
        "hukou": F("application__hukou_office_id"),
        "residence": F("application__residence_office_id"),
        "department": F("program__department_id"),
    }
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def ordinal(field):
        return Subquery(WorkdayOrdinal.objects.filter(day=OuterRef(field)).values("ordinal")[:1])

    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Transitions wait for the recount rather than being counted twice or lost.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {StateTally._meta.db_table}, {DecisionTally._meta.db_table} IN EXCLUSIVE MODE"
                )
        StateTally.objects.all()._raw_delete(StateTally.objects.db)
        DecisionTally.objects.all()._raw_delete(DecisionTally.objects.db)
        cases = ProgramCase.objects.exclude(state=SharedState.NEW).annotate(**forms)
        states = _counted(cases.values(*forms, "state", **place).annotate(n=Count("id")).order_by(), "state")
        decided = (
            cases.filter(decided_at__isnull=False)
            .annotate(
                submitted_day=TruncDate("application__submitted_at", tzinfo=tz),
                decided_day=TruncDate("decided_at", tzinfo=tz),
            )
            .annotate(working=ordinal("decided_day") - ordinal("submitted_day"))
            .filter(working__isnull=False)
        )
        days = _counted(
            decided.values(*forms, "working", **place).annotate(n=Count("id")).order_by(), "working"
        )
        StateTally.objects.bulk_create(
            (
                StateTally(**dict(zip(KEY, key[:4], strict=True)), state=key[4], n=n)
                for key, n in states.items()
            ),
            batch_size=5000,
        )
        DecisionTally.objects.bulk_create(
            (
                DecisionTally(**dict(zip(KEY, key[:4], strict=True)), days=key[4], n=n)
                for key, n in days.items()
            ),
            batch_size=5000,
        )
    return len(states), len(days)
