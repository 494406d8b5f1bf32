"""The public registration pages: form, region options, status page, cancel, lost code."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from participants.models import Participant, Region
from tests.factories import (
    OrganizationFactory,
    ParticipantFactory,
    QuotaFactory,
    RegistrationFactory,
    TrainingFactory,
)
from tests.forms import NIK, registration_post
from trainings.models import AuditEvent, Registration
from trainings.services import locking

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fresh_rate_limits"),
    # WhiteNoise warns that STATIC_ROOT does not exist; tests never collect static files.
]

KALTENG_REGENCIES = [
    ("62.04", "Kabupaten Barito Selatan"),
    ("62.13", "Kabupaten Barito Timur"),
    ("62.05", "Kabupaten Barito Utara"),
    ("62.10", "Kabupaten Gunung Mas"),
    ("62.03", "Kabupaten Kapuas"),
    ("62.06", "Kabupaten Katingan"),
    ("62.01", "Kabupaten Kotawaringin Barat"),
    ("62.02", "Kabupaten Kotawaringin Timur"),
    ("62.09", "Kabupaten Lamandau"),
    ("62.12", "Kabupaten Murung Raya"),
    ("62.11", "Kabupaten Pulang Pisau"),
    ("62.07", "Kabupaten Seruyan"),
    ("62.08", "Kabupaten Sukamara"),
    ("62.71", "Kota Palangkaraya"),
]
KALSEL_REGENCIES = [
    ("63.11", "Kabupaten Balangan"),
    ("63.03", "Kabupaten Banjar"),
    ("63.04", "Kabupaten Barito Kuala"),
    ("63.06", "Kabupaten Hulu Sungai Selatan"),
    ("63.07", "Kabupaten Hulu Sungai Tengah"),
    ("63.08", "Kabupaten Hulu Sungai Utara"),
    ("63.02", "Kabupaten Kotabaru"),
    ("63.09", "Kabupaten Tabalong"),
    ("63.10", "Kabupaten Tanah Bumbu"),
    ("63.01", "Kabupaten Tanah Laut"),
    ("63.05", "Kabupaten Tapin"),
    ("63.72", "Kota Banjarbaru"),
    ("63.71", "Kota Banjarmasin"),
]


def options(html: str, select_id: str | None = None) -> list[tuple[str, str]]:
    """(value, label) of the <option>s, of one <select> when ``select_id`` is given."""
    if select_id is not None:
        match = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
        html = match.group(1)
    return [
        (unescape(value), unescape(label).strip())
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', html)
    ]


@pytest.fixture
def training(regions, roles):
    return TrainingFactory(
        title="Pelatihan Peningkatan Kapasitas Pilar-Pilar Sosial",
        slug="pilar-sosial-2026",
        organizer=OrganizationFactory(name="Dinas Sosial PMD Barito Utara"),
        eligible_roles=[roles["tksk"], roles["psm"]],
    )


def test_register_happy_path_creates_rows_and_shows_the_status_page(client, training, roles):
    url = reverse("trainings:register", kwargs={"slug": training.slug})
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert "no-store" in form_page["Cache-Control"]

    response = client.post(url, registration_post(roles["tksk"]))

    registration = Registration.objects.get()
    status_url = reverse("trainings:registration_status", kwargs={"code": registration.code})
    assert response.status_code == 302
    assert response["Location"] == f"{status_url}?baru=1"
    assert list(
        Participant.objects.values_list(
            "nik", "full_name", "sex", "birth_place", "birth_date", "phone", "email",
            "home_region_id", "organization_unit",
        )
    ) == [
        (NIK, "Budi Santoso", "L", "Muara Teweh", datetime.date(1985, 10, 23), "+6281234567890",
         "budi@example.org", "62.05.05", "TKSK Teweh Tengah"),
    ]  # fmt: skip
    assert (
        registration.training_id,
        registration.role_id,
        registration.region_represented_id,
        registration.quota_id,
        registration.status,
        registration.waitlist_position,
        registration.source,
        registration.phone,
        registration.email,
        registration.organization_unit,
        registration.language,
    ) == (
        training.pk, roles["tksk"].pk, "62.05", None, "confirmed", None, "online",
        "+6281234567890", "budi@example.org", "TKSK Teweh Tengah", "id",
    )  # fmt: skip
    assert registration.consent_at is not None
    assert list(AuditEvent.objects.values_list("actor", "actor_label", "action", "object_id")) == [
        (None, "publik", "registration.submit", str(registration.pk)),
    ]
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        (
            "trainings.notifications.send_registration_notice",
            {"args": [], "kwargs": {"registration_id": registration.pk, "kind": "received"}},
        ),
    ]

    page = client.get(f"{status_url}?baru=1")
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert f'<p class="pilar-code fw-bold mb-2">{registration.code}</p>' in html
    assert ("6205********0001" in html, NIK in html) == (False, False)  # the link is shared
    assert '<dd class="col-7">Budi Santoso</dd>' in html  # as typed (spaces tidied)
    assert '<svg role="img"' in html
    assert "Pendaftaran Anda sudah kami terima." in html
    assert '<dd class="col-7 fw-semibold" id="registration-status">Terdaftar</dd>' in html
    assert "Tunjukkan kode QR atau kode pendaftaran ini" in html
    assert (
        "https://wa.me/?text=Status%20pendaftaran%20saya%20untuk%20Pelatihan%20Peningkatan"
        "%20Kapasitas%20Pilar-Pilar%20Sosial%3A%20http%3A%2F%2F127.0.0.1%3A8000%2Fregistrations%2F"
        f"{registration.code}%2F"
    ) in html
    cancel_page = reverse("trainings:registration_cancel", kwargs={"code": registration.code})
    assert f'href="{cancel_page}">Batalkan pendaftaran</a>' in html
    assert (' style="' in html, "<script>" in html, " onclick=" in html) == (False, False, False)


def register_url(training) -> str:
    return reverse("trainings:register", kwargs={"slug": training.slug})


def status_url(registration) -> str:
    return reverse("trainings:registration_status", kwargs={"code": registration.code})


def test_register_form_offers_the_eligible_roles_and_the_venue_province_regions(
    client, training, roles
):
    response = client.get(register_url(training))

    html = response.content.decode()
    assert options(html, "id_role") == [
        ("", "— Pilih unsur —"),
        (str(roles["psm"].pk), "PSM — Pekerja Sosial Masyarakat"),
        (str(roles["tksk"].pk), "TKSK — Tenaga Kesejahteraan Sosial Kecamatan"),
    ]
    assert options(html, "id_province")[:2] == [("", "— Pilih provinsi —"), ("11", "Aceh")]
    assert len(options(html, "id_province")) == 1 + 38
    assert 'value="62" selected' in html  # the venue's province, so its regencies are ready
    assert options(html, "id_regency") == [("", "— Pilih kabupaten/kota —"), *KALTENG_REGENCIES]
    assert options(html, "id_district") == [("", "— Pilih kecamatan —")]
    assert options(html, "id_region_represented") == [("", "— Pilih —")] + [
        (
            code,
            f"{name} — Dinas Sosial PMD Barito Utara (penyelenggara)" if code == "62.05" else name,
        )
        for code, name in KALTENG_REGENCIES
    ]
    assert 'name="situs_web"' in html
    assert "UU No. 27 Tahun 2022" in html


def test_register_form_offers_all_active_roles_when_the_training_names_none(client, regions, roles):
    training = TrainingFactory()

    response = client.get(register_url(training))

    assert [value for value, _label in options(response.content.decode(), "id_role")] == [""] + [
        str(role.pk) for role in roles.values() if role.active
    ]


def test_register_form_of_a_provincial_agency_offers_the_agency_itself(client, regions, roles):
    agency = OrganizationFactory(
        name="Dinas Sosial Provinsi Kalimantan Selatan",
        kind="dinsos_province",
        region=Region.objects.get(code="63"),
    )
    training = TrainingFactory(organizer=agency, venue_region=Region.objects.get(code="63.71"))

    response = client.get(register_url(training))

    assert options(response.content.decode(), "id_region_represented") == [
        ("", "— Pilih —"),
        ("63", "Dinas Sosial Provinsi Kalimantan Selatan (penyelenggara)"),
        *KALSEL_REGENCIES,
    ]


def test_register_national_training_chooses_the_represented_regency_by_province(
    client, regions, roles
):
    bbppks = OrganizationFactory(
        name="BBPPKS Banjarmasin", kind="bbppks", region=Region.objects.get(code="63.71")
    )
    training = TrainingFactory(organizer=bbppks, eligible_roles=[roles["tksk"]])

    response = client.post(
        register_url(training),
        registration_post(roles["tksk"], represented_province="63", region_represented="63.09"),
    )

    assert response.status_code == 302
    assert Registration.objects.get().region_represented_id == "63.09"


def test_register_national_training_refuses_a_regency_outside_the_chosen_province(
    client, regions, roles
):
    bbppks = OrganizationFactory(kind="bbppks", region=Region.objects.get(code="63.71"))
    training = TrainingFactory(organizer=bbppks, eligible_roles=[roles["tksk"]])

    response = client.post(
        register_url(training),
        registration_post(roles["tksk"], represented_province="62", region_represented="63.09"),
    )

    assert response.status_code == 200
    assert "Pilihan wilayah tidak valid." in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_nik_warning_must_be_confirmed_and_keeps_the_typed_data(client, training, roles):
    data = registration_post(roles["tksk"], birth_date="1985-10-24")

    first = client.post(register_url(training), data)

    html = first.content.decode()
    assert first.status_code == 200
    assert (
        "Tanggal lahir dalam NIK (23-10-1985) berbeda dengan tanggal lahir yang diisi (24-10-1985)."
    ) in html
    assert "Data sudah benar" in html
    assert 'value="Budi Santoso"' not in html and 'value="Budi  Santoso"' in html
    assert 'value="1985-10-24"' in html
    assert options(html, "id_district")[1:] == [
        ("62.05.03", "Gunung Purei"),
        ("62.05.02", "Gunung Timang"),
        ("62.05.06", "Lahei"),
        ("62.05.09", "Lahei Barat"),
        ("62.05.01", "Montallat"),
        ("62.05.07", "Teweh Baru"),
        ("62.05.08", "Teweh Selatan"),
        ("62.05.05", "Teweh Tengah"),
        ("62.05.04", "Teweh Timur"),
    ]
    assert Participant.objects.count() == Registration.objects.count() == 0
    digest = re.search(r'name="warnings_digest" value="([0-9a-f]+)"', html).group(1)

    confirmed = client.post(
        register_url(training), {**data, "confirm_warnings": "on", "warnings_digest": digest}
    )

    assert confirmed.status_code == 302
    assert list(Participant.objects.values_list("nik", "birth_date")) == [
        (NIK, datetime.date(1985, 10, 24)),
    ]
    assert Registration.objects.get().status == "confirmed"


def test_register_confirmation_counts_only_for_the_warnings_shown(client, training, roles):
    data = registration_post(roles["tksk"], birth_date="1985-10-24")
    html = client.post(register_url(training), data).content.decode()
    digest = re.search(r'name="warnings_digest" value="([0-9a-f]+)"', html).group(1)

    changed = client.post(
        register_url(training),
        {**data, "sex": "P", "confirm_warnings": "on", "warnings_digest": digest},
    )

    html = changed.content.decode()
    assert changed.status_code == 200
    assert "Jenis kelamin dalam NIK (laki-laki) berbeda dengan" in html
    assert 'name="confirm_warnings" class="checkboxinput form-check-input is-invalid"' in html
    assert "checked" not in re.search(r'<input[^>]*name="confirm_warnings"[^>]*>', html).group(0)
    assert Registration.objects.count() == 0


def test_register_already_registered_nik_gets_the_neutral_message_and_a_reminder(
    client, training, roles
):
    client.post(register_url(training), registration_post(roles["tksk"]))
    registration = Registration.objects.get()

    # The same person, typed another way: the identity matches the stored one.
    again = client.post(
        register_url(training), registration_post(roles["psm"], full_name="BUDI SANTOSO")
    )

    html = again.content.decode()
    assert again.status_code == 200
    assert (
        "NIK ini sudah terdaftar pada pelatihan ini. Kode pendaftaran telah dikirim ke kontak "
        "yang tercatat."
    ) in html
    assert registration.code not in html
    assert '<form method="post" action="/trainings/' not in html
    assert list(Registration.objects.values_list("pk", "role", "status")) == [
        (registration.pk, roles["tksk"].pk, "confirmed"),
    ]
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", "args_kwargs")) == [
        ("trainings.notifications.send_registration_notice",
         {"args": [], "kwargs": {"registration_id": registration.pk, "kind": "received"}}),
        ("trainings.notifications.send_registration_notice",
         {"args": [], "kwargs": {"registration_id": registration.pk, "kind": "code_reminder"}}),
    ]  # fmt: skip


def test_register_records_the_language_of_the_page(client, training, roles):
    client.cookies["django_language"] = "en"

    page = client.get(register_url(training))
    client.post(register_url(training), registration_post(roles["tksk"]))

    assert '<html lang="en">' in page.content.decode()
    assert Registration.objects.get().language == "en"


def test_register_closed_training_shows_the_reason_instead_of_the_form(client, regions, roles):
    training = TrainingFactory(
        registration_opens_at=timezone.now() - datetime.timedelta(days=9),
        registration_closes_at=timezone.now() - datetime.timedelta(days=1),
    )

    page = client.get(register_url(training))
    post = client.post(register_url(training), registration_post(roles["tksk"]))

    assert page.status_code == 200
    assert "Pendaftaran sudah ditutup." in page.content.decode()
    assert 'name="nik"' not in page.content.decode()
    assert post.status_code == 200
    assert "Pendaftaran sudah ditutup." in post.content.decode()
    assert Registration.objects.count() == 0


def test_register_role_not_eligible_is_a_form_error(client, training, roles):
    response = client.post(register_url(training), registration_post(roles["tagana"]))

    assert response.status_code == 200
    assert "Pilih salah satu unsur yang boleh mengikuti pelatihan ini." in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_draft_training_is_not_found(client, regions, roles):
    training = TrainingFactory(status="draft")

    assert client.get(register_url(training)).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_register_busy_training_answers_503_and_writes_nothing(client, regions, roles, monkeypatch):
    training = TrainingFactory(eligible_roles=[roles["tksk"]])
    monkeypatch.setattr(locking, "LOCK_TIMEOUT", "100ms")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(
                "SELECT id FROM trainings_training WHERE id = %s FOR UPDATE", [training.pk]
            )
            response = client.post(register_url(training), registration_post(roles["tksk"]))
            cursor.execute("ROLLBACK")
    finally:
        other.close()

    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert "Banyak orang sedang mendaftar pada pelatihan ini." in response.content.decode()
    assert (Participant.objects.count(), Registration.objects.count()) == (0, 0)


# --- region options -------------------------------------------------------------------------


def test_region_options_lists_the_regencies_of_a_province(client, regions):
    response = client.get(reverse("trainings:region_options"), {"parent": "62"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert options(response.content.decode()) == [
        ("", "— Pilih kabupaten/kota —"),
        *KALTENG_REGENCIES,
    ]


def test_region_options_lists_provinces_without_a_parent_and_districts_of_a_regency(
    client, regions
):
    provinces = options(client.get(reverse("trainings:region_options")).content.decode())
    districts = options(
        client.get(reverse("trainings:region_options"), {"parent": "62.05"}).content.decode()
    )

    assert (len(provinces), provinces[:2]) == (39, [("", "— Pilih provinsi —"), ("11", "Aceh")])
    assert districts[:3] == [
        ("", "— Pilih kecamatan —"),
        ("62.05.03", "Gunung Purei"),
        ("62.05.02", "Gunung Timang"),
    ]
    assert len(districts) == 10


@pytest.mark.parametrize("parent", ["62.05.05", "x", "62.05.05.1014", "6\x00"])
def test_region_options_refuses_anything_but_a_province_or_regency_code(client, regions, parent):
    response = client.get(reverse("trainings:region_options"), {"parent": parent})

    assert response.status_code == 400


def test_register_without_javascript_refresh_shows_the_next_level_and_writes_nothing(
    client, training, roles
):
    response = client.post(
        register_url(training),
        {"nik": "6205", "full_name": "Siti", "province": "63", "regency": "62.05",
         "_refresh": "province"},
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 200
    assert options(html, "id_regency") == [("", "— Pilih kabupaten/kota —"), *KALSEL_REGENCIES]
    assert options(html, "id_district") == [("", "— Pilih kecamatan —")]  # 62.05 is not in 63
    assert 'value="Siti"' in html
    assert "invalid-feedback" not in html  # nothing was validated yet
    assert (Participant.objects.count(), Registration.objects.count()) == (0, 0)
    assert AuditEvent.objects.count() == DBTaskResult.objects.count() == 0


# --- status page and cancelling ---------------------------------------------------------------


def test_status_page_shows_the_rank_in_the_waiting_list_of_its_cell(client, regions, roles):
    training = TrainingFactory(capacity=1, seats_taken=1)
    quota = QuotaFactory(training=training, seats=1)
    RegistrationFactory(training=training, status="waitlisted", waitlist_position=1)
    RegistrationFactory(training=training, status="waitlisted", waitlist_position=1, quota=quota)
    RegistrationFactory(training=training, status="cancelled")
    mine = RegistrationFactory(
        training=training, status="waitlisted", waitlist_position=3, email="siti@example.org"
    )

    html = client.get(status_url(mine)).content.decode()

    assert (
        '<dd class="col-7 fw-semibold" id="registration-status">Daftar tunggu urutan 2</dd>' in html
    )
    assert (
        "Kursi sudah penuh. Bila ada kursi kosong, kursi diberikan menurut urutan daftar tunggu "
        "dan Anda diberi tahu lewat e-mail."
    ) in html


def test_status_page_code_is_case_and_typo_tolerant(client, regions, roles):
    registration = RegistrationFactory(code="0000001A")

    response = client.get("/registrations/ooo-ooo1a/")

    assert response.status_code == 302
    assert response["Location"] == status_url(registration)


def test_status_page_of_an_unknown_code_is_not_found(client, regions, roles):
    RegistrationFactory(code="0000001A")

    assert client.get("/registrations/0000001B/").status_code == 404
    assert client.get("/registrations/bukan-kode/").status_code == 404


def test_status_page_of_a_cancelled_registration_has_no_cancel_button(client, regions, roles):
    registration = RegistrationFactory(status="cancelled")

    html = client.get(status_url(registration)).content.decode()

    assert '<dd class="col-7 fw-semibold" id="registration-status">Dibatalkan</dd>' in html
    assert "Batalkan pendaftaran" not in html
    assert client.post(status_url(registration) + "cancel/", {"confirm": "1"}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_cancel_asks_for_the_answers_then_if_sure_then_cancels_and_promotes(client, regions, roles):
    training = TrainingFactory(capacity=1, seats_taken=1)
    mine = RegistrationFactory(training=training, status="confirmed", phone="+6281234567890")
    first = RegistrationFactory(training=training, status="waitlisted", waitlist_position=1)
    second = RegistrationFactory(training=training, status="waitlisted", waitlist_position=2)
    cancel_url = reverse("trainings:registration_cancel", kwargs={"code": mine.code})
    right = {"birth_date": "1985-10-23", "phone_ending": "7890"}

    form = client.get(cancel_url)
    asked = client.post(cancel_url, right)

    assert form.status_code == asked.status_code == 200
    assert 'name="phone_ending"' in form.content.decode()
    assert "Yakin batalkan pendaftaran ini?" in asked.content.decode()
    assert 'name="confirm" value="1"' in asked.content.decode()
    assert Registration.objects.get(pk=mine.pk).status == "confirmed"

    done = client.post(cancel_url, {**right, "confirm": "1"})

    assert (done.status_code, done["Location"]) == (302, status_url(mine))
    assert list(
        Registration.objects.order_by("pk").values_list("pk", "status", "waitlist_position")
    ) == [
        (mine.pk, "cancelled", None),
        (first.pk, "confirmed", None),
        (second.pk, "waitlisted", 2),
    ]
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "object_id")) == [
        ("registration.cancel", str(mine.pk)),
        ("registration.promote", str(first.pk)),
    ]
    page = client.get(done["Location"]).content.decode()
    assert "Pendaftaran Anda telah dibatalkan." in page
    assert "Batalkan pendaftaran" not in page
    second_page = client.get(status_url(second)).content.decode()
    assert "Daftar tunggu urutan 1" in second_page


def test_cancel_page_of_a_code_typed_in_lower_case_redirects_to_its_own_address(
    client, regions, roles
):
    registration = RegistrationFactory(code="0000001A")

    response = client.get("/registrations/ooo-ooo1a/cancel/")

    canonical = reverse("trainings:registration_cancel", kwargs={"code": registration.code})
    assert (response.status_code, response["Location"]) == (302, canonical)


# --- lost code ------------------------------------------------------------------------------


def test_lost_code_answers_the_same_and_queues_a_reminder_only_for_a_match(client, regions, roles):
    training = TrainingFactory(slug="bimtek-kalsel")
    participant = ParticipantFactory(birth_date=datetime.date(1990, 1, 31))
    registration = RegistrationFactory(
        training=training, participant=participant, email="budi@example.org"
    )
    url = reverse("trainings:lost_code")
    page = client.get(url, {"training": "bimtek-kalsel"})
    assert '<option value="bimtek-kalsel" selected>' in page.content.decode()

    wrong = client.post(
        url, {"nik": participant.nik, "birth_date": "1990-01-30", "training": "bimtek-kalsel"}
    )
    assert DBTaskResult.objects.count() == 0
    right = client.post(
        url, {"nik": participant.nik, "birth_date": "1990-01-31", "training": "bimtek-kalsel"}
    )

    answer = f"{url}?training=bimtek-kalsel&terkirim=1"
    assert (wrong.status_code, wrong["Location"]) == (302, answer)
    assert (right.status_code, right["Location"]) == (302, answer)
    message = (
        "Jika NIK dan tanggal lahir cocok dengan pendaftaran yang mempunyai alamat e-mail, "
        "kode telah dikirim ke sana; jika tidak, hubungi panitia."
    )
    shown = client.get(answer).content.decode()
    assert message in shown
    assert registration.code not in shown
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        ("trainings.notifications.send_registration_notice",
         {"args": [], "kwargs": {"registration_id": registration.pk, "kind": "code_reminder"}}),
    ]  # fmt: skip


def test_lost_code_ignores_cancelled_registrations(client, regions, roles):
    training = TrainingFactory(slug="bimtek-kalsel")
    registration = RegistrationFactory(training=training, status="cancelled")

    response = client.post(
        reverse("trainings:lost_code"),
        {
            "nik": registration.participant.nik,
            "birth_date": "1985-10-23",
            "training": training.slug,
        },
    )

    assert response.status_code == 302
    assert DBTaskResult.objects.count() == 0


# --- query budgets --------------------------------------------------------------------------


def test_register_form_costs_four_queries(client, training, django_assert_num_queries):
    with django_assert_num_queries(4):  # training, roles, provinces, regencies of the venue's
        response = client.get(register_url(training))

    assert response.status_code == 200


def test_register_post_stays_within_its_budget_of_15_queries(
    client, training, roles, django_assert_num_queries
):
    QuotaFactory(training=training, region=Region.objects.get(code="62.05"), seats=3)
    client.post(register_url(training), registration_post(roles["tksk"], nik="6205052310850002"))

    # Test-run transactions make the service's atomic() a SAVEPOINT + RELEASE: 13 in production.
    with django_assert_num_queries(15):
        response = client.post(register_url(training), registration_post(roles["tksk"]))

    assert response.status_code == 302
    assert list(
        Registration.objects.order_by("pk").values_list("status", "quota__seats_taken")
    ) == [
        ("confirmed", 2),
        ("confirmed", 2),
    ]
