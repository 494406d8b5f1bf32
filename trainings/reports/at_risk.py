"""Who is at risk of not completing, while a training is running: a list to phone today.

From the same ``TrainingAttendance`` as the rest of the report, per counted person:

* **remaining**: the sessions not yet ended that they have no mark for (a session
  marked in advance, e.g. izin, is already counted); when the training is over each
  of them will count, attended or not, so the final total is ``total + remaining``;
* **cannot complete any more**: even attending every remaining session,
  ``(attended + remaining) × 100 < min_percent × (total + remaining)``;
* **must attend every remaining session**: they can still complete, but missing any
  one remaining session that carries weight fails them — missing the lightest one
  does: ``(attended + remaining − lightest) × 100 < min_percent × (total + remaining)``.

Integers only, the same comparison as ``attendance.meets_completion``. Weights are
the training's basis (1 per session, or its JP). No query of its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from trainings.formatting import national_phone
from trainings.models import Training
from trainings.reports.attendance import PersonAttendance, TrainingAttendance


@dataclass(frozen=True)
class RiskRow:
    person: PersonAttendance
    remaining_sessions: int
    remaining: int  # weight of the remaining sessions
    best_attended: int  # attended + remaining
    final_total: int  # total + remaining

    @property
    def phone(self) -> str:
        """The number as stored (E.164, for a ``tel:`` link): the one given with the
        registration, else the person's."""
        registration = self.person.registration
        return registration.phone or registration.participant.phone

    @property
    def phone_display(self) -> str:
        """The number as people read and dial it: "0812-3456-7890"."""
        return national_phone(self.phone)


@dataclass
class AtRisk:
    cannot_complete: list[RiskRow]
    must_attend_all: list[RiskRow]


def is_running(training: Training, now: datetime.datetime) -> bool:
    """``training.phase == "running"`` at ``now`` instead of today: published, and ``now``
    falls on one of its dates in its own zone."""
    if training.status != Training.Status.PUBLISHED:
        return False
    return training.starts_on <= timezone.localtime(now, training.tz).date() <= training.ends_on


def _fails(attended: int, total: int, min_percent: int) -> bool:
    return attended * 100 < min_percent * total


def at_risk(summary: TrainingAttendance) -> AtRisk:
    """The two lists above, each in the summary's order (by name)."""
    cannot, must = [], []
    for person in summary.people:
        weights = [
            column.weight
            for column, status in zip(summary.sessions, person.statuses, strict=True)
            if not status and not column.ended
        ]
        remaining = sum(weights)
        row = RiskRow(
            person=person,
            remaining_sessions=len(weights),
            remaining=remaining,
            best_attended=person.attended + remaining,
            final_total=person.total + remaining,
        )
        if row.final_total <= 0:
            continue
        if _fails(row.best_attended, row.final_total, summary.min_percent):
            cannot.append(row)
            continue
        lightest = min((weight for weight in weights if weight > 0), default=0)
        if lightest and _fails(row.best_attended - lightest, row.final_total, summary.min_percent):
            must.append(row)
    return AtRisk(cannot_complete=cannot, must_attend_all=must)
