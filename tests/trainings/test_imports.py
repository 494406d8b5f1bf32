"""Excel imports without the web: real .xlsx files built here with openpyxl, read, validated
and applied by ``trainings.imports`` and the two management commands.

The training: Dinsos PMD Barito Utara (62.05, Kalimantan Tengah), capacity 3, TKSK and
PSM, one quota seat for TKSK of Barito Utara — so two seats are open to everyone else.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook, load_workbook

from participants.models import Participant, Region, RoleHeld
from participants.nik import build_nik
from tests.factories import (
    OrganizationFactory,
    ParticipantFactory,
    QuotaFactory,
    RegistrationFactory,
    RoleGroupFactory,
    TrainingFactory,
    UserFactory,
)
from tests.personas import make_staff
from trainings import access
from trainings.imports.jobs import apply_plan, plan_file
from trainings.imports.rows import OutsideScope
from trainings.imports.workbook import build_template
from trainings.models import AuditEvent, Membership, Registration
from trainings.services import registration_submit

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1985, 10, 23)
REGISTRATION_HEADERS = [
    "No",
    "NIK",
    "Nama Lengkap",
    "Jenis Kelamin (L/P)",
    "Tempat Lahir",
    "Tanggal Lahir",
    "No. HP",
    "E-mail",
    "Kecamatan/Desa (nama atau kode)",
    "Kabupaten/Kota",
    "Unsur (nama atau singkatan)",
    "Lembaga/Unit",
    "Mewakili (kabupaten/kota atau kode)",
]
REGISTRY_HEADERS = [
    "NIK",
    "Nama Lengkap",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "No. HP",
    "E-mail",
    "Domisili (kecamatan/desa)",
    "Unsur",
    "Nomor SK",
    "Tahun SK",
    "Wilayah Tugas",
    "Aktif (Ya/Tidak)",
]


def nik(serial: int, *, sex: str = "L", birth: datetime.date = BIRTH) -> str:
    return build_nik(district_code="62.05.05", birth_date=birth, sex=sex, serial=serial)


def workbook_bytes(headers: list[str], rows: list[list]) -> bytes:
    """An .xlsx as Excel would save it: text cells stay text, numbers stay numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Peserta"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def registration_row(n: int, **values) -> list:
    """A valid row for the training (TKSK of Barito Utara), with ``values`` by header key."""
    row = {
        "no": n,
        "nik": nik(n),
        "name": f"Warga {n}",
        "sex": "L",
        "place": "Muara Teweh",
        "birth": "23-10-1985",
        "phone": f"0812 3456 {n:04d}",
        "email": "",
        "home": "Teweh Tengah",
        "regency": "Barito Utara",
        "role": "TKSK",
        "unit": "",
        "represented": "Barito Utara",
    }
    row.update(values)
    return list(row.values())


def plan_of(training, content: bytes, *, user=None):
    """The plan of ``content``; without a ``user``, unbounded as on the command line."""
    return plan_file(kind="registrations", file=io.BytesIO(content), user=user, training=training)


def registrations(training) -> list[tuple]:
    return list(
        Registration.objects.filter(training=training)
        .order_by("pk")
        .values_list(
            "participant__full_name", "status", "quota__label", "waitlist_position", "source"
        )
    )


@pytest.fixture
def write_xlsx(tmp_path):
    def write(content: bytes) -> str:
        path = tmp_path / "impor.xlsx"
        path.write_bytes(content)
        return str(path)

    return write


@pytest.fixture
def training(regions, roles):
    organizer = OrganizationFactory(
        name="Dinas Sosial PMD Kabupaten Barito Utara",
        short_name="Dinsos PMD Barut",
        region=Region.objects.get(code="62.05"),
    )
    training = TrainingFactory(
        organizer=organizer,
        slug="pelatihan-barut",
        capacity=3,
        eligible_roles=[roles["tksk"], roles["psm"]],
    )
    QuotaFactory(
        training=training,
        region=Region.objects.get(code="62.05"),
        role_group=RoleGroupFactory(name="TKSK", roles=[roles["tksk"]]),
        seats=1,
        label="TKSK Barito Utara",
    )
    return training


GOOD_ROWS = [
    ["1", nik(1), "Ahmad Fauzi", "L", "Muara Teweh", datetime.datetime(1985, 10, 23),
     "0812 3456 7001", "ahmad@example.org", "Teweh Tengah", "Kabupaten Barito Utara", "TKSK",
     "", "Barito Utara"],
    ["2", nik(2), "Budi", "Laki-laki", "", "23-10-1985", "+62 812 3456 7002", "", "62.05.05",
     "", "tksk", "", "62.05"],
    ["3", nik(3, sex="P", birth=datetime.date(1990, 5, 1)), "Siti Aminah", "P", "Muara Teweh",
     "1990-05-01", 81234567003, "", "Lahei", "Barito Utara", "Pekerja Sosial Masyarakat",
     "Karang Taruna Lahei", "Dinsos PMD Barut"],
    ["4", nik(4, sex="P", birth=datetime.date(1980, 7, 1)), "Dewi", "perempuan", "", "01/07/1980",
     "", "", "", "", "PSM", "", "Kabupaten Kapuas"],
    ["5", nik(5), "Eko", "L", "", "23 Oktober 1985", "", "", "", "", "PSM", "", "6203"],
]  # fmt: skip


