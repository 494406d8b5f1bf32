"""Daftar hadir (attendance sheets) as PDF, for a session or a whole day of a training.

Four kinds (``SheetKind``): the participants' sheet to sign on paper, the record of
who checked in (each participant's Attendance status), the speakers' sheet and
the committee-and-guests sheet. Each is printed on A4 or F4/Folio, under the
organiser's letterhead, with the day and times in the training's zone (WIB,
WITA, WIT) and in Indonesian, whatever the request's language and zone; NIKs are
always masked. A day covers every session that starts on that local day.

Reads cost a constant number of queries whatever the class size: the sessions,
the registrations with their people, roles and regions, and per kind the
attendance, the speakers, or the committee and guests.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import Upper
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.models import Region
from participants.nik import mask_nik
from trainings.errors import PilarError
from trainings.formatting import DAY_FORMAT, TIME_FORMAT
from trainings.models import Attendance, Registration, Session, Speaker, Training

BLANK_ROWS = 5  # numbered rows to fill by hand when nobody is recorded yet
DOTS = "." * 40


class SheetKind(models.TextChoices):
    PARTICIPANTS = "peserta", gettext_lazy("Daftar hadir peserta (tanda tangan)")
    CHECK_IN = "kehadiran", gettext_lazy("Rekap kehadiran peserta (hasil pencatatan)")
    SPEAKERS = "narasumber", gettext_lazy("Daftar hadir narasumber")
    COMMITTEE = "panitia", gettext_lazy("Daftar hadir panitia dan tamu undangan")


class Paper(models.TextChoices):
    # Paper names are the same in every language.
    A4 = "a4", "A4 (210 × 297 mm)"
    F4 = "f4", "F4/Folio (215 × 330 mm)"


PAGE_SIZES = {Paper.A4: "210mm 297mm", Paper.F4: "215mm 330mm"}


class SheetNotFound(PilarError):
    """The session or day asked for is not one of the training's."""


@dataclass(frozen=True)
class SheetScope:
    """What a sheet covers: one local day, and either all its sessions or one of them."""

    day: datetime.date
    sessions: tuple[Session, ...]
    session: Session | None = None


@dataclass(frozen=True)
class TrainingDay:
    number: int  # "Hari ke-1"
    day: datetime.date
    sessions: list[Session]


# --- scope: days and sessions in the training's zone ------------------------------------


def _day_sessions(training: Training, first: datetime.date, last: datetime.date):
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=training.tz)
    end = datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=training.tz
    )
    # Through the related manager, so each session knows its training without a query.
    return training.sessions.filter(starts_at__gte=start, starts_at__lt=end).order_by(
        "starts_at", "pk"
    )


def training_days(training: Training) -> list[TrainingDay]:
    """Each date of the training with the sessions starting on it (local days), one query."""
    by_day: dict[datetime.date, list[Session]] = {}
    for session in _day_sessions(training, training.starts_on, training.ends_on):
        by_day.setdefault(session.local_start.date(), []).append(session)
    days, day = [], training.starts_on
    while day <= training.ends_on:
        days.append(TrainingDay(number=len(days) + 1, day=day, sessions=by_day.get(day, [])))
        day += datetime.timedelta(days=1)
    return days


def day_scope(training: Training, day: datetime.date) -> SheetScope:
    """A whole day of the training; raises :class:`SheetNotFound` outside its dates."""
    if not training.starts_on <= day <= training.ends_on:
        raise SheetNotFound(_("Tanggal itu di luar tanggal pelatihan."))
    return SheetScope(day=day, sessions=tuple(_day_sessions(training, day, day)))


def session_scope(training: Training, session_id: int) -> SheetScope:
    """One session of the training; raises :class:`SheetNotFound` for any other id."""
    session = training.sessions.filter(pk=session_id).first()
    if session is None:
        raise SheetNotFound(_("Sesi itu bukan sesi pelatihan ini."))
    return SheetScope(day=session.local_start.date(), sessions=(session,), session=session)


def sheet_filename(*, training: Training, kind: str, scope: SheetScope) -> str:
    """``daftar-hadir-<training slug>-<date>[-<HHMM>]-<kind>.pdf`` (start time for a session)."""
    parts = ["daftar-hadir", training.slug, scope.day.isoformat()]
    if scope.session is not None:
        parts.append(f"{scope.session.local_start:%H%M}")
    parts.append(str(kind))
    return "-".join(parts) + ".pdf"


