"""Idempotent writers shared by the two demo trainings.

Every writer is keyed on a natural key (training slug, session topic, committee
or guest name, participant NIK, (participant, training), (registration,
session)), so a re-run updates rows in place instead of adding new ones.
Bulk upserts (``INSERT … ON CONFLICT``) keep the whole seed to a few hundred
queries. The seat counters are recomputed from the rows at the end.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from participants.models import Participant, RoleHeld, SocialRole
from trainings.codes import CROCKFORD_ALPHABET
from trainings.demo.people import Person, stable_int
from trainings.models import Attendance, Quota, Registration, Session, Speaker, Training

PARTICIPANT_FIELDS = [
    "full_name", "sex", "birth_place", "birth_date", "email", "home_region",
    "organization_unit", "nip", "rank", "position",
]  # fmt: skip


class DemoError(Exception):
    """The demo cannot be seeded here; ``message`` is Indonesian and user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AgendaItem:
    """One session, in the training's local time; ``day`` counts from its first day."""

    day: int
    start: datetime.time
    end: datetime.time
    topic: str
    kind: str
    jp: int
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Seat:
    """One registration to make: who, as what, for which region, in which quota cell."""

    person: Person
    role: str  # SocialRole code
    region: str  # region represented
    consent_at: datetime.datetime
    status: str = Registration.Status.CONFIRMED
    source: str = Registration.Source.ONLINE
    quota: Quota | None = None
    decided_at: datetime.datetime | None = None


def at(day: datetime.date, hour: int, minute: int, tz: datetime.tzinfo) -> datetime.datetime:
    """An aware datetime at a wall-clock time of ``tz`` (never naive)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tz)


def upsert_training(
    slug: str, fields: dict, *, window: tuple[datetime.date, datetime.date]
) -> Training:
    """Insert or update the training ``slug``. Its registration window opens at 08.00 and
    closes at 16.00 on the ``window`` days, in the training's own zone (from its venue)."""
    training = Training.objects.filter(slug=slug).first() or Training(slug=slug)
    for field, value in fields.items():
        setattr(training, field, value)
    tz = training.tz  # known from venue_region_id even before the first save
    training.registration_opens_at = at(window[0], 8, 0, tz)
    training.registration_closes_at = at(window[1], 16, 0, tz)
    training.save()
    return training


def rename_edition(*, prefix: str, past_slug: str, slug: str) -> None:
    """Let the next edition keep one row across runs: when its start moves into another
    year, the row made by an earlier run (``<prefix>-<year>``) takes the new slug."""
    if slug == past_slug:
        raise DemoError(
            f"Edisi berikutnya ({slug}) jatuh pada tahun yang sama dengan edisi yang sudah "
            "lewat; periksa tanggal sistem."
        )
    if Training.objects.filter(slug=slug).exists():
        return
    earlier = (
        Training.objects.filter(slug__regex=rf"^{re.escape(prefix)}-[0-9]{{4}}$")
        .exclude(slug=past_slug)
        .order_by("-starts_on", "-pk")
        .first()
    )
    if earlier is not None:
        earlier.slug = slug
        earlier.save(update_fields=["slug"])


def sync_sessions(
    training: Training, agenda: list[AgendaItem], speakers: dict[str, Speaker]
) -> list[Session]:
    """Make the training's sessions exactly ``agenda`` (keyed on topic), built in its zone.

    Sessions no longer in the agenda are deleted with their attendance."""
    tz = training.tz
    existing = {session.topic: session for session in training.sessions.all()}
    sessions = []
    for item in agenda:
        day = training.starts_on + datetime.timedelta(days=item.day)
        session = existing.pop(item.topic, None) or Session(training=training, topic=item.topic)
        session.starts_at = datetime.datetime.combine(day, item.start, tzinfo=tz)
        session.ends_at = datetime.datetime.combine(day, item.end, tzinfo=tz)
        session.kind = item.kind
        session.jp = item.jp
        session.moderator = ""
        session.save()
        session.speakers.set([speakers[key] for key in item.speakers])
        sessions.append(session)
    stale = [session.pk for session in existing.values()]
    if stale:
        Attendance.objects.filter(session__in=stale).delete()
        Session.objects.filter(pk__in=stale).delete()
    return sessions


