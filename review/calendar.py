"""Working days (工作日): Chinese public holidays and 调休 make-up workdays.

Precedence: an admin-entered CalendarOverride, then the bundled `chinesecalendar` data, then —
for a year the bundled data does not cover yet — Monday to Friday, marked *provisional* so the
due date is recomputed once the calendar learns that year (see deadlines_recompute_provisional).
"""

import contextvars
import datetime as dt
import functools
from contextlib import contextmanager
from dataclasses import dataclass

import chinese_calendar

from .models import CalendarOverride

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DueDate:
    day: dt.date
    provisional: bool


# Inside calendar_cached() (a request, a sweep), every override is read once and reused.
_cached_overrides: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "calendar_overrides", default=None
)


@contextmanager
def calendar_cached():
    """Read the admin's overrides once for the block (a request, a sweep) instead of per date."""
    token = _cached_overrides.set({})
    try:
        yield
    finally:
        _cached_overrides.reset(token)


def _overrides(start: dt.date, end: dt.date) -> dict:
    memo = _cached_overrides.get()
    if memo is None:
        return dict(
            CalendarOverride.objects.filter(day__range=(start, end)).values_list("day", "is_working_day")
        )
    if "all" not in memo:
        from accounts.snapshot import shared

        memo["all"] = shared(
            "calendar_overrides", lambda: dict(CalendarOverride.objects.values_list("day", "is_working_day"))
        )
    return memo["all"]


class WorkingCalendar:
    """Answers is-working-day questions for a span, with overrides loaded once."""

    def __init__(self, start: dt.date, end: dt.date):
        self._overrides = _overrides(start, end)

    def is_working_day(self, day: dt.date) -> tuple[bool, bool]:
        """(is it a working day, is that answer provisional)."""
        if day in self._overrides:
            return self._overrides[day], False
        return _bundled(day)


@functools.cache
def _bundled(day: dt.date) -> tuple[bool, bool]:
    """The bundled calendar's answer (fixed for the life of the process, so kept: the library
    searches its tables on every call, and a long overdue count asks about thousands of days)."""
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:
        return day.weekday() < 5, True


def add_working_days(start: dt.date, days: int) -> DueDate:
    """The date `days` working days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must be non-negative")
    # A run of holidays is never longer than ~10 days; 3× plus a margin covers any span.
    calendar = WorkingCalendar(start, start + dt.timedelta(days=days * 3 + 30))
    day, counted, provisional = start, 0, False
    while counted < days:
        day += ONE_DAY
        working, guessed = calendar.is_working_day(day)
        provisional = provisional or guessed
        if working:
            counted += 1
    return DueDate(day, provisional)


# A span longer than this is counted from a table of running counts (as WorkdayOrdinal), built
# once per process for the overrides the process holds.
LONG_SPAN = 60
_running: tuple[dict, dict] | None = None


def _running_counts(overrides: dict) -> dict:
    global _running
    if _running is None or _running[0] is not overrides:
        calendar = WorkingCalendar.__new__(WorkingCalendar)
        calendar._overrides = overrides
        table, day, count = {}, ORDINALS_FROM, 0
        while day <= ORDINALS_UNTIL:
            if calendar.is_working_day(day)[0]:
                count += 1
            table[day] = count
            day += ONE_DAY
        _running = (overrides, table)
    return _running[1]


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; 0 when end <= start."""
    if end <= start:
        return 0
    calendar = WorkingCalendar(start, end)
    memo = _cached_overrides.get()
    if (end - start).days > LONG_SPAN and memo and calendar._overrides is memo.get("all"):
        # The process's copy of every override: the running counts hold for it.
        table = _running_counts(calendar._overrides)
        if start in table and end in table:
            return table[end] - table[start]
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if calendar.is_working_day(day)[0]:
            count += 1
    return count


def due_date(*, start: dt.date, days: int, unit: str) -> DueDate:
    if unit == "calendar_days":
        return DueDate(start + dt.timedelta(days=days), False)
    return add_working_days(start, days)


ORDINALS_FROM = dt.date(2015, 1, 1)
ORDINALS_UNTIL = dt.date(2040, 12, 31)


def workday_ordinals_rebuild() -> int:
    """Rebuild WorkdayOrdinal for ORDINALS_FROM … ORDINALS_UNTIL in one transaction."""
    from django.db import transaction

    from .models import WorkdayOrdinal

    token = _cached_overrides.set(None)  # the overrides as they are now, not as a request read them
    try:
        calendar = WorkingCalendar(ORDINALS_FROM, ORDINALS_UNTIL)
    finally:
        _cached_overrides.reset(token)
    rows, day, count = [], ORDINALS_FROM, 0
    while day <= ORDINALS_UNTIL:
        if calendar.is_working_day(day)[0]:
            count += 1
        rows.append(WorkdayOrdinal(day=day, ordinal=count))
        day += ONE_DAY
    with transaction.atomic():
        WorkdayOrdinal.objects.all().delete()
        WorkdayOrdinal.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
