"""Staff reads: a training's registrations — the list with its filters and search, the
identity claims waiting for verification, and the choices of the filters.

Every function takes a training the view already fetched with
``trainings.access.staff_training_or_404``; a list costs one query per page (plus
the count) however many rows it shows (tests/trainings/test_staff_registrations.py).

An identity claim that staff have not accepted (``Registration.is_unverified_claim``)
is not the stored person's registration: it is found by the name and phone typed
with it, never by the stored person's, and its contact is never compared with theirs,
so neither a search nor a row tells a user anything about a person outside their
scope.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Left, Lower
from django.utils.translation import gettext as _

from participants.models import Region, Sex, SocialRole
from participants.names import names_match
from participants.phone import PhoneError, normalize_mobile
from trainings import access
from trainings.codes import normalize_code
from trainings.formatting import long_date
from trainings.models import Registration, Training

Status = Registration.Status
ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)
UNVERIFIED_CLAIM = (Registration.IdentityCheck.HELD, Registration.IdentityCheck.REJECTED)
# The approval queue: a pending replacement (pengganti) first — the regency chose whom it
# sends in place of someone already seated or queued — then in order of arrival.
APPROVAL_ORDER = (
    Case(
        When(status=Status.PENDING, replaces__isnull=False, then=Value(0)),
        default=Value(1),
    ),
    "created_at",
    "pk",
)
NIK_QUERY = re.compile(r"[0-9]{16}")
CODE_QUERY = re.compile(r"[0-9A-HJKMNP-TV-Z]{8}")


def registrations_with_related(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """With what every staff list of registrations shows: participant, role, region, cell."""
    return registrations.select_related(
        "participant", "role", "region_represented", "quota__region", "quota__role_group"
    )


def _contact_differs() -> ExpressionWrapper:
    """The contact typed on the registration is not the one on the participant's record —
    never for an unverified claim, whose typed contact is the claimant's, not the person's."""
    differs = (~Q(phone="") & ~Q(phone=F("participant__phone"))) | (
        ~Q(email="") & ~Q(email_lower=F("participant_email_lower"))
    )
    return ExpressionWrapper(
        differs & ~Q(identity_check__in=UNVERIFIED_CLAIM), output_field=BooleanField()
    )


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
    registration_id: int | None = None  # one registration (a link from the dashboard)


def search_condition(query: str) -> Q:
    """What a staff search matches: a whole NIK exactly — never part of one, so a
    list of masked NIKs cannot be read back digit by digit — or else the name
    (contains), the mobile number on the registration or the record (normalised),
    and the registration code (as typed aloud: ``I``/``L`` → 1, ``O`` → 0).

    An unverified claim is matched by the name and number typed with it only: its
    stored person's name or number must not find it (nor tell whose NIK it names)."""
    text = query.strip()
    if not text:
        return Q()
    compact = re.sub(r"[\s.\-]", "", text)
    if NIK_QUERY.fullmatch(compact):
        return Q(participant__nik=compact)
    own = ~Q(identity_check__in=UNVERIFIED_CLAIM)
    condition = (own & Q(participant__full_name__icontains=text)) | (
        ~own & Q(typed_identity__full_name__icontains=text)
    )
    code = normalize_code(text)
    if CODE_QUERY.fullmatch(code):
        condition |= Q(code=code)
    try:
        phone = normalize_mobile(text)
    except PhoneError:
        pass
    else:
        condition |= Q(phone=phone) | (own & Q(participant__phone=phone))
    return condition


def registrations_with_person_scope(
    registrations: QuerySet[Registration], user
) -> QuerySet[Registration]:
    """Annotated with ``stored_person_visible``: whether ``user`` has the NIK's stored
    person in scope — ``trainings.services.identity.may_see_stored_person`` for every
    row in the same query (always true for a person's own registration)."""
    in_scope = access.visible_participants(user).filter(pk=OuterRef("participant_id"))
    return registrations.annotate(
        stored_person_visible=Case(
            When(identity_check=Registration.IdentityCheck.NOT_NEEDED, then=Value(True)),
            default=Exists(in_scope),
            output_field=BooleanField(),
        )
    )


