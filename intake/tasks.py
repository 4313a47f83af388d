from celery import shared_task

from .retention import retention_run


@shared_task(name="intake.tasks.retention_run", acks_late=True)
def retention_run_task() -> dict:
    """Idempotent: anonymised applications and households are never touched again."""
    report = retention_run(dry_run=False)
    return {"applications": len(report.applications), "households": len(report.households)}
