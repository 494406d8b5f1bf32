"""The full-NIK trail: who was given the right to see whole NIKs, and who saw them where.

A whole NIK is the most sensitive thing Pilar shows; the permission
``participants.view_full_nik`` is granted to a person, by a superuser only
(``trainings.admin.accounts``). Pilar's own audit trail records:

* every grant and revocation (``nik.permission_grant`` / ``nik.permission_revoke``),
  however it happens — the admin's user or group form, a user put into or taken out
  of a group that carries the permission, or code — through the ``m2m_changed``
  signal; the admin names the superuser who did it
  (``acting_as``), anything else is recorded as "sistem";
* every page or export that showed whole NIKs (``nik.full_view``): whatever
  renders a whole NIK calls ``note_full_niks_shown(request)``, and
  ``record_full_nik_views`` writes one event per response with the path and
  how many were shown; a background export that writes whole NIKs into a file
  records its own event when its task runs (``record_full_niks_exported``).
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.contrib.auth.models import Group, Permission, User
from django.db.models.signals import m2m_changed

from participants.permissions import VIEW_FULL_NIK_CODENAME
from trainings.audit import audit_record

_actor: ContextVar = ContextVar("nik_permission_actor", default=None)
_SHOWN = "_pilar_full_niks_shown"
SYSTEM = "sistem"


@contextlib.contextmanager
def acting_as(user):
    """Name ``user`` as the one who changes permissions inside the block."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def _full_nik_permission_id() -> int | None:
    return (
        Permission.objects.filter(
            content_type__app_label="participants", codename=VIEW_FULL_NIK_CODENAME
        )
        .values_list("pk", flat=True)
        .first()
    )


def _organization_of(user):
    membership = getattr(user, "membership", None) if isinstance(user, User) else None
    return membership.organization if membership is not None else None


def _record(holder, *, granted: bool) -> None:
    actor = _actor.get()
    audit_record(
        actor=actor,
        label=None if actor is not None else SYSTEM,
        action="nik.permission_grant" if granted else "nik.permission_revoke",
        obj=holder,
        organization=_organization_of(holder),
        changes={
            "holder": str(holder),
            "kind": "user" if isinstance(holder, User) else "group",
            "permission": f"participants.{VIEW_FULL_NIK_CODENAME}",
        },
    )


def _permission_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    permission_id = _full_nik_permission_id()
    if permission_id is None:
        return
    granted = action == "post_add"
    if not reverse:  # user.user_permissions.add(…) / group.permissions.add(…)
        if action == "pre_clear":
            if not instance.__class__.objects.filter(
                pk=instance.pk, **{_permission_field(instance): permission_id}
            ).exists():
                return
        elif permission_id not in (pk_set or ()):
            return
        _record(instance, granted=granted)
        return
    # permission.user_set.add(…) / permission.group_set.add(…)
    if instance.pk != permission_id:
        return
    holders = model.objects.all() if action == "pre_clear" else model.objects.filter(pk__in=pk_set)
    if action == "pre_clear":
        holders = holders.filter(**{_permission_field(model()): permission_id})
    for holder in holders:
        _record(holder, granted=granted)


def _permission_field(holder) -> str:
    return "user_permissions" if isinstance(holder, User) else "permissions"


m2m_changed.connect(
    _permission_changed, sender=User.user_permissions.through, dispatch_uid="nik_user_perm"
)
m2m_changed.connect(_permission_changed, sender=Group.permissions.through, dispatch_uid="nik_group")


def _membership_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A user joining or leaving a group that carries the permission gains or loses it."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    permission_id = _full_nik_permission_id()
    if permission_id is None:
        return
    granted = action == "post_add"
    if reverse:  # group.user_set.add(…)
        if instance.permissions.filter(pk=permission_id).exists():
            for user in User.objects.filter(pk__in=pk_set):
                _record(user, granted=granted)
    elif Group.objects.filter(pk__in=pk_set, permissions=permission_id).exists():
        _record(instance, granted=granted)


m2m_changed.connect(_membership_changed, sender=User.groups.through, dispatch_uid="nik_groups")


def note_full_niks_shown(request, count: int = 1) -> None:
    """Mark that this response shows ``count`` whole NIKs (recorded after the response)."""
    if request is not None and count > 0:
        setattr(request, _SHOWN, getattr(request, _SHOWN, 0) + count)


def record_full_niks_exported(user, *, count: int, export: dict) -> None:
    """A background export wrote ``count`` whole NIKs into a file for ``user``: one
    ``nik.full_view`` event naming the export (there is no request to note it on)."""
    if count > 0 and user is not None:
        audit_record(
            actor=user,
            action="nik.full_view",
            obj=user,
            organization=_organization_of(user),
            changes={**export, "niks": count},
        )


def record_full_nik_views(get_response):
    """One ``nik.full_view`` event for each response that showed whole NIKs."""

    def middleware(request):
        response = get_response(request)
        shown = getattr(request, _SHOWN, 0)
        user = getattr(request, "user", None)
        if shown and user is not None and user.is_authenticated:
            audit_record(
                actor=user,
                action="nik.full_view",
                obj=user,
                organization=_organization_of(user),
                changes={"path": request.path, "method": request.method, "niks": shown},
            )
        return response

    return middleware