def registrations_with_typed_region(
    registrations: QuerySet[Registration],
) -> QuerySet[Registration]:
    """Annotated with ``typed_region_name``: the name of the home region typed with the
    registration (``typed_identity["home_region"]`` is a region code), in the same query."""
    typed_code = KeyTextTransform("home_region", OuterRef("typed_identity"))
    return registrations.annotate(
        typed_region_name=Subquery(Region.objects.filter(code=typed_code).values("name")[:1])
    )


def staff_registrations(
    *, training: Training, user, filters: RegistrationFilters | None = None
) -> QuerySet[Registration]:
    """A training's registrations in the order they came in, with participant, role,
    region and cell, ``contact_differs``, and for the identity claims among them what
    their card compares (``stored_person_visible``, ``typed_region_name``, the stored
    person's home region). One query per page (plus the count)."""
    filters = filters or RegistrationFilters()
    registrations = registrations_with_typed_region(
        registrations_with_person_scope(
            registrations_with_contact_check(
                registrations_with_related(Registration.objects.filter(training=training))
            ),
            user,
        )
    ).select_related("participant__home_region")
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
    if filters.registration_id is not None:
        registrations = registrations.filter(pk=filters.registration_id)
    if filters.status == Status.PENDING:  # the approval queue
        return registrations.order_by(*APPROVAL_ORDER)
    return registrations.order_by("created_at", "pk")


def held_claim_count(training: Training) -> int:
    """How many identity claims of the training wait for verification. One query."""
    return Registration.objects.filter(training=training, status=Status.HELD).count()


@dataclass(frozen=True)
class IdentityLine:
    """One line of a claim's card: what was typed and, for a user who has the stored
    person in scope, what is stored (``stored`` None otherwise)."""

    label: str
    typed: str
    stored: str | None
    differs: bool


def _birth_date(value: datetime.date | str | None) -> str:
    if isinstance(value, str) and value:
        value = datetime.date.fromisoformat(value)
    return long_date(value, weekday=False) if value else ""


def _sex(value: str) -> str:
    return str(Sex(value).label) if value in Sex.values else value


def _same_text(typed: str, stored: str) -> bool:
    return " ".join(typed.casefold().split()) == " ".join(stored.casefold().split())


def identity_lines(registration: Registration) -> list[IdentityLine]:
    """The claim's identity as typed beside the stored person's (only when the row's
    ``stored_person_visible`` says the user has that person in scope), each line
    marking whether the two differ; a birth place or home region left blank on the
    form differs from nothing. Reads the row and its annotations; no query."""
    typed = registration.typed_identity
    typed_region = typed.get("home_region", "")
    typed_place = typed.get("birth_place", "")
    shown = [
        (_("Nama lengkap"), typed.get("full_name", "")),
        (_("Tanggal lahir"), _birth_date(typed.get("birth_date"))),
        (_("Jenis kelamin"), _sex(typed.get("sex", ""))),
        (_("Tempat lahir"), typed_place),
        (_("Domisili"), getattr(registration, "typed_region_name", None) or typed_region),
    ]
    if not getattr(registration, "stored_person_visible", False):
        return [IdentityLine(label, value, None, False) for label, value in shown]
    person = registration.participant
    stored = [
        (person.full_name, not names_match(typed.get("full_name", ""), person.full_name)),
        (_birth_date(person.birth_date), typed.get("birth_date") != person.birth_date.isoformat()),
        (_sex(person.sex), typed.get("sex", "") != person.sex),
        (
            person.birth_place,
            bool(typed_place and person.birth_place)
            and not _same_text(typed_place, person.birth_place),
        ),
        (
            person.home_region.name if person.home_region_id else "",
            bool(typed_region and person.home_region_id) and typed_region != person.home_region_id,
        ),
    ]
    return [
        IdentityLine(label, value, stored_value, differs)
        for (label, value), (stored_value, differs) in zip(shown, stored, strict=True)
    ]


def with_identity_lines(registrations: Iterable[Registration]) -> list[Registration]:
    """The rows as a list, each held claim with its ``identity_lines``. No query."""
    rows = list(registrations)
    for row in rows:
        if row.status == Status.HELD:
            row.identity_lines = identity_lines(row)
    return rows


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
