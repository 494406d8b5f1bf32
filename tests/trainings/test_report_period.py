"""The period summary (trainings/reports/period.py) with hand-computed figures, its page,
its XLSX/CSV/PDF read back cell by cell, and its scope (operators, outsiders).

The year 2025 of Dinsos Provinsi Kalimantan Selatan (``period_data``):

* A — WITA, by sessions, 80 %, 31 Jan–1 Feb: A1 31 Jan 09.00 WITA (2 JP), A2 at
  31 Jan 23.30 UTC = **1 Feb** 07.30 WITA (3 JP), a break (1 JP, never counted).
  Ani (TKSK, Banjar) H T (+H on the break) → 2/2 passed, 2 days; Budi (TKSK, Barito
  Kuala) H A → 1/2; Eka (Banjar) was replaced by Fajar (the pengganti, TKSK, Banjar)
  A H → 1/2, 1 day (1 Feb); Dedi cancelled (H H, not counted).
* B — WIT, by JP, 75 %, 10 Mar: B1 2 JP, B2 4 JP. Ani again H H → 6/6 passed, 1 day;
  Gita (PSM, Banjar) H I → 2/6.
* C — WIB, by sessions, 31 Mar–1 Apr: C1 31 Mar, C2 1 Apr. Hana (PSM, Barito Kuala)
  H H → passed, 2 days (one in March, one in April); Iwan (PSM, Banjar) nothing
  marked → 0/2.
* F — published, no sessions: Joko (TKSK, Banjar) has nothing counted (undecided).
* a draft, a cancelled training and one of 2024, each with a person who attended;
  Barito Utara's own 2025 training (another agency) with Nina.

Totals: 3 trainings held; JP 5 + 6 + 4 = 15; 8 registrations of 7 people (Ani twice);
passed: Ani (A, B), Hana → 2 people, 3 of the 7 decided registrations = 42.9 %;
attended 4 + 8 + 2 = 14 of 6 + 12 + 4 = 22 = 63.6 %; person-days 4 + 2 + 2 = 8.
"""

from __future__ import annotations

import csv
import datetime
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.period_data import BANJAR, BATOLA, NOW, UTC, more_trainings
from trainings.models import Training
from trainings.reports.period import Figures, period_summary

pytestmark = pytest.mark.django_db


def _kalsel_2025():
    return Training.objects.filter(organizer__code="dinsos-kalsel", fiscal_year=2025)


def test_the_totals_are_the_hand_computed_ones(period_data):
    summary = period_summary(_kalsel_2025(), now=NOW, year=2025)

    assert (summary.totals.trainings_held, summary.totals.jp) == (3, 15)
    assert summary.totals.figures == Figures(
        participants=7, people_trained=2, person_days=8, attended=14, total=22,
        completed=3, decided=7, registrations=8,
    )  # fmt: skip
    assert summary.totals.figures.rate == Decimal("63.6")
    assert summary.totals.figures.completion_rate == Decimal("42.9")
    assert summary.totals.figures.undecided == 1


def _groups(rows):
    return [
        (
            row.role_name,
            row.regency_code,
            row.regency_name,
            row.figures.participants,
            row.figures.people_trained,
            row.figures.person_days,
            row.figures.rate,
            row.figures.completion_rate,
        )
        for row in rows
    ]


def test_by_role_and_regency_with_the_totals_of_each(period_data, roles):
    summary = period_summary(_kalsel_2025(), now=NOW, year=2025)

    psm, tksk = roles["psm"].name, roles["tksk"].name
    banjar, batola = "Kabupaten Banjar", "Kabupaten Barito Kuala"
    D = Decimal
    assert _groups(summary.by_role_regency) == [
        (psm, BANJAR, banjar, 2, 0, 1, D("25.0"), D("0.0")),
        (psm, BATOLA, batola, 1, 1, 2, D("100.0"), D("100.0")),
        (tksk, BANJAR, banjar, 3, 1, 4, D("90.0"), D("66.7")),
        (tksk, BATOLA, batola, 1, 0, 1, D("50.0"), D("0.0")),
    ]
    assert _groups(summary.by_role) == [
        (psm, None, None, 3, 1, 3, D("40.0"), D("33.3")),
        (tksk, None, None, 4, 1, 5, D("83.3"), D("50.0")),
    ]
    assert _groups(summary.by_regency) == [
        (None, BANJAR, banjar, 5, 1, 5, D("61.1"), D("40.0")),
        (None, BATOLA, batola, 2, 1, 3, D("75.0"), D("50.0")),
    ]


