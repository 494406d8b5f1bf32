"""The add-to-calendar file of a registration: an iCalendar object (RFC 5545), written by hand.

One VEVENT per day of the training. A day with sessions runs from its first session's
start to its last session's end, written as local times with ``TZID`` set to the
training's IANA zone (Asia/Jakarta, Asia/Makassar or Asia/Jayapura) and a VTIMEZONE
that defines it: one STANDARD rule with the zone's fixed offset, as none of the three
zones has daylight saving time. A day without sessions (or every day, while the
agenda is empty) is an all-day event (``VALUE=DATE``). The UID is the registration's
code and the day at the site's host, so a file downloaded again updates the same
events instead of adding copies. The file holds what the status page shows and
nothing more: the title, the venue, the times, the code and the status link.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character);
TEXT values escape backslash, semicolon, comma and newlines (section 3.3.11).
"""

from __future__ import annotations

import datetime
from email.mime.text import MIMEText
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import zone_label
from trainings.models import Registration, Training
from trainings.selectors.schedule import TrainingDay

CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"
PRODID = "-//Pilar//Pelatihan pilar sosial//ID"
_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, newlines as ``\\n``."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into pieces of at most 75 octets, each joined by CRLF and a
    space (the space counts in the next piece), never splitting a UTF-8 character."""
    pieces: list[str] = []
    current, size, limit = "", 0, _LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            current, size, limit = "", 0, _LINE_OCTETS - 1
        current += char
        size += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(value: datetime.datetime, zone: ZoneInfo) -> str:
    return timezone.localtime(value, zone).strftime("%Y%m%dT%H%M%S")


def _offset(zone: ZoneInfo, day: datetime.date) -> str:
    offset = datetime.datetime.combine(day, datetime.time(12), zone).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _vtimezone(zone: ZoneInfo, day: datetime.date) -> list[str]:
    offset = _offset(zone, day)
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{zone.key}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        f"TZNAME:{zone_label(zone.key)}",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def _event(
    registration: Registration,
    day: TrainingDay,
    *,
    zone: ZoneInfo,
    host: str,
    stamp: str,
    place: str,
    description: str,
    url: str,
) -> list[str]:
    if day.start is not None and day.end is not None:
        when = [
            f"DTSTART;TZID={zone.key}:{_local(day.start, zone)}",
            f"DTEND;TZID={zone.key}:{_local(day.end, zone)}",
        ]
    else:
        following = day.day + datetime.timedelta(days=1)
        when = [
            f"DTSTART;VALUE=DATE:{day.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{following:%Y%m%d}",
        ]
    return [
        "BEGIN:VEVENT",
        f"UID:pilar-{registration.code}-{day.day:%Y%m%d}@{host}",
        f"DTSTAMP:{stamp}",
        *when,
        f"SUMMARY:{escape_text(registration.training.title)}",
        f"LOCATION:{escape_text(place)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def calendar_offered(registration: Registration) -> bool:
    """Whether the registration has a calendar file: a confirmed seat in a training that
    goes ahead (not for a pending, waiting or cancelled registration, nor a cancelled
    training)."""
    return (
        registration.status == Registration.Status.CONFIRMED
        and registration.training.status == Training.Status.PUBLISHED
    )


def registration_calendar(
    registration: Registration,
    *,
    days: list[TrainingDay],
    place: str,
    status_url: str,
    now: datetime.datetime,
) -> bytes:
    """The registration's calendar file (UTF-8 bytes, CRLF lines), in the active language.

    ``days`` come from ``trainings.selectors.schedule.training_days``, ``place`` from
    ``venue_place``, ``status_url`` from ``trainings.notifications.status_url``; ``now``
    is written as every event's DTSTAMP.
    """
    training = registration.training
    zone = training.tz
    url = status_url
    description = "\n".join(
        [
            f"{_('Penyelenggara')}: {training.organizer.name}",
            f"{_('Kode pendaftaran')}: {registration.code}",
            f"{_('Status dan pembatalan')}: {url}",
        ]
    )
    common = {
        "zone": zone,
        "host": urlsplit(settings.PILAR_SITE_URL).hostname or "pilar.invalid",
        "stamp": _utc(now),
        "place": place,
        "description": description,
        "url": url,
    }
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *_vtimezone(zone, training.starts_on),
    ]
    for day in days:
        lines += _event(registration, day, **common)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def calendar_filename(registration: Registration) -> str:
    return f"{registration.training.slug}.ics"


def mime_part(content: bytes, filename: str) -> MIMEText:
    """The file as an e-mail attachment: ``text/calendar; method=PUBLISH``, base64 so that
    its CRLF line ends reach the calendar program as written."""
    part = MIMEText(content.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part
