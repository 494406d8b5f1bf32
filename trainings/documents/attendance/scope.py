"""What a daftar hadir covers: the training's days and sessions, in the training's zone.

A day covers every session that starts on that local day, so a sheet for
"Kamis" in a WITA training never picks up a session by its WIB or UTC date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from trainings.errors import PilarError
from trainings.models import Session, Training


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