# --- rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    number: int
    name: str = ""
    nik: str = ""  # masked
    role: str = ""
    origin: str = ""
    phone: str = ""
    status: str = ""  # the check-in sheet only
    time: str = ""


@dataclass(frozen=True)
class PersonRow:
    """A speaker, committee member or guest."""

    number: int
    name: str = ""
    nip: str = ""
    position: str = ""
    institution: str = ""
    notes: tuple[str, ...] = ()  # the speaker's sessions; the committee member's duty


@dataclass
class RowGroup:
    title: str
    rows: list = field(default_factory=list)


@dataclass
class Sheet:
    title: str
    subtitle: str
    when: str
    topic: str
    groups: list[RowGroup]
    summary: list[tuple[str, int]] = field(default_factory=list)


def _short_region(region: Region) -> str:
    if region.level == Region.Level.REGENCY:
        return region.name.replace("Kabupaten ", "Kab. ", 1)
    if region.level == Region.Level.DISTRICT:
        return f"Kec. {region.name}"
    if region.level == Region.Level.PROVINCE:
        return f"Prov. {region.name}"
    return region.name


def _is_own(code: str, own_region: str) -> bool:
    """``code`` is the organiser's own region or contains it."""
    return bool(own_region) and (own_region == code or own_region.startswith(code + "."))


def _origin(registration: Registration, own_region: str) -> str:
    """The region represented (e.g. "Kab. Banjar"); for someone representing the organiser's
    own region (everyone at a regency's own training), their home kecamatan, which says more."""
    represented = registration.region_represented
    if represented is not None and not _is_own(represented.code, own_region):
        return _short_region(represented)
    home = registration.participant.home_region
    if home is not None:
        if home.level == Region.Level.VILLAGE and home.parent is not None:
            home = home.parent
        return _short_region(home)
    return _short_region(represented) if represented is not None else ""


def national_phone(number: str) -> str:
    """``+6281234567890`` as people write it: ``0812-3456-7890``."""
    if not number.startswith("+62"):
        return number
    national = "0" + number[3:]
    return "-".join(part for part in (national[:4], national[4:8], national[8:]) if part)


def format_nip(nip: str) -> str:
    """An 18-digit NIP in its usual groups: ``19700101 199003 1 001``."""
    if len(nip) != 18:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def _confirmed(training: Training):
    return (
        training.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("participant__home_region__parent", "role", "region_represented")
        .order_by(Upper("participant__full_name"), "pk")
    )


def _participant_rows(registrations, own_region: str, statuses=None) -> list[ParticipantRow]:
    """``statuses``: registration id → (status label, local time) for the check-in sheet."""
    rows = []
    for number, registration in enumerate(registrations, start=1):
        participant = registration.participant
        status, time = (statuses or {}).get(registration.pk, ("", ""))
        rows.append(
            ParticipantRow(
                number=number,
                name=participant.full_name,
                nik=mask_nik(participant.nik),
                role=registration.role.abbreviation,
                origin=_origin(registration, own_region),
                phone=national_phone(registration.phone or participant.phone),
                status=status if statuses is not None else "",
                time=time,
            )
        )
    return rows


# --- the sheets of each kind ------------------------------------------------------------


def _clock(training: Training, value: datetime.datetime) -> str:
    """ "08.00": the wall-clock time in the training's zone."""
    return formats.date_format(timezone.localtime(value, training.tz), TIME_FORMAT)


def _time_range(training: Training, start: datetime.datetime, end: datetime.datetime) -> str:
    return f"{_clock(training, start)}–{_clock(training, end)} {training.zone_label}"


def _when(training: Training, scope: SheetScope, sessions=None) -> str:
    """ "Kamis, 23 Oktober 2025 · 08.00–15.15 WIB" (the day's or the session's span)."""
    sessions = scope.sessions if sessions is None else sessions
    day = formats.date_format(scope.day, DAY_FORMAT)
    if not sessions:
        return day
    start = min(session.starts_at for session in sessions)
    end = max(session.ends_at for session in sessions)
    return f"{day} · {_time_range(training, start, end)}"


def _blank_people() -> list[PersonRow]:
    return [PersonRow(number=number) for number in range(1, BLANK_ROWS + 1)]


