"""The period summary: a fiscal year of the user's trainings, in SQL aggregates.

Everything is summed by PostgreSQL over ``completion.counted_registrations_sql``
(one row per counted registration), so a year of 100,000 registrations and a
million attendance marks never comes into Python; the summary costs three
queries whatever its size. Only published trainings count (drafts and cancelled
trainings are left out). The figures:

* **trainings held** — trainings with at least one counted session (not a break)
  that has ended; with a role or regency chosen, only those with a counted
  registration of it;
* **people trained** — unique participants (one per NIK) who completed;
* **participants** — unique participants counted;
* **person-days** — per registration, the distinct local days with an attended
  session (``days_attended``), summed;
* **JP delivered** — the JP of the ended non-break sessions of the trainings
  held, per training (not per person);
* **attendance rate** — Σ attended / Σ total (each training in its own basis);
* **completion rate** — completed / registrations with a decision (a
  registration with nothing counted yet is neither passed nor failed, and is
  left out of the rate; ``undecided`` counts them).

By role × regency (the regency is ``region_code`` cut to 5 characters; a
province's own people stay under the province), with the totals per role and
per regency from the same ``GROUPING SETS`` query. The monthly trend groups
registrations and trainings by the month of the training's start date (a local
date already) and the session-based figures (JP, person-days) by the month of
the session's local date (``AT TIME ZONE t.time_zone``): a session at 31 Jan
23:30 UTC of a WITA training is in February.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from participants.models import Region, SocialRole
from trainings.models import Attendance, Session, Training
from trainings.reports.attendance import ATTENDED, percent
from trainings.reports.completion import REGENCY_CODE_LENGTH, counted_registrations_sql

MONTHS_IN_A_YEAR = 12


@dataclass
class Figures:
    """Sums over counted registrations (of a group, a month or the whole period)."""

    participants: int = 0
    people_trained: int = 0
    person_days: int = 0
    attended: int = 0
    total: int = 0
    completed: int = 0
    decided: int = 0
    registrations: int = 0

    @property
    def rate(self) -> Decimal | None:
        return percent(self.attended, self.total)

    @property
    def completion_rate(self) -> Decimal | None:
        return percent(self.completed, self.decided)

    @property
    def undecided(self) -> int:
        return self.registrations - self.decided


@dataclass
class Totals:
    trainings_held: int = 0
    jp: int = 0
    figures: Figures = field(default_factory=Figures)


@dataclass
class GroupRow:
    """A role × regency cell; ``role_name`` or ``regency_code`` is ``None`` in the totals
    per regency or per role."""

    role_id: int | None
    role_name: str | None
    regency_code: str | None
    regency_name: str | None
    figures: Figures


@dataclass
class MonthRow:
    month: datetime.date
    trainings_held: int = 0
    jp: int = 0
    figures: Figures = field(default_factory=Figures)


@dataclass
class PeriodSummary:
    totals: Totals
    by_role_regency: list[GroupRow]
    by_role: list[GroupRow]
    by_regency: list[GroupRow]
    months: list[MonthRow]


# The figures' aggregates over ``counted c``, in the order of ``Figures``' fields.
FIGURES_SQL = """
    COUNT(DISTINCT c.participant_id),
    COUNT(DISTINCT c.participant_id) FILTER (WHERE c.completed),
    COALESCE(SUM(c.days_attended), 0),
    COALESCE(SUM(c.attended), 0),
    COALESCE(SUM(c.total), 0),
    COUNT(*) FILTER (WHERE c.completed),
    COUNT(c.completed),
    COUNT(*)
