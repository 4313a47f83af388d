"""Thin tasks: ids in, services do the work."""

from celery import shared_task

from .outbox import outbox_dispatch, outbox_sweep_once


@shared_task(name="routing.tasks.outbox_dispatch_task", acks_late=True)
def outbox_dispatch_task(message_id: int) -> bool:
    return outbox_dispatch(message_id)


@shared_task(name="routing.tasks.outbox_sweep", acks_late=True)
def outbox_sweep() -> int:
    return outbox_sweep_once()
