"""The one way services record what they did: one row per event, never changed afterwards.

Each row carries the time, the actor and their role then, the event code, the object, whether
it succeeded, and the client's address (from the request being served, if any).
"""

from typing import Any

from django.db import models

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
    return AuditEvent.objects.create(
        actor=actor,
        actor_role=getattr(actor, "role", "") if actor else "",
        code=code,
        object_type=object_type,
        object_id=object_id,
        data=data or {},
        success=success,
        ip=_context().get("ip"),
    )


def audit_log(
    *,
    actor: User | None,
    code: str,
    obj: models.Model,
    data: dict[str, Any] | None = None,
    success: bool = True,
) -> AuditEvent:
    return audit_log_ref(
        actor=actor,
        code=code,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
        success=success,
    )
