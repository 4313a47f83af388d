import datetime as dt

from celery import shared_task
from django.utils import timezone

from .sampling import extreme_poverty_sample


@shared_task(name="extreme_poverty.tasks.sample", acks_late=True)
def sample() -> int:
    """Daily: top up this month's draw, and last month's (confirmations of its last day)."""
    today = timezone.localdate()
    drawn = extreme_poverty_sample(on=today, month=today.replace(day=1) - dt.timedelta(days=1))
    drawn += extreme_poverty_sample(on=today)
    return len(drawn)