def _months(summary):
    return [
        (
            row.month.month,
            row.trainings_held,
            row.jp,
            row.figures.participants,
            row.figures.people_trained,
            row.figures.person_days,
            row.figures.rate,
            row.figures.completion_rate,
        )
        for row in summary.months
    ]


def test_the_monthly_trend_puts_sessions_on_their_local_day(period_data):
    summary = period_summary(_kalsel_2025(), now=NOW, year=2025)

    D = Decimal
    # A2 (31 Jan 23.30 UTC) is 1 Feb in WITA: its 3 JP and Ani's and Fajar's day are February's.
    # C2 is 1 Apr in WIB: Hana's second day is April's; C itself started in March.
    assert _months(summary) == [
        (1, 1, 2, 3, 1, 2, D("66.7"), D("33.3")),
        (2, 0, 3, 0, 0, 2, None, None),
        (3, 2, 8, 4, 2, 3, D("62.5"), D("50.0")),
        (4, 0, 2, 0, 0, 1, None, None),
        *((month, 0, 0, 0, 0, 0, None, None) for month in range(5, 12)),
        (12, 0, 0, 1, 0, 0, None, None),
    ]


def test_a_role_or_regency_narrows_the_people_and_the_trainings_held(period_data, roles):
    by_role = period_summary(_kalsel_2025(), now=NOW, year=2025, role_id=roles["psm"].pk)
    by_regency = period_summary(_kalsel_2025(), now=NOW, year=2025, regency_code=BATOLA)

    # PSM: Gita (B), Hana and Iwan (C); A had no PSM, so it is not counted as held.
    assert (by_role.totals.trainings_held, by_role.totals.jp) == (2, 10)
    assert by_role.totals.figures == Figures(
        participants=3, people_trained=1, person_days=3, attended=4, total=10,
        completed=1, decided=3, registrations=3,
    )  # fmt: skip
    # Barito Kuala: Budi (A), Hana (C).
    assert (by_regency.totals.trainings_held, by_regency.totals.jp) == (2, 9)
    assert by_regency.totals.figures == Figures(
        participants=2, people_trained=1, person_days=3, attended=3, total=4,
        completed=1, decided=2, registrations=2,
    )  # fmt: skip


def test_an_operators_cells_only(period_data):
    summary = period_summary(_kalsel_2025(), now=NOW, year=2025, cell_region=BANJAR)

    assert (summary.totals.trainings_held, summary.totals.jp) == (3, 15)
    assert summary.totals.figures == Figures(
        participants=5, people_trained=1, person_days=5, attended=11, total=18,
        completed=2, decided=5, registrations=6,
    )  # fmt: skip
    assert [row.regency_code for row in summary.by_regency] == [BANJAR]


def test_before_anything_ended_nothing_is_held_or_decided(period_data):
    summary = period_summary(
        _kalsel_2025(), now=datetime.datetime(2025, 1, 1, tzinfo=UTC), year=2025
    )

    assert (summary.totals.trainings_held, summary.totals.jp) == (0, 0)
    # Marks already recorded count (a marked session counts as marked).
    assert summary.totals.figures.registrations == 8
    assert summary.totals.figures.people_trained == 2


# --- the page and the exports ------------------------------------------------------------


def _get(client, name, query=""):
    return client.get(reverse(f"reports:{name}") + query)


