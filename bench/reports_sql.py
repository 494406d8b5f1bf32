"""The bench's bare SQL: each query computes what a report computes, written by hand for
this data (sessions basis, no breaks in the bench's trainings — the queries still
leave breaks out) and nothing else, as the floor the reports are compared with."""

from __future__ import annotations

from django.db import connection

from trainings.reports.completion import counted_registrations_sql

COVERAGE_YEARS = 3  # completed in the last three fiscal years, this one included

# Per counted registration: attended and total sessions under the rule, and the
# training's minimum; ``{where}`` picks the trainings.
_PER_REGISTRATION = """
    SELECT r.id, r.participant_id, r.role_id, t.fiscal_year,
           left(COALESCE(r.region_represented_id, p.home_region_id), 5) AS regency,
           COUNT(*) FILTER (WHERE a.status IN ('present', 'late')) AS attended,
           COUNT(*) FILTER (WHERE a.status IN ('excused', 'sick')) AS excused,
           COUNT(*) FILTER (WHERE a.id IS NOT NULL OR s.ends_at <= %(now)s) AS total,
           MIN(t.min_attendance_percent) AS min_percent
    FROM trainings_registration r
    JOIN trainings_training t ON t.id = r.training_id
    JOIN participants_participant p ON p.id = r.participant_id
    JOIN trainings_session s ON s.training_id = r.training_id AND s.kind <> 'break'
    LEFT JOIN trainings_attendance a ON a.registration_id = r.id AND a.session_id = s.id
    WHERE r.status = 'confirmed' AND r.identity_check IN ('', 'accepted') AND {where}
    GROUP BY r.id, t.fiscal_year, p.home_region_id
"""


def bare_one_training(training_id: int, now) -> dict[int, tuple]:
    """{registration id: (attended, excused, total, completed)} for one training."""
    sql = _PER_REGISTRATION.format(where="r.training_id = %(training)s")
    with connection.cursor() as cursor:
        cursor.execute(sql, {"now": now, "training": training_id})
        return {
            row[0]: (
                row[5],
                row[6],
                row[7],
                row[5] * 100 >= row[8] * row[7] if row[7] > 0 else None,
            )
            for row in cursor.fetchall()
        }


def bare_period(trainings, now) -> list[tuple]:
    """Per (role, regency): people, completed, attended, total — sorted."""
    ids = list(trainings.values_list("pk", flat=True))
    sql = _PER_REGISTRATION.format(where="r.training_id = ANY(%(ids)s)")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT role_id, regency, COUNT(*),
                   COUNT(*) FILTER (WHERE total > 0 AND attended * 100 >= min_percent * total),
                   SUM(attended), SUM(total)
            FROM ({sql}) c GROUP BY 1, 2 ORDER BY 1, 2
            """,
            {"now": now, "ids": ids},
        )
        return [tuple(int(v) if i >= 2 else v for i, v in enumerate(r)) for r in cursor]


def period_by_role_regency(trainings, now) -> list[tuple]:
    """The same numbers through ``counted_registrations_sql`` (as the period summary)."""
    sql, params = counted_registrations_sql(trainings, now=now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT role_id, left(region_code, 5), COUNT(*), COUNT(*) FILTER (WHERE completed),
                   SUM(attended), SUM(total)
            FROM ({sql}) c GROUP BY 1, 2 ORDER BY 1, 2
            """,
            params,
        )
        return [tuple(int(v) if i >= 2 else v for i, v in enumerate(r)) for r in cursor]


def bare_coverage(now, nik_prefix: str = "") -> list[tuple]:
    """Per (role, duty regency): active holders, and those of them who completed a
    training in that role in the last ``COVERAGE_YEARS`` fiscal years (of ``now``).
    ``nik_prefix`` keeps the holders of one bench data set (the registry, in the app)."""
    sql = _PER_REGISTRATION.format(
        where="t.fiscal_year > %(year)s - %(years)s AND p.nik LIKE %(holders)s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH done AS (
                SELECT DISTINCT participant_id, role_id FROM ({sql}) c
                WHERE total > 0 AND attended * 100 >= min_percent * total
            )
            SELECT h.role_id, left(h.duty_region_id, 5), COUNT(*), COUNT(d.participant_id)
            FROM participants_roleheld h
            JOIN participants_participant p ON p.id = h.participant_id
            LEFT JOIN done d ON d.participant_id = h.participant_id AND d.role_id = h.role_id
            WHERE h.active AND p.nik LIKE %(holders)s
            GROUP BY 1, 2 ORDER BY 1, 2
            """,
            {
                "now": now,
                "year": now.year,
                "years": COVERAGE_YEARS,
                "holders": nik_prefix + "%",
            },
        )
        return cursor.fetchall()
