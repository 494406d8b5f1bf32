"""The reports at scale, each next to bare SQL (or bare openpyxl) doing the same work.

    python -m bench.run --scenario reports            # make bench runs it after registration
    python -m bench.run --scenario reports --quick    # small sizes, well under a minute

Cases (bench/README.md gives the goals and a recorded run):

* **one training** (2,000 people × 10 sessions): ``attendance_summary`` and the page
  ``/reports/trainings/<pk>/`` rendered through Django's test client as a supervisor,
  next to one SQL query computing the same per-person figures (checked equal);
* **period rule**: ``counted_registrations_sql`` over the period's trainings (100,000
  registrations, 1,000,000 attendance rows), aggregated by role × regency as the period
  summary does, next to a hand-written aggregate computing the same numbers (checked
  equal);
* **coverage**: the bare query (active holders per regency × role, and how many of them
  completed a training in that role in the last three fiscal years) over 200,000
  holders, timed on its own until ``trainings/reports/coverage.py`` lands;
* **XLSX**: 50,000 rows from the database through ``sheets.write_xlsx`` next to
  openpyxl's write-only mode with no Django in between, with the memory growth.

Hooks for the pages being written now: ``period_case(run)`` and ``coverage_case(run)``
take a callable that runs the period summary or the coverage report for
``BenchData.period`` / the whole registry, and time it next to the bare SQL here.
``main`` calls them when ``trainings.reports.period`` / ``coverage`` exist and
``PERIOD_RUNNER`` / ``COVERAGE_RUNNER`` are filled in (one line each after the merge).
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import logging
import os
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from bench import reports_data
from bench.reports_sql import (
    bare_coverage,
    bare_one_training,
    bare_period,
    period_by_role_regency,
)

PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
GOAL_SQL_RATIO = 2.0
GOAL_XLSX_RATIO = 1.5
GOAL_XLSX_MB = 100.0


@dataclass
class Row:
    case: str
    seconds: float
    floor: float | None = None
    goal: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor if self.floor else None


@dataclass
class BenchData:
    one: int  # the one training's pk
    period: object  # QuerySet of the period's trainings
    now: object  # datetime the rule is evaluated at
    sizes: reports_data.Sizes


def timed(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The median of ``repeat`` runs after one warm-up run (not counted); the last result."""
    result = run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


# --- hooks: the period summary and coverage pages (trainings/reports/period.py, coverage.py)


def _period_runner(data: BenchData) -> Callable[[], object]:
    from trainings.reports.period import period_summary

    return lambda: period_summary(data.period, now=data.now)


PERIOD_RUNNER: Callable[[BenchData], Callable[[], object]] | None = _period_runner
COVERAGE_RUNNER: Callable[[BenchData], Callable[[], object]] | None = None


def period_case(run: Callable[[], object], data: BenchData, repeat: int) -> Row:
    """Time ``run`` (the period summary over ``data.period``) next to the bare aggregate."""
    floor, _ = timed(lambda: bare_period(data.period, data.now), repeat)
    seconds, _ = timed(run, repeat)
    return Row("period summary (hook)", seconds, floor, GOAL_SQL_RATIO)


def coverage_case(run: Callable[[], object], data: BenchData, repeat: int) -> Row:
    """Time ``run`` (the coverage report, all regions) next to the bare coverage query."""
    floor, _ = timed(lambda: bare_coverage(data.now, data.sizes.nik_prefix), repeat)
    seconds, _ = timed(run, repeat)
    return Row("coverage report (hook)", seconds, floor, GOAL_SQL_RATIO)


# --- the cases ---------------------------------------------------------------------------