"""


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _figures(values) -> Figures:
    return Figures(*(int(value or 0) for value in values))


class _Statement:
    """The CTEs every query of the summary starts with: ``counted`` (the counted
    registrations, narrowed by role and regency) and ``held`` (the trainings held, with
    their JP delivered)."""

    def __init__(self, trainings, *, now, cell_region, role_id, regency_code):
        counted_sql, counted_params = counted_registrations_sql(
            trainings, now=now, cell_region=cell_region
        )
        trainings_sql, trainings_params = trainings.values("pk").query.sql_with_params()
        where, where_params = [], []
        if role_id is not None:
            where.append("role_id = %s")
            where_params.append(role_id)
        if regency_code is not None:
            where.append(f"LEFT(region_code, {REGENCY_CODE_LENGTH}) = %s")
            where_params.append(regency_code)
        narrowed = role_id is not None or regency_code is not None
        self.sql = f"""
            WITH counted AS (
                SELECT * FROM ({counted_sql}) c {"WHERE " + " AND ".join(where) if where else ""}
            ),
            held AS (
                SELECT t.id, t.starts_on, t.time_zone, SUM(s.jp) AS jp
                FROM {_table(Training)} t
                JOIN {_table(Session)} s ON s.training_id = t.id
                WHERE t.id IN ({trainings_sql}) AND s.kind <> %s AND s.ends_at <= %s
                  {"AND t.id IN (SELECT training_id FROM counted)" if narrowed else ""}
                GROUP BY t.id
            )
        """
        self.now = now
        self.params = [
            *counted_params,
            *where_params,
            *trainings_params,
            str(Session.Kind.BREAK),
            now,
        ]

    def rows(self, select: str, params: list | None = None) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql + select, [*self.params, *(params or [])])
            return cursor.fetchall()


def _totals(statement: _Statement) -> Totals:
    (row,) = statement.rows(
        f"""
        SELECT (SELECT COUNT(*) FROM held), (SELECT COALESCE(SUM(jp), 0) FROM held),
               {FIGURES_SQL}
        FROM counted c
        """
    )
    return Totals(trainings_held=row[0], jp=int(row[1]), figures=_figures(row[2:]))


def _groups(statement: _Statement) -> tuple[list[GroupRow], list[GroupRow], list[GroupRow]]:
    rows = statement.rows(
        f"""
        SELECT g.by_role, g.by_regency, g.role_id, role.name, g.regency, region.name, g.figures
        FROM (
            SELECT GROUPING(c.role_id) = 0 AS by_role,
                   GROUPING(LEFT(c.region_code, {REGENCY_CODE_LENGTH})) = 0 AS by_regency,
                   c.role_id, LEFT(c.region_code, {REGENCY_CODE_LENGTH}) AS regency,
                   ARRAY[{FIGURES_SQL}] AS figures
            FROM counted c
            GROUP BY GROUPING SETS (
                (c.role_id, LEFT(c.region_code, {REGENCY_CODE_LENGTH})),
                (c.role_id),
                (LEFT(c.region_code, {REGENCY_CODE_LENGTH}))
            )
        ) g
        LEFT JOIN {_table(SocialRole)} role ON role.id = g.role_id
        LEFT JOIN {_table(Region)} region ON region.code = g.regency
        ORDER BY role.name NULLS LAST, g.regency NULLS LAST
        """
    )
    both, by_role, by_regency = [], [], []
    for has_role, has_regency, role_id, role_name, code, region_name, figures in rows:
        row = GroupRow(
            role_id=role_id if has_role else None,
            role_name=role_name if has_role else None,
            regency_code=code if has_regency else None,
            regency_name=region_name if has_regency else None,
            figures=_figures(figures),
        )
        if has_role and has_regency:
            both.append(row)
        elif has_role:
            by_role.append(row)
        else:
            by_regency.append(row)
    return both, by_role, by_regency


def _months(statement: _Statement, *, year: int | None) -> list[MonthRow]:
    attended = ", ".join(["%s"] * len(ATTENDED))
    rows = statement.rows(
        f"""
        , registrations AS (
            SELECT date_trunc('month', t.starts_on)::date AS month, {FIGURES_SQL}
            FROM counted c JOIN {_table(Training)} t ON t.id = c.training_id
            GROUP BY 1
        ),
        trainings AS (
            SELECT date_trunc('month', starts_on)::date AS month, COUNT(*) AS held
            FROM held GROUP BY 1
        ),
        jp AS (
            SELECT date_trunc('month', s.starts_at AT TIME ZONE h.time_zone)::date AS month,
                   SUM(s.jp) AS jp
            FROM held h JOIN {_table(Session)} s ON s.training_id = h.id
            WHERE s.kind <> %s AND s.ends_at <= %s
            GROUP BY 1
        ),
        days AS (
            SELECT date_trunc('month', d.day)::date AS month, COUNT(*) AS days
            FROM (
                SELECT DISTINCT c.registration_id,
                       (s.starts_at AT TIME ZONE t.time_zone)::date AS day
                FROM counted c
                JOIN {_table(Attendance)} a ON a.registration_id = c.registration_id
                JOIN {_table(Session)} s ON s.id = a.session_id
                JOIN {_table(Training)} t ON t.id = c.training_id
                WHERE a.status IN ({attended}) AND s.kind <> %s
            ) d
            GROUP BY 1
        ),
        months AS (
            SELECT month FROM registrations UNION SELECT month FROM trainings
            UNION SELECT month FROM jp UNION SELECT month FROM days
        )
        SELECT m.month, COALESCE(trainings.held, 0), COALESCE(jp.jp, 0),
               COALESCE(days.days, 0), registrations.*
        FROM months m
        LEFT JOIN registrations ON registrations.month = m.month
        LEFT JOIN trainings ON trainings.month = m.month
        LEFT JOIN jp ON jp.month = m.month
        LEFT JOIN days ON days.month = m.month
        ORDER BY m.month
        """,
        [str(Session.Kind.BREAK), statement.now, *ATTENDED, str(Session.Kind.BREAK)],
    )
    found = {}
    for month, held, jp, days, _same_month, *figures in rows:
        values = _figures(figures)
        values.person_days = int(days)
        found[month] = MonthRow(month=month, trainings_held=held, jp=int(jp), figures=values)
    if year is not None:
        for number in range(1, MONTHS_IN_A_YEAR + 1):
            month = datetime.date(year, number, 1)
            found.setdefault(month, MonthRow(month=month))
    return [found[month] for month in sorted(found)]


def period_summary(
    trainings: QuerySet[Training],
    *,
    now: datetime.datetime,
    year: int | None = None,
    cell_region: str | None = None,
    role_id: int | None = None,
    regency_code: str | None = None,
) -> PeriodSummary:
    """The summary of ``trainings`` (already scoped and filtered by year and organiser; only
    the published ones count) at ``now``: three queries. ``cell_region`` restricts it to
    a regency operator's cells; ``role_id`` and ``regency_code`` narrow the people
    counted. ``year`` lists every month of that year in the trend, even an empty one."""
    statement = _Statement(
        trainings.filter(status=Training.Status.PUBLISHED),
        now=now,
        cell_region=cell_region,
        role_id=role_id,
        regency_code=regency_code,
    )
    both, by_role, by_regency = _groups(statement)
    return PeriodSummary(
        totals=_totals(statement),
        by_role_regency=both,
        by_role=by_role,
        by_regency=by_regency,
        months=_months(statement, year=year),
    )