# --- a good file ------------------------------------------------------------------------------


def test_good_file_registers_every_row_by_the_seat_rule(training):
    plan = plan_of(training, workbook_bytes(REGISTRATION_HEADERS, GOOD_ROWS))
    assert [str(problem) for problem in plan.errors] == []
    assert (plan.total, plan.created, plan.updated, plan.unchanged) == (5, 5, 0, 0)

    outcome = apply_plan(kind="registrations", plan=plan, actor=None, training=training)

    assert (outcome.created, outcome.updated, outcome.unchanged) == (5, 0, 0)
    assert outcome.summary == {"confirmed": 3, "waitlisted": 2}
    assert registrations(training) == [
        ("Ahmad Fauzi", "confirmed", "TKSK Barito Utara", None, "import"),
        ("Budi", "waitlisted", "TKSK Barito Utara", 1, "import"),
        ("Siti Aminah", "confirmed", None, None, "import"),
        ("Dewi", "confirmed", None, None, "import"),
        ("Eko", "waitlisted", None, 1, "import"),
    ]
    assert list(
        Participant.objects.order_by("nik").values_list(
            "full_name", "sex", "birth_place", "birth_date", "phone", "email", "home_region_id"
        )
    ) == [
        (
            "Ahmad Fauzi",
            "L",
            "Muara Teweh",
            BIRTH,
            "+6281234567001",
            "ahmad@example.org",
            "62.05.05",
        ),
        ("Budi", "L", "", BIRTH, "+6281234567002", "", "62.05.05"),
        ("Eko", "L", "", BIRTH, "", "", None),
        (
            "Siti Aminah",
            "P",
            "Muara Teweh",
            datetime.date(1990, 5, 1),
            "+6281234567003",
            "",
            "62.05.06",
        ),
        ("Dewi", "P", "", datetime.date(1980, 7, 1), "", "", None),
    ]
    assert list(
        Registration.objects.order_by("pk").values_list("region_represented", "organization_unit")
    ) == [
        ("62.05", ""),
        ("62.05", ""),
        ("62.05", "Karang Taruna Lahei"),
        ("62.03", ""),
        ("62.03", ""),
    ]
    training.refresh_from_db()
    assert training.seats_taken == 3
    assert [
        event.changes["participant_created"]
        for event in AuditEvent.objects.filter(action="registration.submit")
    ] == [True] * 5
    assert (
        sorted(
            (row.task_path, row.args_kwargs["kwargs"]["kind"]) for row in DBTaskResult.objects.all()
        )
        == [("trainings.notifications.send_registration_notice", "received")] * 5
    )


def _twin_training(roles, slug: str):
    training = TrainingFactory(
        organizer=OrganizationFactory(region=Region.objects.get(code="62.05")),
        slug=slug,
        capacity=4,
        eligible_roles=[roles["tksk"], roles["psm"]],
    )
    QuotaFactory(
        training=training,
        region=Region.objects.get(code="62.05"),
        role_group=RoleGroupFactory(name=f"TKSK {slug}", roles=[roles["tksk"]]),
        seats=1,
        label="TKSK Barut",
    )
    QuotaFactory(
        training=training,
        role_group=RoleGroupFactory(name=f"PSM {slug}", roles=[roles["psm"]]),
        seats=1,
        label="PSM",
    )
    return training


def _outcome(training) -> tuple:
    training.refresh_from_db()
    rows = list(
        Registration.objects.filter(training=training)
        .order_by("participant__nik")
        .values_list("participant__nik", "status", "quota__label", "waitlist_position", "source")
    )
    quotas = list(training.quotas.order_by("label").values_list("label", "seats_taken"))
    changes = [
        {
            key: value
            for key, value in event.changes.items()
            if key not in ("quota", "participant_created")
        }
        for event in AuditEvent.objects.filter(training=training).order_by("object_repr")
    ]
    return rows, training.seats_taken, quotas, sorted(changes, key=str)


def test_bulk_apply_decides_exactly_as_registration_submit_row_by_row(regions, roles):
    bulk, one_by_one = _twin_training(roles, "kembar-a"), _twin_training(roles, "kembar-b")
    rows = [
        registration_row(n, role=role, represented=represented)
        for n, (role, represented) in enumerate(
            [("TKSK", "Barito Utara"), ("PSM", "Kapuas"), ("TKSK", "Barito Utara"),
             ("PSM", "Barito Utara"), ("TKSK", "Kapuas"), ("TKSK", "Kapuas"),
             ("PSM", "Kapuas"), ("TKSK", "Barito Utara")],
            start=1,
        )
    ]  # fmt: skip
    plan = plan_of(bulk, workbook_bytes(REGISTRATION_HEADERS, rows))

    apply_plan(kind="registrations", plan=plan, actor=None, training=bulk)
    for row in plan.rows:
        registration_submit(
            actor=None,
            training=one_by_one,
            person=row.person,
            role=row.role,
            region_represented=Region.objects.get(code=row.represented),
            organization_unit=row.unit,
            source=Registration.Source.IMPORT,
        )

    assert _outcome(bulk) == _outcome(one_by_one)
    assert _outcome(bulk)[1:3] == (4, [("PSM", 1), ("TKSK Barut", 1)])


