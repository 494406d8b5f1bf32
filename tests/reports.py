"""Test data for the reports: sessions laid out by the hour and people with their marks."""

from __future__ import annotations

import datetime
from pathlib import Path

from tests.factories import AttendanceFactory, RegistrationFactory, SessionFactory
from trainings.models import Registration, Session

H, T, IZIN, SAKIT, A = "present", "late", "excused", "sick", "absent"


def sessions_for(training, count: int, *, jp: int = 2, kind=Session.Kind.MATERIAL) -> list:
    """``count`` two-hour sessions from 08.00 on the training's first day, one per hour pair."""
    first = datetime.datetime.combine(training.starts_on, datetime.time(8), training.tz)
    return [
        SessionFactory(
            training=training,
            starts_at=first + datetime.timedelta(hours=2 * n),
            ends_at=first + datetime.timedelta(hours=2 * n + 2),
            jp=jp,
            kind=kind,
            topic=f"Materi {n + 1}",
        )
        for n in range(count)
    ]


def person_with_marks(training, sessions, marks: list[str | None], **registration) -> Registration:
    """A confirmed registration with one mark per session (None: not recorded)."""
    registration = RegistrationFactory(training=training, **registration)
    for session, status in zip(sessions, marks, strict=True):
        if status is not None:
            AttendanceFactory(registration=registration, session=session, status=status)
    return registration


def stored_files(settings) -> list[str]:
    """Every file in the default storage (``MEDIA_ROOT``), as sorted relative paths."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
