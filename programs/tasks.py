from celery import shared_task

from .engine import case_timers_fire


@shared_task(name="programs.tasks.case_timers", acks_late=True)
def case_timers() -> int:
    """Idempotent: a step already closed is not fired again (the state is checked under a lock)."""
    return case_timers_fire()


@shared_task(name="programs.tasks.tally_compact", acks_late=True)
def tally_compact() -> None:
    """Fold the dashboard summary's rows (programs.tally); safe to run at any time, or twice."""
    from .tally import tally_compact as compact

    compact()


@shared_task(name="programs.tasks.tally_rebuild", acks_late=True)
def tally_rebuild() -> tuple[int, int]:
    """Recount the dashboard summary from the cases (nightly): repairs what bypassed the engine."""
    from .memo import memoised
    from .tally import tally_rebuild as rebuild

    with memoised():
        return rebuild()