def test_existing_person_is_registered_but_never_changed(training):
    ParticipantFactory(nik=nik(1), full_name="Achmad Fauzi", phone="+6281299990001", email="")

    plan = plan_of(training, workbook_bytes(REGISTRATION_HEADERS, GOOD_ROWS[:1]))
    apply_plan(kind="registrations", plan=plan, actor=None, training=training)

    assert [str(note) for note in plan.notes] == [
        "Baris 2: NIK sudah ada: nama di berkas berbeda dari data (tidak diubah)"
    ]
    assert list(Participant.objects.values_list("full_name", "phone", "email")) == [
        ("Achmad Fauzi", "+6281299990001", "")
    ]
    assert list(Registration.objects.values_list("phone", "email", "source")) == [
        ("+6281234567001", "ahmad@example.org", "import")
    ]
    assert AuditEvent.objects.get().changes["participant_created"] is False


def test_nik_warnings_are_shown_but_do_not_block(training):
    rows = [registration_row(1, birth="24-10-1985", sex="P")]

    plan = plan_of(training, workbook_bytes(REGISTRATION_HEADERS, rows))

    assert plan.errors == []
    assert [(note.level, str(note)) for note in plan.notes] == [
        (
            "warning",
            "Baris 2, kolom NIK: Tanggal lahir dalam NIK (23-10-1985) berbeda dengan tanggal "
            "lahir yang diisi (24-10-1985)."
            " Cocokkan keduanya dengan KTP: salah satunya mungkin salah ketik.",
        ),
        (
            "warning",
            "Baris 2, kolom NIK: Jenis kelamin dalam NIK (laki-laki) berbeda dengan jenis "
            "kelamin yang diisi (perempuan)."
            " Pada NIK perempuan, tanggal lahir ditambah 40; periksa NIK dan jenis kelamin pada KTP.",
        ),
    ]
    assert plan.created == 1


# --- a file with errors --------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_written(
    training, write_xlsx
):
    rows = [
        registration_row(1, nik="620505231085"),
        registration_row(2, nik=6205052310850000),
        registration_row(3, sex="X"),
        registration_row(4, birth="31-02-1985"),
        registration_row(5, phone="021 555 1234"),
        registration_row(6, home="Teweh Hulu"),
        registration_row(7, home="Batu Ampar", regency=""),
        registration_row(8, role="Relawan"),
        registration_row(9, role="Tagana"),
        registration_row(10, represented="Kabupaten Banjar"),
        registration_row(11),
        registration_row(12, nik=nik(11)),
        registration_row(13, name="", email="budi@"),
        registration_row(14, regency="Bandung", home=""),
        registration_row(15, name="\u200b\u200b"),
        registration_row(16, name="Ani\u202eresu"),
    ]
    content = workbook_bytes(REGISTRATION_HEADERS, rows)

    plan = plan_of(training, content)

    assert [str(problem) for problem in plan.errors] == [
        "Baris 2, kolom NIK: NIK harus tepat 16 digit angka (0–9); yang diisi 12 karakter.",
        "Baris 3, kolom NIK: NIK tersimpan sebagai angka sehingga digit terakhirnya hilang "
        "(6205052310850000). Format kolom NIK sebagai Teks lalu ketik ulang.",
        'Baris 4, kolom Jenis Kelamin: Tulis L (laki-laki) atau P (perempuan); tertulis "X".',
        "Baris 5, kolom Tanggal Lahir: Tanggal 31-02-1985 tidak ada di kalender.",
        "Baris 6, kolom No. HP: Masukkan nomor HP (seluler) yang diawali 08, mis. 0812 3456 "
        "7890. Nomor telepon rumah atau kantor tidak dapat dipakai.",
        'Baris 7, kolom Kecamatan/Desa: Kecamatan "Teweh Hulu" tidak ditemukan di Kabupaten '
        "Barito Utara.",
        'Baris 8, kolom Kecamatan/Desa: "Batu Ampar" cocok dengan lebih dari satu kecamatan: '
        "Batu Ampar (62.07.09, Kabupaten Seruyan), Batu Ampar (63.01.09, Kabupaten Tanah "
        "Laut). Tulis kodenya.",
        'Baris 9, kolom Unsur: Unsur "Relawan" tidak dikenal. Tulis nama atau singkatannya: '
        "PSM, TKSK.",
        "Baris 10, kolom Unsur: Pelatihan ini tidak terbuka untuk unsur Taruna Siaga Bencana.",
        "Baris 11, kolom Mewakili: Kabupaten Banjar (63.03) tidak dapat dipilih untuk pelatihan "
        "ini: pilih kabupaten/kota di Kalimantan Tengah (62) atau lembaga penyelenggara.",
        "Baris 13, kolom NIK: NIK sama dengan baris 12.",
        "Baris 14, kolom Nama Lengkap: Wajib diisi.",
        'Baris 14, kolom E-mail: Alamat e-mail "budi@" tidak valid.',
        'Baris 15, kolom Kabupaten/Kota: Kabupaten/kota "Bandung" tidak ditemukan.',
        "Baris 16, kolom Nama Lengkap: Nama harus memuat paling sedikit dua huruf.",
        "Baris 17, kolom Nama Lengkap: Nama memuat karakter pengatur arah tulisan yang tidak "
        "diperbolehkan.",
    ]
    assert plan.rows == []

    with pytest.raises(CommandError) as raised:
        call_command(
            "import_registrations", "pelatihan-barut", write_xlsx(content), stderr=io.StringIO()
        )
    assert str(raised.value) == "Berkas tidak valid: 16 kesalahan. Tidak ada yang disimpan."
    assert raised.value.returncode == 1
    assert Participant.objects.count() == 0
    assert Registration.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_missing_columns_and_an_unreadable_file_are_reported_for_the_whole_file(training):
    no_role = [header for header in REGISTRATION_HEADERS if not header.startswith("Unsur")]

    assert [str(p) for p in plan_of(training, workbook_bytes(no_role, [])).errors] == [
        "Kolom Unsur tidak ditemukan pada baris judul (baris 1)."
    ]
    assert [str(p) for p in plan_of(training, b"NIK;Nama\n1;2\n").errors] == [
        "Berkas ini bukan berkas Excel (.xlsx) yang dapat dibaca. Buka di Excel, lalu simpan "
        'sebagai "Excel Workbook (.xlsx)".'
    ]
    assert [str(p) for p in plan_of(training, workbook_bytes(REGISTRATION_HEADERS, [])).errors] == [
        "Tidak ada baris data di bawah baris judul kolom."
    ]


