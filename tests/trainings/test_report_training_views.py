"""The one-training report's page, XLSX and PDF on the fixed data of ``report_data``:
what supervisors and a regency operator read, every sheet cell by cell, the PDF's key
lines, and the same queries for 10 and 500 people."""

from __future__ import annotations

import datetime
import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from participants.models import Participant, Region
from participants.nik import mask_nik
from tests.factories import AttendanceFactory, ParticipantFactory, SessionFactory
from tests.personas import make_staff
from tests.trainings.report_data import kalsel_report_data
from trainings.models import Attendance, Membership, Registration

pytestmark = pytest.mark.django_db

BANJAR_PENDAMPING = "Kabupaten Banjar · Pendamping sosial"
BARITO_KUALA_PETUGAS = "Kabupaten Barito Kuala · Petugas Dinas Sosial"


@pytest.fixture
def data(world, roles):
    return kalsel_report_data(world, roles)


def _url(name: str, training) -> str:
    return reverse(f"reports:{name}", kwargs={"pk": training.pk})


def _sheets(response) -> dict[str, list[list]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
        for sheet in workbook
    }


def _pdf_lines(content: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_the_xlsx_has_a_sheet_for_every_part_with_dates_and_percents(client, world, data, roles):
    client.force_login(world.kalsel_staff)
    pendamping, petugas = roles["pendamping-sosial"].name, roles["petugas-dinsos"].name

    response = client.get(_url("training_attendance_xlsx", data["training"]))

    sheets = _sheets(response)
    assert list(sheets) == [
        "Kehadiran", "Per sesi", "Per hari", "Menurut unsur", "Menurut kabupaten-kota",
        "Menurut jenis kelamin", "Daftar tunggu", "Pembatalan", "Pengganti", "Narasumber",
    ]  # fmt: skip
    assert [row[1] for row in sheets["Kehadiran"][1:]] == ["Ani", "Budi", "Citra", "Dodi"]
    d = datetime.datetime
    assert sheets["Per sesi"] == [
        ["No.", "Tanggal", "Mulai", "Selesai", "Zona waktu", "Sesi", "Jenis", "JP", "Hadir",
         "Izin/sakit", "Dihitung", "Persentase"],
        [1, d(2024, 1, 31), "08.00", "09.00", "WITA", "Pembukaan", "Pembukaan", 1, 4, 0, 4, 1],
        [2, d(2024, 1, 31), "09.00", "12.00", "WITA", "Kebijakan RS-RTLH", "Materi", 4, 3, 0, 4,
         0.75],
        [3, d(2024, 2, 1), "07.30", "09.30", "WITA", "Praktik lapangan", "Praktik/diskusi", 2, 3,
         0, 4, 0.75],
        [4, d(2024, 2, 1), "10.00", "11.00", "WITA", "Penutupan", "Penutupan", 1, 2, 1, 4, 0.5],
    ]  # fmt: skip
    assert sheets["Per hari"] == [
        ["Tanggal", "Zona waktu", "Sesi", "Hadir", "Izin/sakit", "Jumlah dihitung", "Persentase"],
        [d(2024, 1, 31), "WITA", 2, 7, 0, 8, 0.875],
        [d(2024, 2, 1), "WITA", 2, 5, 1, 8, 0.625],
    ]
    assert sheets["Menurut unsur"][1:] == sorted(
        [[pendamping, 2, 2, 7, 0, 8, 0.875], [petugas, 2, 1, 5, 1, 8, 0.625]]
    )
    assert sheets["Menurut kabupaten-kota"][1:] == [
        ["Kabupaten Banjar", 2, 1, 6, 1, 8, 0.75],
        ["Kabupaten Barito Kuala", 2, 2, 6, 0, 8, 0.75],
    ]
    assert sheets["Menurut jenis kelamin"][1:] == [
        ["Laki-laki", 2, 1, 5, 1, 8, 0.625],
        ["Perempuan", 2, 2, 7, 0, 8, 0.875],
    ]
    # Registered at 23.30 UTC on 10 January: the 11th in WITA.
    assert sheets["Daftar tunggu"] == [
        ["Kuota", "Urutan", "Nama", "Unsur", "Tanggal mendaftar"],
        [BANJAR_PENDAMPING, 1, "Gita", pendamping, d(2024, 1, 11)],
        [BANJAR_PENDAMPING, 2, "Fitri", pendamping, d(2024, 1, 11)],
        [BARITO_KUALA_PETUGAS, 1, "Hana", petugas, d(2024, 1, 11)],
    ]
    assert sheets["Pembatalan"] == [
        ["Nama", "Unsur", "Kuota", "Tanggal dibatalkan", "Alasan", "Digantikan oleh"],
        ["Eko", petugas, BARITO_KUALA_PETUGAS, d(2024, 1, 20), "Sakit", "Dodi"],
    ]
    assert sheets["Pengganti"] == [
        ["Kuota", "Yang digantikan", "Status", "Alasan", "Pengganti", "Status pengganti"],
        [BARITO_KUALA_PETUGAS, "Eko", "Dibatalkan", "Sakit", "Dodi", "Terdaftar"],
    ]
    assert sheets["Narasumber"] == [
        ["Narasumber", "Sesi yang telah disampaikan", "Jumlah sesi", "JP"],
        ["Hendri Kurniawan", "31 Jan. 2024 Kebijakan RS-RTLH; 1 Feb. 2024 Penutupan", 2, 5],
        ["Dr. Hj. Sunarty, S.M.Pd", "31 Jan. 2024 Kebijakan RS-RTLH; 1 Feb. 2024 Praktik lapangan",
         2, 6],
        ["Jumlah", None, 4, 11],
    ]  # fmt: skip
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook["Per hari"]["A2"].number_format == "DD/MM/YYYY"
    assert workbook["Per hari"]["G2"].number_format == "0.0%"


def test_the_pdf_prints_the_key_figures(client, world, data):
    client.force_login(world.kalsel_staff)

    response = client.get(_url("training_report_pdf", data["training"]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="laporan-bimtek-kalsel.pdf"'
    lines = _pdf_lines(response.content)
    dodi = Participant.objects.get(full_name="Dodi")
    expected = [
        "LAPORAN KEHADIRAN DAN KELULUSAN",
        "Kegiatan : Bimtek Pendamping Sosial Kalsel",
        "Hari, tanggal : Rabu–Kamis, 31 Januari–1 Februari 2024 · WITA",
        "1 Pembukaan 31 Jan. 2024 08.00–09.00 WITA 1 4 0 4 100,0%",
        "3 Praktik lapangan 1 Feb. 2024 07.30–09.30 WITA 2 3 0 4 75,0%",
        "Rabu, 31 Januari 2024 (WITA) 2 7 0 8 87,5%",
        "Kamis, 1 Februari 2024 (WITA) 2 5 1 8 62,5%",
        "Kabupaten Banjar 2 1 6 8 75,0%",
        "Eko Petugas Dinas Sosial Kabupaten Barito Kuala · Petugas Dinas Sosial 20 Jan. 2024 "
        "Sakit Dodi",
        "Kabupaten Barito Kuala · Petugas Dinas Sosial Eko (dibatalkan) Sakit Dodi Terdaftar",
        "Hendri Kurniawan 31 Jan. 2024 · Kebijakan RS-RTLH 2 5",
        "Jumlah 4 11",
        f"4 Dodi {mask_nik(dodi.nik)} H H H A 3 0 4 75,0% Ya",
        "1. Pembukaan 100,0 %",
        "Halaman 1 dari 3",
        "Halaman 3 dari 3",
    ]
    missing = [line for line in expected if not any(line in shown for shown in lines)]
    assert missing == [], lines


def test_the_page_shows_the_roster_speakers_and_charts(client, world, data):
    client.force_login(world.kalsel_staff)

    response = client.get(_url("training", data["training"]))

    html = " ".join(response.content.decode().split())
    assert (
        f'<tr><td>{BANJAR_PENDAMPING}</td><td class="text-end">1</td><th scope="row">Gita</th>'
    ) in html
    assert (
        '<th scope="row">Dr. Hj. Sunarty, S.M.Pd</th><td><span class="d-block">31 Jan. 2024 · '
        'Kebijakan RS-RTLH</span><span class="d-block">1 Feb. 2024 · Praktik lapangan</span></td>'
        '<td class="text-end">2</td><td class="text-end">6</td>'
    ) in html
    assert 'id="chart-sessions-data"' in html and 'id="chart-regencies-data"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "Peserta yang perlu dihubungi hari ini" not in html  # the training is over


def test_an_invited_operator_reads_only_their_regencys_people(client, world, data):
    client.force_login(world.banjar_operator)
    training = data["training"]

    page = client.get(_url("training", training))
    sheets = _sheets(client.get(_url("training_attendance_xlsx", training)))
    csv = client.get(_url("training_attendance_csv", training)).content.decode("utf-8-sig")
    pdf = _pdf_lines(client.get(_url("training_report_pdf", training)).content)

    html = page.content.decode()
    assert page.status_code == 200
    assert ("Ani" in html, "Budi" in html, "Citra" in html, "Hana" in html) == (
        True,
        True,
        False,
        False,
    )
    assert [row[1] for row in sheets["Kehadiran"][1:]] == ["Ani", "Budi"]
    assert [row[2] for row in sheets["Daftar tunggu"][1:]] == ["Gita", "Fitri"]
    assert sheets["Pembatalan"][1:] == []
    assert [line.split(",")[1] for line in csv.splitlines()[1:]] == ["Ani", "Budi"]
    assert "Cakupan : Hanya peserta kuota Kabupaten Banjar" in pdf
    assert not any("Citra" in line for line in pdf)


def test_an_operator_of_a_regency_not_invited_gets_404(client, world, data):
    tabalong = make_staff(
        "operator.tabalong",
        world.banjar,
        Membership.Role.REGENCY_OPERATOR,
        region=Region.objects.get(code="63.09"),
    )
    client.force_login(tabalong)

    statuses = [
        client.get(_url(name, data["training"])).status_code
        for name in ("training", "training_attendance_xlsx", "training_attendance_csv",
                     "training_report_pdf")
    ]  # fmt: skip

    assert statuses == [404, 404, 404, 404]


def _more_people(training, sessions, count: int, role) -> None:
    """``count`` more confirmed people, each marked present in every session."""
    participants = Participant.objects.bulk_create(
        ParticipantFactory.build(full_name=f"Tambahan {n:03d}") for n in range(count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            training=training,
            participant=participant,
            role=role,
            status=Registration.Status.CONFIRMED,
            source=Registration.Source.IMPORT,
            code=f"Z{n:07d}".replace("I", "J"),
        )
        for n, participant in enumerate(participants)
    )
    Attendance.objects.bulk_create(
        AttendanceFactory.build(registration=registration, session=session)
        for registration in registrations
        for session in sessions
    )


@pytest.mark.parametrize(
    ("name", "queries"),
    [("training", 11), ("training_attendance_xlsx", 11), ("training_report_pdf", 11)],
)
@pytest.mark.parametrize("people", [10, 500])
def test_the_page_xlsx_and_pdf_cost_the_same_queries_for_10_and_500_people(
    client, world, data, roles, django_assert_num_queries, name, queries, people
):
    training = data["training"]
    _more_people(training, data["sessions"], people - 4, roles["pendamping-sosial"])
    client.force_login(world.kalsel_staff)

    with django_assert_num_queries(queries):
        response = client.get(_url(name, training))

    assert response.status_code == 200


def test_a_late_session_is_put_under_its_local_day_in_every_export(client, world, data):
    SessionFactory(
        training=data["training"],
        topic="Refleksi malam",
        starts_at=datetime.datetime(2024, 1, 31, 15, 30, tzinfo=datetime.UTC),  # 23.30 WITA
        ends_at=datetime.datetime(2024, 1, 31, 15, 59, tzinfo=datetime.UTC),
    )
    client.force_login(world.kalsel_staff)

    sheets = _sheets(client.get(_url("training_attendance_xlsx", data["training"])))

    assert [row[:3] for row in sheets["Per hari"][1:]] == [
        [datetime.datetime(2024, 1, 31), "WITA", 3],
        [datetime.datetime(2024, 2, 1), "WITA", 2],
    ]
