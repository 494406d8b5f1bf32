"""Excel import pages: upload → validation task → preview → confirm → apply task → result,
the self-refreshing progress, the template download, scope and query budgets.

The world (tests/personas.py): Dinsos PMD Barito Utara organises ``barut_training``
(capacity 30, TKSK and PSM); Kapuas is another agency of the same province.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook, load_workbook

from participants.models import Participant, Region, RoleHeld
from participants.nik import build_nik
from tests.factories import ParticipantFactory
from trainings import access
from trainings.formatting import local_datetime
from trainings.models import ImportJob, Registration

pytestmark = pytest.mark.django_db

HEADERS = [
    "No", "NIK", "Nama Lengkap", "Jenis Kelamin (L/P)", "Tempat Lahir", "Tanggal Lahir", "No. HP",
    "E-mail", "Kecamatan/Desa (nama atau kode)", "Kabupaten/Kota", "Unsur (nama atau singkatan)",
    "Lembaga/Unit", "Mewakili (kabupaten/kota atau kode)",
]  # fmt: skip
REGISTRY_HEADERS = [
    "NIK", "Nama Lengkap", "Jenis Kelamin", "Tempat Lahir", "Tanggal Lahir", "No. HP", "E-mail",
    "Domisili (kecamatan/desa)", "Unsur", "Nomor SK", "Tahun SK", "Wilayah Tugas", "Aktif (Ya/Tidak)",
]  # fmt: skip
IMPORT_TASKS = "trainings.imports.jobs."


def nik(serial: int) -> str:
    import datetime

    return build_nik(
        district_code="62.05.05", birth_date=datetime.date(1985, 10, 23), sex="L", serial=serial
    )


def xlsx(headers: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row(n: int, role: str = "TKSK", **values) -> list:
    cells = [n, nik(n), f"Warga {n}", "L", "Muara Teweh", "23-10-1985", f"0812 3456 {n:04d}", "",
             "Teweh Tengah", "Barito Utara", role, "", "Barito Utara"]  # fmt: skip
    for index, value in values.items():
        cells[int(index.removeprefix("c"))] = value
    return cells


def upload(client, url: str, content: bytes, name: str = "peserta.xlsx"):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def run_import_tasks() -> list:
    """Run the queued import tasks as the worker would (from their stored path and
    arguments), oldest first, each once."""
    results = []
    while True:
        queued = (
            DBTaskResult.objects.filter(task_path__startswith=IMPORT_TASKS)
            .order_by("enqueued_at", "id")
            .first()
        )
        if queued is None:
            return results
        queued.delete()
        task = import_string(queued.task_path)
        results.append(task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"]))


def import_url(world) -> str:
    return reverse("staff:import_registrations", args=[world.barut_training.pk])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the whole flow ------------------------------------------------------------------------------


def test_upload_preview_confirm_apply_done(client, world):
    client.force_login(world.barut_staff)
    content = xlsx(HEADERS, [row(1), row(2, role="PSM")])

    page = client.get(import_url(world))
    response = upload(client, import_url(world), content, name="Daftar Peserta.xlsx")

    assert page.status_code == 200
    assert reverse("staff:import_template", args=["registrations"]) in page.content.decode()
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:import_job", args=[job.pk])
    assert (job.kind, job.status, job.training, job.organization, job.created_by) == (
        "registrations", "uploaded", world.barut_training, world.barut, world.barut_staff,
    )  # fmt: skip
    assert job.original_name == "Daftar Peserta.xlsx"
    assert job.file.name.startswith("imports/")
    with job.file.open("rb") as stored:
        assert stored.read() == content

    waiting = client.get(response["Location"]).content.decode()
    progress_url = reverse("staff:import_job_progress", args=[job.pk])
    assert f'hx-get="{progress_url}"' in waiting
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in waiting
    polled = client.get(reverse("staff:import_job_progress", args=[job.pk]))
    assert polled.status_code == 200 and "HX-Refresh" not in polled

    assert run_import_tasks() == ["validated"]
    job.refresh_from_db()
    assert (job.total, job.progress, job.created, job.updated, job.unchanged) == (2, 2, 2, 0, 0)
    preview = client.get(response["Location"]).content.decode()
    assert "2 baris siap diimpor." in preview
    assert "Baru: 2 · diperbarui: 0 · tidak berubah: 0." in preview
    assert reverse("staff:import_job_confirm", args=[job.pk]) in preview
    assert "http-equiv" not in preview
    assert client.get(reverse("staff:import_job_progress", args=[job.pk]))["HX-Refresh"] == "true"
    assert Registration.objects.count() == 0  # nothing before the confirmation

    confirmed = client.post(reverse("staff:import_job_confirm", args=[job.pk]))
    twice = client.post(reverse("staff:import_job_confirm", args=[job.pk]), follow=True)

    assert confirmed.status_code == 302
    assert "Impor ini tidak menunggu konfirmasi." in twice.content.decode()
    assert run_import_tasks() == ["done"]  # queued once, run once
    job.refresh_from_db()
    assert (job.status, job.created, job.updated, job.unchanged) == ("done", 2, 0, 0)
    assert job.summary == {"confirmed": 2}
    assert list(
        Registration.objects.order_by("participant__nik").values_list(
            "participant__full_name", "status", "source", "training"
        )
    ) == [
        ("Warga 1", "confirmed", "import", world.barut_training.pk),
        ("Warga 2", "confirmed", "import", world.barut_training.pk),
    ]
    done = client.get(response["Location"]).content.decode()
    assert "Impor selesai: 2 baris." in done
    assert "Terdaftar: 2" in done
    assert "hx-get" not in done


def test_a_file_with_errors_shows_every_error_and_cannot_be_confirmed(client, world):
    client.force_login(world.barut_staff)
    content = xlsx(HEADERS, [row(1), row(2, c1=6205052310850000), row(3, c3="X", c10="Tagana")])

    upload(client, import_url(world), content)
    run_import_tasks()
    job = ImportJob.objects.get()
    page = client.get(reverse("staff:import_job", args=[job.pk])).content.decode()
    refused = client.post(reverse("staff:import_job_confirm", args=[job.pk]), follow=True)

    assert (job.status, job.error_count) == ("invalid", 3)
    assert job.errors == [
        {
            "row": 3,
            "column": "NIK",
            "message": "NIK tersimpan sebagai angka sehingga digit terakhirnya hilang "
            "(6205052310850000). Format kolom NIK sebagai Teks lalu ketik ulang.",
        },
        {
            "row": 4,
            "column": "Jenis Kelamin",
            "message": 'Tulis L (laki-laki) atau P (perempuan); tertulis "X".',
        },
        {
            "row": 4,
            "column": "Unsur",
            "message": "Pelatihan ini tidak terbuka untuk unsur Taruna Siaga Bencana.",
        },
    ]
    assert "Berkas tidak dapat diimpor: 3 kesalahan." in page
    assert "<td>3</td><td>NIK</td><td>NIK tersimpan sebagai angka" in page
    assert "Impor ini tidak menunggu konfirmasi." in refused.content.decode()
    assert not DBTaskResult.objects.filter(task_path__startswith=IMPORT_TASKS).exists()
    assert Registration.objects.count() == 0


def test_apply_fails_and_writes_nothing_when_the_data_changed_after_the_preview(client, world):
    client.force_login(world.barut_staff)
    upload(client, import_url(world), xlsx(HEADERS, [row(1), row(2, role="PSM")]))
    run_import_tasks()
    job = ImportJob.objects.get()
    client.post(reverse("staff:import_job_confirm", args=[job.pk]))
    world.barut_training.eligible_roles.set([world.barut_training.eligible_roles.get(code="tksk")])

    run_import_tasks()

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.failure.startswith("Data di Pilar berubah sejak pemeriksaan")
    assert job.errors == [
        {
            "row": 3,
            "column": "Unsur",
            "message": "Pelatihan ini tidak terbuka untuk unsur Pekerja Sosial Masyarakat.",
        }
    ]
    assert Registration.objects.count() == 0


def test_upload_form_refuses_other_formats(client, world):
    client.force_login(world.barut_staff)

    old_excel = upload(client, import_url(world), b"\xd0\xcf\x11\xe0", name="peserta.xls")
    not_xlsx = upload(client, import_url(world), b"NIK;Nama", name="peserta.xlsx")

    assert old_excel.context["form"].errors == {
        "file": ["Berkas XLS tidak didukung: buka di Excel lalu simpan sebagai .xlsx."]
    }
    assert not_xlsx.context["form"].errors == {"file": ["Unggah berkas Excel berformat .xlsx."]}
    assert ImportJob.objects.count() == 0


def test_template_download(client, world):
    client.force_login(world.barut_staff)

    response = client.get(reverse("staff:import_template", args=["registrations"]))
    missing = client.get(reverse("staff:import_template", args=["lainnya"]))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="templat-impor-pendaftaran.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook["Peserta"][1]] == HEADERS
    assert missing.status_code == 404


# --- the registry ------------------------------------------------------------------------------


def test_registry_import_through_the_pages(client, world):
    client.force_login(world.barut_admin)
    url = reverse("staff:import_participants")
    rows = [[nik(1), "Warga 1", "L", "Muara Teweh", "23-10-1985", "", "", "Teweh Tengah", "TKSK",
             "400/1/2024", 2024, "Teweh Tengah", "Ya"]]  # fmt: skip

    upload(client, url, xlsx(REGISTRY_HEADERS, rows), name="registri.xlsx")
    run_import_tasks()
    job = ImportJob.objects.get()
    client.post(reverse("staff:import_job_confirm", args=[job.pk]))
    run_import_tasks()

    job.refresh_from_db()
    assert (job.kind, job.status, job.training, job.organization) == (
        "participants", "done", None, world.barut,
    )  # fmt: skip
    assert list(
        RoleHeld.objects.values_list("participant__nik", "role__code", "sk_number", "duty_region")
    ) == [(nik(1), "tksk", "400/1/2024", "62.05.05")]
    # Times carry their zone: the registry job's from the agency's province (Kalteng, WIB).
    page = client.get(reverse("staff:import_job", args=[job.pk])).content.decode()
    uploaded = local_datetime(job.created_at, "Asia/Jakarta")
    assert uploaded.endswith(" WIB") and f"diunggah {uploaded}" in page


# --- scope ---------------------------------------------------------------------------------------

NIK_OUTSIDE_SCOPE = (
    "NIK ini tidak dapat digunakan di sini. Hubungi dinas sosial di wilayah asal orang tersebut."
)


def registry_row(person_nik: str, name: str) -> list:
    return [person_nik, name, "P", "Muara Teweh", "17-05-1988", "", "", "Teweh Tengah", "TKSK",
            "400/9/2024", 2024, "Teweh Tengah", "Ya"]  # fmt: skip


def test_registry_import_cannot_pull_another_agencys_resident_into_the_scope(client, world):
    """The finding: one registry row with a Banjar resident's NIK and a duty region in
    Barito Utara used to give Barito Utara's staff her record in the admin."""
    import datetime

    birth = datetime.date(1988, 5, 17)
    resident = ParticipantFactory(
        nik=build_nik(district_code="63.03.05", birth_date=birth, sex="P", serial=7),
        full_name="Siti Rahmawati", sex="P", birth_date=birth, birth_place="Martapura",
        email="siti.rahmawati@example.org", home_region=Region.objects.get(code="63.03.05"),
    )  # fmt: skip
    admin_url = reverse("admin:participants_participant_change", args=[resident.pk])
    client.force_login(world.barut_staff)
    before = client.get(admin_url).status_code

    upload(
        client,
        reverse("staff:import_participants"),
        xlsx(REGISTRY_HEADERS, [registry_row(resident.nik, "Siapa Saja")]),
    )
    run_import_tasks()
    job = ImportJob.objects.get()
    page = client.get(reverse("staff:import_job", args=[job.pk])).content.decode()
    confirm = client.post(reverse("staff:import_job_confirm", args=[job.pk]))
    run_import_tasks()
    after = client.get(admin_url).status_code
    change = client.post(admin_url, {"birth_place": "Muara Teweh"})

    job.refresh_from_db()
    assert (before, after, change.status_code, confirm.status_code) == (404, 404, 404, 302)
    assert (job.status, job.errors) == (
        "invalid",
        [{"row": 2, "column": "NIK", "message": NIK_OUTSIDE_SCOPE}],
    )
    for stored in ("Siti Rahmawati", "siti.rahmawati@example.org", "17-05-1988", "Martapura"):
        assert stored not in page
    assert NIK_OUTSIDE_SCOPE in page
    assert RoleHeld.objects.count() == 0
    assert Participant.objects.get(pk=resident.pk).birth_place == "Martapura"
    assert not access.visible_participants(world.barut_staff).filter(pk=resident.pk).exists()


