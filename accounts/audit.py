"""The one way services record what they did."""

from typing import Any

from django.db import models

from .models import AuditEvent, User


def audit_log(
    *, actor: User | None, code: str, obj: models.Model, data: dict[str, Any] | None = None
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        code=code,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )


def audit_log_ref(
    *, actor: User | None, code: str, object_type: str, object_id: str, data: dict[str, Any] | None = None
) -> AuditEvent:
    """For an object that may not exist or may not be loaded (e.g. a refused request's target)."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        code=code,
        object_type=object_type,
        object_id=object_id,
        data=data or {},
    )
