"""Transactional outbox: enqueue in the caller's transaction, dispatch after commit.

Workers claim a row with a conditional update (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED in
the sweep), run the idempotent handler, and mark it done. A row whose lease expired (worker
killed mid-task) is handed out again by the sweeper; nothing is lost, nothing runs twice to
completion because handlers check their own result first.
"""

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutboxMessage

logger = logging.getLogger(__name__)

HANDLERS: dict[str, str] = {
    "notice.render": "notices.services.notice_render",
}
MAX_ATTEMPTS = 8


def outbox_enqueue(*, topic: str, payload: dict, dedupe_key: str) -> OutboxMessage:
    if topic not in HANDLERS:
        raise ValueError(f"No outbox handler for topic {topic!r}")
    message, created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={"topic": topic, "payload": payload, "available_at": timezone.now()},
    )
    if created:
        transaction.on_commit(lambda: _wake(message.pk))
    return message


def outbox_enqueue_many(*, topic: str, messages: list[tuple[dict, str]]) -> None:
    """`outbox_enqueue` for rows new in this transaction (payload, dedupe key): one insert."""
    if topic not in HANDLERS:
        raise ValueError(f"No outbox handler for topic {topic!r}")
    now = timezone.now()
    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(topic=topic, payload=payload, dedupe_key=key, available_at=now)
        for payload, key in messages
    )
    for row in rows:
        transaction.on_commit(lambda pk=row.pk: _wake(pk))


def _wake(message_id: int) -> None:
    from .tasks import outbox_dispatch_task

    try:
        outbox_dispatch_task.delay(message_id)
    except Exception:  # broker down: the sweeper will pick the row up
        logger.warning("outbox wake-up for %s not sent; the sweeper will retry", message_id, exc_info=True)


def _claimable() -> Q:
    now = timezone.now()
    return Q(status=OutboxMessage.Status.PENDING, available_at__lte=now) | Q(
        status=OutboxMessage.Status.CLAIMED, lease_until__lt=now
    )


def outbox_claim(message_id: int) -> OutboxMessage | None:
    lease = timezone.now() + dt.timedelta(seconds=settings.ONEWINDOW_OUTBOX_LEASE_SECONDS)
    with transaction.atomic():
        qs = OutboxMessage.objects.filter(_claimable(), pk=message_id)
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        message = qs.first()
        if message is None:
            return None
        message.status, message.lease_until = OutboxMessage.Status.CLAIMED, lease
        message.attempts += 1
        message.save(update_fields=["status", "lease_until", "attempts"])
    return message


def outbox_dispatch(message_id: int) -> bool:
    """Claim, handle, finish. Returns whether this call processed the message."""
    message = outbox_claim(message_id)
    if message is None:
        return False
    handler: Callable[..., None] = import_string(HANDLERS[message.topic])
    try:
        handler(**message.payload)
    except Exception as exc:
        logger.exception("outbox %s (%s) failed", message.pk, message.topic)
        failed = message.attempts >= MAX_ATTEMPTS
        backoff = dt.timedelta(seconds=min(2**message.attempts * 5, 3600))
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.CLAIMED).update(
            status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.PENDING,
            available_at=timezone.now() + backoff,
            lease_until=None,
            last_error=repr(exc)[:2000],
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.CLAIMED).update(
        status=OutboxMessage.Status.DONE, done_at=timezone.now(), lease_until=None
    )
    return True


def outbox_due_ids(limit: int = 100) -> list[int]:
    return list(
        OutboxMessage.objects.filter(_claimable()).order_by("id").values_list("pk", flat=True)[:limit]
    )


def outbox_sweep_once(limit: int = 100) -> int:
    """Dispatch everything pending or whose lease expired; returns how many were processed."""
    return sum(outbox_dispatch(message_id) for message_id in outbox_due_ids(limit))
