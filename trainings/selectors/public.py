"""Public reads: the catalogue and a training's page, with their queries already chosen,
and what the registration pages read of one registration.

Both pages cost a constant number of queries however many trainings, sessions,
speakers or quotas they show (tests/trainings/test_public_views.py counts them).
The catalogue and the training's page read no personal data; a registration's
status page shows only what its code (the key) unlocks.
"""

from __future__ import annotations

import datetime
import enum
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Left
from django.utils import timezone

from participants.models import Region, SocialRole, TimeZone
from trainings.models import Quota, Registration, Session, Speaker, Training
from trainings.selectors.eligibility import accepts_role
from trainings.selectors.registrations import ACTIVE

# A province ("62") or a regency ("62.05"): the region filters of the catalogue.
REGION_FILTER_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2})?")


class RegistrationState(enum.StrEnum):
    """Whether the public form accepts a registration now, and if not, why.

    The one definition of the public window: the registration services refuse
    by it (``registration_check_open``) and the public pages explain it.
    """

    OPEN = "open"
    FULL = "full"  # still accepted: the registration goes on the waiting list
    NOT_OPEN = "not_open"
    CLOSED = "closed"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    NOT_PUBLISHED = "not_published"

    @property
    def accepts_registrations(self) -> bool:
        return self in (RegistrationState.OPEN, RegistrationState.FULL)


def registration_state(training: Training, *, now: datetime.datetime) -> RegistrationState:
    """The state of a training's public registration at ``now``."""
    if training.status == Training.Status.CANCELLED:
        return RegistrationState.CANCELLED
    if training.status != Training.Status.PUBLISHED:
        return RegistrationState.NOT_PUBLISHED
    if now >= training.local_day_bounds()[1]:
        return RegistrationState.FINISHED
    if training.registration_opens_at and now < training.registration_opens_at:
        return RegistrationState.NOT_OPEN
    if training.registration_closes_at and now >= training.registration_closes_at:
        return RegistrationState.CLOSED
    if training.seats_taken >= training.capacity:
        return RegistrationState.FULL
    return RegistrationState.OPEN


def _seats_left(training: Training) -> int:
    return max(training.capacity - training.seats_taken, 0)


def public_trainings() -> QuerySet[Training]:
    """Trainings anyone may look at (published or cancelled, never drafts), with what every
    public page shows of them: organiser, venue region, and ``regency_name`` (the venue's
    kabupaten/kota, None for a province-level venue) read in the same query."""
    regency = Region.objects.filter(
        code=Left(OuterRef("venue_region_id"), 5), level=Region.Level.REGENCY
    )
    return (
        Training.objects.exclude(status=Training.Status.DRAFT)
        .select_related("organizer", "venue_region")
        .annotate(regency_name=Subquery(regency.values("name")[:1]))
    )


def _not_finished(now: datetime.datetime) -> Q:
    """ends_on ≥ today, where "today" is the training's own zone's."""
    condition = Q()
    for zone in TimeZone.values:
        condition |= Q(time_zone=zone, ends_on__gte=timezone.localdate(now, ZoneInfo(zone)))
    # Training.save() always sets a zone; a row written around it falls back to the default.
    default_today = timezone.localdate(now, ZoneInfo(settings.TIME_ZONE))
    return condition | (~Q(time_zone__in=TimeZone.values) & Q(ends_on__gte=default_today))


@dataclass(frozen=True)
class CatalogueFilters:
    """What the catalogue's filter form narrows by; blank means "any"."""

    role: str = ""  # a SocialRole code
    region: str = ""  # a province ("62") or regency ("62.05") code: the venue's region
    kind: str = ""  # a Training.Kind value


@dataclass(frozen=True)
class CatalogueRow:
    training: Training
    state: RegistrationState
    seats_left: int


def catalogue_trainings(
    *, filters: CatalogueFilters | None = None, now: datetime.datetime | None = None
) -> list[CatalogueRow]:
    """Published trainings not yet over (in their own zone), by start date. Two queries:
    the trainings, and their eligible roles (``training.eligible_roles.all()``).

    A training without eligible roles is open to every active role, so a role filter
    keeps it (``accepts_role``).
    """
    filters = filters or CatalogueFilters()
    now = now or timezone.now()
    trainings = (
        public_trainings()
        .filter(_not_finished(now), status=Training.Status.PUBLISHED)
        .prefetch_related(
            Prefetch("eligible_roles", queryset=SocialRole.objects.only("abbreviation"))
        )
        .order_by("starts_on", "title", "pk")
    )
    if filters.role:
        trainings = trainings.filter(accepts_role(code=filters.role))
    if filters.region:
        if not REGION_FILTER_CODE.fullmatch(filters.region):
            raise ValueError(f"not a province or regency code: {filters.region!r}")
        trainings = trainings.filter(
            Q(venue_region_id=filters.region)
            | Q(venue_region__code__startswith=f"{filters.region}.")
        )
    if filters.kind:
        trainings = trainings.filter(kind=filters.kind)
    return [
        CatalogueRow(
            training=training,
            state=registration_state(training, now=now),
            seats_left=_seats_left(training),
        )
        for training in trainings
    ]


