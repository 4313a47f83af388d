"""Working-day deadlines: holidays, 调休 make-up days, provisional years, admin overrides."""

import datetime as dt

from review.calendar import add_working_days, due_date, working_days_between
from review.models import CalendarOverride, WorkItem
from review.services import deadlines_recompute_provisional


def test_national_day_2026_with_make_up_saturday(db):
    # 9-29, 9-30, (10-1 … 10-7 holiday), 10-8, 10-9, 10-10 (Saturday, 调休 workday)
    due = add_working_days(dt.date(2026, 9, 28), 5)
    assert due.day == dt.date(2026, 10, 10)
    assert not due.provisional


def test_mid_autumn_friday_is_skipped(db):
    # 2026-09-25 (Fri) to 09-27 are the Mid-autumn holiday.
    assert add_working_days(dt.date(2026, 9, 24), 1).day == dt.date(2026, 9, 28)


def test_year_not_in_calendar_counts_weekdays_and_is_provisional(db):
    due = add_working_days(dt.date(2026, 12, 30), 3)
    # 12-31 (Thu), then 2027: 1-1 (Fri) counted Monday–Friday, 1-4 (Mon).
    assert due.day == dt.date(2027, 1, 4)
    assert due.provisional


def test_admin_holiday_override_beats_the_weekday_guess(db):
    CalendarOverride.objects.create(day=dt.date(2027, 1, 1), is_working_day=False, name="元旦")
    assert add_working_days(dt.date(2026, 12, 30), 3).day == dt.date(2027, 1, 5)


def test_admin_make_up_workday_counts(db):
    CalendarOverride.objects.create(day=dt.date(2027, 1, 2), is_working_day=True, name="调休上班")
    assert add_working_days(dt.date(2026, 12, 31), 2).day == dt.date(2027, 1, 2)


def test_calendar_days_unit_for_publicity(db):
    assert due_date(start=dt.date(2026, 9, 28), days=7, unit="calendar_days").day == dt.date(2026, 10, 5)


def test_working_days_between_skips_the_holiday(db):
    assert working_days_between(dt.date(2026, 9, 28), dt.date(2026, 10, 10)) == 5
    assert working_days_between(dt.date(2026, 10, 10), dt.date(2026, 10, 1)) == 0


def test_provisional_due_dates_are_recomputed_when_the_calendar_learns_the_year(users):
    from tests.factories import payload
    from tests.flows import submit

    app = submit(users, payload(items=["dibao"]))
    item = WorkItem.objects.get(case__application=app, status="open")
    WorkItem.objects.filter(pk=item.pk).update(
        opened_on=dt.date(2026, 12, 30),
        counted_from=dt.date(2026, 12, 30),
        due_date=dt.date(2027, 1, 6),
        due_provisional=True,
        deadline_days=3,
    )
    # An admin enters the 2027 New Year holiday; the sweep recomputes the guessed date.
    CalendarOverride.objects.create(day=dt.date(2027, 1, 1), is_working_day=False, name="元旦")
    assert deadlines_recompute_provisional() == 1
    item.refresh_from_db()
    assert item.due_date == dt.date(2027, 1, 5)
    assert item.due_provisional  # still a guess for the other 2027 days until the calendar covers 2027


def test_the_working_day_ordinals_agree_with_the_calendar_and_follow_an_override(db):
    from review.models import WorkdayOrdinal

    def between(a, b):
        return WorkdayOrdinal.objects.get(day=b).ordinal - WorkdayOrdinal.objects.get(day=a).ordinal

    start, end = dt.date(2026, 9, 28), dt.date(2026, 10, 31)
    assert between(start, end) == working_days_between(start, end)
    CalendarOverride.objects.create(day=dt.date(2026, 10, 12), is_working_day=False, name="临时休假")
    assert between(start, end) == working_days_between(start, end)
    CalendarOverride.objects.filter(day=dt.date(2026, 10, 12)).delete()
    assert between(start, end) == working_days_between(start, end)
