"""The one-training report page and its XLSX and CSV exports (trainings/reports/).

The exports are read back (openpyxl, csv) cell by cell: text that a
spreadsheet would run as a formula comes back as plain text, NIKs are masked
for a user without ``participants.view_full_nik``, and whole NIKs put the
export on the audit trail.
"""

from __future__ import annotations

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
)
from trainings.models import AuditEvent, Training

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
DAY = datetime.date(2025, 3, 10)  # the training is over: every session has ended


@pytest.fixture
def report(world, roles):
    """Barito Utara's training (WIB, 80 %) with two sessions and two people."""
    training = world.barut_training
    Training.objects.filter(pk=training.pk).update(starts_on=DAY, ends_on=DAY)
    training.refresh_from_db()
    sessions = [
        SessionFactory(
            training=training,
            starts_at=datetime.datetime.combine(DAY, datetime.time(8 + 2 * n), WIB),
            ends_at=datetime.datetime.combine(DAY, datetime.time(10 + 2 * n), WIB),
            topic=topic,
        )
        for n, topic in enumerate(["Kebijakan", "Praktik"])
    ]
    hacker = RegistrationFactory(
        training=training,
        role=roles["tksk"],
        participant=ParticipantFactory(
            full_name='=HYPERLINK("http://x")',
            nik="6205054310850001",
            sex="P",
            phone="+6281234567890",
        ),
        organization_unit="+62 812",
    )
    other = RegistrationFactory(
        training=training,
        role=roles["psm"],
        participant=ParticipantFactory(full_name="Budi Santoso", nik="6205052310850002"),
        organization_unit="Karang Taruna",
        phone="+6285200000001",
    )
    AttendanceFactory(registration=hacker, session=sessions[0], status="present")
    AttendanceFactory(registration=hacker, session=sessions[1], status="late")
    AttendanceFactory(registration=other, session=sessions[0], status="sick")
    return training


def _url(name: str, training) -> str:
    return reverse(f"reports:{name}", kwargs={"pk": training.pk})


HEADERS = [
    "No.", "Nama", "NIK", "Jenis kelamin", "Unsur", "Kabupaten/kota", "Lembaga/unit",
    "Nomor HP", "10 Maret 2025 08.00 WIB · Kebijakan", "10 Maret 2025 10.00 WIB · Praktik",
    "Hadir", "Izin/sakit", "Jumlah dihitung", "Persentase kehadiran",
    "Memenuhi syarat kelulusan",
]  # fmt: skip


def test_the_xlsx_reads_back_as_text_with_masked_niks(client, world, report, roles):
    client.force_login(world.barut_supervisor)

    response = client.get(_url("training_attendance_xlsx", report))

    assert (
        response["Content-Disposition"] == 'attachment; filename="kehadiran-pelatihan-barut.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        HEADERS,
        [
            1, '=HYPERLINK("http://x")', "6205********0001", "Perempuan", roles["tksk"].name,
            "Kabupaten Barito Utara", "+62 812", "+6281234567890", "H", "T",
            2, 0, 2, 1, "Ya",
        ],
        [
            2, "Budi Santoso", "6205********0002", "Laki-laki", roles["psm"].name,
            "Kabupaten Barito Utara", "Karang Taruna", "+6285200000001", "S", None,
            0, 1, 2, 0, "Tidak",
        ],
    ]  # fmt: skip
    hacker_row = list(sheet.iter_rows())[1]
    assert [hacker_row[i].data_type for i in (1, 2, 6, 7)] == ["s", "s", "s", "s"]
    assert (hacker_row[2].number_format, hacker_row[13].number_format) == ("@", "0.0%")
    assert not AuditEvent.objects.filter(action="nik.full_view").exists()


def test_the_csv_has_a_bom_the_chosen_separator_and_no_formula(client, world, report, roles):
    client.force_login(world.barut_staff)

    response = client.get(_url("training_attendance_csv", report) + "?sep=;")

    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [
        HEADERS,
        [
            "1", "'=HYPERLINK(\"http://x\")", "6205********0001", "Perempuan",
            roles["tksk"].name, "Kabupaten Barito Utara", "'+62 812", "'+6281234567890",
            "H", "T", "2", "0", "2", "100,0%", "Ya",
        ],
        [
            "2", "Budi Santoso", "6205********0002", "Laki-laki", roles["psm"].name,
            "Kabupaten Barito Utara", "Karang Taruna", "'+6285200000001", "S", "",
            "0", "1", "2", "0,0%", "Tidak",
        ],
    ]  # fmt: skip


def test_the_csv_takes_a_comma_by_default_and_refuses_another_separator(client, world, report):
    client.force_login(world.barut_staff)

    comma = client.get(_url("training_attendance_csv", report))
    other = client.get(_url("training_attendance_csv", report) + "?sep=|")

    assert comma.content.decode("utf-8-sig").splitlines()[0].startswith("No.,Nama,NIK,")
    assert other.status_code == 404


