"""Background exports (trainings/reports/jobs.py, views/jobs.py): a big export is queued,
the worker writes it to storage with progress, its page and file are the asker's alone,
the worker checks the scope again and reads rows one at a time (housekeeping:
test_housekeeping.py).

The files are read back (openpyxl, csv) cell by cell.
"""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory, UserFactory
from tests.reports import IZIN, H, T, person_with_marks, sessions_for, stored_files
from trainings.models import AuditEvent, ExportJob, Membership, Training
from trainings.reports import jobs
from trainings.reports.registry import EXPORTS, Export, ExportKind
from trainings.reports.sheets import Table

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 10)  # over: every session has ended
HEADERS = [
    "No.", "Nama", "NIK", "Jenis kelamin", "Unsur", "Kabupaten/kota", "Lembaga/unit",
    "Nomor HP", "10 Maret 2025 08.00 WIB · Materi 1", "10 Maret 2025 10.00 WIB · Materi 2",
    "Hadir", "Izin/sakit", "Jumlah dihitung", "Persentase kehadiran",
    "Memenuhi syarat kelulusan",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def big(settings):
    """Every export of more than one row goes to the queue."""
    settings.PILAR_EXPORT_INLINE_ROWS = 1


@pytest.fixture
def training(world, roles):
    """Barito Utara's training (WIB, 80 %) on DAY: two sessions, three people."""
    training = world.barut_training
    Training.objects.filter(pk=training.pk).update(starts_on=DAY, ends_on=DAY)
    training.refresh_from_db()
    sessions = sessions_for(training, 2)
    people = [
        ("Ani Lestari", "6205054310850001", "P", [H, H]),
        ("Budi Santoso", "6205052310850002", "L", [H, IZIN]),
        ("Citra Dewi", "6205054410850003", "P", [T, None]),
    ]
    for name, nik, sex, marks in people:
        person_with_marks(
            training,
            sessions,
            marks,
            role=roles["tksk"],
            participant=ParticipantFactory(full_name=name, nik=nik, sex=sex, phone=""),
            organization_unit="Kecamatan Teweh",
            phone="081200000000",
        )
    return training


def _row(number, name, nik, sex, marks, attended, excused, rate, done, roles):
    return [
        number, name, nik, sex, roles["tksk"].name, "Kabupaten Barito Utara",
        "Kecamatan Teweh", "081200000000", *marks, attended, excused, 2, rate, done,
    ]  # fmt: skip


def _xlsx_rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _export_url(training, fmt: str = "xlsx") -> str:
    return reverse(f"reports:training_attendance_{fmt}", kwargs={"pk": training.pk})


def _job_urls(job) -> list[str]:
    return [
        reverse(f"reports:{name}", kwargs={"pk": job.pk})
        for name in ("export_job", "export_job_progress", "export_job_download")
    ]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- small: answered at once -----------------------------------------------------------------


def test_a_small_export_is_answered_at_once_without_a_job(client, world, training, roles):
    client.force_login(world.barut_supervisor)

    response = client.get(_export_url(training))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"].split(", ")
    assert _xlsx_rows(response.content)[1] == _row(
        1, "Ani Lestari", "6205********0001", "Perempuan", ["H", "H"], 2, 0, 1, "Ya", roles
    )
    assert not ExportJob.objects.exists()


# --- big: queued, written by the worker --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_big_export_is_queued_and_the_worker_writes_it(
    client, world, training, roles, big, run_worker
):
    client.force_login(world.barut_supervisor)

    asked = client.get(_export_url(training))
    job = ExportJob.objects.get()
    waiting = client.get(asked["Location"])
    run_worker()
    job.refresh_from_db()
    progress = client.get(reverse("reports:export_job_progress", kwargs={"pk": job.pk}))
    page = client.get(reverse("reports:export_job", kwargs={"pk": job.pk}))
    download = client.get(reverse("reports:export_job_download", kwargs={"pk": job.pk}))

    assert asked["Location"] == reverse("reports:export_job", kwargs={"pk": job.pk})
    waiting_html = waiting.content.decode()
    assert "Menunggu giliran di antrean tugas…" in waiting_html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in waiting_html
    assert 'hx-trigger="every 2s"' in waiting_html
    # Every sheet's rows: the 3 people's matrix and the report's other sheets.
    assert (job.status, job.rows_written, job.rows_expected, job.percent) == ("done", 11, 11, 100)
    assert (job.user, job.organization, job.kind, job.params, job.format) == (
        world.barut_supervisor, world.barut, "attendance", {"training": training.pk}, "xlsx",
    )  # fmt: skip
    assert job.file.name.startswith("exports/") and job.file.name.endswith(".xlsx")
    assert progress["HX-Refresh"] == "true"
    assert "Unduh kehadiran-pelatihan-barut.xlsx" in page.content.decode()
    assert "no-store" in download["Cache-Control"].split(", ")
    assert download["Content-Disposition"] == (
        'attachment; filename="kehadiran-pelatihan-barut.xlsx"'
    )
    assert _xlsx_rows(_body(download)) == [
        HEADERS,
        _row(1, "Ani Lestari", "6205********0001", "Perempuan", ["H", "H"], 2, 0, 1, "Ya", roles),
        _row(2, "Budi Santoso", "6205********0002", "Laki-laki", ["H", "I"], 1, 1, 0.5, "Tidak",
             roles),
        _row(3, "Citra Dewi", "6205********0003", "Perempuan", ["T", None], 1, 0, 0.5, "Tidak",
             roles),
    ]  # fmt: skip


