"""Staff registrations: "Kirim ulang kode" — a caller who lost their code is found by staff,
who send the code again to the registration's notice address (or, without one, read it out
on the phone); audited; never for an identity claim that is held or was rejected.

The world (tests/personas.py): Dinsos PMD Barito Utara organises ``barut_training``; its
supervisor and the Kalteng province read it; Kapuas is an outsider.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from participants.models import Participant
from participants.nik import build_nik
from tests.factories import ParticipantFactory, RegistrationFactory
from tests.html import messages_of, texts
from tests.registrations import notices
from trainings.models import AuditEvent, Registration
from trainings.notifications import send_registration_notice
from trainings.services import PersonDetails, registration_submit
from trainings.services.identity import registration_identity_decide

pytestmark = pytest.mark.django_db
BIRTH = datetime.date(1985, 10, 23)


def resend_url(training) -> str:
    return reverse("staff:registrations_resend_code", kwargs={"pk": training.pk})


def list_url(training) -> str:
    return reverse("staff:registrations", kwargs={"pk": training.pk})


def resent() -> list[tuple[str, str, str, dict]]:
    return list(
        AuditEvent.objects.filter(action="registration.code_resent").values_list(
            "actor_label", "action", "object_id", "changes"
        )
    )


@pytest.fixture
def registration(world):
    return RegistrationFactory(
        training=world.barut_training,
        participant__full_name="Ani Lestari",
        participant__email="ani@example.org",
        email="",
    )


def test_resend_queues_the_code_to_the_notice_address_and_audits(
    client, world, registration, mailoutbox
):
    client.force_login(world.barut_staff)
    next_url = f"{list_url(world.barut_training)}?cari=1"

    response = client.post(
        resend_url(world.barut_training),
        {"registration": registration.pk, "next": next_url},
        follow=True,
    )

    assert response.redirect_chain == [(next_url, 302)]
    assert messages_of(response) == [
        f"Kode pendaftaran Ani Lestari ({registration.code}) dikirim ulang lewat e-mail."
    ]
    assert notices() == [(registration.pk, "code_reminder")]
    assert resent() == [("staf.barut", "registration.code_resent", str(registration.pk), {})]
    assert send_registration_notice.call(registration_id=registration.pk, kind="code_reminder")
    [mail] = mailoutbox
    assert mail.to == ["ani@example.org"]
    assert registration.code in mail.body


def test_resend_goes_to_the_address_typed_with_the_registration(client, world, registration):
    Registration.objects.filter(pk=registration.pk).update(email="ani.baru@example.org")
    client.force_login(world.barut_admin)

    client.post(resend_url(world.barut_training), {"registration": registration.pk})

    registration.refresh_from_db()
    assert registration.notice_email == "ani.baru@example.org"
    assert notices() == [(registration.pk, "code_reminder")]


def test_without_an_address_the_code_is_shown_to_read_out(client, world, registration):
    Participant.objects.filter(pk=registration.participant_id).update(email="")
    client.force_login(world.barut_staff)

    response = client.post(
        resend_url(world.barut_training), {"registration": registration.pk}, follow=True
    )

    assert messages_of(response) == [
        "Ani Lestari tidak punya alamat e-mail, jadi kode tidak dikirim. Bacakan kodenya lewat "
        f"telepon: {registration.code}."
    ]
    assert (notices(), resent()) == ([], [])


@pytest.fixture
def claim(world, roles, regions):
    stored = ParticipantFactory(
        nik=build_nik(district_code="63.03.03", birth_date=BIRTH, sex="P", serial=77),
        full_name="Siti Rahmawati", sex="P", birth_date=BIRTH, email="siti@example.org",
    )  # fmt: skip
    return registration_submit(
        actor=None, training=world.barut_training, role=roles["tksk"], region_represented=None,
        consent=True, person=PersonDetails(nik=stored.nik, full_name="Siti R.", sex="P",
                                           birth_date=BIRTH, email="klaim@example.org"),
    ).registration  # fmt: skip


@pytest.mark.parametrize("rejected", [False, True], ids=["held", "rejected"])
def test_no_code_is_resent_for_an_unverified_claim(client, world, claim, rejected):
    if rejected:
        registration_identity_decide(
            actor=world.barut_staff, registration=claim, accept=False, reason="Bukan dia"
        )
    before = notices()
    client.force_login(world.barut_staff)

    response = client.post(
        resend_url(world.barut_training), {"registration": claim.pk}, follow=True
    )

    assert messages_of(response) == [
        "Kode pendaftaran yang data dirinya belum diverifikasi atau ditolak tidak dikirim ulang."
    ]
    assert (notices(), resent()) == (before, [])


def test_the_button_is_offered_on_every_row_but_unverified_claims(
    client, world, registration, claim
):
    rejected = registration_submit(
        actor=None, training=world.barut_training, role=claim.role, region_represented=None,
        consent=True, person=PersonDetails(nik=claim.participant.nik, full_name="Orang Lain",
                                           sex="P", birth_date=BIRTH),
    ).registration  # fmt: skip
    registration_identity_decide(
        actor=world.barut_staff, registration=rejected, accept=False, reason="Bukan dia"
    )
    client.force_login(world.barut_staff)

    response = client.get(list_url(world.barut_training))

    rows = texts(response, "pilar-registration")
    assert [row.split(" ")[0:2] for row in rows] == [
        ["Ani", "Lestari"],
        ["Siti", "R."],
        ["Orang", "Lain"],
    ]
    assert ["Kirim ulang kode" in row for row in rows] == [True, False, False]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("barut_supervisor", 403), ("kalteng_staff", 403), ("kapuas_staff", 404)],
)
def test_resend_refused_to_readers_and_outsiders(client, world, registration, persona, status):
    client.force_login(getattr(world, persona))

    response = client.post(resend_url(world.barut_training), {"registration": registration.pk})

    assert response.status_code == status
    assert (notices(), resent()) == ([], [])


def test_resend_of_another_trainings_registration_is_refused(client, world, registration):
    elsewhere = RegistrationFactory(training=world.kalsel_training)
    client.force_login(world.barut_staff)

    response = client.post(
        resend_url(world.barut_training), {"registration": elsewhere.pk}, follow=True
    )

    assert messages_of(response) == ["Pendaftaran yang dipilih tidak ditemukan pada pelatihan ini."]
    assert notices() == []
