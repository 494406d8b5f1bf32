"""The seat rule (docs/architecture.md, "The seat rule"): which cell a registration takes
its seat from, and its counters.

Every function here runs inside a transaction that holds the training's row
lock (``lock_training``), so what it reads stays true until the commit. The
counters (``Training.seats_taken``, ``Quota.seats_taken``) keep the work done
under the lock constant however many registrations a training has.
"""

from __future__ import annotations

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Max, Q

from trainings.models import Quota, Registration, Training


def load_cells(training: Training) -> list[Quota]:
    """The training's quotas, each with ``role_ids`` (empty: any role). One query."""
    return list(
        Quota.objects.filter(training=training)
        .annotate(
            role_ids=ArrayAgg(
                "role_group__roles", filter=Q(role_group__roles__isnull=False), default=[]
            )
        )
        .order_by("pk")
    )


def match_quota(cells: list[Quota], *, role_id: int, region_code: str | None) -> Quota | None:
    """The most specific quota whose region and roles both match, or None (the open pool).

    Specificity: region and roles > region only > roles only > neither; among
    role quotas the smaller role set first; then the older quota.
    """
    matches = [
        quota
        for quota in cells
        if (quota.region_id is None or quota.region_id == region_code)
        and (quota.role_group_id is None or role_id in quota.role_ids)
    ]
    if not matches:
        return None

    def specificity(quota: Quota) -> tuple[int, int, int, int]:
        has_region = quota.region_id is not None
        has_roles = quota.role_group_id is not None
        return (
            -(has_region + has_roles),
            -has_region,
            len(quota.role_ids) if has_roles else 0,
            quota.pk,
        )

    return min(matches, key=specificity)


def has_room(training: Training, cells: list[Quota], quota: Quota | None) -> bool:
    """Is there a free seat in this cell? A full quota never borrows from another."""
    if training.seats_taken >= training.capacity:
        return False
    if quota is not None:
        return quota.seats_taken < quota.seats
    reserved = sum(cell.seats for cell in cells)
    taken_in_quotas = sum(cell.seats_taken for cell in cells)
    return training.seats_taken - taken_in_quotas < training.capacity - reserved


def open_seats(training: Training, cells: list[Quota]) -> int:
    """Seats not reserved by any quota (capacity − Σ quota seats)."""
    return training.capacity - sum(cell.seats for cell in cells)


def _set_counters(training: Training, quota: Quota | None, delta: int) -> None:
    # Plain values, not F() expressions: under the lock they are exact, and the
    # control run without the lock then shows the overbooking it must show.
    training.seats_taken += delta
    Training.objects.filter(pk=training.pk).update(seats_taken=training.seats_taken)
    if quota is not None:
        quota.seats_taken += delta
        Quota.objects.filter(pk=quota.pk).update(seats_taken=quota.seats_taken)


def take_seat(training: Training, quota: Quota | None) -> None:
    _set_counters(training, quota, +1)


def release_seat(training: Training, quota: Quota | None) -> None:
    _set_counters(training, quota, -1)


def next_waitlist_position(training: Training, quota: Quota | None) -> int:
    """Positions are ticket numbers per cell, in order of arrival; they never move."""
    last = Registration.objects.filter(
        training=training, quota=quota, status=Registration.Status.WAITLISTED
    ).aggregate(last=Max("waitlist_position"))["last"]
    return (last or 0) + 1


def first_waiting(training: Training, quota: Quota | None) -> Registration | None:
    return (
        Registration.objects.filter(
            training=training, quota=quota, status=Registration.Status.WAITLISTED
        )
        .order_by("waitlist_position")
        .first()
    )