def _participants_sheet(training: Training, scope: SheetScope) -> list[Sheet]:
    rows = _participant_rows(_confirmed(training), training.organizer.region_id or "")
    rows = rows or [ParticipantRow(number=n) for n in range(1, BLANK_ROWS + 1)]
    return [
        Sheet(
            title=_("DAFTAR HADIR PESERTA"),
            subtitle="",
            when=_when(training, scope),
            topic=scope.session.topic if scope.session else "",
            groups=[RowGroup(title="", rows=rows)],
        )
    ]


def _check_in_sheets(training: Training, scope: SheetScope) -> list[Sheet]:
    """One sheet per session of the scope, each with its status column and counts."""
    registrations = list(_confirmed(training))
    recorded: dict[tuple[int, int], tuple[str, datetime.datetime]] = {
        (session_id, registration_id): (status, at)
        for session_id, registration_id, status, at in Attendance.objects.filter(
            session__in=scope.sessions
        ).values_list("session_id", "registration_id", "status", "recorded_at")
    }
    on_time = (Attendance.Status.PRESENT, Attendance.Status.LATE)
    sheets = []
    for session in scope.sessions:
        statuses, counts = {}, dict.fromkeys(Attendance.Status.values, 0)
        missing = 0
        for registration in registrations:
            status, at = recorded.get((session.pk, registration.pk), ("", None))
            if not status:
                missing += 1
                statuses[registration.pk] = ("—", "")
                continue
            counts[status] += 1
            time = _clock(training, at) if status in on_time else ""
            statuses[registration.pk] = (Attendance.Status(status).label, time)
        summary = [(Attendance.Status(value).label, counts[value]) for value in counts]
        if missing:
            summary.append((_("Belum dicatat"), missing))
        rows = _participant_rows(registrations, training.organizer.region_id or "", statuses)
        sheets.append(
            Sheet(
                title=_("DAFTAR HADIR PESERTA"),
                subtitle=_("Rekap kehadiran menurut pencatatan panitia"),
                when=_when(training, scope, [session]),
                topic=session.topic,
                groups=[RowGroup(title="", rows=rows)],
                summary=summary,
            )
        )
    if not sheets:  # a day without sessions: nothing was recorded
        sheets.append(
            Sheet(
                title=_("DAFTAR HADIR PESERTA"),
                subtitle=_("Belum ada sesi pada hari ini."),
                when=_when(training, scope),
                topic="",
                groups=[RowGroup(title="", rows=_participant_rows(registrations, "", {}))],
            )
        )
    return sheets


def _speakers_sheet(training: Training, scope: SheetScope) -> list[Sheet]:
    """Each speaker of the scope's sessions once, with the sessions they give."""
    ordered = Speaker.objects.order_by(Upper("name"), "pk")
    sessions = list(scope.sessions)
    models.prefetch_related_objects(sessions, Prefetch("speakers", queryset=ordered))
    talks: dict[int, tuple[Speaker, list[str]]] = {}
    for session in sessions:
        # The zone is in the sheet's heading; each talk gives its own times.
        label = f"{_clock(training, session.starts_at)}–{_clock(training, session.ends_at)} " + (
            session.topic
        )
        for speaker in session.speakers.all():
            talks.setdefault(speaker.pk, (speaker, []))[1].append(label)
    rows = [
        PersonRow(
            number=number,
            name=speaker.display_name,
            nip=format_nip(speaker.nip),
            position=speaker.position,
            institution=speaker.institution,
            notes=tuple(labels),
        )
        for number, (speaker, labels) in enumerate(talks.values(), start=1)
    ]
    return [
        Sheet(
            title=_("DAFTAR HADIR NARASUMBER"),
            subtitle="",
            when=_when(training, scope),
            topic=scope.session.topic if scope.session else "",
            groups=[RowGroup(title="", rows=rows or _blank_people())],
        )
    ]


def _committee_sheet(training: Training, scope: SheetScope) -> list[Sheet]:
    """The committee, then the guests, numbered on so the signature cells keep alternating."""
    committee = list(training.committee.order_by("sort_order", "pk"))
    guests = list(training.guests.order_by("sort_order", "pk"))
    number, groups = 0, []
    for title, people, default_note in (
        (_("Panitia"), committee, _("Panitia")),
        (_("Tamu undangan"), guests, _("Tamu undangan")),
    ):
        rows = []
        for person in people:
            number += 1
            rows.append(
                PersonRow(
                    number=number,
                    name=person.name,
                    position=person.position,
                    institution=person.institution,
                    notes=(getattr(person, "duty", "") or default_note,),
                )
            )
        if rows:
            groups.append(RowGroup(title=title, rows=rows))
    return [
        Sheet(
            title=_("DAFTAR HADIR PANITIA DAN TAMU UNDANGAN"),
            subtitle="",
            when=_when(training, scope),
            topic=scope.session.topic if scope.session else "",
            groups=groups or [RowGroup(title="", rows=_blank_people())],
        )
    ]