def sync_named(model, training: Training, rows: list[dict]) -> None:
    """Make a training's committee or guests exactly ``rows`` (keyed on name, in order)."""
    existing = {obj.name: obj for obj in model.objects.filter(training=training)}
    for order, row in enumerate(rows, start=1):
        obj = existing.pop(row["name"], None) or model(training=training)
        for field, value in row.items():
            setattr(obj, field, value)
        obj.sort_order = order
        obj.save()
    model.objects.filter(pk__in=[obj.pk for obj in existing.values()]).delete()


def upsert_participants(people: list[Person]) -> dict[str, Participant]:
    """Insert or update one Participant per NIK; returns them by NIK. Phone is left alone."""
    rows = [
        Participant(
            nik=person.nik,
            full_name=person.name,
            sex=person.sex,
            birth_place=person.birth_place,
            birth_date=person.birth_date,
            email=person.email,
            home_region_id=person.district,
            organization_unit=person.organization_unit,
            nip=person.nip,
            rank=person.rank,
            position=person.position,
        )
        for person in people
    ]
    Participant.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["nik"], update_fields=PARTICIPANT_FIELDS
    )
    return {row.nik: row for row in rows}


def hold(holders: list[tuple[str, Person, str]], participants: dict[str, Participant]) -> None:
    """Upsert RoleHeld rows (role code, person, duty region): active, appointed by a
    decree of their regency's batch for that role and year."""
    roles = {r.code: r for r in SocialRole.objects.filter(code__in={h[0] for h in holders})}
    rows = []
    for role, person, duty_region in holders:
        year = 2015 + stable_int("sk", role, person.nik) % 9
        number = 60 + stable_int("nomor-sk", role, duty_region[:5], year) % 340
        rows.append(
            RoleHeld(
                participant=participants[person.nik],
                role=roles[role],
                sk_number=f"188.45/{number}/{year}",
                year_appointed=year,
                duty_region_id=duty_region,
                active=True,
            )
        )
    RoleHeld.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["participant", "role"],
        update_fields=["sk_number", "year_appointed", "duty_region", "active"],
    )


def registration_code(key: str, salt: int = 0) -> str:
    """8 Crockford base32 characters (40 bits) derived from ``key``: stable across runs."""
    number = stable_int("kode", key, salt) >> 24
    return "".join(CROCKFORD_ALPHABET[(number >> shift) & 31] for shift in range(35, -5, -5))


def _codes(code_key: str, training: Training, pairs: list[tuple[int, str]]) -> list[str]:
    """A code per (participant id, NIK), unique among themselves and in the database."""
    codes = [registration_code(f"{code_key}:{nik}") for _, nik in pairs]
    taken = {
        code: (participant_id, training_id)
        for code, participant_id, training_id in Registration.objects.filter(
            code__in=codes
        ).values_list("code", "participant_id", "training_id")
    }
    used: set[str] = set()
    for index, (participant_id, nik) in enumerate(pairs):
        salt = 0
        code = codes[index]
        while code in used or taken.get(code, (participant_id, training.pk)) != (
            participant_id,
            training.pk,
        ):
            salt += 1
            code = registration_code(f"{code_key}:{nik}", salt)
        used.add(code)
        codes[index] = code
    return codes


def register(
    training: Training,
    *,
    code_key: str,
    seats: list[Seat],
    participants: dict[str, Participant],
    sessions: list[Session] | None = None,
    recorded_by=None,
) -> list[Registration]:
    """Upsert the registrations (and, for a past training, attendance), then recount seats.

    ``code_key`` seeds the public codes; it stays the same when an upcoming
    edition's slug changes year, so its codes do not change."""
    roles = {role.code: role for role in SocialRole.objects.all()}
    pairs = [(participants[seat.person.nik].pk, seat.person.nik) for seat in seats]
    codes = _codes(code_key, training, pairs)
    rows = [
        Registration(
            participant=participants[seat.person.nik],
            training=training,
            role=roles[seat.role],
            region_represented_id=seat.region,
            organization_unit=seat.person.organization_unit,
            email=seat.person.email,
            quota=seat.quota,
            status=seat.status,
            source=seat.source,
            code=code,
            consent_at=seat.consent_at,
            decided_at=seat.decided_at,
        )
        for seat, code in zip(seats, codes, strict=True)
    ]
    # Upserted on the code: ``_codes`` gives each (person, training) the code it had, and
    # the one-per-person-per-training constraint is partial (identity claims stand
    # apart), which ON CONFLICT cannot name.
    Registration.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "role", "region_represented", "organization_unit", "email", "quota", "status",
            "waitlist_position", "source", "consent_at", "decided_by", "decided_at",
        ],
    )  # fmt: skip
    if sessions:
        _record_attendance(training, rows, sessions, recorded_by)
    _recount_seats(training)
    return rows