def test_the_page_shows_the_totals_groups_and_charts(client, world, period_data):
    client.force_login(world.kalsel_staff)

    response = _get(client, "period", "?year=2025")

    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert (
        "<dt>Pelatihan terlaksana</dt><dd>3</dd> <dt>Peserta lulus (orang)</dt><dd>2</dd> "
        "<dt>Peserta (orang)</dt><dd>7</dd> <dt>Hari-orang</dt><dd>8</dd> "
        "<dt>JP terlaksana</dt><dd>15</dd> <dt>Persentase kehadiran</dt><dd>63,6%</dd> "
        "<dt>Persentase kelulusan</dt><dd>42,9% (1 pendaftaran belum dapat dinilai)</dd>"
    ) in html
    assert 'id="chart-trend-data"' in html and 'id="chart-regencies-data"' in html
    assert "chart.umd.min.js" in html
    assert "Nina" not in html and "Rahasia Barut" not in html


def test_the_page_defaults_to_the_current_fiscal_year(client, world, period_data):
    client.force_login(world.kalsel_staff)

    response = _get(client, "period")

    assert response.status_code == 200
    assert response.context["covers"].year == datetime.date.today().year
    assert response.context["summary"].totals.figures.registrations == 0


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?year=dua", "year", "Tulis tahun anggaran dengan angka, misalnya 2025."),
        ("?year=1990", "year", "Tahun anggaran paling awal 2000."),
        ("?year=2025&role=999999", "role", "Pilih unsur dari daftar."),
        ("?year=2025&regency=62.05", "regency", "Pilih kabupaten/kota dari daftar."),
    ],
)
def test_a_bad_filter_is_an_error_beside_its_field(client, world, query, field, message):
    client.force_login(world.kalsel_staff)

    response = _get(client, "period", query)

    html = response.content.decode()
    assert response.status_code == 400
    assert f'<div class="invalid-feedback d-block" id="id_{field}_error">{message}</div>' in html
    assert f'aria-describedby="id_{field}_error"' in html


