"""The reports' index (trainings/reports/listing.py, views/index.py): the trainings a user
may see with their figures, filtered (the phase in each training's own zone, in SQL),
paginated, as XLSX and CSV; operators see their invitations with their cells' figures."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import TrainingFactory
from tests.period_data import more_trainings
from trainings.models import Training
from trainings.reports.listing import filtered_trainings

pytestmark = pytest.mark.django_db

# 9 Mar 2025 22.30 WIB = 23.30 WITA = 10 Mar 00.30 WIT.
INSTANT = datetime.datetime(2025, 3, 9, 15, 30, tzinfo=datetime.UTC)


def test_the_phase_is_computed_in_each_trainings_own_zone(world):
    march = datetime.date
    made = {}
    for name, zone, first, last, status in [
        ("wit-starts", "Asia/Jayapura", march(2025, 3, 10), march(2025, 3, 11), "published"),
        ("wib-starts", "Asia/Jakarta", march(2025, 3, 10), march(2025, 3, 11), "published"),
        ("wit-ended", "Asia/Jayapura", march(2025, 3, 8), march(2025, 3, 9), "published"),
        ("wita-ends", "Asia/Makassar", march(2025, 3, 8), march(2025, 3, 9), "published"),
        ("draft", "Asia/Jakarta", march(2025, 3, 9), march(2025, 3, 9), "draft"),
        ("cancelled", "Asia/Jakarta", march(2025, 3, 9), march(2025, 3, 9), "cancelled"),
    ]:
        made[name] = TrainingFactory(
            organizer=world.kalsel, slug=name, title=name, time_zone=zone,
            starts_on=first, ends_on=last, status=status,
        )  # fmt: skip
    scope = Training.objects.filter(pk__in=[t.pk for t in made.values()])

    phases = {t.slug: t.report_phase for t in filtered_trainings(scope, {}, now=INSTANT)}
    running = filtered_trainings(scope, {"phase": "running"}, now=INSTANT)

    assert phases == {
        "wit-starts": "running",
        "wib-starts": "upcoming",
        "wit-ended": "finished",
        "wita-ends": "running",
        "draft": "draft",
        "cancelled": "cancelled",
    }
    assert sorted(t.slug for t in running) == ["wit-starts", "wita-ends"]


def _index_rows(response) -> list[tuple]:
    return [
        (row.training.title, row.phase_label, row.figures.confirmed, row.figures.attended_any,
         row.figures.completed, row.figures.rate)
        for row in response.context["rows"]
    ]  # fmt: skip


def test_the_index_lists_the_years_trainings_with_their_figures(client, world, period_data):
    client.force_login(world.kalsel_staff)

    response = client.get(reverse("reports:index") + "?year=2025")

    from decimal import Decimal as D

    assert response.status_code == 200
    assert _index_rows(response) == [
        ("Bimtek F", "Selesai", 1, 0, 0, None),
        ("Batal E", "Dibatalkan", 1, 1, 1, D("100.0")),
        ("Draf D", "Draf", 1, 1, 1, D("100.0")),
        ("Bimtek C", "Selesai", 2, 1, 1, D("50.0")),
        ("Bimtek B", "Selesai", 2, 2, 1, D("66.7")),
        ("Bimtek A", "Selesai", 3, 3, 1, D("66.7")),
    ]
    html = response.content.decode()
    assert (
        f'<a href="{reverse("reports:training", args=[period_data["a"].pk])}">Bimtek A</a>' in html
    )
    assert "Pelatihan Pilar Sosial Barito Utara" not in html


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("?year=2025&phase=draft", ["Draf D"]),
        ("?year=2025&phase=cancelled", ["Batal E"]),
        ("?year=2024", ["Lama G"]),
        ("?year=2025&kind=bimtek", []),
        ("?year=2025&field=Perlindungan+Sosial", ["Bimtek B"]),
    ],
)
def test_the_index_filters(client, world, period_data, query, titles):
    Training.objects.filter(pk=period_data["b"].pk).update(field="Perlindungan Sosial")
    client.force_login(world.kalsel_staff)

    response = client.get(reverse("reports:index") + query)

    assert [row.training.title for row in response.context["rows"]] == titles


def test_the_organiser_filter_offers_only_organisers_in_scope(client, world, period_data):
    client.force_login(world.kalteng_staff)  # oversees Barito Utara, not Kalimantan Selatan

    mine = client.get(reverse("reports:index") + f"?organizer={world.barut.pk}")
    theirs = client.get(reverse("reports:index") + f"?organizer={world.kalsel.pk}")

    assert [row.training.title for row in mine.context["rows"]] == [
        "Pelatihan Pilar Sosial Barito Utara"
    ]
    assert theirs.status_code == 400
    assert (
        '<div class="invalid-feedback d-block" id="id_organizer_error">'
        "Pilih penyelenggara dari daftar.</div>"
    ) in theirs.content.decode()
    assert "Bimtek" not in theirs.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?year=abc", "year", "Tulis tahun anggaran dengan angka, misalnya 2025."),
        ("?year=3000", "year", "Tahun anggaran paling akhir 2100."),
        ("?phase=soon", "phase", "Pilih dari daftar."),
        ("?kind=kursus", "kind", "Pilih dari daftar."),
    ],
)
def test_a_bad_index_filter_is_an_error_beside_its_field(client, world, query, field, message):
    client.force_login(world.kalsel_staff)

    page = client.get(reverse("reports:index") + query)
    export = client.get(reverse("reports:index_xlsx") + query)

    assert (page.status_code, export.status_code) == (400, 400)
    html = page.content.decode()
    assert f'<div class="invalid-feedback d-block" id="id_{field}_error">{message}</div>' in html
    assert f'aria-describedby="id_{field}_error"' in html


def test_an_operator_sees_invitations_with_their_cells_figures_and_their_reports(
    client, world, period_data
):
    client.force_login(world.banjar_operator)

    response = client.get(reverse("reports:index") + "?year=2025")

    from decimal import Decimal as D

    # Published trainings with a Banjar cell; only the people placed in Banjar's cells.
    assert _index_rows(response) == [
        ("Bimtek F", "Selesai", 1, 0, 0, None),
        ("Bimtek C", "Selesai", 1, 0, 0, D("0.0")),
        ("Bimtek B", "Selesai", 2, 2, 1, D("66.7")),
        ("Bimtek A", "Selesai", 2, 2, 1, D("75.0")),
    ]
    assert reverse("reports:training", args=[period_data["a"].pk]) in response.content.decode()


INDEX_HEADERS = [
    "Pelatihan", "Penyelenggara", "Tahun anggaran", "Bidang", "Jenis", "Tahap",
    "Tanggal mulai", "Tanggal selesai", "Zona waktu", "Peserta terdaftar",
    "Hadir minimal satu sesi", "Memenuhi syarat kelulusan", "Persentase kehadiran",
]  # fmt: skip


def test_the_index_xlsx_and_csv_hold_every_filtered_training(client, world, period_data):
    client.force_login(world.kalsel_staff)
    query = "?year=2025&phase=finished"

    xlsx = client.get(reverse("reports:index_xlsx") + query)
    semicolon = client.get(reverse("reports:index_csv") + query + "&sep=;")

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    kalsel = "Dinas Sosial Provinsi Kalimantan Selatan"
    day = datetime.datetime
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        INDEX_HEADERS,
        ["Bimtek F", kalsel, 2025, None, "Pelatihan", "Selesai", day(2025, 12, 10),
         day(2025, 12, 11), "WITA", 1, 0, 0, None],
        ["Bimtek C", kalsel, 2025, None, "Pelatihan", "Selesai", day(2025, 3, 31),
         day(2025, 4, 1), "WIB", 2, 1, 1, 0.5],
        ["Bimtek B", kalsel, 2025, None, "Pelatihan", "Selesai", day(2025, 3, 10),
         day(2025, 3, 10), "WIT", 2, 2, 1, 0.667],
        ["Bimtek A", kalsel, 2025, None, "Pelatihan", "Selesai", day(2025, 1, 31),
         day(2025, 2, 1), "WITA", 3, 3, 1, 0.667],
    ]  # fmt: skip
    assert xlsx["Content-Disposition"] == 'attachment; filename="laporan-pelatihan.xlsx"'
    rows = list(csv.reader(io.StringIO(semicolon.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == INDEX_HEADERS
    assert rows[4] == [
        "Bimtek A", kalsel, "2025", "", "Pelatihan", "Selesai", "31/01/2025", "01/02/2025",
        "WITA", "3", "3", "1", "66,7%",
    ]  # fmt: skip
    assert len(rows) == 5


def test_the_index_is_paginated(client, world, roles):
    more_trainings(world, roles, 51)
    client.force_login(world.kalsel_staff)

    first = client.get(reverse("reports:index") + "?year=2025")
    second = client.get(reverse("reports:index") + "?year=2025&page=2")

    assert (len(first.context["rows"]), len(second.context["rows"])) == (50, 1)
    assert 'href="?year=2025&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(("name", "queries"), [("index", 10), ("index_xlsx", 6), ("index_csv", 6)])
def test_the_index_costs_the_same_queries_for_1_and_50_trainings(
    client, world, roles, django_assert_num_queries, count, name, queries
):
    more_trainings(world, roles, count)
    client.force_login(world.kalsel_staff)

    with django_assert_num_queries(queries):
        response = client.get(reverse(f"reports:{name}") + "?year=2025")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_the_operator_index_costs_the_same_queries_for_1_and_50_trainings(
    client, world, roles, django_assert_num_queries, count
):
    more_trainings(world, roles, count)
    client.force_login(world.banjar_operator)

    with django_assert_num_queries(10):
        response = client.get(reverse("reports:index") + "?year=2025")

    assert [row.figures.confirmed for row in response.context["rows"]] == [1] * count
