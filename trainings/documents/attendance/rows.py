"""The rows of a daftar hadir, the sheet they stand on, and what every kind of sheet shares."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from trainings.formatting import long_date, time_range
from trainings.models import Session, Training

BLANK_ROWS = 5  # numbered rows to fill by hand when nobody is recorded yet


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


def blank_people() -> list[PersonRow]:
    """Numbered empty rows for speakers, committee or guests to be written in by hand."""
    return [PersonRow(number=number) for number in range(1, BLANK_ROWS + 1)]


def sheet_when(training: Training, day: datetime.date, sessions: Sequence[Session]) -> str:
    """ "Kamis, 23 Oktober 2025 · 08.00–15.15 WIB": the day, and the span of its sessions."""
    heading = long_date(day)
    if not sessions:
        return heading
    start = min(session.starts_at for session in sessions)
    end = max(session.ends_at for session in sessions)
    return f"{heading} · {time_range(start, end, training)}"