# --- a NIK stored as a number ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "digits"),
    [
        (6205052310850000, "6205052310850000"),  # a Number cell, as Excel saves it
        (6205052310850000.0, "6205052310850000"),  # the same, read back as a float
        ("6.20505E+15", "6205050000000000"),  # a Number cell's display, pasted as text
        ("6205052310850000.0", "6205052310850000"),  # a number turned into text by a script
    ],
)
def test_nik_that_excel_turned_into_a_number_gets_its_own_message(training, cell, digits):
    rows = [registration_row(1), registration_row(2, nik=cell)]

    plan = plan_of(training, workbook_bytes(REGISTRATION_HEADERS, rows))

    assert [str(problem) for problem in plan.errors] == [
        f"Baris 3, kolom NIK: NIK tersimpan sebagai angka sehingga digit terakhirnya hilang "
        f"({digits}). Format kolom NIK sebagai Teks lalu ketik ulang."
    ]


def test_text_niks_that_mostly_end_in_zero_were_rounded_numbers(training):
    # Column turned to Text *after* the NIKs were numbers: every one ends in 0.
    serials = [12, 23, 34, 45, 56]
    rounded = [registration_row(n, nik=nik(n)[:15] + "0") for n in serials]
    fine = [registration_row(20, nik=nik(20))]  # a real NIK may end in 0: kept apart below

    plan = plan_of(training, workbook_bytes(REGISTRATION_HEADERS, rounded))
    alone = plan_of(training, workbook_bytes(REGISTRATION_HEADERS, fine))

    assert [str(problem) for problem in plan.errors] == [
        f"Baris {row}, kolom NIK: NIK tersimpan sebagai angka sehingga digit terakhirnya hilang "
        f"({nik(n)[:15]}0). Format kolom NIK sebagai Teks lalu ketik ulang."
        for row, n in zip(range(2, 7), serials, strict=True)
    ]
    assert alone.errors == []


# --- importing twice -----------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(training):
    content = workbook_bytes(REGISTRATION_HEADERS, GOOD_ROWS)
    apply_plan(kind="registrations", plan=plan_of(training, content), actor=None, training=training)
    before = (
        registrations(training),
        AuditEvent.objects.count(),
        list(DBTaskResult.objects.values_list("id", flat=True)),
        list(Participant.objects.values_list("nik", "updated_at")),
    )

    again = plan_of(training, content)
    outcome = apply_plan(kind="registrations", plan=again, actor=None, training=training)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert [str(note) for note in again.notes][:2] == [
        "Baris 2: Sudah terdaftar pada pelatihan ini (Terdaftar); dilewati.",
        "Baris 3: Sudah terdaftar pada pelatihan ini (Daftar tunggu); dilewati.",
    ]
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 5)
    after = (
        registrations(training),
        AuditEvent.objects.count(),
        list(DBTaskResult.objects.values_list("id", flat=True)),
        list(Participant.objects.values_list("nik", "updated_at")),
    )
    assert after == before  # no reminder notices queued, no audit events, nobody touched


