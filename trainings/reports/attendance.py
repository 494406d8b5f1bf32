"""The one definition of "attended" and "completed" (reports, exports, later certificates).

The rule, for one training at the instant ``now``:

* What counts: the training's sessions except breaks (``Session.Kind.BREAK``),
  each weighing 1 (``Training.CompletionBasis.SESSIONS``) or its JP
  (``Training.CompletionBasis.JP``, so a long session weighs more).
* Who counts: confirmed registrations (``status="confirmed"``) that are not an
  unverified identity claim (a claim staff accepted is the stored person's own
  registration and counts).
* Per person and session: present (H) and late (T) are attended; excused (I) and
  sick (S) are not, but are totalled apart as excused; absent (A) is not. A
  session not marked counts as not attended once it has ended (``ends_at <=
  now``) and is left out of both figures while it has not ended — a marked
  session counts whenever it was marked.
* Completion compares integers exactly: ``attended * 100 >= min_attendance_percent
  * total`` (sums of weights), no rounding. With nothing to count (``total == 0``)
  a person has no completion (``None``), neither failed nor passed.

Everything is computed in Python from three queries (sessions, registrations,
attendance rows), whatever the number of people and sessions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from trainings.models import Attendance, Registration, Session, Training

ATTENDED = frozenset({Attendance.Status.PRESENT, Attendance.Status.LATE})
EXCUSED = frozenset({Attendance.Status.EXCUSED, Attendance.Status.SICK})
# The daftar hadir's one-letter codes (Hadir, Terlambat, Izin, Sakit, Alpa). They are the
# printed sheets' codes in every language; ``status_legend`` says what each one means.
STATUS_CODES = {
    Attendance.Status.PRESENT: "H",
    Attendance.Status.LATE: "T",
    Attendance.Status.EXCUSED: "I",
    Attendance.Status.SICK: "S",
    Attendance.Status.ABSENT: "A",
}


def status_legend() -> list[tuple[str, str]]:
    """Each code with what it means: [("H", "Hadir"), …]."""
    labels = dict(Attendance.Status.choices)
    return [(code, str(labels[status])) for status, code in STATUS_CODES.items()]


UNVERIFIED_CLAIM = [Registration.IdentityCheck.HELD, Registration.IdentityCheck.REJECTED]


def meets_completion(*, attended: int, total: int, min_percent: int) -> bool | None:
    """The completion rule on integers: ``None`` when there is nothing to count."""
    if total <= 0:
        return None
    return attended * 100 >= min_percent * total


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage with one decimal (for showing only: the
    completion rule never uses it); ``None`` when ``whole`` is 0."""
    if whole <= 0:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Tally:
    """Attended and excused against the total, in the training's basis (sessions or JP)."""

    attended: int = 0
    excused: int = 0
    total: int = 0

    def add(self, other: Tally) -> None:
        self.attended += other.attended
        self.excused += other.excused
        self.total += other.total

    @property
    def rate(self) -> Decimal | None:
        return percent(self.attended, self.total)


@dataclass
class PersonAttendance(Tally):
    registration: Registration | None = None
    # One status per session of the report, in agenda order ("" = not recorded).
    statuses: list[str] = field(default_factory=list)
    completed: bool | None = None

    @property
    def codes(self) -> list[str]:
        """The statuses as the daftar hadir's letters ("" = not recorded)."""
        return [STATUS_CODES[status] if status else "" for status in self.statuses]


@dataclass
class SessionAttendance:
    session: Session
    weight: int
    ended: bool
    attended: int = 0  # people
    excused: int = 0
    counted: int = 0  # people whose presence counts for this session

    @property
    def rate(self) -> Decimal | None:
        return percent(self.attended, self.counted)


@dataclass
class DayAttendance(Tally):
    """One calendar day in the training's zone; figures are person × weight sums."""

    day: datetime.date | None = None
    zone_label: str = ""
    sessions: list[SessionAttendance] = field(default_factory=list)