SHEET_BUILDERS = {
    SheetKind.PARTICIPANTS: _participants_sheet,
    SheetKind.CHECK_IN: _check_in_sheets,
    SheetKind.SPEAKERS: _speakers_sheet,
    SheetKind.COMMITTEE: _committee_sheet,
}


# --- letterhead, signatory, rendering ---------------------------------------------------


def _letterhead(training: Training) -> list[tuple[str, str]]:
    """(css class, text) per line: a small top line, the agency in large type, the rest small."""
    organizer = training.organizer
    lines = [line.strip() for line in organizer.letterhead.splitlines() if line.strip()]
    if not lines:
        lines = [organizer.name.upper(), *([organizer.address] if organizer.address else [])]
        return [("kop-main" if i == 0 else "kop-small", line) for i, line in enumerate(lines)]
    if len(lines) == 1:
        return [("kop-main", lines[0])]
    return [("kop-top", lines[0]), ("kop-main", lines[1])] + [
        ("kop-small", line) for line in lines[2:]
    ]


def _logo_src(training: Training) -> str:
    logo = training.organizer.logo
    if logo and storages["default"].exists(logo.name):
        # Read back from the default storage by trainings.documents.pdf.LocalFetcher.
        return f"{settings.MEDIA_URL}{quote(logo.name)}"
    return ""


def _place(training: Training) -> str:
    """Where the sheet is signed: the venue's town ("Muara Teweh"), else its regency."""
    if training.venue_address.strip():
        return training.venue_address.split(",")[0].strip()
    region = Region.objects.select_related("parent").get(pk=training.venue_region_id)
    regency = region.parent if region.level == Region.Level.DISTRICT else region
    return regency.name.removeprefix("Kabupaten ").removeprefix("Kota ")


def _signatory(training: Training, day: datetime.date) -> dict:
    organizer = training.organizer
    return {
        "place_date": f"{_place(training)}, {formats.date_format(day, 'j F Y')}",
        "position": organizer.signatory_position,
        "name": organizer.signatory_name,
        "nip": format_nip(organizer.signatory_nip),
        "dots": DOTS,
    }


def attendance_sheet_html(
    *,
    training: Training,
    kind: str,
    scope: SheetScope,
    paper: str = Paper.A4,
    printed_at: datetime.datetime | None = None,
) -> str:
    """The sheet as an HTML document, rendered in Indonesian and the training's zone."""
    kind, paper = SheetKind(kind), Paper(paper)
    with timezone.override(training.tz), translation.override("id"):
        printed = timezone.localtime(printed_at or timezone.now(), training.tz)
        sheets = SHEET_BUILDERS[kind](training, scope)
        return render_to_string(
            "documents/attendance_sheet.html",
            {
                "training": training,
                "kind": kind.value,
                "sheets": sheets,
                "page_size": PAGE_SIZES[paper],
                "letterhead": _letterhead(training),
                "logo_src": _logo_src(training),
                "venue": ", ".join(
                    part for part in (training.venue_name, training.venue_address) if part
                ),
                "signatory": _signatory(training, scope.day),
                "printed": f"{formats.date_format(printed, 'j F Y H.i')} {training.zone_label}",
                "running": f"{training.title} · {formats.date_format(scope.day, DAY_FORMAT)}",
            },
        )


def attendance_sheet_pdf(
    *,
    training: Training,
    kind: str,
    scope: SheetScope,
    paper: str = Paper.A4,
    printed_at: datetime.datetime | None = None,
) -> bytes:
    """The daftar hadir of ``kind`` for ``scope`` on ``paper``, as PDF bytes.

    ``training`` should come with its organiser (``select_related("organizer")``).
    Reads only; no side effects. Raises ``ValueError`` for an unknown kind or paper.
    """
    # Imported here: WeasyPrint and its native libraries load on the first PDF, not with
    # every process that merely imports the staff URLs.
    from trainings.documents.pdf import html_to_pdf

    html = attendance_sheet_html(
        training=training, kind=kind, scope=scope, paper=paper, printed_at=printed_at
    )
    return html_to_pdf(html)
