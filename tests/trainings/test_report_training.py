"""The one-training report's parts (trainings/reports/training_report.py and the modules
it draws on) on the fixed data of ``report_data``: figures worked out on paper."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.factories import SessionFactory, TrainingFactory
from tests.reports import H, person_with_marks
from tests.trainings.report_data import AFTER, kalsel_report_data
from trainings.reports.exports import training_report_tables
from trainings.reports.training_report import training_report

pytestmark = pytest.mark.django_db

BANJAR_PENDAMPING = "Kabupaten Banjar · Pendamping sosial"
BARITO_KUALA_PETUGAS = "Kabupaten Barito Kuala · Petugas Dinas Sosial"


@pytest.fixture
def data(world, roles):
    return kalsel_report_data(world, roles)


def test_people_sessions_and_days_match_the_hand_computed_figures(data):
    report = training_report(data["training"], now=AFTER)
    summary = report.summary

    assert [
        (p.registration.participant.full_name, p.codes, p.attended, p.excused, p.total, p.completed)
        for p in summary.people
    ] == [
        ("Ani", ["H", "H", "H", "H"], 4, 0, 4, True),
        ("Budi", ["H", "A", "T", "S"], 2, 1, 4, False),
        ("Citra", ["H", "H", "A", "H"], 3, 0, 4, True),  # exactly 75 %
        ("Dodi", ["H", "H", "H", "A"], 3, 0, 4, True),
    ]
    assert [
        (c.session.topic, c.attended, c.excused, c.counted, c.rate) for c in summary.sessions
    ] == [
        ("Pembukaan", 4, 0, 4, Decimal("100.0")),
        ("Kebijakan RS-RTLH", 3, 0, 4, Decimal("75.0")),
        ("Praktik lapangan", 3, 0, 4, Decimal("75.0")),
        ("Penutupan", 2, 1, 4, Decimal("50.0")),
    ]
    # Praktik starts at 23.30 UTC on 31 January: it is Thursday's in WITA.
    assert [
        (d.day, d.zone_label, [c.session.topic for c in d.sessions], d.attended, d.total, d.rate)
        for d in summary.days
    ] == [
        (
            datetime.date(2024, 1, 31), "WITA", ["Pembukaan", "Kebijakan RS-RTLH"], 7, 8,
            Decimal("87.5"),
        ),
        (
            datetime.date(2024, 2, 1), "WITA", ["Praktik lapangan", "Penutupan"], 5, 8,
            Decimal("62.5"),
        ),
    ]  # fmt: skip
    assert (summary.completed_count, summary.totals.attended, summary.totals.total) == (3, 12, 16)
    assert report.at_risk is None  # the training is over


def test_breakdowns_roster_and_speakers_match_the_hand_computed_figures(data, roles):
    report = training_report(data["training"], now=AFTER)
    pendamping, petugas = roles["pendamping-sosial"].name, roles["petugas-dinsos"].name

    assert [
        (g.label, g.people, g.completed, g.tally.attended, g.tally.total)
        for g in report.breakdowns.by_role
    ] == sorted([(pendamping, 2, 2, 7, 8), (petugas, 2, 1, 5, 8)])
    assert [(g.label, g.people, g.completed) for g in report.breakdowns.by_regency] == [
        ("Kabupaten Banjar", 2, 1),
        ("Kabupaten Barito Kuala", 2, 2),
    ]
    roster = report.roster
    assert [(r.cell, r.position, r.registration.participant.full_name) for r in roster.waiting] == [
        (BANJAR_PENDAMPING, 1, "Gita"),
        (BANJAR_PENDAMPING, 2, "Fitri"),
        (BARITO_KUALA_PETUGAS, 1, "Hana"),
    ]
    assert [
        (
            r.registration.participant.full_name,
            r.cell,
            r.decided_at,
            r.reason,
            r.replaced_by.participant.full_name,
        )
        for r in roster.cancelled
    ] == [
        (
            "Eko",
            BARITO_KUALA_PETUGAS,
            datetime.datetime(2024, 1, 20, 2, tzinfo=datetime.UTC),
            "Sakit",
            "Dodi",
        )
    ]
    assert [
        (r.cell, r.replaced.participant.full_name, r.replacement.participant.full_name)
        for r in roster.replacements
    ] == [(BARITO_KUALA_PETUGAS, "Eko", "Dodi")]
    # Hendri: Kebijakan (4) + Penutupan (1), not the break; Sunarty: Kebijakan (4) + Praktik (2).
    assert [
        (row.name, [c.session.topic for c in row.sessions], row.jp) for row in report.speakers.rows
    ] == [
        ("Hendri Kurniawan", ["Kebijakan RS-RTLH", "Penutupan"], 5),
        ("Dr. Hj. Sunarty, S.M.Pd", ["Kebijakan RS-RTLH", "Praktik lapangan"], 6),
    ]
    assert (report.speakers.sessions, report.speakers.jp) == (4, 11)


def test_speakers_are_credited_only_with_sessions_that_have_ended(data):
    during = datetime.datetime(2024, 2, 1, 9, 45, tzinfo=ZoneInfo("Asia/Makassar"))

    speakers = training_report(data["training"], now=during).speakers

    assert [(row.name, row.jp) for row in speakers.rows] == [
        ("Hendri Kurniawan", 4),
        ("Dr. Hj. Sunarty, S.M.Pd", 6),
    ]


def test_a_regency_operators_report_holds_only_their_regencys_cells(data):
    report = training_report(data["training"], now=AFTER, cell_region="63.03")

    assert [p.registration.participant.full_name for p in report.summary.people] == [
        "Ani",
        "Budi",
    ]
    assert [r.registration.participant.full_name for r in report.roster.waiting] == [
        "Gita",
        "Fitri",
    ]
    assert (report.roster.cancelled, report.roster.replacements) == ([], [])
    assert [(g.label, g.people) for g in report.breakdowns.by_regency] == [("Kabupaten Banjar", 2)]


TENTH, ELEVENTH = datetime.date(2026, 12, 10), datetime.date(2026, 12, 11)


@pytest.mark.parametrize(
    ("zone", "label", "days", "times"),
    [
        # 23.30 UTC on 9 Dec and 16.30 UTC on 10 Dec: both on the 10th in WIB, on the 10th
        # and the 11th in WITA and WIT.
        ("Asia/Jakarta", "WIB", [(TENTH, 2)], [("06.30", "07.30"), ("23.30", "00.00")]),
        ("Asia/Makassar", "WITA", [(TENTH, 1), (ELEVENTH, 1)], [("07.30", "08.30"), ("00.30", "01.00")]),
        ("Asia/Jayapura", "WIT", [(TENTH, 1), (ELEVENTH, 1)], [("08.30", "09.30"), ("01.30", "02.00")]),
    ],
)  # fmt: skip
def test_days_and_dates_follow_the_trainings_zone(regions, roles, zone, label, days, times):
    training = TrainingFactory(time_zone=zone, starts_on=datetime.date(2026, 12, 10))
    utc = datetime.UTC
    sessions = [
        SessionFactory(
            training=training,
            starts_at=datetime.datetime(2026, 12, 9, 23, 30, tzinfo=utc),
            ends_at=datetime.datetime(2026, 12, 10, 0, 30, tzinfo=utc),
            topic="Pagi",
        ),
        SessionFactory(
            training=training,
            starts_at=datetime.datetime(2026, 12, 10, 16, 30, tzinfo=utc),
            ends_at=datetime.datetime(2026, 12, 10, 17, 0, tzinfo=utc),
            topic="Malam",
        ),
    ]
    person_with_marks(training, sessions, [H, H])
    after = datetime.datetime(2026, 12, 20, tzinfo=utc)

    report = training_report(training, now=after)
    tables = training_report_tables(report.summary, report.roster, report.speakers, full_nik=False)
    session_sheet = next(t for t in tables if t.title == "Per sesi")
    day_sheet = next(t for t in tables if t.title == "Per hari")

    assert [(d.day, d.zone_label, len(d.sessions)) for d in report.summary.days] == [
        (day, label, count) for day, count in days
    ]
    assert [row[1:5] for row in session_sheet.rows] == [
        [TENTH, *times[0], label],
        [days[-1][0], *times[1], label],
    ]
    assert [row[:3] for row in day_sheet.rows] == [[day, label, count] for day, count in days]