def one_training(data: BenchData, repeat: int) -> list[Row]:
    from django.conf import settings
    from django.test import Client, override_settings

    from trainings.models import Training
    from trainings.reports.attendance import attendance_summary

    def summary():
        training = Training.objects.get(pk=data.one)
        return attendance_summary(training, now=data.now)

    floor, bare = timed(lambda: bare_one_training(data.one, data.now), repeat)
    seconds, result = timed(summary, repeat)
    mine = {p.registration.pk: (p.attended, p.excused, p.total, p.completed) for p in result.people}
    same = mine == bare
    # The page as production renders it but for static URLs: plain storage, so a
    # reports-only run needs no collectstatic (the manifest lookup is a dict read).
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(_supervisor(data.sizes))
    path = f"/reports/trainings/{data.one}/"

    def page():
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return len(response.content)

    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC}):
        page_seconds, size = timed(page, repeat)
    people = len(result.people)
    sessions = len(result.sessions)
    return [
        Row(
            f"one training: attendance_summary ({people} × {sessions})",
            seconds,
            floor,
            GOAL_SQL_RATIO,
            "same figures as the SQL" if same else "FIGURES DIFFER from the SQL",
        ),
        Row(
            "one training: the page, test client",
            page_seconds,
            floor,
            None,
            f"{size / 1e6:.1f} MB of HTML",
        ),
    ]


def period(data: BenchData, repeat: int) -> list[Row]:
    floor, bare = timed(lambda: bare_period(data.period, data.now), repeat)
    seconds, mine = timed(lambda: period_by_role_regency(data.period, data.now), repeat)
    count = sum(row[2] for row in bare)
    return [
        Row(
            f"period rule by role × regency ({count} registrations)",
            seconds,
            floor,
            GOAL_SQL_RATIO,
            "same numbers as the SQL" if mine == bare else "NUMBERS DIFFER from the SQL",
        )
    ]


def coverage(data: BenchData, repeat: int) -> list[Row]:
    seconds, rows = timed(lambda: bare_coverage(data.now, data.sizes.nik_prefix), repeat)
    holders = sum(row[2] for row in rows)
    return [
        Row(
            f"coverage, bare SQL ({holders} active holders)",
            seconds,
            note="floor for coverage.py; no page to compare yet",
        )
    ]


XLSX_SQL = """
    SELECT p.nik, p.full_name, t.title, t.starts_on, r.code, r.region_represented_id,
           (SELECT COUNT(*) FROM trainings_attendance a WHERE a.registration_id = r.id
              AND a.status IN ('present', 'late')) AS attended
    FROM trainings_registration r
    JOIN participants_participant p ON p.id = r.participant_id
    JOIN trainings_training t ON t.id = r.training_id
    WHERE t.slug LIKE %s ORDER BY r.id LIMIT %s
"""
XLSX_HEADERS = ["NIK", "Nama", "Pelatihan", "Mulai", "Kode", "Mewakili", "Sesi hadir"]


def _db_rows(limit: int, prefix: str):
    """The export's rows straight from a server-side cursor (bounded memory)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(XLSX_SQL, [prefix + "%", limit])
        while chunk := cursor.fetchmany(2000):
            yield from chunk


def _via_sheets(limit: int, prefix: str, out) -> None:
    from trainings.reports.sheets import Percent, Table, Text, write_xlsx

    rows = (
        [Text(nik), name, title, start, code, region, attended,
         Percent(attended * 10)]
        for nik, name, title, start, code, region, attended in _db_rows(limit, prefix)
    )  # fmt: skip
    write_xlsx([Table("Peserta", [*XLSX_HEADERS, "Kehadiran"], rows)], out)


def _via_openpyxl(limit: int, prefix: str, out) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    sheet.append([*XLSX_HEADERS, "Kehadiran"])
    for nik, name, title, start, code, region, attended in _db_rows(limit, prefix):
        sheet.append([nik, name, title, start, code, region, attended, attended / 10])
    workbook.save(out)


def _rss_growth_mb(writer) -> float:
    """Growth of ``ru_maxrss`` over one export, in a forked child: a child's peak starts at
    its resident set at the fork, so earlier cases' peaks (the page, the summary) do not
    hide the export's. Connections are closed first so the child opens its own."""
    from django.db import connections

    connections.close_all()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one export, then its growth in KiB through the pipe
        code = 1
        try:
            os.close(read)
            gc.collect()
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            with tempfile.TemporaryFile() as out:
                writer(out)
            grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
            os.write(write, str(grown).encode())
            connections.close_all()
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        grown = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not grown:
        raise RuntimeError("the memory measuring child failed")
    return int(grown) / 1024