def test_a_job_whose_uploader_is_gone_may_name_only_new_people(client, world):
    neighbour = ParticipantFactory()  # Teweh Tengah: in Barito Utara's scope
    client.force_login(world.barut_staff)
    upload(
        client,
        reverse("staff:import_participants"),
        xlsx(REGISTRY_HEADERS, [registry_row(neighbour.nik, neighbour.full_name)]),
    )
    ImportJob.objects.update(created_by=None)

    run_import_tasks()

    job = ImportJob.objects.get()
    assert (job.status, job.errors) == (
        "invalid",
        [{"row": 2, "column": "NIK", "message": NIK_OUTSIDE_SCOPE}],
    )


def _barut_job(world) -> ImportJob:
    return ImportJob.objects.create(
        kind="registrations",
        organization=world.barut,
        training=world.barut_training,
        file="imports/contoh.xlsx",
        original_name="contoh.xlsx",
        created_by=world.barut_staff,
    )


def test_scope_other_agencies_readers_and_operators(client, world):
    job = _barut_job(world)
    job_urls = [
        reverse("staff:import_job", args=[job.pk]),
        reverse("staff:import_job_progress", args=[job.pk]),
    ]
    statuses = {}
    for name in ("kapuas_staff", "kalteng_staff", "barut_supervisor", "banjar_operator",
                 "barut_admin", "barut_staff"):  # fmt: skip
        client.force_login(getattr(world, name))
        statuses[name] = (
            client.get(import_url(world)).status_code,
            client.get(reverse("staff:import_participants")).status_code,
            *(client.get(url).status_code for url in job_urls),
            client.post(reverse("staff:import_job_confirm", args=[job.pk])).status_code,
        )

    assert statuses == {
        # training import, registry import, job page, progress, confirm
        "kapuas_staff": (404, 200, 404, 404, 404),
        "kalteng_staff": (403, 200, 404, 404, 404),  # the province reads Barut's training
        "barut_supervisor": (403, 404, 404, 404, 404),
        "banjar_operator": (404, 404, 404, 404, 404),
        "barut_admin": (200, 200, 200, 200, 302),
        "barut_staff": (200, 200, 200, 200, 302),
    }
    client.logout()
    assert client.get(import_url(world)).status_code == 302  # to the login page


