"""Attendance at the door: record one person's status for a session, close a session.

Check-in is the hottest write path of a training day (a class of 50 at the door
within minutes, a tap each), so each function is as few statements as its
invariant allows:

* ``attendance_record`` is ONE statement: ``INSERT … ON CONFLICT (registration,
  session) DO UPDATE … WHERE the status differs``, with the AuditEvent inserted
  from its ``RETURNING`` row in a data-modifying CTE. PostgreSQL runs a statement
  with its CTEs as one unit, so the row and its audit event commit together
  without a ``transaction.atomic()`` (which would add a SAVEPOINT pair inside an
  outer transaction). Marking the same status again matches the conflict, changes
  nothing and writes no event; a different status updates the row and writes an
  event with the status before and after. The unique constraint
  ``attendance_one_per_registration_session`` is what makes a double tap, or two
  phones at two doors, harmless.
* ``session_close`` is one ``INSERT … SELECT`` for everyone still unmarked, plus
  its AuditEvent, in one transaction.

No training row lock: attendance never touches seats, and the unique
constraint holds the only invariant that spans two requests.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trainings.audit import actor_label, audit_record
from trainings.errors import PilarError
from trainings.models import Attendance, AuditEvent, Registration, Session


class NotConfirmed(PilarError):
    """Attendance is taken only for confirmed registrations."""


class WrongSession(PilarError):
    """The session belongs to another training than the registration."""


def attendance_check(registration: Registration, session: Session) -> None:
    """Raise what ``attendance_record`` would refuse: ``WrongSession``, ``NotConfirmed``."""
    if session.training_id != registration.training_id:
        raise WrongSession(
            _("Sesi “%(session)s” bukan bagian dari pelatihan peserta ini.")
            % {"session": session.topic}
        )
    if registration.status != Registration.Status.CONFIRMED:
        raise NotConfirmed(
            _(
                "%(name)s berstatus “%(status)s”: kehadiran hanya dicatat untuk peserta "
                "yang terdaftar."
            )
            % {
                "name": registration.shown_name,
                "status": registration.get_status_display(),
            }
        )


def _actor_id(actor) -> int | None:
    return actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None


def _columns(model, *names: str) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


_ATTENDANCE_FIELDS = ("id", "status", "method", "recorded_at", "recorded_by")


def _record_sql() -> str:
    attendance = Attendance._meta.db_table
    reg, ses, status, method, at, by = _columns(
        Attendance, "registration", "session", "status", "method", "recorded_at", "recorded_by"
    )
    returned = ", ".join(_columns(Attendance, *_ATTENDANCE_FIELDS))
    audit_columns = ", ".join(
        _columns(
            AuditEvent,
            "actor",
            "actor_label",
            "created_at",
            "action",
            "content_type",
            "object_id",
            "object_repr",
            "changes",
            "organization",
            "training",
        )
    )
    mine = f"{reg} = %(registration)s AND {ses} = %(session)s"
    # The last SELECT reads the statement's snapshot: when the upsert changed
    # nothing, the existing row as it was (its status is the one asked for).
    return f"""
        WITH previous AS (
            SELECT {status} FROM {attendance} WHERE {mine}
        ), upserted AS (
            INSERT INTO {attendance} AS attendance ({reg}, {ses}, {status}, {method}, {at}, {by})
            VALUES (%(registration)s, %(session)s, %(status)s, %(method)s, %(now)s, %(actor)s)
            ON CONFLICT ({reg}, {ses}) DO UPDATE
                SET {status} = EXCLUDED.{status}, {method} = EXCLUDED.{method},
                    {at} = EXCLUDED.{at}, {by} = EXCLUDED.{by}
                WHERE attendance.{status} <> EXCLUDED.{status}
            RETURNING {returned}
        ), audited AS (
            INSERT INTO {AuditEvent._meta.db_table} ({audit_columns})
            SELECT %(actor)s, %(actor_label)s, %(audited_at)s, 'attendance.record',
                   %(content_type)s, upserted.id::text, %(object_repr)s,
                   jsonb_build_object(
                       'status', jsonb_build_array((SELECT {status} FROM previous),
                                                   upserted.{status}),
                       'method', upserted.{method},
                       'session', %(session)s
                   ),
                   %(organization)s, %(training)s
            FROM upserted
        )
        SELECT {returned}, (SELECT {status} FROM previous) FROM upserted
        UNION ALL
        SELECT {returned}, {status} FROM {attendance}
        WHERE {mine} AND NOT EXISTS (SELECT 1 FROM upserted)
    """


def attendance_record(
    *,
    actor,
    registration: Registration,
    session: Session,
    status: str,
    method: str = Attendance.Method.STAFF,
    now: datetime.datetime | None = None,
) -> Attendance:
    """Record ``registration``'s status at ``session``; recording it again is harmless.

    ``registration`` needs its ``participant`` and ``training`` loaded (they name
    the audit event); ``session`` needs ``topic`` and ``starts_at``.

    Side effects, in one statement: inserts the Attendance, or updates its
    status, method, time and recorder when the status differs; one AuditEvent
    ("attendance.record", status before and after) for an insert or a change,
    none when the status was already the one asked for. The returned Attendance
    carries ``previous_status`` (None when it is new).

    Raises ``WrongSession`` (a session of another training), ``NotConfirmed``
    (pending, waitlisted, rejected or cancelled registrations), ``PilarError`` for
    an unknown status or method.
    """
    if status not in Attendance.Status.values or method not in Attendance.Method.values:
        raise PilarError(_("Status atau cara pencatatan kehadiran tidak dikenal."))
    attendance_check(registration, session)
    now = now or timezone.now()
    record = Attendance(
        registration=registration,
        session=session,
        status=status,
        method=method,
        recorded_at=now,
        recorded_by_id=_actor_id(actor),
    )
    params = {
        "registration": registration.pk,
        "session": session.pk,
        "status": status,
        "method": method,
        "now": now,
        "actor": _actor_id(actor),
        "actor_label": actor_label(actor),
        "audited_at": timezone.now(),
        "content_type": ContentType.objects.get_for_model(Attendance, for_concrete_model=False).pk,
        "object_repr": str(record)[:250],
        "organization": registration.training.organizer_id,
        "training": registration.training_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(_record_sql(), params)
        row = cursor.fetchone()
    if row is None:
        # Another door inserted the row after this statement's snapshot was taken and
        # it already has this status: nothing changed here.
        found = Attendance.objects.get(registration=registration, session=session)
        found.previous_status = found.status
        return found
    values = dict(zip((*_ATTENDANCE_FIELDS, "previous_status"), row, strict=True))
    record.pk = values["id"]
    record.status, record.method = values["status"], values["method"]
    record.recorded_at, record.recorded_by_id = values["recorded_at"], values["recorded_by"]
    record.previous_status = values["previous_status"]
    record._state.adding = False
    return record


def session_close(*, actor, session: Session, now: datetime.datetime | None = None) -> int:
    """Mark every confirmed registration of the session's training that has no
    attendance for ``session`` yet as absent (alpa); returns how many.

    Side effects, in one transaction: one ``INSERT … SELECT`` of the absent rows
    (method "staff", recorded by ``actor``), never touching rows already there;
    one AuditEvent ("attendance.close_session") with the count, also when it is 0
    (someone closed the session: that is worth knowing).
    """
    now = now or timezone.now()
    attendance = Attendance._meta.db_table
    reg, ses, status, method, at, by = _columns(
        Attendance, "registration", "session", "status", "method", "recorded_at", "recorded_by"
    )
    training_column, registration_status = _columns(Registration, "training", "status")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {attendance} ({reg}, {ses}, {status}, {method}, {at}, {by})
                SELECT registration.id, %(session)s, %(absent)s, %(method)s, %(now)s, %(actor)s
                FROM {Registration._meta.db_table} AS registration
                WHERE registration.{training_column} = %(training)s
                  AND registration.{registration_status} = %(confirmed)s
                  AND NOT EXISTS (
                      SELECT 1 FROM {attendance} AS marked
                      WHERE marked.{reg} = registration.id AND marked.{ses} = %(session)s
                  )
                ON CONFLICT ({reg}, {ses}) DO NOTHING
                """,
                {
                    "session": session.pk,
                    "absent": Attendance.Status.ABSENT,
                    "method": Attendance.Method.STAFF,
                    "now": now,
                    "actor": _actor_id(actor),
                    "training": session.training_id,
                    "confirmed": Registration.Status.CONFIRMED,
                },
            )
            marked = cursor.rowcount
        audit_record(
            actor=actor,
            action="attendance.close_session",
            obj=session,
            training=session.training,
            changes={"absent": marked, "session": session.pk},
        )
    return marked
