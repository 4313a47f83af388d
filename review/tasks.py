from celery import shared_task

from .deadlines import deadline_sweep_once


@shared_task(name="review.tasks.deadline_sweep", acks_late=True)
def deadline_sweep() -> dict[str, int]:
    from programs.memo import memoised

    with memoised():
        return deadline_sweep_once()
