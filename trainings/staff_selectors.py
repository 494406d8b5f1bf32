"""Staff reads: the trainings list, a training's dashboard and its registrations list.

Every function takes what ``trainings.access`` already scoped (the user, or a
training the view fetched with ``access.training_or_404``) and returns rows
with their related objects and counts chosen, so each page costs a constant
number of queries however many rows it shows (tests/trainings/test_staff_*.py
count them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Left, Lower
from django.utils.translation import gettext as _

from participants.models import Region, SocialRole
from participants.phone import PhoneError, normalize_mobile
from trainings import access
from trainings.codes import normalize_code
from trainings.models import Quota, Registration, Training

Status = Registration.Status
ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)
NIK_QUERY = re.compile(r"[0-9]{16}")
CODE_QUERY = re.compile(r"[0-9A-HJKMNP-TV-Z]{8}")
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

    @property
    def pending(self) -> int:
        return sum(cell.pending for cell in self.cells)

    @property
    def waiting(self) -> int:
        return sum(cell.waiting for cell in self.cells)


def _with_related(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.select_related(
        "participant", "role", "region_represented", "quota__region", "quota__role_group"
    )


def _contact_differs() -> ExpressionWrapper:
    """The contact typed on the registration is not the one on the participant's record."""
    differs = (~Q(phone="") & ~Q(phone=F("participant__phone"))) | (
        ~Q(email="") & ~Q(email_lower=F("participant_email_lower"))
    )
    return ExpressionWrapper(differs, output_field=BooleanField())


def _annotate_contact(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.alias(
        email_lower=Lower("email"), participant_email_lower=Lower("participant__email")
    ).annotate(contact_differs=_contact_differs())


def training_dashboard(*, training: Training) -> Dashboard:
    """Seats per quota cell and the open pool, the latest registrations and what needs a
    decision (pending, or contact details that differ from the participant's record).

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
    registrations = _with_related(Registration.objects.filter(training=training))
    recent = list(registrations.order_by("-created_at", "-pk")[:RECENT_SHOWN])
    needing = list(
        _annotate_contact(registrations.filter(status__in=ACTIVE))
        .filter(Q(status=Status.PENDING) | Q(contact_differs=True))
        .order_by("created_at", "pk")[: NEEDS_DECISION_SHOWN + 1]
    )
    return Dashboard(
        training=training,
        cells=cells,
        recent=recent,
        needs_decision=needing[:NEEDS_DECISION_SHOWN],
        more_need_decision=len(needing) > NEEDS_DECISION_SHOWN,
    )


# --- a training's registrations -------------------------------------------------------


@dataclass(frozen=True)
class RegistrationFilters:
    """What the registrations list narrows by; blank means "any"."""

    status: str = ""  # a Registration.Status value
    role: str = ""  # a SocialRole code
    regency: str = ""  # a regency code ("63.03"): the region represented lies in it
    source: str = ""  # a Registration.Source value
    contact_differs: bool = False
    query: str = ""  # name, mobile number, registration code, or a whole NIK


def search_condition(query: str) -> Q:
    """What a staff search matches: a whole NIK exactly — never part of one, so a
    list of masked NIKs cannot be read back digit by digit — or else the name
    (contains), the mobile number on the registration or the record (normalised),
    and the registration code (as typed aloud: ``I``/``L`` → 1, ``O`` → 0)."""
    text = query.strip()
    if not text:
        return Q()
    compact = re.sub(r"[\s.\-]", "", text)
    if NIK_QUERY.fullmatch(compact):
        return Q(participant__nik=compact)
    condition = Q(participant__full_name__icontains=text)
    code = normalize_code(text)
    if CODE_QUERY.fullmatch(code):
        condition |= Q(code=code)
    try:
        phone = normalize_mobile(text)
    except PhoneError:
        pass
    else:
        condition |= Q(phone=phone) | Q(participant__phone=phone)
    return condition


def staff_registrations(
    *, training: Training, filters: RegistrationFilters | None = None
) -> QuerySet[Registration]:
    """A training's registrations in the order they came in, with participant, role,
    region and cell, and ``contact_differs``. One query per page (plus the count)."""
    filters = filters or RegistrationFilters()
    registrations = _annotate_contact(_with_related(Registration.objects.filter(training=training)))
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    if filters.role:
        registrations = registrations.filter(role__code=filters.role)
    if filters.regency:
        registrations = registrations.filter(
            Q(region_represented_id=filters.regency)
            | Q(region_represented__code__startswith=f"{filters.regency}.")
        )
    if filters.source:
        registrations = registrations.filter(source=filters.source)
    if filters.contact_differs:
        registrations = registrations.filter(status__in=ACTIVE, contact_differs=True)
    if filters.query:
        registrations = registrations.filter(search_condition(filters.query))
    return registrations.order_by("created_at", "pk")


def registration_role_choices(training: Training) -> list[tuple[str, str]]:
    """The roles of the training's registrations and its eligible roles. One query."""
    registered = Registration.objects.filter(training=training).values("role_id")
    eligible = Training.eligible_roles.through.objects.filter(training=training).values(
        "socialrole_id"
    )
    roles = SocialRole.objects.filter(Q(pk__in=registered) | Q(pk__in=eligible))
    return [(role.code, str(role)) for role in roles]


def registration_regency_choices(training: Training) -> list[tuple[str, str]]:
    """The kabupaten/kota the training's registrations represent, by name. One query."""
    represented = (
        Registration.objects.filter(training=training, region_represented__isnull=False)
        .annotate(regency=Left("region_represented_id", 5))
        .values("regency")
    )
    return list(
        Region.objects.filter(level=Region.Level.REGENCY, code__in=represented)
        .order_by("name")
        .values_list("code", "name")
    )