def test_recent_imports_listed_with_a_constant_number_of_queries(
    client, world, django_assert_num_queries
):
    client.force_login(world.barut_staff)
    _barut_job(world)
    client.get(import_url(world))  # warm the session and the content types

    with django_assert_num_queries(8):
        one = client.get(import_url(world))
    for _ in range(2):
        _barut_job(world)
    with django_assert_num_queries(8):
        three = client.get(import_url(world))

    assert len(one.context["recent"]) == 1
    assert len(three.context["recent"]) == 3
    assert three.content.decode().count("contoh.xlsx") == 3


# --- the real worker -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_validates_and_applies(client, world, run_worker):
    client.force_login(world.barut_staff)
    upload(client, import_url(world), xlsx(HEADERS, [row(n) for n in range(1, 4)]))
    job = ImportJob.objects.get()

    run_worker()
    job.refresh_from_db()
    assert job.status == "validated"
    client.post(reverse("staff:import_job_confirm", args=[job.pk]))
    run_worker()

    job.refresh_from_db()
    assert (job.status, job.created, job.progress, job.total) == ("done", 3, 3, 3)
    assert Registration.objects.filter(source="import").count() == 3
    assert set(
        DBTaskResult.objects.filter(task_path__startswith=IMPORT_TASKS).values_list(
            "task_path", "status"
        )
    ) == {
        ("trainings.imports.jobs.validate_import_job", "SUCCESSFUL"),
        ("trainings.imports.jobs.apply_import_job", "SUCCESSFUL"),
    }


@pytest.mark.parametrize(
    ("status", "total", "progress", "text"),
    [
        ("uploaded", 0, 0, "Membaca berkas…"),
        ("uploaded", 5000, 300, "Memeriksa baris: 300 dari 5000."),
        ("queued", 5000, 5000, "Menunggu giliran di antrean tugas…"),
        ("running", 5000, 4900, "Memeriksa baris: 4900 dari 5000."),
        ("running", 5000, 5000, "Menerapkan 5000 baris dalam satu transaksi…"),
    ],
)
def test_progress_says_what_the_task_is_doing(client, world, status, total, progress, text):
    client.force_login(world.barut_staff)
    job = _barut_job(world)
    ImportJob.objects.filter(pk=job.pk).update(status=status, total=total, progress=progress)

    page = client.get(reverse("staff:import_job_progress", args=[job.pk]))

    content = page.content.decode()
    assert text in content
    bar = f'<progress class="w-100" max="{total}" value="{progress}"'
    assert (bar in content) == bool(total)
    assert "HX-Refresh" not in page