def test_a_cancelled_registration_is_revived_by_the_import(training):
    content = workbook_bytes(REGISTRATION_HEADERS, GOOD_ROWS[2:3])
    apply_plan(kind="registrations", plan=plan_of(training, content), actor=None, training=training)
    Registration.objects.update(status=Registration.Status.CANCELLED)
    training.__class__.objects.filter(pk=training.pk).update(seats_taken=0)

    plan = plan_of(training, content)
    outcome = apply_plan(kind="registrations", plan=plan, actor=None, training=training)

    assert [str(note) for note in plan.notes] == [
        "Baris 2: Pendaftaran sebelumnya (Dibatalkan) diaktifkan kembali."
    ]
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 0)
    assert registrations(training) == [("Siti Aminah", "confirmed", None, None, "import")]


# --- commands ------------------------------------------------------------------------------------


def test_command_dry_run_validates_only_and_the_real_run_prints_the_counts(training, write_xlsx):
    path = write_xlsx(workbook_bytes(REGISTRATION_HEADERS, GOOD_ROWS))
    UserFactory(username="admin.barut")
    dry, real = io.StringIO(), io.StringIO()

    call_command("import_registrations", "pelatihan-barut", path, "--dry-run", stdout=dry)
    assert Registration.objects.count() == 0
    call_command(
        "import_registrations", "pelatihan-barut", path, "--user", "admin.barut", stdout=real
    )

    assert dry.getvalue() == (
        "Berkas valid: 5 baris siap diimpor (5 baru, 0 diperbarui, 0 tidak berubah). Tidak ada "
        "yang disimpan (--dry-run).\n"
    )
    assert real.getvalue() == (
        "Selesai: 5 baris; 5 baru, 0 diperbarui, 0 tidak berubah.\n"
        "  Terdaftar: 3\n"
        "  Daftar tunggu: 2\n"
    )
    assert set(AuditEvent.objects.values_list("actor_label", flat=True)) == {"admin.barut"}


def test_commands_write_their_templates(tmp_path, reference_data):
    registrations_path, registry_path = tmp_path / "pendaftaran.xlsx", tmp_path / "registri.xlsx"

    call_command(
        "import_registrations", "--template", str(registrations_path), stdout=io.StringIO()
    )
    call_command("import_participants", "--template", str(registry_path), stdout=io.StringIO())

    for path, headers, sheet_name in [
        (registrations_path, REGISTRATION_HEADERS, "Peserta"),
        (registry_path, REGISTRY_HEADERS, "Registri"),
    ]:
        workbook = load_workbook(path)
        assert workbook.sheetnames == [sheet_name, "Petunjuk"]
        sheet = workbook[sheet_name]
        assert [cell.value for cell in sheet[1]] == headers
        text_columns = sorted(
            header
            for index, header in enumerate(headers, start=1)
            if sheet.column_dimensions[sheet.cell(1, index).column_letter].number_format == "@"
        )
        expected = ["NIK", "No. HP"] + (["Nomor SK"] if sheet_name == "Registri" else [])
        assert text_columns == sorted(expected)
        instructions = [row[0] for row in workbook["Petunjuk"].iter_rows(values_only=True)]
        assert headers[1] in instructions and "TKSK" in instructions


def test_template_bytes_read_back_as_an_empty_import(training):
    plan = plan_of(training, build_template("registrations"))

    assert [str(problem) for problem in plan.errors] == [
        "Tidak ada baris data di bawah baris judul kolom."
    ]


# --- the registry ------------------------------------------------------------------------------


def registry_row(n: int, **values) -> list:
    row = {
        "nik": nik(n),
        "name": f"Warga {n}",
        "sex": "L",
        "place": "Muara Teweh",
        "birth": "23-10-1985",
        "phone": "",
        "email": "",
        "home": "Teweh Tengah",
        "role": "TKSK",
        "sk": f"400/{n}/DINSOS/2024",
        "year": 2024,
        "duty": "Teweh Tengah",
        "active": "Ya",
    }
    row.update(values)
    return list(row.values())


def registry_plan_of(content: bytes, organization, *, user=None):
    """The plan of ``content``; without a ``user``, unbounded as on the command line."""
    return plan_file(
        kind="participants", file=io.BytesIO(content), user=user, organization=organization
    )


@pytest.fixture
def barut(regions, roles):
    return OrganizationFactory(code="dinsos-barut", region=Region.objects.get(code="62.05"))


