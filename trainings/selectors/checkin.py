"""Staff reads of the door: a training's sessions that take attendance, the class of one
session with everyone's status there, and the one lookup a tap costs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery

from trainings import access
from trainings.forms.checkin import DOOR_STATUSES
from trainings.models import Attendance, Registration, Session, Training
from trainings.selectors.registrations import search_condition

Status = Attendance.Status


def door_sessions(training: Training) -> list[Session]:
    """The sessions that take attendance (breaks do not), in agenda order. One query."""
    return list(training.sessions.exclude(kind=Session.Kind.BREAK).order_by("starts_at", "pk"))


def training_session(training: Training, session_id: int | None) -> Session | None:
    """The training's session with this id, or None (also for another training's). One
    query, none without an id."""
    if session_id is None:
        return None
    return training.sessions.filter(pk=session_id).first()


@dataclass(frozen=True)
class Door:
    """What the door's page shows for one session: counts over everyone, the lists
    narrowed by the search."""

    total: int
    status_counts: list[tuple[str, int]]  # (label, how many) in the order of the buttons
    missing_count: int
    missing: list[Registration]
    marked: list[Registration]  # each with ``attendance_status``


def label_attendance(registration: Registration) -> None:
    """Set ``attendance_label`` from ``attendance_status`` (blank while not marked)."""
    status = registration.attendance_status
    registration.attendance_label = Status(status).label if status else ""


def door(training: Training, session: Session, *, query: str = "") -> Door:
    """The session's confirmed registrations with their status there. Two queries (the
    counts, the list) whatever the size of the class."""
    confirmed = Registration.objects.filter(
        training=training, status=Registration.Status.CONFIRMED
    ).annotate(
        attendance_status=Subquery(
            Attendance.objects.filter(registration=OuterRef("pk"), session=session).values(
                "status"
            )[:1]
        )
    )
    counts = confirmed.aggregate(
        total=Count("pk"),
        missing=Count("pk", filter=Q(attendance_status__isnull=True)),
        **{status.value: Count("pk", filter=Q(attendance_status=status)) for status in Status},
    )
    rows = confirmed.select_related("participant", "role", "region_represented")
    if query:
        rows = rows.filter(search_condition(query))
    rows = list(rows.order_by("participant__full_name", "pk"))
    for row in rows:
        label_attendance(row)
    return Door(
        total=counts["total"],
        missing_count=counts["missing"],
        status_counts=[(status.label, counts[status.value]) for status in DOOR_STATUSES],
        missing=[row for row in rows if row.attendance_status is None],
        marked=[row for row in rows if row.attendance_status is not None],
    )


def door_lookup(
    user, training_pk: int, session_id: int | None, /, **registration
) -> tuple[Registration | None, Session | None]:
    """The registration of training ``training_pk`` that ``registration`` names (by pk or
    code), with its training and participant, and the posted session of the same training
    — in one query, and only in a training the user may change. ``(None, None)``
    otherwise."""
    if session_id is None:
        return None, None
    found = (
        Registration.objects.filter(
            training_id=training_pk,
            training__in=access.editable_trainings(user),
            training__sessions__pk=session_id,
            **registration,
        )
        .select_related("training", "participant")
        .annotate(
            session_topic=F("training__sessions__topic"),
            session_starts_at=F("training__sessions__starts_at"),
            session_ends_at=F("training__sessions__ends_at"),
        )
        .first()
    )
    if found is None:
        return None, None
    session = Session(
        pk=session_id,
        training=found.training,
        topic=found.session_topic,
        starts_at=found.session_starts_at,
        ends_at=found.session_ends_at,
    )
    session._state.adding = False
    return found, session
