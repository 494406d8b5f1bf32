from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from trainings.models import AuditEvent, Organization, Training


def actor_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "publik"
    return actor.get_username()


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    training: Training | None = None,
    organization: Organization | None = None,
    label: str | None = None,
) -> AuditEvent:
    """Write one audit event. ``actor`` None (or anonymous) is the public, unless
    ``label`` names who it was (e.g. "sistem" for code run by the operators)."""
    organization_id = organization.pk if organization is not None else None
    if organization_id is None and training is not None:
        organization_id = training.organizer_id
    return AuditEvent.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        actor_label=label or actor_label(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:250],
        changes=changes or {},
        training=training,
        organization_id=organization_id,
    )
