"""The attendance rule of ``attendance.py`` over many trainings at once, in SQL.

``attendance_summary`` computes one training in Python, session by session.
The index, the period summary and coverage need the same figures for every
registration of hundreds of trainings; fetching the attendance rows into Python
would move a million rows. ``counted_registrations_sql`` states the same rule
as one SQL query that returns one row per counted registration:

* counted registrations: confirmed, not an unverified identity claim;
* counted sessions: the training's sessions but the breaks, weighing 1 or their
  JP by ``Training.completion_basis``;
* a session counts for a person when it has ended at ``now`` or is marked for
  them; H and T are attended, I and S excused;
* ``completed`` is ``attended * 100 >= min_attendance_percent * total``, NULL
  when ``total`` is 0.

``tests/trainings/test_report_completion.py`` checks the two against each other
on the same data. Table and column names come from the models' ``_meta``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from participants.models import Participant
from trainings.models import Attendance, Quota, Registration, Session, Training
from trainings.reports.attendance import ATTENDED, EXCUSED, UNVERIFIED_CLAIM, percent

# Region codes are hierarchical ("63.71.05.1002"): a regency is the first 5 characters,
# a kecamatan the first 8, a province the first 2.
PROVINCE_CODE_LENGTH = 2
REGENCY_CODE_LENGTH = 5
DISTRICT_CODE_LENGTH = 8


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def counted_registrations_sql(
    trainings: QuerySet[Training], *, now: datetime.datetime, cell_region: str | None = None
) -> tuple[str, list]:
    """SQL and parameters: one row per counted registration of ``trainings`` with
    ``registration_id, training_id, participant_id, role_id, region_code`` (the region
    the person stands for: the one they represent, else their home), ``attended,
    excused, total`` (in the training's basis), ``sessions_attended`` (count),
    ``days_attended`` (distinct local days with an attended session) and ``completed``
    (boolean, NULL with nothing counted). With ``cell_region``, only registrations
    placed in that region's quota cells (a regency operator's view). Use it as a
    subquery or a CTE."""
    trainings_sql, trainings_params = trainings.values("pk").query.sql_with_params()
    attended = ", ".join(["%s"] * len(ATTENDED))
    excused = ", ".join(["%s"] * len(EXCUSED))
    claims = ", ".join(["%s"] * len(UNVERIFIED_CLAIM))
    cells = ""
    if cell_region is not None:
        cells = f"AND r.quota_id IN (SELECT id FROM {_table(Quota)} WHERE region_id = %s)"
    sql = f"""
        SELECT r.id AS registration_id, r.training_id, r.participant_id, r.role_id,
               COALESCE(r.region_represented_id, p.home_region_id) AS region_code,
               COALESCE(SUM(w.weight) FILTER (WHERE a.status IN ({attended})), 0) AS attended,
               COALESCE(SUM(w.weight) FILTER (WHERE a.status IN ({excused})), 0) AS excused,
               COALESCE(SUM(w.weight) FILTER (WHERE a.id IS NOT NULL OR s.ends_at <= %s), 0)
                   AS total,
               COUNT(s.id) FILTER (WHERE a.status IN ({attended})) AS sessions_attended,
               COUNT(DISTINCT (s.starts_at AT TIME ZONE t.time_zone)::date)
                   FILTER (WHERE a.status IN ({attended})) AS days_attended,
               MIN(t.min_attendance_percent) AS min_percent
        FROM {_table(Registration)} r
        JOIN {_table(Training)} t ON t.id = r.training_id
        JOIN {_table(Participant)} p ON p.id = r.participant_id
        LEFT JOIN {_table(Session)} s ON s.training_id = r.training_id AND s.kind <> %s
        LEFT JOIN LATERAL (
            SELECT CASE WHEN t.completion_basis = %s THEN s.jp ELSE 1 END AS weight
        ) w ON TRUE
        LEFT JOIN {_table(Attendance)} a ON a.registration_id = r.id AND a.session_id = s.id
        WHERE r.status = %s
          AND r.identity_check NOT IN ({claims})
          AND r.training_id IN ({trainings_sql})
          {cells}
        GROUP BY r.id, p.home_region_id
    """
    params = [
        *ATTENDED,
        *EXCUSED,
        now,
        *ATTENDED,
        *ATTENDED,
        Session.Kind.BREAK,
        Training.CompletionBasis.JP,
        Registration.Status.CONFIRMED,
        *UNVERIFIED_CLAIM,
        *trainings_params,
        *([cell_region] if cell_region is not None else []),
    ]
    wrapped = f"""
        SELECT c.*,
               CASE WHEN c.total > 0 THEN c.attended * 100 >= c.min_percent * c.total END
                   AS completed
        FROM ({sql}) c
    """
    return wrapped, [str(p) if hasattr(p, "label") else p for p in params]


@dataclass
class TrainingFigures:
    """One training's totals for lists: people counted, who attended at least one
    session, who completed, and attended / total summed over people."""

    confirmed: int = 0
    attended_any: int = 0
    completed: int = 0
    attended: int = 0
    total: int = 0

    @property
    def rate(self) -> Decimal | None:
        return percent(self.attended, self.total)


def training_figures(
    trainings: QuerySet[Training], *, now: datetime.datetime, cell_region: str | None = None
) -> dict[int, TrainingFigures]:
    """``TrainingFigures`` for each of ``trainings`` that has counted people (one query);
    a training left out has none."""
    sql, params = counted_registrations_sql(trainings, now=now, cell_region=cell_region)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT training_id, COUNT(*),
                   COUNT(*) FILTER (WHERE sessions_attended > 0),
                   COUNT(*) FILTER (WHERE completed),
                   SUM(attended), SUM(total)
            FROM ({sql}) counted GROUP BY training_id
            """,
            params,
        )
        return {
            training_id: TrainingFigures(*(int(value) for value in figures))
            for training_id, *figures in cursor.fetchall()
        }