# Whole days missed, as shares of the class (at least one person each): alpa, sakit, izin.
_DAYS_MISSED = [
    (Attendance.Status.ABSENT, 0.02),
    (Attendance.Status.SICK, 0.02),
    (Attendance.Status.EXCUSED, 0.03),
]


def _days_missed(slug: str, niks: list[str], day: datetime.date) -> dict[str, str]:
    """Who misses ``day`` entirely and why: a stable shuffle of the class, cut by share."""
    order = sorted(niks, key=lambda nik: stable_int("hari", slug, nik, day))
    missed, start = {}, 0
    for status, share in _DAYS_MISSED:
        count = max(1, round(len(niks) * share))
        missed.update((nik, status) for nik in order[start : start + count])
        start += count
    return missed


def _session_status(key: str, first_of_day: bool) -> str:
    """Someone who came that day: a few late (chiefly to the day's first session), the
    odd one excused from a later session."""
    roll = stable_int("sesi", key) % 100
    if roll < (14 if first_of_day else 3):
        return Attendance.Status.LATE
    if not first_of_day and roll >= 98:
        return Attendance.Status.EXCUSED
    return Attendance.Status.PRESENT


def _record_attendance(
    training: Training, registrations: list[Registration], sessions: list[Session], recorded_by
) -> None:
    """One Attendance per (registration, session), recorded by staff near the session start."""
    tz = training.tz
    niks = [registration.participant.nik for registration in registrations]
    first_of_day, missed = {}, {}
    for session in sorted(sessions, key=lambda s: s.starts_at):
        day = session.starts_at.astimezone(tz).date()
        if day not in first_of_day:
            first_of_day[day] = session.pk
            missed[day] = _days_missed(training.slug, niks, day)
    rows = []
    for registration in registrations:
        nik = registration.participant.nik
        for session in sessions:
            day = session.starts_at.astimezone(tz).date()
            key = f"{training.slug}:{nik}:{session.topic}"
            status = missed[day].get(nik) or _session_status(key, first_of_day[day] == session.pk)
            minutes = stable_int("jam", key) % 10
            if status == Attendance.Status.PRESENT:
                offset = datetime.timedelta(minutes=minutes - 5)
            elif status == Attendance.Status.LATE:
                offset = datetime.timedelta(minutes=15 + 2 * minutes)
            else:  # marked by the committee once the session is under way
                offset = datetime.timedelta(minutes=20)
            recorded_at = min(
                session.starts_at + offset, session.ends_at - datetime.timedelta(minutes=1)
            )
            rows.append(
                Attendance(
                    registration=registration,
                    session=session,
                    status=status,
                    method=Attendance.Method.STAFF,
                    recorded_at=recorded_at,
                    recorded_by=recorded_by,
                )
            )
    Attendance.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["registration", "session"],
        update_fields=["status", "method", "recorded_at", "recorded_by"],
    )


def _recount_seats(training: Training) -> None:
    """Set the training's and its quotas' seat counters to their confirmed registrations."""
    confirmed = Registration.objects.filter(status=Registration.Status.CONFIRMED)
    per_quota = (
        confirmed.filter(quota=OuterRef("pk")).values("quota").annotate(n=Count("pk")).values("n")
    )
    Quota.objects.filter(training=training).update(seats_taken=Coalesce(Subquery(per_quota), 0))
    per_training = (
        confirmed.filter(training=OuterRef("pk"))
        .values("training")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Training.objects.filter(pk=training.pk).update(seats_taken=Coalesce(Subquery(per_training), 0))
    training.refresh_from_db(fields=["seats_taken"])
