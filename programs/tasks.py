from celery import shared_task

from .engine import case_timers_fire


@shared_task(name="programs.tasks.case_timers", acks_late=True)
def case_timers() -> int:
    """Idempotent: a step already closed is not fired again (the state is checked under a lock)."""
    return case_timers_fire()
