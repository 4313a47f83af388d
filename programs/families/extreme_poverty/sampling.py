"""≥ 30 % of the district's confirmations checked by its reviewers (N3 第十七条), drawn by month.

`extreme_poverty_sample(on=day, month=…)` draws on `day`, per confirming district, among the 特困
cases decided at the district confirmation step in that month (default: day's month), with the key "extreme_poverty:YYYY-MM"
(review.sampling.sample_draw: reproducible, idempotent, topped up as the month's confirmations
grow). Run it daily (the Celery task) or by hand (the management command).
"""

import datetime as dt

from django.utils import timezone

from accounts.models import Department
from programs.models import ProgramCase
from programs.parameters import parameter
from review.models import SampleCheck
from review.sampling import sample_draw

from .workflow import State

REVIEWER = "reviewer"


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1)


def confirmations_in_month(day: dt.date):
    """特困 cases decided at the district confirmation step (approved or denied) in day's month."""
    first, after = month_bounds(day)
    return (
        ProgramCase.objects.filter(
            program__family="extreme_poverty",
            decided_at__date__gte=first,
            decided_at__date__lt=after,
            transitions__source=State.CONFIRMATION,
        )
        .select_related("decided_office")
        .distinct()
    )


def extreme_poverty_sample(*, on: dt.date | None = None, month: dt.date | None = None) -> list[SampleCheck]:
    """Draw on `on` (default today) among the confirmations of `month`'s month (default: on's)."""
    on = on or timezone.localdate()
    month = month or on
    share = parameter("extreme_poverty.sample_share", on=on).value
    department = Department.objects.get(code="civil_affairs")
    by_office: dict = {}
    for case in confirmations_in_month(month):
        by_office.setdefault(case.decided_office, []).append(case)
    drawn = []
    for office, cases in sorted(by_office.items(), key=lambda pair: pair[0].code):
        drawn += sample_draw(
            cases=cases,
            share=share,
            reason=SampleCheck.Reason.EXTREME_POVERTY_CONFIRMATION,
            key=f"extreme_poverty:{month:%Y-%m}",
            office=office,
            department=department,
            role=REVIEWER,
            on=on,
        )
    return drawn