@dataclass
class TrainingAttendance:
    training: Training
    now: datetime.datetime
    basis: str
    min_percent: int
    sessions: list[SessionAttendance]
    people: list[PersonAttendance]
    days: list[DayAttendance]

    @property
    def totals(self) -> Tally:
        tally = Tally()
        for person in self.people:
            tally.add(person)
        return tally

    @property
    def completed_count(self) -> int:
        return sum(1 for person in self.people if person.completed)

    @property
    def undecided_count(self) -> int:
        """People with nothing counted yet (no completion either way)."""
        return sum(1 for person in self.people if person.completed is None)


def counted_sessions(training: Training) -> QuerySet[Session]:
    """The sessions the rule counts, in agenda order: every one but the breaks."""
    return (
        Session.objects.filter(training=training)
        .exclude(kind=Session.Kind.BREAK)
        .order_by("starts_at", "pk")
    )


def counted_registrations(
    training: Training, *, cell_region: str | None = None
) -> QuerySet[Registration]:
    """The people the rule counts: confirmed, not an unverified identity claim; with
    ``cell_region``, only those placed in that region's quota cells (what a regency
    operator's reports show: ``access.report_cell_region``)."""
    registrations = Registration.objects.filter(
        training=training, status=Registration.Status.CONFIRMED
    )
    if cell_region is not None:
        registrations = registrations.filter(quota__region_id=cell_region)
    return (
        registrations.exclude(identity_check__in=UNVERIFIED_CLAIM)
        .select_related(
            "participant__home_region__parent__parent", "role", "region_represented__parent"
        )
        .order_by("participant__full_name", "pk")
    )


def attendance_summary(
    training: Training, *, now: datetime.datetime, cell_region: str | None = None
) -> TrainingAttendance:
    """The training's attendance under the rule above, at ``now`` (three queries); with
    ``cell_region``, only the people of that region's quota cells."""
    weighted = training.completion_basis == Training.CompletionBasis.JP
    sessions = [
        SessionAttendance(session=s, weight=s.jp if weighted else 1, ended=s.ends_at <= now)
        for s in counted_sessions(training)
    ]
    registrations = list(counted_registrations(training, cell_region=cell_region))
    marks = {
        (registration_id, session_id): status
        for registration_id, session_id, status in Attendance.objects.filter(
            session__training=training, registration__status=Registration.Status.CONFIRMED
        ).values_list("registration_id", "session_id", "status")
    }
    min_percent = training.min_attendance_percent
    people = []
    for registration in registrations:
        person = PersonAttendance(registration=registration)
        for column in sessions:
            status = marks.get((registration.pk, column.session.pk), "")
            person.statuses.append(status)
            if not status and not column.ended:
                continue
            column.counted += 1
            person.total += column.weight
            if status in ATTENDED:
                column.attended += 1
                person.attended += column.weight
            elif status in EXCUSED:
                column.excused += 1
                person.excused += column.weight
        person.completed = meets_completion(
            attended=person.attended, total=person.total, min_percent=min_percent
        )
        people.append(person)
    return TrainingAttendance(
        training=training,
        now=now,
        basis=training.completion_basis,
        min_percent=min_percent,
        sessions=sessions,
        people=people,
        days=_by_local_day(training, sessions),
    )


def _by_local_day(training: Training, sessions: list[SessionAttendance]) -> list[DayAttendance]:
    zone = training.tz
    label = training.zone_label
    days: dict[datetime.date, DayAttendance] = defaultdict(lambda: DayAttendance(zone_label=label))
    for column in sessions:
        day = timezone.localtime(column.session.starts_at, zone).date()
        row = days[day]
        row.day = day
        row.sessions.append(column)
        row.attended += column.attended * column.weight
        row.excused += column.excused * column.weight
        row.total += column.counted * column.weight
    return [days[day] for day in sorted(days)]