def test_registry_file_updates_sk_details_and_never_the_identity(barut, roles):
    person = ParticipantFactory(
        nik=nik(1), full_name="Achmad Fauzi", phone="", email="lama@example.org", home_region=None
    )
    RoleHeld.objects.create(
        participant=person, role=roles["tksk"], sk_number="400/1/2019", year_appointed=2019,
        duty_region=Region.objects.get(code="62.05.04"), active=True,
    )  # fmt: skip
    rows = [
        registry_row(1, name="Ahmad Fauzi", phone="0812 3456 7001", email="baru@example.org",
                     sk="400/77/DINSOS/2024", year=2024, duty="62.05.05", active="Tidak"),
        registry_row(1, name="Ahmad Fauzi", role="Tagana", sk="", year="",
                     duty="Kabupaten Barito Utara", active=""),
        registry_row(2, name="Budi", sex="Laki-laki", role="PSM", duty="Lahei"),
    ]  # fmt: skip
    content = workbook_bytes(REGISTRY_HEADERS, rows)

    plan = registry_plan_of(content, barut)
    assert [str(problem) for problem in plan.errors] == []
    assert [str(note) for note in plan.notes] == [
        "Baris 2: NIK sudah ada: data SK diperbarui; nama di berkas berbeda dari data (tidak "
        "diubah)",
        "Baris 3: NIK sudah ada: unsur Tagana ditambahkan; nama di berkas berbeda dari data "
        "(tidak diubah)",
    ]
    assert (plan.created, plan.updated, plan.unchanged) == (2, 1, 0)

    outcome = apply_plan(kind="participants", plan=plan, actor=None, organization=barut)

    assert (outcome.created, outcome.updated, outcome.unchanged) == (2, 1, 0)
    assert list(
        Participant.objects.order_by("nik").values_list(
            "nik", "full_name", "sex", "birth_date", "phone", "email", "home_region_id"
        )
    ) == [
        (nik(1), "Achmad Fauzi", "L", BIRTH, "+6281234567001", "lama@example.org", "62.05.05"),
        (nik(2), "Budi", "L", BIRTH, "", "", "62.05.05"),
    ]
    assert list(
        RoleHeld.objects.order_by("participant__nik", "role__sort_order").values_list(
            "participant__nik", "role__code", "sk_number", "year_appointed", "duty_region", "active"
        )
    ) == [
        (nik(1), "tagana", "", None, "62.05", True),
        (nik(1), "tksk", "400/77/DINSOS/2024", 2024, "62.05.05", False),
        (nik(2), "psm", "400/2/DINSOS/2024", 2024, "62.05.06", True),
    ]
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "changes")) == (
        [
            ("registry.import", {"created": True, "nik_created": False, "duty_region_id": "62.05"}),
            (
                "registry.import",
                {
                    "created": True,
                    "nik_created": True,
                    "sk_number": "400/2/DINSOS/2024",
                    "year_appointed": 2024,
                    "duty_region_id": "62.05.06",
                    "active": True,
                },
            ),
            (
                "registry.import",
                {
                    "sk_number": ["400/1/2019", "400/77/DINSOS/2024"],
                    "year_appointed": [2019, 2024],
                    "duty_region_id": ["62.05.04", "62.05.05"],
                    "active": [True, False],
                    "contact_filled": ["home_region", "phone"],
                },
            ),
        ]
    )

    again = registry_plan_of(content, barut)
    repeat = apply_plan(kind="participants", plan=again, actor=None, organization=barut)
    assert (repeat.created, repeat.updated, repeat.unchanged) == (0, 0, 3)
    assert [str(note) for note in again.notes] == [
        "Baris 2: NIK sudah ada: tidak ada perubahan; nama di berkas berbeda dari data (tidak "
        "diubah)",
        "Baris 3: NIK sudah ada: tidak ada perubahan; nama di berkas berbeda dari data (tidak "
        "diubah)",
        "Baris 4: NIK sudah ada: tidak ada perubahan",
    ]
    assert AuditEvent.objects.count() == 3


def test_registry_rows_outside_the_agency_region_and_other_mistakes_are_refused(barut):
    rows = [
        registry_row(1, duty="Kabupaten Kapuas"),
        registry_row(2, home="62.03.01"),
        registry_row(3, year=1949, active="mungkin"),
        registry_row(4),
        registry_row(4, name="Warga Empat", role="PSM"),
        registry_row(4, sk="lain"),
    ]

    plan = registry_plan_of(workbook_bytes(REGISTRY_HEADERS, rows), barut)

    assert [str(problem) for problem in plan.errors] == [
        'Baris 2, kolom Wilayah Tugas: Wilayah "Kabupaten Kapuas" tidak ditemukan di wilayah '
        "Kabupaten Barito Utara (62.05).",
        "Baris 3, kolom Domisili: Selat (62.03.01, Kabupaten Kapuas) berada "
        "di luar wilayah lembaga Anda (Kabupaten Barito Utara (62.05)).",
        "Baris 4, kolom Tahun SK: Tulis tahun empat angka antara 1950 dan "
        f'{datetime.date.today().year}; tertulis "1949".',
        'Baris 4, kolom Aktif: Tulis Ya atau Tidak; tertulis "mungkin".',
        "Baris 6, kolom NIK: NIK sama dengan baris 5, tetapi nama, tanggal lahir atau jenis "
        "kelamin berbeda.",
        "Baris 7, kolom NIK: NIK dan unsur sama dengan baris 5.",
    ]
    assert Participant.objects.count() == 0


