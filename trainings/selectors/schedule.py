"""What a participant is told about when and where a training happens: its days with their
session spans, and the venue's region written out (for the notices and the calendar file).

Each function costs one query whatever the number of sessions or days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from participants.models import Region
from trainings.models import Training


@dataclass(frozen=True)
class TrainingDay:
    """One day of a training in its zone: from the first session's start to the last
    session's end, or ``start`` and ``end`` None when no session falls on that day."""

    day: datetime.date
    start: datetime.datetime | None
    end: datetime.datetime | None


def training_days(training: Training) -> list[TrainingDay]:
    """Every day from ``starts_on`` to ``ends_on`` in order, each with its sessions' span
    (a session belongs to the day it starts on, in the training's zone). One query."""
    zone = training.tz
    spans: dict[datetime.date, tuple[datetime.datetime, datetime.datetime]] = {}
    for starts_at, ends_at in training.sessions.values_list("starts_at", "ends_at"):
        day = timezone.localtime(starts_at, zone).date()
        first, last = spans.get(day, (starts_at, ends_at))
        spans[day] = (min(first, starts_at), max(last, ends_at))
    days = []
    day = training.starts_on
    while day <= training.ends_on:
        start, end = spans.get(day, (None, None))
        days.append(TrainingDay(day=day, start=start, end=end))
        day += datetime.timedelta(days=1)
    return days


def first_session_start(days: list[TrainingDay]) -> datetime.datetime | None:
    """When the training's first session starts (None when it has no session yet)."""
    return next((day.start for day in days if day.start is not None), None)


def venue_region_names(training: Training) -> list[str]:
    """The venue's region and the regions above it, nearest first: ["Banjarmasin Selatan",
    "Kota Banjarmasin", "Kalimantan Selatan"]. One query."""
    regions = Region.objects.select_related("parent__parent__parent")
    region = regions.get(pk=training.venue_region_id)
    names = []
    while region is not None:
        names.append(region.name)
        region = region.parent
    return names


def venue_address(training: Training, region_names: list[str]) -> str:
    """The venue's street address (when known) and region in one line."""
    return ", ".join(part for part in (training.venue_address.strip(), *region_names) if part)


def venue_place(training: Training, region_names: list[str]) -> str:
    """The venue in one line: its name, street address (when known) and region."""
    return f"{training.venue_name}, {venue_address(training, region_names)}"
