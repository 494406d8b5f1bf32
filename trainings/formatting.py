"""How Pilar writes things for people: dates and times, NIKs, names, phones and NIPs.

Plain functions for views, admin, services and documents; the template libraries
``pilar``, ``public`` and ``staff`` only register them as filters and tags.

Times are always shown in a training's own zone with its label (WIB, WITA,
WIT), whatever zone the request runs in, and written with a dot between hours
and minutes ("08.00"). Day and month names follow the active language (Django's
"id" locale gives "Kamis, 23 Oktober 2025"). Where a zone is asked for, a
Training (anything with ``.tz``), a ``ZoneInfo`` or an IANA name will do.

What is about a participant alone (masking a NIK, writing a stored phone
number) lives in the ``participants`` app and is offered here too, so that
callers in ``trainings`` have one place to import from.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import formats, timezone

from participants.models import zone_label
from participants.nik import mask_nik, mask_niks_in, nik_for
from participants.phone import national_phone

__all__ = [
    "DAY_FORMAT",
    "TIME_FORMAT",
    "clock",
    "clock_range",
    "date_range",
    "format_nip",
    "local_date",
    "local_datetime",
    "local_time",
    "long_date",
    "long_datetime",
    "mask_nik",
    "mask_niks_in",
    "moment",
    "name_with_titles",
    "national_phone",
    "nik_for",
    "short_date",
    "time_range",
    "training_dates",
    "zone_of",
]

DAY_FORMAT = "l, j F Y"  # Kamis, 23 Oktober 2025
TIME_FORMAT = "H.i"  # 08.00


# --- zones and times ----------------------------------------------------------------------


def zone_of(zone_source) -> ZoneInfo:
    """The zone of a Training (anything with ``.tz``), a ``ZoneInfo`` or an IANA name."""
    if isinstance(zone_source, ZoneInfo):
        return zone_source
    if isinstance(zone_source, str):
        return ZoneInfo(zone_source)
    return zone_source.tz


def clock(value: datetime.datetime, zone_source) -> str:
    """The wall-clock time in that zone, without its label: "08.00"."""
    return formats.date_format(timezone.localtime(value, zone_of(zone_source)), TIME_FORMAT)


def local_time(value: datetime.datetime | None, zone_source) -> str:
    """An instant's time in that zone with the zone's label: "08.00 WITA"; "" for None."""
    if value is None:
        return ""
    zone = zone_of(zone_source)
    return f"{clock(value, zone)} {zone_label(zone.key)}"


def clock_range(start: datetime.datetime, end: datetime.datetime, zone_source) -> str:
    """A span's wall-clock times, for where the zone is said once above: "08.00–10.00"."""
    zone = zone_of(zone_source)
    return f"{clock(start, zone)}–{clock(end, zone)}"


def time_range(start: datetime.datetime, end: datetime.datetime, zone_source) -> str:
    """A session's span in that zone: "08.00–10.00 WITA"."""
    zone = zone_of(zone_source)
    return f"{clock_range(start, end, zone)} {zone_label(zone.key)}"


# --- days -----------------------------------------------------------------------------------


def short_date(day: datetime.date) -> str:
    """A date in the locale's short form, for tables: "31 Jan. 2024"."""
    return formats.date_format(day, "DATE_FORMAT")


def long_date(day: datetime.date, *, weekday: bool = True) -> str:
    """A date in words: "Kamis, 23 Oktober 2025", or "23 Oktober 2025" without the weekday."""
    return formats.date_format(day, DAY_FORMAT if weekday else "j F Y")


def local_date(value: datetime.datetime | None, zone_source) -> str:
    """The calendar day of an instant in that zone, short: "31 Jan. 2024"; "" for None."""
    if value is None:
        return ""
    return short_date(timezone.localtime(value, zone_of(zone_source)).date())


def local_datetime(value: datetime.datetime | None, zone_source) -> str:
    """Short day and time in that zone: "31 Jan. 2024 08.00 WITA"; "" for None."""
    if value is None:
        return ""
    return f"{local_date(value, zone_source)} {local_time(value, zone_source)}"


def long_datetime(value: datetime.datetime, zone_source) -> str:
    """Day in words and time in that zone, as under a printed document: "23 Oktober 2025
    14.05 WITA"."""
    local = timezone.localtime(value, zone_of(zone_source))
    return f"{long_date(local.date(), weekday=False)} {local_time(value, zone_source)}"


def moment(value: datetime.datetime | None, zone_source) -> str:
    """An instant's weekday, day and time in that zone: "Senin, 7 Desember 2026, 16.00 WIB";
    "" for None."""
    if value is None:
        return ""
    local = timezone.localtime(value, zone_of(zone_source))
    return f"{long_date(local.date())}, {local_time(value, zone_source)}"


def date_range(first: datetime.date, last: datetime.date) -> str:
    """Days in words, each part written once: "Kamis, 23 Oktober 2025";
    "Kamis–Jumat, 10–11 Desember 2026"; "Rabu–Kamis, 31 Januari–1 Februari 2024";
    across years both dates in full."""

    def fmt(day: datetime.date, pattern: str) -> str:
        return formats.date_format(day, pattern)

    if first == last:
        return long_date(first)
    weekdays = f"{fmt(first, 'l')}–{fmt(last, 'l')}"
    if (first.year, first.month) == (last.year, last.month):
        days = f"{fmt(first, 'j')}–{fmt(last, 'j F Y')}"
    elif first.year == last.year:
        days = f"{fmt(first, 'j F')}–{fmt(last, 'j F Y')}"
    else:
        days = f"{fmt(first, 'j F Y')}–{fmt(last, 'j F Y')}"
    return f"{weekdays}, {days}"


def training_dates(training, *, zone: bool = True) -> str:
    """A training's dates, with its zone unless ``zone`` is false:
    "Rabu–Kamis, 31 Januari–1 Februari 2024 · WITA"."""
    dates = date_range(training.starts_on, training.ends_on)
    return f"{dates} · {training.zone_label}" if zone else dates


# --- people ---------------------------------------------------------------------------------


def name_with_titles(name: str, *, prefix: str = "", suffix: str = "") -> str:
    """A name with the honorifics kept apart from it: "Dr. Hj. Sunarty, S.M.Pd"."""
    named = " ".join(part for part in (prefix, name) if part)
    return f"{named}, {suffix}" if suffix else named


def format_nip(nip: str) -> str:
    """An 18-digit NIP (a civil servant's number) in its usual groups:
    "19700101 199003 1 001". Any other value is returned as it is."""
    if len(nip) != 18:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