def test_exports_show_whole_niks_to_the_permitted_and_put_them_on_the_trail(client, world, report):
    world.barut_admin.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    client.force_login(world.barut_admin)

    response = client.get(_url("training_attendance_xlsx", report))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[2].value for row in sheet.iter_rows(min_row=2)] == [
        "6205054310850001",
        "6205052310850002",
    ]
    assert list(
        AuditEvent.objects.filter(action="nik.full_view").values_list("changes", flat=True)
    ) == [{"path": _url("training_attendance_xlsx", report), "method": "GET", "niks": 2}]


def test_the_exports_are_in_english_for_an_english_reader(client, world, report):
    client.force_login(world.barut_staff)
    client.cookies["django_language"] = "en"

    response = client.get(_url("training_attendance_csv", report))

    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["No.", "Name", "NIK"]
    assert header[-5:] == ["Present", "Excused/sick", "Counted", "Attendance rate", "Completed"]


def test_the_report_page_shows_the_matrix_rates_and_breakdowns(client, world, report):
    client.force_login(world.barut_supervisor)

    response = client.get(_url("training", report))

    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "6205********0001" in html and "6205054310850001" not in html
    # Budi: S in the first session, nothing recorded in the second (ended: counted as absent).
    assert (
        '<th scope="row">Budi Santoso</th> <td class="text-nowrap">6205********0002</td> '
        '<td class="text-center">S</td><td class="text-center"></td> '
        '<td class="text-end">0</td> <td class="text-end">1</td> <td class="text-end">2</td> '
        '<td class="text-end">0,0%</td> <td><strong>Tidak</strong></td>'
    ) in html
    assert (
        '<th scope="row">=HYPERLINK(&quot;http://x&quot;)</th> '
        '<td class="text-nowrap">6205********0001</td> '
        '<td class="text-center">H</td><td class="text-center">T</td>'
    ) in html
    assert (
        '<span class="d-block">10 Maret 2025</span><span class="d-block">08.00 WIB</span>' in html
    )
    assert (
        '<th scope="row">Senin, 10 Maret 2025 (WIB)</th> <td class="text-end">2</td> <td class="text-end">50,0%</td>'
        in html
    )
    assert (
        '<th scope="row">Kabupaten Barito Utara</th> <td class="text-end">2</td> <td class="text-end">1</td> <td class="text-end">50,0%</td>'
        in html
    )


def test_the_dashboard_and_the_navigation_link_to_the_reports(client, world, report):
    client.force_login(world.barut_staff)

    html = client.get(reverse("staff:dashboard", kwargs={"pk": report.pk})).content.decode()

    assert f'href="{_url("training", report)}"' in html
    assert f'href="{reverse("reports:index")}">Laporan</a>' in html


def test_the_report_index_lists_the_trainings_in_scope_and_operators_invitations(
    client, world, report
):
    client.force_login(world.kalteng_staff)
    html = client.get(reverse("reports:index")).content.decode()
    client.force_login(world.banjar_operator)
    operator = client.get(reverse("reports:index")).content.decode()

    assert f'<a href="{_url("training", report)}">{report.title}</a>' in html
    assert world.kalsel_training.title not in html
    # An operator sees the training that invited Banjar, without a link to the one-training
    # report (closed to operators), and nothing of Barito Utara's.
    assert world.kalsel_training.title in operator
    assert _url("training", world.kalsel_training) in operator
    assert report.title not in operator


def _people(training, sessions, count: int) -> None:
    for _ in range(count):
        registration = RegistrationFactory(training=training)
        for session in sessions:
            AttendanceFactory(registration=registration, session=session, status="present")


# session, user, membership, training, sessions, registrations, attendance rows, and the
# user's and their groups' permissions (the NIK); the page and the XLSX also read the
# roster's changes and the speakers.
QUERIES = {"training": 11, "training_attendance_xlsx": 11, "training_attendance_csv": 11}


@pytest.mark.parametrize("name", list(QUERIES))
@pytest.mark.parametrize(("sessions", "people"), [(1, 2), (3, 12)])
def test_the_report_and_its_exports_cost_the_same_queries_for_any_size(
    client, world, regions, roles, django_assert_num_queries, name, sessions, people
):
    training = world.barut_training
    first = datetime.datetime.combine(training.starts_on, datetime.time(8), training.tz)
    made = [
        SessionFactory(
            training=training,
            starts_at=first + datetime.timedelta(hours=2 * n),
            ends_at=first + datetime.timedelta(hours=2 * n + 1),
        )
        for n in range(sessions)
    ]
    _people(training, made, people)
    client.force_login(world.barut_supervisor)
    url = _url(name, training)

    with django_assert_num_queries(QUERIES[name]):
        response = client.get(url)

    assert response.status_code == 200
