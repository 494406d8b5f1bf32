"""Staff reads: a training's registrations — the list with its filters and search, and the
choices of those filters.

Every function takes a training the view already fetched with
``trainings.access.staff_training_or_404``; a list costs one query per page (plus
the count) however many rows it shows (tests/trainings/test_staff_registrations.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Left, Lower

from participants.models import Region, SocialRole
from participants.phone import PhoneError, normalize_mobile
from trainings.codes import normalize_code
from trainings.models import Registration, Training

Status = Registration.Status
ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)
NIK_QUERY = re.compile(r"[0-9]{16}")
CODE_QUERY = re.compile(r"[0-9A-HJKMNP-TV-Z]{8}")


def registrations_with_related(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """With what every staff list of registrations shows: participant, role, region, cell."""
    return registrations.select_related(
        "participant", "role", "region_represented", "quota__region", "quota__role_group"
    )


def _contact_differs() -> ExpressionWrapper:
    """The contact typed on the registration is not the one on the participant's record."""
    differs = (~Q(phone="") & ~Q(phone=F("participant__phone"))) | (
        ~Q(email="") & ~Q(email_lower=F("participant_email_lower"))
    )
    return ExpressionWrapper(differs, output_field=BooleanField())


def registrations_with_contact_check(
    registrations: QuerySet[Registration],
) -> QuerySet[Registration]:
    """Annotated with ``contact_differs`` (see ``_contact_differs``)."""
    return registrations.alias(
        email_lower=Lower("email"), participant_email_lower=Lower("participant__email")
    ).annotate(contact_differs=_contact_differs())


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
    registrations = registrations_with_contact_check(
        registrations_with_related(Registration.objects.filter(training=training))
    )
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
    """The roles of the training's registrations and the roles it names as eligible (a
    training that names none offers the roles registered, not every active role). One
    query."""
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
