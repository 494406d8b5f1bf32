"""Dates and times of the public pages, always in the training's own zone.

Day and month names follow the active language (Django's "id" locale gives
"Kamis, 23 Oktober 2025"); times are written with a dot ("08.00") and labelled
with the zone (WIB/WITA/WIT), whatever zone the request runs in.

These are filters without ``expects_localtime`` and simple tags, so the
template engine never converts the instant to the request's zone first.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats, timezone

register = template.Library()

DAY_FORMAT = "l, j F Y"  # Kamis, 23 Oktober 2025
TIME_FORMAT = "H.i"  # 08.00


def _local(value: datetime.datetime, training) -> datetime.datetime:
    return timezone.localtime(value, training.tz)


@register.filter
def in_zone(value: datetime.datetime | None, training) -> str:
    """An instant's time in the training's zone: "08.00 WITA"."""
    if value is None:
        return ""
    return f"{formats.date_format(_local(value, training), TIME_FORMAT)} {training.zone_label}"


@register.filter
def moment(value: datetime.datetime | None, training) -> str:
    """An instant's day and time in the training's zone: "Senin, 7 Desember 2026, 16.00 WIB"."""
    if value is None:
        return ""
    local = _local(value, training)
    return (
        f"{formats.date_format(local, DAY_FORMAT)}, "
        f"{formats.date_format(local, TIME_FORMAT)} {training.zone_label}"
    )


@register.simple_tag
def time_range(start: datetime.datetime, end: datetime.datetime, training) -> str:
    """A session's span in the training's zone: "08.00–10.00 WITA"."""
    return (
        f"{formats.date_format(_local(start, training), TIME_FORMAT)}–"
        f"{formats.date_format(_local(end, training), TIME_FORMAT)} {training.zone_label}"
    )


def format_date_range(first: datetime.date, last: datetime.date) -> str:
    """ "Kamis, 23 Oktober 2025"; "Kamis–Jumat, 10–11 Desember 2026";
    "Rabu–Kamis, 31 Januari–1 Februari 2024"; across years both dates in full."""

    def fmt(day: datetime.date, pattern: str) -> str:
        return formats.date_format(day, pattern)

    if first == last:
        return fmt(first, DAY_FORMAT)
    weekdays = f"{fmt(first, 'l')}–{fmt(last, 'l')}"
    if (first.year, first.month) == (last.year, last.month):
        days = f"{fmt(first, 'j')}–{fmt(last, 'j F Y')}"
    elif first.year == last.year:
        days = f"{fmt(first, 'j F')}–{fmt(last, 'j F Y')}"
    else:
        days = f"{fmt(first, 'j F Y')}–{fmt(last, 'j F Y')}"
    return f"{weekdays}, {days}"


@register.simple_tag
def date_range(training, zone: bool = True) -> str:
    """A training's dates with its zone: "Rabu–Kamis, 31 Januari–1 Februari 2024 · WITA"."""
    dates = format_date_range(training.starts_on, training.ends_on)
    return f"{dates} · {training.zone_label}" if zone else dates