def test_the_xlsx_has_the_totals_the_groups_and_the_months(client, world, period_data, roles):
    client.force_login(world.kalsel_staff)

    response = _get(client, "period_xlsx", "?year=2025")

    assert response["Content-Disposition"] == ('attachment; filename="ringkasan-periode-2025.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheets = {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book}
    assert list(sheets) == ["Ringkasan", "Unsur × kabupaten-kota", "Per bulan"]
    assert sheets["Ringkasan"] == [
        ["Angka", "Nilai"],
        ["Tahun anggaran", "2025"],
        ["Penyelenggara", "Semua penyelenggara"],
        ["Unsur", "Semua unsur"],
        ["Kabupaten/kota", "Semua kabupaten/kota"],
        ["Pelatihan terlaksana", 3],
        ["Peserta lulus (orang)", 2],
        ["Peserta (orang)", 7],
        ["Hari-orang", 8],
        ["JP terlaksana", 15],
        ["Persentase kehadiran", 0.636],
        ["Persentase kelulusan", 0.429],
        ["Pendaftaran dihitung", 8],
        ["Pendaftaran belum dapat dinilai", 1],
    ]
    psm, tksk = roles["psm"].name, roles["tksk"].name
    assert sheets["Unsur × kabupaten-kota"] == [
        ["Unsur", "Kabupaten/kota", "Kode wilayah", "Peserta (orang)", "Peserta lulus (orang)",
         "Hari-orang", "Pendaftaran dihitung", "Persentase kehadiran", "Persentase kelulusan"],
        [psm, "Kabupaten Banjar", BANJAR, 2, 0, 1, 2, 0.25, 0.0],
        [psm, "Kabupaten Barito Kuala", BATOLA, 1, 1, 2, 1, 1.0, 1.0],
        [tksk, "Kabupaten Banjar", BANJAR, 3, 1, 4, 4, 0.9, 0.667],
        [tksk, "Kabupaten Barito Kuala", BATOLA, 1, 0, 1, 1, 0.5, 0.0],
    ]  # fmt: skip
    months = sheets["Per bulan"]
    assert months[0] == [
        "Bulan", "Pelatihan terlaksana", "JP terlaksana", "Peserta (orang)",
        "Peserta lulus (orang)", "Hari-orang", "Pendaftaran dihitung", "Persentase kehadiran",
        "Persentase kelulusan",
    ]  # fmt: skip
    assert months[1:5] == [
        ["Januari 2025", 1, 2, 3, 1, 2, 3, 0.667, 0.333],
        ["Februari 2025", 0, 3, 0, 0, 2, 0, None, None],
        ["Maret 2025", 2, 8, 4, 2, 3, 4, 0.625, 0.5],
        ["April 2025", 0, 2, 0, 0, 1, 0, None, None],
    ]
    assert months[12] == ["Desember 2025", 0, 0, 1, 0, 0, 1, None, None]
    assert len(months) == 13


def test_the_csv_is_role_by_regency_with_the_chosen_separator(client, world, period_data, roles):
    client.force_login(world.kalsel_staff)

    response = _get(client, "period_csv", f"?year=2025&role={roles['psm'].pk}&sep=;")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    psm = roles["psm"].name
    assert rows == [
        ["Unsur", "Kabupaten/kota", "Kode wilayah", "Peserta (orang)", "Peserta lulus (orang)",
         "Hari-orang", "Pendaftaran dihitung", "Persentase kehadiran", "Persentase kelulusan"],
        [psm, "Kabupaten Banjar", "63.03", "2", "0", "1", "2", "25,0%", "0,0%"],
        [psm, "Kabupaten Barito Kuala", "63.04", "1", "1", "2", "1", "100,0%", "100,0%"],
    ]  # fmt: skip
    assert _get(client, "period_csv", "?year=2025&sep=|").status_code == 404


def _pdf_text(response) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()


def test_the_pdf_wears_the_readers_letterhead_and_the_figures(client, world, period_data):
    world.kalsel.letterhead = (
        "PEMERINTAH PROVINSI KALIMANTAN SELATAN\nDINAS SOSIAL\nJl. Letjen S. Parman No. 1"
    )
    world.kalsel.signatory_name = "Drs. Contoh Pejabat"
    world.kalsel.save()
    client.force_login(world.kalsel_staff)

    response = _get(client, "period_pdf", "?year=2025")

    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response)
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert lines[:6] == [
        "PEMERINTAH PROVINSI KALIMANTAN SELATAN",
        "DINAS SOSIAL",
        "Jl. Letjen S. Parman No. 1",
        "RINGKASAN PELATIHAN PILAR SOSIAL",
        "Tahun anggaran 2025",
        "Tahun anggaran : 2025",
    ]
    for line in [
        "Pelatihan terlaksana 3",
        "Peserta lulus (orang) 2",
        "Peserta (orang) 7",
        "Hari-orang 8",
        "JP terlaksana 15",
        "Persentase kehadiran 63,6%",
        "Persentase kelulusan 42,9%",
        "Drs. Contoh Pejabat",
        "Persentase kehadiran dan kelulusan per bulan",
        "Peserta menurut kabupaten/kota",
    ]:
        assert line in lines, line
    assert "Nina" not in text and "Rahasia" not in text


def test_an_operator_sees_only_their_regencys_figures(client, world, period_data):
    client.force_login(world.banjar_operator)

    response = _get(client, "period", "?year=2025")

    summary = response.context["summary"]
    assert summary.totals.figures == Figures(
        participants=5, people_trained=1, person_days=5, attended=11, total=18,
        completed=2, decided=5, registrations=6,
    )  # fmt: skip
    assert [row.regency_code for row in summary.by_regency] == [BANJAR]


def test_another_agency_sees_none_of_these_figures(client, world, period_data):
    client.force_login(world.kapuas_staff)

    response = _get(client, "period", "?year=2025")

    summary = response.context["summary"]
    assert summary.totals.trainings_held == 0
    assert summary.totals.figures == Figures()
    assert summary.by_role_regency == []


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(
    ("name", "queries"),
    [("period", 11), ("period_xlsx", 6), ("period_csv", 6), ("period_pdf", 7)],
)
def test_the_period_costs_the_same_queries_for_1_and_50_trainings(
    client, world, roles, django_assert_num_queries, count, name, queries
):
    more_trainings(world, roles, count)
    client.force_login(world.kalsel_staff)

    with django_assert_num_queries(queries):
        response = _get(client, name, "?year=2025")

    assert response.status_code == 200
