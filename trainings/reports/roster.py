"""The one-training report's changes to the roster: the waiting list, the cancellations
and the replacements (pengganti), read in one query.

* **Waiting list**: registrations with status "waitlisted", per quota cell in their
  order (``waitlist_position``); the cell whose seat they wait for.
* **Cancellations**: registrations with status "cancelled" (withdrawn by the person
  on the status page, cancelled by staff, or ended with the training), with the
  reason and the moment the decision was recorded (``decided_at``).
* **Replacements**: every registration that replaces another
  (``Registration.replaces``, a sent-back or cancelled nomination): who replaced whom,
  and the status of each.

Unverified identity claims are nobody's registration and are left out. With
``cell_region`` (a regency operator's report) only the registrations of that
region's quota cells are read; a replacement always sits in the cell of the one
it replaces.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from trainings.models import Registration, Training
from trainings.reports.attendance import UNVERIFIED_CLAIM
from trainings.selectors.trainings import cell_label


@dataclass(frozen=True)
class WaitingRow:
    cell: str
    position: int
    registration: Registration
    registered_at: datetime.datetime


@dataclass(frozen=True)
class CancelledRow:
    registration: Registration
    cell: str
    decided_at: datetime.datetime | None
    reason: str
    replaced_by: Registration | None


@dataclass(frozen=True)
class ReplacementRow:
    cell: str
    replaced: Registration
    replacement: Registration


@dataclass
class Roster:
    waiting: list[WaitingRow]
    cancelled: list[CancelledRow]
    replacements: list[ReplacementRow]


def training_roster(training: Training, *, cell_region: str | None = None) -> Roster:
    """The waiting list, cancellations and replacements of ``training`` (one query)."""
    registrations = Registration.objects.filter(training=training).filter(
        Q(status__in=[Registration.Status.WAITLISTED, Registration.Status.CANCELLED])
        | Q(replaces__isnull=False)
    )
    if cell_region is not None:
        registrations = registrations.filter(quota__region_id=cell_region)
    rows = list(
        registrations.exclude(identity_check__in=UNVERIFIED_CLAIM)
        .select_related(
            "participant",
            "role",
            "quota__region",
            "quota__role_group",
            "replaces__participant",
            "replaces__role",
        )
        .order_by("participant__full_name", "pk")
    )
    replaced_by = {row.replaces_id: row for row in rows if row.replaces_id is not None}
    waiting = sorted(
        (
            WaitingRow(
                cell=cell_label(row.quota),
                position=row.waitlist_position,
                registration=row,
                registered_at=row.created_at,
            )
            for row in rows
            if row.status == Registration.Status.WAITLISTED
        ),
        key=lambda row: (row.cell, row.position),
    )
    cancelled = sorted(
        (
            CancelledRow(
                registration=row,
                cell=cell_label(row.quota),
                decided_at=row.decided_at,
                reason=row.decision_reason,
                replaced_by=replaced_by.get(row.pk),
            )
            for row in rows
            if row.status == Registration.Status.CANCELLED
        ),
        key=lambda row: (row.decided_at is None, row.decided_at, row.registration.pk),
    )
    replacements = [
        ReplacementRow(cell=cell_label(row.quota), replaced=row.replaces, replacement=row)
        for row in rows
        if row.replaces_id is not None
    ]
    return Roster(waiting=waiting, cancelled=cancelled, replacements=replacements)