def test_a_queued_csv_keeps_its_separator_and_the_askers_language(
    client, world, training, roles, big
):
    client.force_login(world.barut_staff)
    client.cookies["django_language"] = "en"

    client.get(_export_url(training, "csv") + "?sep=;")
    job = ExportJob.objects.get()
    jobs.run_export_job.call(job_id=job.pk)
    job.refresh_from_db()
    download = client.get(reverse("reports:export_job_download", kwargs={"pk": job.pk}))

    assert (job.language, job.params, job.filename) == (
        "en", {"training": training.pk, "sep": ";"}, "kehadiran-pelatihan-barut.csv",
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(_body(download).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["No.", "Name", "NIK"]
    assert rows[0][-5:] == ["Present", "Excused/sick", "Counted", "Attendance rate", "Completed"]
    assert rows[2] == [
        "2", "Budi Santoso", "6205********0002", "Male", roles["tksk"].name,
        "Kabupaten Barito Utara",
        "Kecamatan Teweh", "081200000000", "H", "I", "1", "1", "2", "50.0%", "No",
    ]  # fmt: skip
    assert len(rows) == 4


def test_asking_again_while_queued_gives_the_same_job_but_not_once_it_runs(
    client, world, training, big
):
    client.force_login(world.barut_staff)

    first = client.get(_export_url(training))
    second = client.get(_export_url(training))
    other_format = client.get(_export_url(training, "csv"))
    ExportJob.objects.filter(format="xlsx").update(status="running")  # a worker has it
    after_start = client.get(_export_url(training))

    assert first["Location"] == second["Location"] != other_format["Location"]
    assert after_start["Location"] not in (first["Location"], other_format["Location"])
    assert ExportJob.objects.count() == 3


def test_whole_niks_in_a_queued_file_go_on_the_trail_when_the_worker_writes_them(
    client, world, training, big
):
    world.barut_admin.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    client.force_login(world.barut_admin)

    client.get(_export_url(training))
    job = ExportJob.objects.get()
    asked = list(AuditEvent.objects.filter(action="nik.full_view").values_list("changes"))
    jobs.run_export_job.call(job_id=job.pk)
    download = client.get(reverse("reports:export_job_download", kwargs={"pk": job.pk}))

    assert asked == []
    assert list(
        AuditEvent.objects.filter(action="nik.full_view").values_list("actor", "changes")
    ) == [(world.barut_admin.pk, {"export": "attendance", "job": job.pk, "niks": 3})]
    assert [row[2] for row in _xlsx_rows(_body(download))[1:]] == [
        "6205054310850001",
        "6205052310850002",
        "6205054410850003",
    ]


# --- only the asker ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "other", ["barut_admin", "barut_supervisor", "kapuas_staff", "banjar_operator", "superuser"]
)
def test_nobody_else_sees_the_job_or_its_file(client, world, training, big, other):
    client.force_login(world.barut_staff)
    client.get(_export_url(training))
    job = ExportJob.objects.get()
    jobs.run_export_job.call(job_id=job.pk)
    user = (
        UserFactory(username="root", is_superuser=True, is_staff=True)
        if other == "superuser"
        else getattr(world, other)
    )
    client.force_login(user)

    statuses = [client.get(url).status_code for url in _job_urls(job)]
    listed = client.get(reverse("reports:exports")).content.decode()

    assert statuses == [404, 404, 404]
    assert reverse("reports:export_job", kwargs={"pk": job.pk}) not in listed


def test_the_file_of_an_unfinished_or_failed_job_is_not_found(client, world, training, big):
    client.force_login(world.barut_staff)
    client.get(_export_url(training))
    job = ExportJob.objects.get()
    queued = client.get(reverse("reports:export_job_download", kwargs={"pk": job.pk}))
    ExportJob.objects.filter(pk=job.pk).update(
        status="failed", error="x", finished_at=timezone.now()
    )

    failed = client.get(reverse("reports:export_job_download", kwargs={"pk": job.pk}))

    assert (queued.status_code, failed.status_code) == (404, 404)


# --- the worker checks the scope again -------------------------------------------------------------


@pytest.mark.parametrize("change", ["moved_agency", "account_inactive", "account_deleted"])
def test_a_user_who_lost_access_before_the_worker_ran_gets_no_file(
    client, world, training, big, settings, change
):
    client.force_login(world.barut_staff)
    client.get(_export_url(training))
    job = ExportJob.objects.get()
    user = world.barut_staff
    if change == "moved_agency":
        Membership.objects.filter(user=user).update(organization=world.kapuas)
    elif change == "account_inactive":
        type(user).objects.filter(pk=user.pk).update(is_active=False)
    else:
        user.delete()

    outcome = jobs.run_export_job.call(job_id=job.pk)

    job.refresh_from_db()
    assert outcome == "failed"
    assert (job.status, job.file.name, job.rows_written) == ("failed", "", 0)
    assert job.error == "Anda tidak lagi berhak atas data ini, jadi berkas tidak dibuat."
    assert job.finished_at is not None
    assert stored_files(settings) == []


def test_the_job_page_says_why_it_failed(client, world, training, big):
    client.force_login(world.barut_staff)
    client.get(_export_url(training))
    job = ExportJob.objects.get()
    Membership.objects.filter(user=world.barut_staff).update(organization=world.kapuas)
    jobs.run_export_job.call(job_id=job.pk)
    Membership.objects.filter(user=world.barut_staff).update(organization=world.barut)

    html = client.get(reverse("reports:export_job", kwargs={"pk": job.pk})).content.decode()

    assert (
        '<div class="alert alert-danger" role="alert">Anda tidak lagi berhak atas data ini, '
        "jadi berkas tidak dibuat.</div>"
    ) in html
    assert "hx-get" not in html and "http-equiv" not in html


# --- bounded memory: rows are written as they are read -----------------------------------------


def test_the_worker_writes_each_row_as_it_reads_it_and_commits_progress(
    world, monkeypatch, settings
):
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
    seen = []

    def rows():
        for number in range(1, 8):
            # What the page would show when this row is asked for.
            seen.append(ExportJob.objects.get(kind="probe").rows_written)
            yield [number, f"orang {number}"]

    def probe(user, params):
        return Export(filename="uji", rows=7, tables=[Table("Uji", ["No.", "Nama"], rows())])

    monkeypatch.setitem(EXPORTS, "probe", ExportKind(label="Uji", open=probe))
    job = jobs.export_job_create(
        user=world.barut_staff, kind="probe", params={}, fmt="xlsx", rows_expected=7
    )

    jobs.run_export_job.call(job_id=job.pk)

    job.refresh_from_db()
    # Progress was committed while the rows were still being read: no list of all rows.
    assert seen == [0, 0, 2, 2, 4, 4, 6]
    assert (job.status, job.rows_written, job.percent) == ("done", 7, 100)
    with job.file.open("rb") as file:
        assert _xlsx_rows(file.read()) == [["No.", "Nama"]] + [
            [number, f"orang {number}"] for number in range(1, 8)
        ]


def test_an_error_while_writing_fails_the_job_and_keeps_no_file(world, monkeypatch, settings):
    def rows():
        yield [1]
        raise RuntimeError("disk full")

    def broken(user, params):
        return Export(filename="uji", rows=2, tables=[Table("Uji", ["No."], rows())])

    monkeypatch.setitem(EXPORTS, "broken", ExportKind(label="Uji", open=broken))
    job = jobs.export_job_create(
        user=world.barut_staff, kind="broken", params={}, fmt="csv", rows_expected=2
    )

    with pytest.raises(RuntimeError):
        jobs.run_export_job.call(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.file.name, job.error) == (
        "failed", "", "Ekspor gagal karena kesalahan sistem. Silakan minta lagi.",
    )  # fmt: skip
    assert stored_files(settings) == []


# --- pages cost the same for any number of jobs ----------------------------------------------


def _jobs_for(user, organization, count: int) -> None:
    for n in range(count):
        ExportJob.objects.create(
            user=user,
            organization=organization,
            kind="attendance",
            params={"training": n},
            format="xlsx",
            status="done",
            file=f"exports/{n}.xlsx",
            filename=f"kehadiran-{n}.xlsx",
            rows_written=5000,
            rows_expected=5000,
            finished_at=timezone.now(),
        )


@pytest.mark.parametrize("count", [1, 4])
def test_the_export_pages_cost_the_same_queries_for_any_number_of_jobs(
    client, world, django_assert_num_queries, count
):
    _jobs_for(world.barut_staff, world.barut, count)
    job = ExportJob.objects.order_by("pk").first()
    client.force_login(world.barut_staff)

    # session, user, membership, the job, the recent jobs; the navigation's permissions (2).
    with django_assert_num_queries(7):
        page = client.get(reverse("reports:export_job", kwargs={"pk": job.pk}))
    # session, user, membership, the recent jobs; the navigation's permissions (2).
    with django_assert_num_queries(6):
        listed = client.get(reverse("reports:exports"))

    assert page.status_code == listed.status_code == 200
    html = listed.content.decode()
    assert [n for n in range(count) if f"kehadiran-{n}.xlsx" in html] == list(range(count))


@pytest.mark.parametrize("people", [2, 9])
def test_queueing_costs_the_same_queries_for_any_number_of_people(
    client, world, regions, roles, big, django_assert_num_queries, people
):
    training = world.barut_training
    sessions = sessions_for(training, 2)
    for _ in range(people):
        person_with_marks(training, sessions, [H, H])
    client.force_login(world.barut_supervisor)

    # session, user, membership, training, sessions, registrations, attendance rows, roster,
    # speakers, permissions (2); a busy job already there?, savepoint, insert the job,
    # enqueue, release.
    with django_assert_num_queries(16):
        response = client.get(_export_url(training))

    assert response.status_code == 302
