"""Quota cells and capacity: Σ quota seats ≤ capacity, held under the training's lock."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participants.models import Region, RoleGroup
from trainings.audit import audit_record
from trainings.errors import CapacityError
from trainings.models import Quota, Training
from trainings.services.locking import lock_training


def _quota_seats_total(training: Training, *, excluding: Quota | None = None) -> int:
    quotas = training.quotas.all()
    if excluding is not None and excluding.pk:
        quotas = quotas.exclude(pk=excluding.pk)
    return quotas.aggregate(total=Sum("seats"))["total"] or 0


def quota_save(
    *,
    actor,
    training: Training,
    seats: int,
    region: Region | None = None,
    role_group: RoleGroup | None = None,
    label: str = "",
    quota: Quota | None = None,
) -> Quota:
    """Create a quota cell, or change ``quota``, keeping Σ quota seats ≤ capacity.

    Side effects: one Quota row written, one AuditEvent ("quota.create" or
    "quota.update"). Raises ``CapacityError`` when the seats would exceed the
    capacity or fall below the seats already taken in the cell; ``TrainingBusy``
    when the training is locked for too long. The (training, region, role
    group) uniqueness is the database's (``quota_one_per_cell``).
    """
    with transaction.atomic():
        locked = lock_training(training.pk)
        if quota is not None:
            # The counter as it is now: the caller's copy (an admin form's, say) may be
            # older than a registration that took a seat. Counters change only under
            # the training's lock, which is held from here on.
            quota = Quota.objects.get(pk=quota.pk, training=locked)
        others = _quota_seats_total(locked, excluding=quota)
        if others + seats > locked.capacity:
            raise CapacityError(
                _("Jumlah kursi kuota (%(total)d) melebihi kapasitas pelatihan (%(capacity)d).")
                % {"total": others + seats, "capacity": locked.capacity}
            )
        if quota is not None and seats < quota.seats_taken:
            raise CapacityError(
                ngettext(
                    "Kuota ini sudah terisi %(taken)d kursi; kursinya tidak bisa dikurangi "
                    "menjadi %(seats)d.",
                    "Kuota ini sudah terisi %(taken)d kursi; kursinya tidak bisa dikurangi "
                    "menjadi %(seats)d.",
                    quota.seats_taken,
                )
                % {"taken": quota.seats_taken, "seats": seats}
            )
        created = quota is None
        before = {} if created else {"seats": quota.seats, "label": quota.label}
        if created:
            quota = Quota(training=locked)
        quota.seats, quota.region, quota.role_group, quota.label = seats, region, role_group, label
        if created:
            quota.save()
        else:  # never the seats_taken counter: the seat rule owns it
            quota.save(update_fields=["seats", "region", "role_group", "label"])
        audit_record(
            actor=actor,
            action="quota.create" if created else "quota.update",
            obj=quota,
            training=locked,
            changes={
                "seats": [before.get("seats"), seats],
                "region": region.code if region else None,
                "role_group": role_group.name if role_group else None,
            },
        )
    return quota


def training_change_capacity(*, actor, training: Training, capacity: int) -> Training:
    """Change a training's capacity; it may not drop below Σ quota seats or the seats taken.

    Side effects: the Training row, one AuditEvent ("training.capacity").
    Raises ``CapacityError``, ``TrainingBusy``.
    """
    with transaction.atomic():
        locked = lock_training(training.pk)
        quota_total = _quota_seats_total(locked)
        if capacity < max(quota_total, locked.seats_taken, 1):
            raise CapacityError(
                _(
                    "Kapasitas %(capacity)d terlalu kecil: kuota berjumlah %(quotas)d kursi dan "
                    "%(taken)d kursi sudah terisi."
                )
                % {"capacity": capacity, "quotas": quota_total, "taken": locked.seats_taken}
            )
        before = locked.capacity
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        audit_record(
            actor=actor,
            action="training.capacity",
            obj=locked,
            training=locked,
            changes={"capacity": [before, capacity]},
        )
    return locked