def test_registry_command_with_organization_and_dry_run(barut, write_xlsx):
    path = write_xlsx(workbook_bytes(REGISTRY_HEADERS, [registry_row(1)]))
    out = io.StringIO()

    call_command(
        "import_participants", path, "--organization", "dinsos-barut", "--dry-run", stdout=out
    )
    assert RoleHeld.objects.count() == 0
    call_command("import_participants", path, "--organization", "dinsos-barut", stdout=out)

    assert out.getvalue().splitlines() == [
        "Berkas valid: 1 baris siap diimpor (1 baru, 0 diperbarui, 0 tidak berubah). Tidak ada "
        "yang disimpan (--dry-run).",
        "Selesai: 1 baris; 1 baru, 0 diperbarui, 0 tidak berubah.",
    ]
    assert list(RoleHeld.objects.values_list("participant__full_name", "role__code")) == [
        ("Warga 1", "tksk")
    ]


# --- lookups and query budgets -------------------------------------------------------------------


def test_regions_are_found_by_name_prefix_or_code(regions):
    from trainings.imports.lookups import RegionIndex

    Region.objects.create(
        code="62.05.05.1001", name="Lanjas", level="village", parent_id="62.05.05"
    )
    index = RegionIndex()
    index.prefetch_villages(["62.05.05.1001"])
    barut = index.regency("Kab. Barito Utara")

    assert [
        barut.code,
        index.regency("BARITO-UTARA").code,
        index.regency(6205).code,
        index.regency("Palangka Raya").code,
        index.regency("Kota Palangkaraya").code,
        index.home("Kec. Lahei", regency=barut).code,
        index.home("620505").code,
        index.home("62.05.05.1001").code,
        index.home("Teweh Tengah / Desa Lanjas", regency=barut).code,
        index.area("Barito Utara", scope="62").code,
        index.area("teweh tengah", scope="62.05").code,
    ] == [
        "62.05", "62.05", "62.05", "62.71", "62.71", "62.05.06", "62.05.05", "62.05.05.1001",
        "62.05.05.1001", "62.05", "62.05.05",
    ]  # fmt: skip


