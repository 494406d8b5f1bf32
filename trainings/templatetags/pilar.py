"""Template helpers for showing instants in a training's own zone.

``{{ session.starts_at|local_time:training }}`` → ``08.00 WITA``: Indonesian
style (a dot between hours and minutes) with the zone's label, whatever zone
the request runs in. The same functions serve Python code (admin columns).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone

from participants.models import zone_label

register = template.Library()


def _zone(zone_source) -> ZoneInfo:
    """A Training (anything with ``.tz``), a ZoneInfo or an IANA name."""
    if isinstance(zone_source, ZoneInfo):
        return zone_source
    if isinstance(zone_source, str):
        return ZoneInfo(zone_source)
    return zone_source.tz


@register.filter
def local_time(value: datetime.datetime | None, zone_source) -> str:
    """An aware datetime as "08.00 WITA" in the zone of ``zone_source``."""
    if value is None:
        return ""
    zone = _zone(zone_source)
    local = timezone.localtime(value, zone)
    return f"{local:%H.%M} {zone_label(zone.key)}"


@register.filter
def local_date(value: datetime.datetime | None, zone_source) -> str:
    """The calendar day of an aware datetime in that zone, e.g. "31 Jan 2024"."""
    if value is None:
        return ""
    local = timezone.localtime(value, _zone(zone_source))
    return formats.date_format(local.date(), "DATE_FORMAT")


@register.filter
def local_datetime(value: datetime.datetime | None, zone_source) -> str:
    """Day and time in that zone: "31 Jan 2024 08.00 WITA"."""
    if value is None:
        return ""
    return f"{local_date(value, zone_source)} {local_time(value, zone_source)}"
