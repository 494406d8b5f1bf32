"""The public status page shows and never acts; cancelling asks what only the registrant
knows; the lost-code page gives one truthful answer and the committee's contact."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from participants.models import Region
from participants.nik import build_nik
from tests.factories import ParticipantFactory, RegistrationFactory, TrainingFactory
from tests.html import texts
from trainings.models import AuditEvent, Registration
from trainings.services import PersonDetails, registration_submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

STORED_BIRTH = datetime.date(1985, 10, 23)
TYPED_BIRTH = datetime.date(1985, 10, 24)  # a typo the registrant made, and remembers
NIK = build_nik(district_code="62.05.05", birth_date=STORED_BIRTH, sex="P", serial=41)
MASKED_NIK = f"{NIK[:4]}********{NIK[-4:]}"
UNKNOWN_NIK = build_nik(
    district_code="62.05.05", birth_date=datetime.date(1970, 1, 1), sex="L", serial=9
)
REFUSED = "Tanggal lahir atau 4 angka terakhir nomor HP tidak cocok."
LOST_CODE_ANSWER = (
    "Jika NIK dan tanggal lahir cocok dengan pendaftaran yang mempunyai alamat e-mail, "
    "kode telah dikirim ke sana; jika tidak, hubungi panitia."
)
HELD_TEXT = (
    "Panitia akan memeriksa data diri yang Anda isi lebih dulu, lalu memberi tahu Anda "
    "hasilnya lewat e-mail. Anda juga dapat membuka halaman ini kembali atau bertanya "
    "kepada panitia."
)


@pytest.fixture
def training(regions, roles):
    return TrainingFactory(
        title="Bimtek Pendamping Sosial",
        slug="bimtek-pendamping",
        contact_name="Ibu Rina",
        contact_phone="0812-5000-1234",
    )


@pytest.fixture
def stored(regions):
    """The person Pilar already knows under NIK: another spelling, another e-mail and phone."""
    return ParticipantFactory(
        nik=NIK,
        full_name="Hj. Siti Rahmawati Lama, S.Sos.",
        sex="P",
        birth_date=STORED_BIRTH,
        phone="+6281399998888",
        email="siti.tercatat@example.org",
    )


def typed(**overrides) -> PersonDetails:
    values = {
        "nik": NIK,
        "full_name": "Siti Rahmawati",
        "sex": "P",
        "birth_date": STORED_BIRTH,
        "phone": "+6285700001111",
        "email": "",
    }
    return PersonDetails(**{**values, **overrides})


def submit(training, roles, person: PersonDetails) -> Registration:
    result = registration_submit(
        actor=None,
        training=training,
        person=person,
        role=roles["tksk"],
        region_represented=Region.objects.get(code="62.05"),
        consent=True,
    )
    return result.registration


def accepted_claim(training, stored) -> Registration:
    """Typed with another birth date, accepted by staff as the stored person: the birth date
    and the phone number it was registered with are the typed ones."""
    return RegistrationFactory(
        training=training,
        participant=stored,
        phone="+6285700001111",
        typed_identity={"full_name": "Siti Rahmawati", "birth_date": TYPED_BIRTH.isoformat()},
        identity_check="accepted",
    )


def status_url(registration) -> str:
    return reverse("trainings:registration_status", kwargs={"code": registration.code})


def cancel_url(registration) -> str:
    return reverse("trainings:registration_cancel", kwargs={"code": registration.code})


def answers(birth_date: datetime.date, phone_ending: str, **extra) -> dict[str, str]:
    return {"birth_date": birth_date.isoformat(), "phone_ending": phone_ending, **extra}


def audited(registration) -> list[tuple[str, str, dict]]:
    return list(
        AuditEvent.objects.filter(object_id=str(registration.pk))
        .order_by("pk")
        .values_list("action", "actor_label", "changes")
    )


# --- the shared link shows, it never cancels ----------------------------------------------------


def test_cancel_with_only_the_code_from_a_browser_without_cookies_cancels_nothing(training):
    registration = RegistrationFactory(training=training)
    stranger = Client()  # a second browser: no cookies, only the shared link

    asked = stranger.post(cancel_url(registration))
    confirmed = stranger.post(cancel_url(registration), {"confirm": "1"})

    registration.refresh_from_db()
    assert (asked.status_code, confirmed.status_code, registration.status) == (
        200,
        200,
        "confirmed",
    )
    assert "Yakin batalkan pendaftaran ini?" not in confirmed.content.decode()
    assert texts(confirmed, "invalid-feedback") == ["Bidang ini tidak boleh kosong."] * 2
    assert audited(registration) == []  # nothing was answered


def test_status_page_offers_a_link_to_the_cancel_form_and_no_form_that_acts(training):
    registration = RegistrationFactory(training=training)

    html = Client().get(status_url(registration)).content.decode()

    assert (
        f'<a class="btn btn-outline-danger w-100" href="{cancel_url(registration)}">'
        "Batalkan pendaftaran</a>"
    ) in html
    assert (f'action="{cancel_url(registration)}"' in html, 'name="confirm"' in html) == (
        False,
        False,
    )


def test_cancel_page_asks_for_the_birth_date_and_the_phone_numbers_ending(training):
    registration = RegistrationFactory(training=training)

    response = Client().get(cancel_url(registration))

    html = response.content.decode()
    assert (response.status_code, response["X-Robots-Tag"]) == (200, "noindex, nofollow")
    assert "no-store" in response["Cache-Control"]
    assert 'for="id_birth_date" class="form-label requiredField">' in html
    assert '<input type="date" name="birth_date" min="1900-01-01"' in html
    assert 'for="id_phone_ending" class="form-label requiredField">' in html
    assert (
        '<input type="text" name="phone_ending" inputmode="numeric" autocomplete="off" '
        'maxlength="4"'
    ) in html
    assert 'name="confirm"' not in html


# --- cancelling with the right answers -------------------------------------------------------


def test_cancel_with_the_typed_birth_date_and_phone_ending_asks_then_cancels_and_promotes(
    training, stored
):
    training.capacity, training.seats_taken = 1, 1
    training.save()
    mine = accepted_claim(training, stored)
    waiting = RegistrationFactory(training=training, status="waitlisted", waitlist_position=1)
    stranger = Client()

    asked = stranger.post(cancel_url(mine), answers(TYPED_BIRTH, "1111"))

    html = asked.content.decode()
    assert asked.status_code == 200
    assert "Yakin batalkan pendaftaran ini?" in html
    assert '<input type="hidden" name="confirm" value="1">' in html
    assert '<input type="hidden" name="birth_date" value="1985-10-24"' in html
    assert '<input type="hidden" name="phone_ending" value="1111"' in html
    assert Registration.objects.get(pk=mine.pk).status == "confirmed"

    done = stranger.post(cancel_url(mine), answers(TYPED_BIRTH, "1111", confirm="1"))

    assert (done.status_code, done["Location"]) == (302, status_url(mine))
    assert list(
        Registration.objects.filter(pk__in=[mine.pk, waiting.pk])
        .order_by("pk")
        .values_list("status", flat=True)
    ) == ["cancelled", "confirmed"]
    assert [action for action, _label, _changes in audited(mine)] == ["registration.cancel"]
    assert audited(waiting) == [
        (
            "registration.promote",
            "publik",
            {"status": ["waitlisted", "confirmed"], "waitlist_position": [1, None]},
        )
    ]
    page = stranger.get(done["Location"]).content.decode()
    assert "Pendaftaran Anda telah dibatalkan." in page
    assert "Batalkan pendaftaran" not in page


def test_cancel_of_a_registration_without_typed_identity_asks_the_stored_ones(training, stored):
    # Made by staff (or a nomination, an import): no typed identity, no phone of its own.
    training.seats_taken = 1
    training.save()
    registration = RegistrationFactory(training=training, participant=stored, source="staff")

    refused = Client().post(cancel_url(registration), answers(TYPED_BIRTH, "8888", confirm="1"))
    done = Client().post(cancel_url(registration), answers(STORED_BIRTH, "8888", confirm="1"))

    assert REFUSED in refused.content.decode()
    assert (done.status_code, done["Location"]) == (302, status_url(registration))
    registration.refresh_from_db()
    assert registration.status == "cancelled"


# --- wrong answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "phone_ending"),
    [
        (STORED_BIRTH, "1111"),  # the stored birth date, not the one typed with it
        (TYPED_BIRTH, "8888"),  # the stored phone's ending, not the one typed with it
        (TYPED_BIRTH, "1112"),
        (datetime.date(1990, 1, 1), "0000"),
    ],
    ids=["stored-birth-date", "stored-phone", "wrong-phone", "both-wrong"],
)
@pytest.mark.parametrize("confirm", ["", "1"], ids=["first-step", "confirm-step"])
def test_cancel_with_a_wrong_answer_gets_the_one_neutral_message_and_is_audited(
    training, stored, birth_date, phone_ending, confirm
):
    mine = accepted_claim(training, stored)

    response = Client().post(cancel_url(mine), answers(birth_date, phone_ending, confirm=confirm))

    assert response.status_code == 200
    assert texts(response, "alert-danger") == [REFUSED]
    assert texts(response, "invalid-feedback") == []  # neither field is named
    assert "Yakin batalkan pendaftaran ini?" not in response.content.decode()
    assert Registration.objects.get(pk=mine.pk).status == "confirmed"
    assert audited(mine) == [("registration.cancel_refused", "publik", {})]


def test_a_refused_attempt_shows_in_the_organisers_audit_trail(client, world):
    registration = RegistrationFactory(training=world.barut_training, code="BRT00001")
    Client().post(cancel_url(registration), answers(datetime.date(1990, 1, 1), "0000"))
    client.force_login(world.barut_admin)

    response = client.get(reverse("staff:audit"))

    assert [
        (row.actor_name, row.action_label, row.object_name.split(" · ")[0])
        for row in response.context["rows"]
    ] == [
        (
            "Publik (tanpa akun)",
            "Pembatalan lewat halaman status ditolak: tanggal lahir atau nomor HP tidak cocok",
            "BRT00001",
        )
    ]


def test_cancel_with_a_malformed_phone_ending_names_the_field_and_audits_nothing(training):
    registration = RegistrationFactory(training=training)

    response = Client().post(cancel_url(registration), answers(STORED_BIRTH, "78"))

    html = response.content.decode()
    assert texts(response, "invalid-feedback") == [
        "Isi tepat 4 angka (0–9), yaitu 4 angka terakhir nomor HP Anda."
    ]
    assert 'aria-invalid="true"' in html
    assert REFUSED not in html
    assert audited(registration) == []


def test_cancel_attempts_are_limited_per_registration_whatever_the_address(training, stored):
    registration = RegistrationFactory(training=training, participant=stored)
    wrong, right = answers(TYPED_BIRTH, "8888"), answers(STORED_BIRTH, "8888", confirm="1")

    statuses = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(cancel_url(registration), wrong).status_code
        for n in range(1, 7)
    ]
    seventh = Client(REMOTE_ADDR="198.51.100.7").post(cancel_url(registration), right)

    assert (statuses, seventh.status_code) == ([200] * 6, 429)
    assert 0 < int(seventh["Retry-After"]) <= 7200
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert [action for action, _label, _changes in audited(registration)] == [
        "registration.cancel_refused"
    ] * 6


def test_cancel_attempts_are_limited_per_address_across_registrations(training):
    registrations = RegistrationFactory.create_batch(5, training=training)
    client = Client(REMOTE_ADDR="203.0.113.9")
    wrong = answers(datetime.date(1990, 1, 1), "0000")

    statuses = [
        client.post(cancel_url(registration), wrong).status_code
        for registration in registrations[:4]
        for _ in range(5)
    ]
    fresh = client.post(cancel_url(registrations[4]), wrong)

    assert (statuses, fresh.status_code) == ([200] * 20, 429)
    assert AuditEvent.objects.filter(action="registration.cancel_refused").count() == 20


def test_a_registration_without_any_phone_is_cancelled_by_the_committee_only(training, regions):
    person = ParticipantFactory(phone="", birth_date=STORED_BIRTH)
    registration = RegistrationFactory(training=training, participant=person, phone="")

    status_page = Client().get(status_url(registration))
    cancel_page = Client().get(cancel_url(registration))
    posted = Client().post(cancel_url(registration), answers(STORED_BIRTH, "0000", confirm="1"))

    assert "Batalkan pendaftaran</a>" not in status_page.content.decode()
    contact = "Kontak panitia: Ibu Rina · 0812-5000-1234"
    for response in (status_page, cancel_page, posted):
        assert response.status_code == 200
        assert "hubungi panitia" in response.content.decode()
        assert contact in texts(response, "mb-0")
        assert 'name="birth_date"' not in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert audited(registration) == []


def test_cancel_page_of_a_held_claim_sends_the_claimant_to_the_committee(training, stored, roles):
    claim = submit(training, roles, typed(full_name="Orang Lain", phone="+6285700001111"))

    page = Client().get(cancel_url(claim))
    posted = Client().post(cancel_url(claim), answers(STORED_BIRTH, "1111", confirm="1"))

    for response in (page, posted):
        assert response.status_code == 200
        assert (
            "Pendaftaran ini tidak dapat dibatalkan lewat halaman ini. Bila Anda tidak dapat "
            "hadir, hubungi panitia."
        ) in response.content.decode()
        assert "Kontak panitia: Ibu Rina · 0812-5000-1234" in texts(response, "mb-0")
    claim.refresh_from_db()
    assert claim.status == "held"
    assert [action for action, _label, _changes in audited(claim)] == ["registration.hold"]


# --- the status page shows what was typed, never the stored record ------------------------------


def test_status_page_of_a_registration_shows_the_typed_name_not_the_stored_record(
    client, training, stored, roles
):
    registration = submit(training, roles, typed(full_name="Siti Rahmawati Lama"))
    assert registration.identity_check == ""  # the stored person's own (names_match)

    response = client.get(status_url(registration) + "?baru=1")

    html = response.content.decode()
    assert '<dd class="col-7">Siti Rahmawati Lama</dd>' in html
    leaks = [stored.full_name, "Hj. Siti", NIK, MASKED_NIK, stored.email, stored.phone]
    assert [leak for leak in leaks if leak in html] == []
    # Nothing typed with it to send to, but the person's address on file is its notice_email.
    assert "Kode pendaftaran juga dikirim ke e-mail Anda." in html
    assert '<svg role="img"' in html


def test_status_page_of_an_identity_claim_shows_only_what_the_claimant_typed(
    client, training, stored, roles
):
    claim = submit(training, roles, typed(full_name="Orang Lain", email="orang.lain@example.org"))
    assert (claim.status, claim.identity_check) == ("held", "held")

    response = client.get(status_url(claim) + "?baru=1")

    html = response.content.decode()
    assert '<dd class="col-7">Orang Lain</dd>' in html
    leaks = ["Rahmawati", NIK, MASKED_NIK, stored.email, stored.phone]
    assert [leak for leak in leaks if leak in html] == []
    assert texts(response, "pilar-code") == [claim.code]
    assert '<svg role="img"' not in html  # a held claim has no seat to show at the door
    assert (
        '<dd class="col-7 fw-semibold" id="registration-status">Menunggu verifikasi data</dd>'
        in html
    )
    assert HELD_TEXT in html
    assert "Kontak panitia: Ibu Rina · 0812-5000-1234" in texts(response, "mb-0")
    assert "Kode pendaftaran juga dikirim ke e-mail Anda." in html
    assert "Batalkan pendaftaran" not in html


def test_status_page_says_nothing_is_sent_when_no_notice_email_exists(
    client, training, stored, roles
):
    # A claim falls back to nothing on file: only what was typed with it is used.
    claim = submit(training, roles, typed(full_name="Orang Lain", email=""))

    html = client.get(status_url(claim) + "?baru=1").content.decode()

    assert "kami tidak mempunyai e-mail Anda untuk mengirimkannya" in html
    assert "Kode pendaftaran juga dikirim ke e-mail Anda." not in html
    assert (
        "Bukalah halaman ini kembali untuk melihat hasilnya, atau bertanyalah kepada panitia."
        in html
    )


def test_status_page_without_a_typed_identity_shows_no_name(client, training, stored):
    registration = RegistrationFactory(training=training, participant=stored, source="staff")

    html = client.get(status_url(registration)).content.decode()

    assert ("Nama" in html, stored.full_name in html, MASKED_NIK in html) == (False, False, False)


@pytest.mark.parametrize("status", ["pending", "confirmed", "waitlisted"])
def test_status_page_shows_the_qr_for_every_active_registration(client, training, status):
    extra = {"waitlist_position": 1} if status == "waitlisted" else {}
    registration = RegistrationFactory(training=training, status=status, **extra)

    response = client.get(status_url(registration))

    assert response.content.decode().count('<svg role="img"') == 1
    assert texts(response, "pilar-code") == [registration.code]


def test_status_page_without_a_committee_contact_says_so_plainly(client, regions, stored, roles):
    training = TrainingFactory(organizer__name="Dinas Sosial Provinsi Kalimantan Tengah")
    claim = submit(training, roles, typed(full_name="Orang Lain"))

    response = client.get(status_url(claim))

    assert (
        "Pelatihan ini tidak mencantumkan kontak panitia; hubungi penyelenggaranya, "
        "Dinas Sosial Provinsi Kalimantan Tengah."
    ) in texts(response, "mb-0")


def test_status_page_costs_one_query_and_one_more_for_a_waiting_rank(
    client, training, stored, roles, django_assert_num_queries
):
    confirmed = RegistrationFactory(training=training)
    waitlisted = RegistrationFactory(training=training, status="waitlisted", waitlist_position=1)
    claim = submit(training, roles, typed(full_name="Orang Lain"))

    with django_assert_num_queries(1):
        confirmed_page = client.get(status_url(confirmed))
    with django_assert_num_queries(2):  # + its rank in the waiting list
        waitlisted_page = client.get(status_url(waitlisted))
    with django_assert_num_queries(1):
        claim_page = client.get(status_url(claim))

    assert [texts(page, "fw-semibold")[0] for page in (confirmed_page, waitlisted_page)] == [
        "Terdaftar",
        "Daftar tunggu urutan 1",
    ]
    assert texts(claim_page, "pilar-code") == [claim.code]


# --- lost code -----------------------------------------------------------------------------


def lost_code(client, training, nik: str, birth_date: datetime.date):
    return client.post(
        reverse("trainings:lost_code"),
        {"nik": nik, "birth_date": birth_date.isoformat(), "training": training.slug},
    )


def notices_queued() -> list[tuple[int, str]]:
    return [
        (row.args_kwargs["kwargs"]["registration_id"], row.args_kwargs["kwargs"]["kind"])
        for row in DBTaskResult.objects.order_by("enqueued_at", "id")
    ]


def test_lost_code_gives_one_answer_and_the_contact_whether_or_not_anything_matched(
    client, training, stored, roles
):
    with_email = RegistrationFactory(training=training, email="budi@example.org")
    without_email = RegistrationFactory(
        training=training, participant=ParticipantFactory(email="", birth_date=STORED_BIRTH)
    )
    claim = submit(training, roles, typed(full_name="Orang Lain", email="x@example.org"))
    cases = {
        "match with an e-mail": (with_email.participant.nik, with_email.participant.birth_date),
        "match without an e-mail": (without_email.participant.nik, STORED_BIRTH),
        "wrong birth date": (with_email.participant.nik, datetime.date(1990, 1, 1)),
        "claim's typed identity": (NIK, STORED_BIRTH),
        "unknown NIK": (UNKNOWN_NIK, STORED_BIRTH),
    }

    responses = {name: lost_code(client, training, *case) for name, case in cases.items()}

    answer_url = f"{reverse('trainings:lost_code')}?training=bimtek-pendamping&terkirim=1"
    assert {name: (r.status_code, r["Location"]) for name, r in responses.items()} == {
        name: (302, answer_url) for name in cases
    }
    page = client.get(answer_url)
    assert texts(page, "alert-info") == [
        f"{LOST_CODE_ANSWER} Bimtek Pendamping Sosial Kontak panitia: Ibu Rina · 0812-5000-1234"
    ]
    assert [code for code in (with_email.code, without_email.code, claim.code) if code in
            page.content.decode()] == []  # fmt: skip
    # Only the person's own registration, and only where there is an address to send to.
    assert [pk for pk, kind in notices_queued() if kind == "code_reminder"] == [with_email.pk]


def test_lost_code_sends_to_the_registration_notice_email_of_an_accepted_claim(
    client, training, stored, roles
):
    accepted = submit(training, roles, typed(full_name="Orang Lain", email="baru@example.org"))
    Registration.objects.filter(pk=accepted.pk).update(
        status="confirmed", identity_check="accepted"
    )

    lost_code(client, training, NIK, STORED_BIRTH)

    assert [pk for pk, kind in notices_queued() if kind == "code_reminder"] == [accepted.pk]


def test_lost_code_answer_says_plainly_when_the_training_names_no_contact(client, regions):
    training = TrainingFactory(slug="tanpa-kontak", organizer__name="Dinas Sosial Kabupaten Banjar")

    response = lost_code(client, training, NIK, STORED_BIRTH)
    page = client.get(response["Location"])

    assert texts(page, "alert-info") == [
        f"{LOST_CODE_ANSWER} {training.title} Pelatihan ini tidak mencantumkan kontak panitia; "
        "hubungi penyelenggaranya, Dinas Sosial Kabupaten Banjar."
    ]


def test_lost_code_page_shows_no_answer_before_a_request(client, training):
    page = client.get(reverse("trainings:lost_code"), {"training": training.slug})

    assert (texts(page, "alert-info"), LOST_CODE_ANSWER in page.content.decode()) == ([], False)
