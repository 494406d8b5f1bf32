"""The four staff groups and their model permissions, created idempotently.

A data migration and the test fixtures both call ``ensure_staff_groups`` (a
flush erases migration-made rows). ``view_full_nik`` is in no group: it is
granted to a person on purpose.
"""

from __future__ import annotations

AGENCY_ADMIN = "Admin dinas"
TRAINING_STAFF = "Staf pelatihan"
REGENCY_OPERATOR = "Operator kabupaten/kota"
SUPERVISOR = "Supervisor"

_TRAINING_MODELS = [
    "training", "session", "speaker", "quota", "committeemember", "guest",
    "registration", "attendance", "certificate",
]  # fmt: skip
_ALL = ("add", "change", "delete", "view")
_EDIT = ("add", "change", "view")


def _perms(app: str, models: list[str], actions: tuple[str, ...]) -> set[tuple[str, str]]:
    return {(app, f"{action}_{model}") for model in models for action in actions}


GROUP_PERMISSIONS: dict[str, set[tuple[str, str]]] = {
    AGENCY_ADMIN: (
        _perms("trainings", _TRAINING_MODELS, _ALL)
        | _perms("trainings", ["organization", "membership"], _EDIT)
        | _perms("trainings", ["auditevent"], ("view",))
        | _perms("participants", ["participant", "roleheld"], _EDIT)
        | _perms("participants", ["region", "socialrole", "rolegroup"], ("view",))
        | _perms("participants", ["rolegroup"], _EDIT)
        | _perms("auth", ["user"], _EDIT)
    ),
    TRAINING_STAFF: (
        _perms("trainings", _TRAINING_MODELS, _EDIT)
        | _perms("trainings", ["organization"], ("view",))
        | _perms("participants", ["participant", "roleheld"], _EDIT)
        | _perms("participants", ["region", "socialrole", "rolegroup"], ("view",))
    ),
    REGENCY_OPERATOR: (
        _perms("trainings", ["training", "quota"], ("view",))
        | _perms("trainings", ["registration"], ("add", "view"))
        | _perms("participants", ["participant"], ("add", "view"))
        | _perms("participants", ["region", "socialrole"], ("view",))
    ),
    SUPERVISOR: (
        _perms("trainings", [*_TRAINING_MODELS, "organization"], ("view",))
        | _perms("participants", ["participant", "roleheld", "region", "socialrole"], ("view",))
    ),
}


def ensure_staff_groups(group_model=None, permission_model=None) -> None:
    """Create the groups and set exactly their permissions (idempotent)."""
    if group_model is None:
        from django.contrib.auth.models import Group as group_model
        from django.contrib.auth.models import Permission as permission_model
    wanted = set().union(*GROUP_PERMISSIONS.values())
    by_key = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in permission_model.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
    }
    missing = wanted - by_key.keys()
    if missing:
        raise RuntimeError(f"Permissions missing; run migrate first: {sorted(missing)}")
    for name, keys in GROUP_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.set([by_key[key] for key in keys])
