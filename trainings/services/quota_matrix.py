"""The quota matrix of a provincial training, filled in one step.

"N seats of role group R for every kabupaten/kota of province P, plus M seats for
the organising agency" — the Kalsel bimtek: 1 pendamping sosial and 1 petugas
Dinas Sosial from each of the 13 kabupaten/kota, plus 8 from the provincial
agency: 27 cells, 34 seats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from participants.models import Region, RoleGroup
from trainings.audit import audit_record
from trainings.errors import CapacityError, PilarError
from trainings.models import Quota, Training
from trainings.services.locking import lock_training


@dataclass(frozen=True)
class MatrixResult:
    """The matrix's cells (regencies in code order, each group by name, the organiser last)."""

    cells: list[Quota]
    created: int
    updated: int
    seats: int  # Σ seats of the matrix's cells
    quota_total: int  # Σ seats of all the training's quotas, matrix included
    changed: list[dict] = field(default_factory=list)


def quota_matrix_fill(
    *,
    actor,
    training: Training,
    province: Region,
    seats_by_group: dict[RoleGroup, int],
    organizer_seats: int,
) -> MatrixResult:
    """Create or update the cells: ``seats_by_group[g]`` seats of group ``g`` for each
    kabupaten/kota of ``province``, and ``organizer_seats`` for the organising agency
    (a cell for the organiser's own region, any role). A group with 0 seats, or 0
    organiser seats, adds no cell.

    Idempotent: cells already holding the wanted seats are left alone, and a second
    run writes nothing at all (no audit event either). Other quotas of the training
    are neither changed nor removed; they count towards the capacity.

    Side effects: Quota rows created or updated, one AuditEvent ("quota.matrix")
    listing the cells written with their seats before and after. Raises
    ``CapacityError`` (nothing written) when Σ quota seats would exceed the capacity,
    or a cell would fall below the seats already taken in it; ``PilarError`` when
    the province is not a province, the matrix is empty, seats are negative, or the
    organiser has no region for its own cell; ``TrainingBusy``.
    """
    if province.level != Region.Level.PROVINCE:
        raise PilarError(_("Pilih sebuah provinsi."))
    if organizer_seats < 0 or any(seats < 0 for seats in seats_by_group.values()):
        raise PilarError(_("Jumlah kursi tidak boleh negatif."))
    groups = sorted(
        ((group, seats) for group, seats in seats_by_group.items() if seats),
        key=lambda pair: pair[0].name,
    )
    with transaction.atomic():
        locked = lock_training(training.pk, queryset=Training.objects.select_related("organizer"))
        regencies = list(
            Region.objects.filter(parent=province, level=Region.Level.REGENCY).order_by("code")
        )
        wanted: dict[tuple[str | None, int | None], int] = {}
        for regency in regencies:
            for group, seats in groups:
                wanted[(regency.code, group.pk)] = seats
        if organizer_seats:
            organizer_region = locked.organizer.region_id
            if organizer_region is None:
                raise PilarError(
                    _(
                        "Penyelenggara %(organizer)s tidak punya wilayah: kursi untuk "
                        "penyelenggara tidak bisa dibuat."
                    )
                    % {"organizer": locked.organizer}
                )
            key = (organizer_region, None)
            wanted[key] = wanted.get(key, 0) + organizer_seats
        if not wanted:
            raise PilarError(_("Matriks kuota kosong: isi kursi untuk minimal satu kelompok."))

        existing = {
            (quota.region_id, quota.role_group_id): quota
            for quota in Quota.objects.filter(training=locked).select_related(
                "region", "role_group"
            )
        }
        others = sum(quota.seats for key, quota in existing.items() if key not in wanted)
        matrix_seats = sum(wanted.values())
        if others + matrix_seats > locked.capacity:
            raise CapacityError(
                _(
                    "Matriks kuota memerlukan %(matrix)d kursi; bersama kuota lain "
                    "(%(others)d kursi) jumlahnya %(total)d, melebihi kapasitas pelatihan "
                    "(%(capacity)d)."
                )
                % {
                    "matrix": matrix_seats,
                    "others": others,
                    "total": others + matrix_seats,
                    "capacity": locked.capacity,
                }
            )
        short = [
            existing[key]
            for key, seats in wanted.items()
            if key in existing and seats < existing[key].seats_taken
        ]
        if short:
            raise CapacityError(
                _("Kursi tidak boleh kurang dari yang sudah terisi: %(cells)s.")
                % {
                    "cells": "; ".join(
                        f"{quota.region.name if quota.region_id else '—'} · "
                        f"{quota.role_group.name if quota.role_group_id else _('semua unsur')} "
                        f"({quota.seats_taken})"
                        for quota in short
                    )
                }
            )

        names = {group.pk: group.name for group, _seats in groups}
        cells, changed, created = [], [], 0
        for (region_id, group_id), seats in wanted.items():
            quota = existing.get((region_id, group_id))
            before = quota.seats if quota is not None else None
            if quota is None:
                quota = Quota.objects.create(
                    training=locked, region_id=region_id, role_group_id=group_id, seats=seats
                )
                created += 1
            elif quota.seats != seats:
                quota.seats = seats
                quota.save(update_fields=["seats"])
            cells.append(quota)
            if before != seats:
                changed.append(
                    {
                        "region": region_id,
                        "role_group": names.get(group_id),
                        "seats": [before, seats],
                    }
                )
        if changed:
            audit_record(
                actor=actor,
                action="quota.matrix",
                obj=locked,
                training=locked,
                changes={
                    "province": province.code,
                    "seats_by_group": {group.name: seats for group, seats in groups},
                    "organizer_seats": organizer_seats,
                    "cells": changed,
                    "quota_total": [
                        sum(quota.seats for quota in existing.values()),
                        others + matrix_seats,
                    ],
                },
            )
    return MatrixResult(
        cells=cells,
        created=created,
        updated=len(changed) - created,
        seats=matrix_seats,
        quota_total=others + matrix_seats,
        changed=changed,
    )