def role_choices() -> list[tuple[str, str]]:
    """Active roles as (code, "TKSK — Tenaga Kesejahteraan Sosial Kecamatan")."""
    return [(role.code, str(role)) for role in SocialRole.objects.filter(active=True)]


def province_choices() -> list[tuple[str, str]]:
    """The 38 provinces as (code, name), by name."""
    return list(
        Region.objects.filter(level=Region.Level.PROVINCE)
        .order_by("name")
        .values_list("code", "name")
    )


def regency_choices(province_code: str) -> list[tuple[str, str]]:
    """The kabupaten/kota of one province as (code, name), by name."""
    return list(
        Region.objects.filter(parent_id=province_code, level=Region.Level.REGENCY)
        .order_by("name")
        .values_list("code", "name")
    )


@dataclass(frozen=True)
class AgendaDay:
    date: datetime.date  # the training's local calendar day
    sessions: list[Session]


@dataclass(frozen=True)
class TrainingPage:
    """Everything a training's public page shows. Built by ``training_page``."""

    training: Training
    state: RegistrationState
    eligible_roles: list[SocialRole]
    days: list[AgendaDay]
    quotas: list[Quota]
    seats_left: int
    open_seats: int  # capacity − Σ quota seats
    open_seats_left: int
    total_jp: int


def training_page(*, training: Training, now: datetime.datetime | None = None) -> TrainingPage:
    """The agenda grouped by the training's local days, its speakers, quotas and seats.

    ``training`` comes from ``public_trainings()``. Four queries: eligible roles,
    sessions, their speakers, quotas (with region and role group).
    """
    now = now or timezone.now()
    eligible_roles = list(training.eligible_roles.all())
    sessions = list(
        Session.objects.filter(training=training)
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("pk")))
        .order_by("starts_at", "pk")
    )
    days: list[AgendaDay] = []
    zone = training.tz
    for session in sessions:
        session.training = training  # the page's training: its zone, without a query
        day = timezone.localtime(session.starts_at, zone).date()
        if not days or days[-1].date != day:
            days.append(AgendaDay(date=day, sessions=[]))
        days[-1].sessions.append(session)
    quotas = list(
        Quota.objects.filter(training=training)
        .select_related("region", "role_group")
        .order_by(
            F("region__name").asc(nulls_last=True),
            F("role_group__name").asc(nulls_last=True),
            "pk",
        )
    )
    quota_seats = sum(quota.seats for quota in quotas)
    quota_seats_taken = sum(quota.seats_taken for quota in quotas)
    open_seats = max(training.capacity - quota_seats, 0)
    open_seats_taken = training.seats_taken - quota_seats_taken
    return TrainingPage(
        training=training,
        state=registration_state(training, now=now),
        eligible_roles=eligible_roles,
        days=days,
        quotas=quotas,
        seats_left=_seats_left(training),
        open_seats=open_seats,
        open_seats_left=max(open_seats - open_seats_taken, 0),
        total_jp=sum(session.jp for session in sessions),
    )


# --- one registration -------------------------------------------------------------------

# A person's own registrations: not identity claims, or claims staff accepted as the person.
_OWN_IDENTITY_CHECKS = Registration.OWN_IDENTITY_CHECKS


def registration_waitlist_rank(registration: Registration) -> int | None:
    """Place in the queue of its own cell: 1 is the next to get a seat. One query, none
    when the registration is not waitlisted."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        training_id=registration.training_id,
        quota_id=registration.quota_id,
        status=Registration.Status.WAITLISTED,
        waitlist_position__lte=registration.waitlist_position,
    ).count()


def active_registration_by_identity(
    *, training: Training, nik: str, birth_date: datetime.date
) -> Registration | None:
    """The person's own active registration in the training, found by NIK and the stored
    person's birth date (the lost-code form's question), with its participant (for
    ``notice_email``). Identity claims are someone else's word about the NIK: a held or
    rejected one never answers; an accepted one is the person's own. One query."""
    return (
        Registration.objects.select_related("participant")
        .filter(
            training=training,
            participant__nik=nik,
            participant__birth_date=birth_date,
            identity_check__in=_OWN_IDENTITY_CHECKS,
            status__in=ACTIVE,
        )
        .first()
    )
