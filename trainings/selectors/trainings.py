"""Staff reads: the trainings list and a training's dashboard.

Every function takes what ``trainings.access`` already scoped (the user, or a
training the view fetched with ``access.staff_training_or_404``) and returns rows
with their related objects and counts chosen, so each page costs a constant
number of queries however many rows it shows (tests/trainings/test_staff_*.py
count them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from trainings import access
from trainings.models import Quota, Registration, Training
from trainings.selectors.registrations import (
    ACTIVE,
    APPROVAL_ORDER,
    registrations_with_contact_check,
    registrations_with_related,
)

Status = Registration.Status
NEEDS_DECISION_SHOWN = 20
RECENT_SHOWN = 10


# --- the trainings list ---------------------------------------------------------------


def staff_trainings(*, user, status: str = "", year: int | None = None) -> QuerySet[Training]:
    """The trainings the user may see, newest first, with ``pending_count`` and
    ``waitlist_count``. One query.

    For a regency operator the counts are those of their regency's cells, and
    ``cell_seats`` / ``cell_seats_taken`` are the seats of those cells: an operator
    learns nothing about other regencies.
    """
    trainings = access.visible_trainings(user).select_related("organizer")
    in_scope = Q()
    if access.is_operator(user):
        region = access.membership_of(user).region_id
        in_scope = Q(registrations__quota__region_id=region)
        cells = Quota.objects.filter(training=OuterRef("pk"), region_id=region).order_by()
        trainings = trainings.annotate(
            cell_seats=_sum_of(cells, "seats"), cell_seats_taken=_sum_of(cells, "seats_taken")
        )
    trainings = trainings.annotate(
        pending_count=Count("registrations", filter=in_scope & Q(registrations__status="pending")),
        waitlist_count=Count(
            "registrations", filter=in_scope & Q(registrations__status="waitlisted")
        ),
    )
    if status:
        trainings = trainings.filter(status=status)
    if year:
        trainings = trainings.filter(fiscal_year=year)
    return trainings.order_by("-starts_on", "-pk")


def _sum_of(quotas: QuerySet[Quota], field: str):
    total = quotas.values("training").annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total[:1], output_field=IntegerField()), 0)


def staff_training_years(*, user) -> list[int]:
    """The fiscal years of the trainings the user may see, newest first. One query."""
    return list(
        access.visible_trainings(user)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


# --- a training's dashboard -----------------------------------------------------------


def cell_label(quota: Quota | None) -> str:
    """A quota cell as staff name it: its label, else "Kab. Banjar · Pendamping sosial"."""
    if quota is None:
        return _("Kursi umum (di luar kuota)")
    if quota.label:
        return quota.label
    region = quota.region.name if quota.region_id else _("semua wilayah")
    roles = quota.role_group.name if quota.role_group_id else _("semua unsur")
    return f"{region} · {roles}"


@dataclass(frozen=True)
class CellRow:
    """One quota cell, or the open pool (``quota`` None)."""

    quota: Quota | None
    label: str
    seats: int
    taken: int
    pending: int
    waiting: int

    @property
    def unfilled(self) -> int:
        return max(self.seats - self.taken, 0)


@dataclass(frozen=True)
class Dashboard:
    training: Training
    cells: list[CellRow]
    recent: list[Registration]
    needs_decision: list[Registration]
    more_need_decision: bool
    held: int  # identity claims waiting for verification

    @property
    def pending(self) -> int:
        return sum(cell.pending for cell in self.cells)

    @property
    def waiting(self) -> int:
        return sum(cell.waiting for cell in self.cells)


def training_dashboard(*, training: Training) -> Dashboard:
    """Seats per quota cell and the open pool, the latest registrations and what needs a
    decision (pending, or contact details that differ from the participant's record; and
    how many identity claims wait for verification).

    Four queries: the counts per cell (one aggregate), the quotas, the latest
    registrations, the registrations needing a decision.
    """
    counts = {
        row["quota_id"]: row
        for row in Registration.objects.filter(training=training)
        .values("quota_id")
        .annotate(
            pending=Count("pk", filter=Q(status=Status.PENDING)),
            waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
            held=Count("pk", filter=Q(status=Status.HELD)),
        )
        .order_by()
    }
    quotas = list(
        Quota.objects.filter(training=training)
        .select_related("region", "role_group")
        .order_by(
            F("region__name").asc(nulls_last=True), F("role_group__name").asc(nulls_last=True), "pk"
        )
    )

    def row(quota: Quota | None, seats: int, taken: int) -> CellRow:
        found = counts.get(quota.pk if quota else None, {})
        return CellRow(
            quota=quota,
            label=cell_label(quota),
            seats=seats,
            taken=taken,
            pending=found.get("pending", 0),
            waiting=found.get("waiting", 0),
        )

    cells = [row(quota, quota.seats, quota.seats_taken) for quota in quotas]
    cells.append(
        row(
            None,
            max(training.capacity - sum(quota.seats for quota in quotas), 0),
            training.seats_taken - sum(quota.seats_taken for quota in quotas),
        )
    )
    registrations = registrations_with_related(Registration.objects.filter(training=training))
    recent = list(registrations.order_by("-created_at", "-pk")[:RECENT_SHOWN])
    needing = list(
        registrations_with_contact_check(registrations.filter(status__in=ACTIVE))
        .filter(Q(status=Status.PENDING) | Q(contact_differs=True))
        .order_by(*APPROVAL_ORDER)[: NEEDS_DECISION_SHOWN + 1]
    )
    return Dashboard(
        training=training,
        cells=cells,
        recent=recent,
        needs_decision=needing[:NEEDS_DECISION_SHOWN],
        more_need_decision=len(needing) > NEEDS_DECISION_SHOWN,
        held=sum(row["held"] for row in counts.values()),
    )


def training_quotas(training: Training) -> QuerySet[Quota]:
    """The training's quota cells, each with what ``cell_label`` names it by."""
    return training.quotas.select_related("region", "role_group")
