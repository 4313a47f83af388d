"""The one way services record what they did: one row per event, never changed afterwards.

Each row carries the time, the actor and their role then, the event code, the object, whether
it succeeded, and the client's address (from the request being served, if any).
"""

from typing import Any

from django.db import models

from .batch import current_batch
from .context import current
from .models import AuditEvent, User


def _context() -> dict:
    return current()


def audit_log_ref(
    *,
    actor: User | None,
    code: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any] | None = None,
    success: bool = True,
) -> AuditEvent:
    """For an object that may not exist or may not be loaded (e.g. a refused request's target)."""
    actor = actor if actor is not None and actor.pk else None
    row = AuditEvent(
        actor=actor,
        actor_role=getattr(actor, "role", "") if actor else "",
        code=code,
        object_type=object_type,
        object_id=object_id,
        data=data or {},
        success=success,
        ip=_context().get("ip"),
    )
    batch = current_batch()
    if batch is not None:  # one insert for the batch's events (accounts.batch)
        return batch.add(row)
    row.save(force_insert=True)
    return row


def audit_log(
    *,
    actor: User | None,
    code: str,
    obj: models.Model,
    data: dict[str, Any] | None = None,
    success: bool = True,
) -> AuditEvent:
    row = audit_log_ref(
        actor=actor,
        code=code,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
        success=success,
    )
    if (
        obj.pk is None and current_batch() is not None
    ):  # written by the same batch: its key is known once it is inserted
        current_batch().add_prepare(row, lambda: setattr(row, "object_id", str(obj.pk)))
    return row
