"""Participants: merging two records of one person (data ganda).

Dukcapil knows of some two million people recorded twice; typos in a NIK make
more. Staff who may see full NIKs merge the two records into one, keeping every
registration, the registry and the audit trail.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from participants.models import Participant, RoleHeld
from trainings import access
from trainings.audit import audit_record
from trainings.errors import PilarError
from trainings.models import Attendance, Certificate, Registration
from trainings.services.registrations import ACTIVE

# The identity fields whose value the person merging chooses, in the order shown.
MERGE_FIELDS = (
    "nik",
    "full_name",
    "sex",
    "birth_place",
    "birth_date",
    "phone",
    "email",
    "home_region",
    "organization_unit",
    "nip",
    "rank",
    "position",
)
KEEP, REMOVE = "keep", "remove"
Choice = Literal["keep", "remove"]


class MergeRefused(PilarError):
    """The two records cannot be merged as they stand (same record, shared training…)."""


def _value(participant: Participant, name: str) -> Any:
    return getattr(participant, "home_region_id" if name == "home_region" else name)


def _snapshot(participant: Participant) -> dict[str, Any]:
    """The identity fields as JSON-ready values (dates as ISO text, region as its code)."""
    snapshot = {}
    for name in MERGE_FIELDS:
        value = _value(participant, name)
        snapshot[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return snapshot


def _details(role_held: RoleHeld) -> int:
    """How much a registry row says: the one saying more survives a merge."""
    return sum(
        (
            bool(role_held.sk_number),
            role_held.year_appointed is not None,
            role_held.duty_region_id is not None,
        )
    )


def _registrations_by_training(participant: Participant) -> dict[int, Registration]:
    return {
        registration.training_id: registration
        # Claims on the person's NIK stand apart (no seat, outside the one-per-training
        # constraint): they move with the record untouched.
        for registration in Registration.objects.filter(
            participant=participant, identity_check__in=Registration.OWN_IDENTITY_CHECKS
        )
        .select_related("training")
        .annotate(
            has_history=Exists(Attendance.objects.filter(registration=OuterRef("pk")))
            | Exists(Certificate.objects.filter(registration=OuterRef("pk")))
            | Exists(Registration.objects.filter(replaces=OuterRef("pk")))
        )
    }


def _fold_shared_trainings(keep: Participant, remove: Participant) -> list[str]:
    """Where both are registered in one training, drop the inactive registration.

    One person has one registration per training. If one of the two was
    cancelled or rejected (no seat, no attendance, no certificate, nobody
    replacing it), it is deleted and its code returned; the other one stays.
    Raises ``MergeRefused`` naming the trainings where both are still active,
    or where the inactive one has a history that must not be lost.
    """
    kept, removed = _registrations_by_training(keep), _registrations_by_training(remove)
    both_active, with_history, to_drop = [], [], []
    for training_id in sorted(kept.keys() & removed.keys()):
        pair = (removed[training_id], kept[training_id])  # the removed record's goes first
        inactive = [registration for registration in pair if registration.status not in ACTIVE]
        if not inactive:
            both_active.append(pair[0].training)
        elif inactive[0].has_history:
            with_history.append(pair[0].training)
        else:
            to_drop.append(inactive[0])
    if both_active:
        raise MergeRefused(
            _(
                "Kedua data masih terdaftar aktif pada pelatihan yang sama: %(trainings)s. "
                "Satu orang hanya boleh punya satu pendaftaran per pelatihan: batalkan salah "
                "satunya dulu, lalu gabungkan."
            )
            % {"trainings": _titles(both_active)}
        )
    if with_history:
        raise MergeRefused(
            _(
                "Kedua data terdaftar pada pelatihan yang sama dan pendaftaran yang tidak aktif "
                "sudah punya kehadiran, sertifikat atau pengganti: %(trainings)s. Hubungi "
                "admin sistem."
            )
            % {"trainings": _titles(with_history)}
        )
    codes = sorted(registration.code for registration in to_drop)
    Registration.objects.filter(pk__in=[registration.pk for registration in to_drop]).delete()
    return codes


def _titles(trainings) -> str:
    return "; ".join(
        training.title for training in sorted(trainings, key=lambda t: (t.starts_on, t.title))
    )


def participant_merge(
    *,
    actor,
    keep: Participant,
    remove: Participant,
    field_choices: dict[str, Choice],
) -> Participant:
    """Merge ``remove`` into ``keep``: one person, every registration and registry row kept.

    ``field_choices`` maps identity fields (``MERGE_FIELDS``) to ``"keep"`` or
    ``"remove"``: whose value the survivor keeps; fields not named keep the
    survivor's value.

    Side effects, in one transaction with both rows locked (no registration can
    be added to either meanwhile): every Registration of ``remove`` moves to
    ``keep``; its registry rows (RoleHeld) move too, and where both hold the same
    role the row with more details (SK number, year, duty region) stays — the
    survivor's on a tie — and the other is deleted; the survivor gets the chosen
    values; ``remove`` is deleted; one AuditEvent ("participant.merge") with the survivor's fields
    before and after and the removed record in full (its NIK included: the
    audit trail is where it must stay findable). Earlier audit events about the
    removed record stay as they are. Seats and counters do not change: a
    registration keeps its training, cell and status.

    Where both are registered in the same training, one registration must go:
    if one of them is cancelled or rejected and has no history (attendance,
    certificate, replacement), it is deleted (its code is in the audit event).

    Both records must be people ``actor`` can see (``access.visible_participants``):
    the survivor keeps the other's registrations and registry rows, so merging a
    record from outside the scope would bring that person's data into it.

    Raises ``MergeRefused`` when both are the same record, when a field choice
    is unknown, when either record is outside the actor's scope (with
    ``access.NIK_OUTSIDE_SCOPE``, which tells nothing about it), or when both
    are registered in the same training and both registrations are still
    active — staff cancel one first; the message names the trainings.
    ``TrainingBusy`` never: no seat changes hands.
    """
    if keep.pk == remove.pk:
        raise MergeRefused(_("Pilih dua data peserta yang berbeda."))
    unknown = sorted(
        name
        for name, choice in field_choices.items()
        if name not in MERGE_FIELDS or choice not in (KEEP, REMOVE)
    )
    if unknown:
        raise MergeRefused(
            _("Pilihan isian tidak dikenal: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    pair = [keep.pk, remove.pk]
    if access.visible_participants(actor).filter(pk__in=pair).count() != len(pair):
        raise MergeRefused(str(access.NIK_OUTSIDE_SCOPE))
    with transaction.atomic():
        locked = {
            person.pk: person
            for person in Participant.objects.select_for_update()
            .filter(pk__in=[keep.pk, remove.pk])
            .order_by("pk")
        }
        if len(locked) != 2:
            raise MergeRefused(_("Salah satu data peserta sudah tidak ada."))
        keep, remove = locked[keep.pk], locked[remove.pk]
        dropped = _fold_shared_trainings(keep, remove)
        before, removed = _snapshot(keep), _snapshot(remove)

        moved = list(
            Registration.objects.filter(participant=remove)
            .order_by("created_at", "pk")
            .values_list("code", flat=True)
        )
        Registration.objects.filter(participant=remove).update(participant=keep)

        roles_moved, roles_merged = [], {}
        survivor_roles = {held.role_id: held for held in keep.roles_held.all()}
        for held in remove.roles_held.select_related("role").order_by("role__code"):
            existing = survivor_roles.get(held.role_id)
            if existing is not None and _details(existing) >= _details(held):
                roles_merged[held.role.code] = KEEP
                held.delete()
                continue
            if existing is not None:
                roles_merged[held.role.code] = REMOVE
                existing.delete()
            else:
                roles_moved.append(held.role.code)
            held.participant = keep
            held.save(update_fields=["participant", "updated_at"])

        remove_id = remove.pk
        remove.delete()  # first: the survivor may take over its NIK (unique)
        for name, choice in field_choices.items():
            if choice == REMOVE:
                attribute = "home_region_id" if name == "home_region" else name
                setattr(keep, attribute, _value(remove, name))
        keep.save()
        after = _snapshot(keep)
        membership = access.membership_of(actor)
        audit_record(
            actor=actor,
            action="participant.merge",
            obj=keep,
            organization=membership.organization if membership else None,
            changes={
                "removed_id": remove_id,
                "removed": removed,
                "fields": {
                    name: [before[name], after[name]]
                    for name in MERGE_FIELDS
                    if before[name] != after[name]
                },
                "before": before,
                "after": after,
                "registrations_moved": moved,
                "registrations_dropped": dropped,
                "roles_moved": roles_moved,
                "roles_merged": roles_merged,
            },
        )
    return keep
