from celery import shared_task

from .jobs import monitoring_sweep_once


@shared_task(name="monitoring.tasks.daily", acks_late=True)
def daily() -> dict[str, int]:
    from programs.memo import memoised

    with memoised():
        return monitoring_sweep_once()