def xlsx(rows: int, prefix: str, repeat: int) -> list[Row]:
    sheets = functools.partial(_via_sheets, rows, prefix)
    bare = functools.partial(_via_openpyxl, rows, prefix)

    def once(writer) -> Callable[[], int]:
        def run() -> int:
            with tempfile.TemporaryFile() as out:
                writer(out)
                return out.tell()

        return run

    def read_only() -> int:
        return sum(1 for _ in _db_rows(rows, prefix))

    # Memory: ru_maxrss growth (peak resident set, KiB on Linux) in a forked child, and
    # tracemalloc's peak of Python allocations during another, untimed export
    # (tracemalloc slows Python down).
    rss_growth = _rss_growth_mb(sheets)
    tracemalloc.start()
    once(sheets)()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    read, _ = timed(read_only, repeat)
    floor, _ = timed(once(bare), repeat)
    seconds, size = timed(once(sheets), repeat)
    memory_ok = max(rss_growth, peak / 2**20) <= GOAL_XLSX_MB
    return [
        Row(f"XLSX {rows} rows: reading them only", read),
        Row(
            f"XLSX {rows} rows: sheets.write_xlsx vs openpyxl",
            seconds,
            floor,
            GOAL_XLSX_RATIO,
            f"{size / 1e6:.1f} MB file; writers alone (reading taken off): "
            f"{(seconds - read) / (floor - read):.2f}×; memory: max RSS +{rss_growth:.0f} MB, "
            f"tracemalloc peak {peak / 2**20:.0f} MB (goal ≤ {GOAL_XLSX_MB:.0f} MB: "
            + ("met" if memory_ok else "NOT met")
            + ")",
        ),
    ]


def _supervisor(sizes: reports_data.Sizes):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=sizes.supervisor)


def table(rows: list[Row]) -> str:
    header = ("case", "time ms", "floor ms", "ratio", "goal")
    cells = []
    for row in rows:
        met = "" if row.goal is None else ("met" if row.ratio <= row.goal else "NOT met")
        cells.append(
            (
                row.case,
                f"{row.seconds * 1000:.0f}",
                "" if row.floor is None else f"{row.floor * 1000:.0f}",
                "" if row.ratio is None else f"{row.ratio:.2f}×",
                "" if row.goal is None else f"≤ {row.goal:g}×: {met}",
            )
        )
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(len(header))]

    def line(values) -> str:
        first = values[0].ljust(widths[0])
        rest = [v.rjust(w) for v, w in zip(values[1:], widths[1:], strict=True)]
        return "| " + " | ".join([first, *rest]) + " |"

    out = [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(c) for c in cells]
    out += [f"  {row.case}: {row.note}" for row in rows if row.note]
    return "\n".join(out)


def run(*, quick: bool, log) -> tuple[str, bool]:
    """Generate (or reuse) the data, time every case; returns the printed table and whether
    every check of equal figures held."""
    from django.utils import timezone

    logging.getLogger("axes").setLevel(logging.WARNING)  # the test client's logins
    sizes = reports_data.QUICK if quick else reports_data.FULL
    repeat = 2 if quick else 5
    ids = reports_data.ensure(sizes, log)
    data = BenchData(one=ids["one"], period=ids["period"], now=timezone.now(), sizes=sizes)
    rows: list[Row] = []
    for name, case in (
        ("one training", lambda: one_training(data, repeat)),
        ("period", lambda: period(data, repeat)),
        ("coverage", lambda: coverage(data, repeat)),
        ("xlsx", lambda: xlsx(sizes.xlsx_rows, sizes.period_prefix, min(repeat, 3))),
    ):
        log(f"reports: {name} …")
        rows += case()
    for module, runner, hook in (
        ("trainings.reports.period", PERIOD_RUNNER, period_case),
        ("trainings.reports.coverage", COVERAGE_RUNNER, coverage_case),
    ):
        if runner is not None and importlib.util.find_spec(module):
            log(f"reports: {module} …")
            rows.append(hook(runner(data), data, repeat))
    broken = any("DIFFER" in row.note for row in rows)
    return table(rows), not broken