def _queries(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_validation_and_apply_cost_a_constant_number_of_queries(regions, roles):
    one, three = _twin_training(roles, "satu"), _twin_training(roles, "tiga")
    one_file = workbook_bytes(REGISTRATION_HEADERS, [registration_row(1)])
    three_file = workbook_bytes(REGISTRATION_HEADERS, [registration_row(n) for n in (2, 3, 4)])
    plans = {}
    ContentType.objects.get_for_model(Registration)  # cached for the process: not counted

    planning = [
        _queries(lambda: plans.setdefault("one", plan_of(one, one_file))),
        _queries(lambda: plans.setdefault("three", plan_of(three, three_file))),
    ]
    applying = [
        _queries(
            lambda: apply_plan(kind="registrations", plan=plans["one"], actor=None, training=one)
        ),
        _queries(
            lambda: apply_plan(
                kind="registrations", plan=plans["three"], actor=None, training=three
            )
        ),
    ]

    assert planning[0] == planning[1]
    assert applying[1] - applying[0] == 2  # one queued "received" notice per registration


# --- scope: an import never brings a stored stranger into the user's scope ----------------------

OUTSIDE = (
    "Baris %d, kolom NIK: NIK ini tidak dapat digunakan di sini. Hubungi dinas sosial di "
    "wilayah asal orang tersebut."
)


def banjar_resident() -> Participant:
    """A person stored by Kabupaten Banjar (Kalsel): outside Barito Utara's scope."""
    return ParticipantFactory(
        nik=build_nik(district_code="63.03.05", birth_date=BIRTH, sex="L", serial=41),
        full_name="Rahmat Hidayat",
        birth_place="Martapura",
        email="rahmat@example.org",
        home_region=Region.objects.get(code="63.03.05"),
    )


def visible_ids(user) -> set[int]:
    return set(access.visible_participants(user).values_list("pk", flat=True))


def everything() -> tuple:
    """What an import may write: people, roles held, registrations, audit events, tasks."""
    return (
        list(Participant.objects.order_by("pk").values_list("pk", "full_name", "updated_at")),
        list(RoleHeld.objects.order_by("pk").values_list("pk", "participant", "duty_region")),
        list(Registration.objects.order_by("pk").values_list("pk", "participant", "status")),
        AuditEvent.objects.count(),
        DBTaskResult.objects.count(),
    )


@pytest.fixture
def training_staff(training):
    return make_staff("staf.barut", training.organizer, Membership.Role.TRAINING_STAFF)


@pytest.fixture
def registry_staff(barut):
    return make_staff("staf.barut", barut, Membership.Role.TRAINING_STAFF)


def test_registration_import_refuses_a_nik_stored_outside_the_scope_and_tells_nothing(
    training, training_staff
):
    stranger = banjar_resident()
    neighbour = ParticipantFactory(nik=nik(2), full_name="Budi Lama")  # Teweh Tengah: in scope
    rows = [
        registration_row(1),
        registration_row(2, name="Budi Baru"),
        registration_row(3, nik=stranger.nik, name="Siapa Saja", home="", regency=""),
    ]
    before, seen = everything(), visible_ids(training_staff)

    plan = plan_of(training, workbook_bytes(REGISTRATION_HEADERS, rows), user=training_staff)

    assert [str(problem) for problem in plan.errors] == [OUTSIDE % 4]
    assert (plan.rows, plan.notes, plan.scope) == ([], [], frozenset({neighbour.nik}))
    assert (everything(), visible_ids(training_staff)) == (before, seen)


def test_registration_import_accepts_new_people_and_people_in_the_scope(training, training_staff):
    neighbour = ParticipantFactory(nik=nik(2), full_name="Budi Lama")
    rows = [registration_row(1), registration_row(2, name="Budi Lama")]
    seen = visible_ids(training_staff)

    plan = plan_of(training, workbook_bytes(REGISTRATION_HEADERS, rows), user=training_staff)
    apply_plan(kind="registrations", plan=plan, actor=training_staff, training=training)

    created = set(Participant.objects.filter(nik=nik(1)).values_list("pk", flat=True))
    assert plan.errors == []
    assert visible_ids(training_staff) == seen | created
    assert neighbour.pk in seen and len(created) == 1


def test_registration_import_stops_when_a_new_nik_was_stored_outside_the_scope_meanwhile(
    training, training_staff
):
    stranger_nik = build_nik(district_code="63.03.05", birth_date=BIRTH, sex="L", serial=41)
    rows = [registration_row(1), registration_row(2, nik=stranger_nik, home="", regency="")]
    plan = plan_of(training, workbook_bytes(REGISTRATION_HEADERS, rows), user=training_staff)
    assert plan.errors == []
    banjar_resident()  # stored by Banjar between the check and the apply
    before = everything()

    with pytest.raises(OutsideScope) as error:
        apply_plan(kind="registrations", plan=plan, actor=training_staff, training=training)

    assert error.value.message == OUTSIDE.replace(", kolom NIK", "") % 3
    assert everything() == before


def test_registry_import_refuses_a_nik_stored_outside_the_scope_and_tells_nothing(
    barut, registry_staff, roles
):
    stranger = banjar_resident()
    rows = [registry_row(1), registry_row(2, nik=stranger.nik, name="Siapa Saja", home="")]
    before, seen = everything(), visible_ids(registry_staff)

    plan = registry_plan_of(workbook_bytes(REGISTRY_HEADERS, rows), barut, user=registry_staff)

    assert [str(problem) for problem in plan.errors] == [OUTSIDE % 3]
    assert (plan.rows, plan.notes) == ([], [])
    assert (everything(), visible_ids(registry_staff)) == (before, seen)
    assert stranger.pk not in seen


def test_registry_import_stops_when_a_new_nik_was_stored_outside_the_scope_meanwhile(
    barut, registry_staff, roles
):
    stranger_nik = build_nik(district_code="63.03.05", birth_date=BIRTH, sex="L", serial=41)
    rows = [registry_row(1), registry_row(2, nik=stranger_nik, home="")]
    plan = registry_plan_of(workbook_bytes(REGISTRY_HEADERS, rows), barut, user=registry_staff)
    assert plan.errors == []
    banjar_resident()
    before = everything()

    with pytest.raises(OutsideScope) as error:
        apply_plan(kind="participants", plan=plan, actor=registry_staff, organization=barut)

    assert error.value.message == OUTSIDE.replace(", kolom NIK", "") % 3
    assert everything() == before


def test_registration_import_leaves_an_identity_claim_alone_and_registers_the_person(
    training, training_staff, roles
):
    person = ParticipantFactory(nik=nik(1), full_name="Ahmad Fauzi")
    claim = RegistrationFactory(
        participant=person, training=training, status="held", identity_check="held",
        typed_identity={"full_name": "Orang Lain"},
    )  # fmt: skip
    content = workbook_bytes(REGISTRATION_HEADERS, [registration_row(1, name="Ahmad Fauzi")])

    plan = plan_of(training, content, user=training_staff)
    outcome = apply_plan(kind="registrations", plan=plan, actor=training_staff, training=training)

    assert (plan.errors, plan.notes, plan.created, outcome.created) == ([], [], 1, 1)
    assert list(
        Registration.objects.filter(participant=person)
        .order_by("pk")
        .values_list("pk", "status", "identity_check", "source")
    ) == [
        (claim.pk, "held", "held", "online"),
        (Registration.objects.latest("pk").pk, "confirmed", "", "import"),
    ]


def test_scoped_validation_costs_a_constant_number_of_queries(training, training_staff):
    ParticipantFactory(nik=nik(2))
    banjar_resident()
    one = workbook_bytes(REGISTRATION_HEADERS, [registration_row(1)])
    three = workbook_bytes(REGISTRATION_HEADERS, [registration_row(n) for n in (1, 2, 3)])
    access.membership_of(training_staff)  # cached on the user, as for a job's uploader

    counts = [
        _queries(lambda: plan_of(training, one, user=training_staff)),
        _queries(lambda: plan_of(training, three, user=training_staff)),
    ]

    assert counts[0] == counts[1]
