"""Identity claims: a known NIK typed with another name or birth date reveals nothing,
takes no seat and waits for staff, who accept it (only with the person in scope) or
reject it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django_tasks_db.models import DBTaskResult

from participants.models import Participant, Region
from participants.nik import build_nik
from tests.factories import ParticipantFactory, RegistrationFactory, TrainingFactory
from trainings.errors import PilarError
from trainings.models import AuditEvent, Registration, Training
from trainings.notifications import send_registration_notice
from trainings.services import InvalidTransition, PersonDetails, registration_submit
from trainings.services.identity import OutOfScope, registration_identity_decide

pytestmark = pytest.mark.django_db
BIRTH = datetime.date(1985, 10, 23)
# A resident of Kabupaten Banjar (Kalsel): outside Barito Utara's scope.
NIK = build_nik(district_code="63.03.03", birth_date=BIRTH, sex="P", serial=77)


@pytest.fixture
def stored(regions):
    """A Banjar resident already known to Pilar (from Banjar's registry import)."""
    return ParticipantFactory(
        nik=NIK,
        home_region=Region.objects.get(code="63.03.03"),
        full_name="Siti Rahmawati",
        sex="P",
        birth_date=BIRTH,
        birth_place="Gambut",
        phone="+6281311112222",
        email="siti@example.org",
    )


def typed(**overrides) -> PersonDetails:
    values = {
        "nik": NIK,
        "full_name": "Siti Rahmawati",
        "sex": "P",
        "birth_date": BIRTH,
        "birth_place": "Gambut",
        "phone": "+6285700001111",
        "email": "someone@example.org",
    }
    values.update(overrides)
    return PersonDetails(**values)


def submit(training, person, roles):
    return registration_submit(
        actor=None, training=training, person=person, role=roles["tksk"],
        region_represented=Region.objects.get(code="62.05"), consent=True,
    )  # fmt: skip


def kinds_queued() -> list[str]:
    return [
        row.args_kwargs["kwargs"]["kind"]
        for row in DBTaskResult.objects.order_by("enqueued_at", "id")
    ]


@pytest.mark.parametrize(
    "person",
    [
        typed(full_name="Orang Lain"),
        typed(birth_date=datetime.date(1990, 1, 1)),
        typed(full_name="Siti"),
    ],
    ids=["other-name", "other-birth-date", "part-of-the-name"],
)
def test_a_known_nik_with_another_identity_is_held_without_a_seat(world, stored, roles, person):
    training = world.barut_training

    result = submit(training, person, roles)

    claim = result.registration
    stored.refresh_from_db()
    assert (result.already_registered, result.participant_created) == (False, False)
    assert (claim.status, claim.identity_check, claim.quota_id, claim.waitlist_position) == (
        "held", "held", None, None,
    )  # fmt: skip
    assert claim.typed_identity == {
        "full_name": person.full_name, "birth_date": person.birth_date.isoformat(), "sex": "P",
        "birth_place": "Gambut", "home_region": "",
    }  # fmt: skip
    assert (claim.phone, claim.email) == ("+6285700001111", "someone@example.org")
    assert (stored.full_name, stored.phone, stored.email) == (
        "Siti Rahmawati", "+6281311112222", "siti@example.org",
    )  # fmt: skip
    assert Training.objects.get(pk=training.pk).seats_taken == 0
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["registration.hold"]
    assert kinds_queued() == ["held"]


@pytest.mark.parametrize(
    "name", ["SITI RAHMAWATI", "  siti   rahmawati ", "Hj. Siti Rahmawati, S.Sos"]
)
def test_a_known_nik_with_the_same_identity_is_placed_as_the_stored_person(
    world, stored, roles, name
):
    result = submit(world.barut_training, typed(full_name=name), roles)

    registration = result.registration
    assert (registration.participant, registration.status, registration.identity_check) == (
        stored, "confirmed", "",
    )  # fmt: skip
    assert registration.typed_name == name
    assert kinds_queued() == ["received"]


def test_a_claim_on_someone_already_registered_looks_like_any_claim(world, stored, roles):
    training = world.barut_training
    own = submit(training, typed(), roles).registration

    claim = submit(training, typed(full_name="Orang Lain"), roles)

    assert claim.already_registered is False
    assert claim.registration.pk != own.pk
    assert list(Registration.objects.order_by("pk").values_list("status", "identity_check")) == [
        ("confirmed", ""),
        ("held", "held"),
    ]
    # No code reminder to the person: the claimant learns nothing about them.
    assert kinds_queued() == ["received", "held"]


def test_a_new_nik_is_registered_with_the_typed_identity(world, regions, roles):
    result = submit(world.barut_training, typed(nik=build_nik(
        district_code="62.05.05", birth_date=BIRTH, sex="P", serial=78
    )), roles)  # fmt: skip

    assert (result.participant_created, result.registration.status) == (True, "confirmed")
    assert result.registration.typed_name == "Siti Rahmawati"


def test_held_notice_greets_the_typed_name_at_the_typed_address_only(
    world, stored, roles, mailoutbox
):
    claim = submit(world.barut_training, typed(full_name="Orang Lain", email=""), roles)
    no_address = send_registration_notice.call(registration_id=claim.registration.pk, kind="held")
    claim_with_address = submit(
        TrainingFactory(organizer=world.barut, eligible_roles=[roles["tksk"]]),
        typed(full_name="Orang Lain"),
        roles,
    )

    sent = send_registration_notice.call(
        registration_id=claim_with_address.registration.pk, kind="held"
    )

    assert (no_address, sent) == (False, True)
    [mail] = mailoutbox
    assert mail.to == ["someone@example.org"]
    assert "Yth. Orang Lain," in mail.body
    assert "Siti" not in mail.body + mail.subject
    assert "menunggu verifikasi data" in mail.subject


# --- staff decide --------------------------------------------------------------------


@pytest.fixture
def claim(world, stored, roles):
    return submit(world.barut_training, typed(full_name="Siti R."), roles).registration


def test_staff_with_the_person_in_scope_accept_and_the_claim_takes_a_seat(world, claim, roles):
    # She took part in an earlier Barito Utara training: she is in its staff's scope.
    RegistrationFactory(participant=claim.participant, training=TrainingFactory(
        organizer=world.barut, slug="pelatihan-lalu"
    ))  # fmt: skip

    decided = registration_identity_decide(actor=world.barut_staff, registration=claim, accept=True)

    assert (decided.status, decided.identity_check, decided.decided_by) == (
        "confirmed", "accepted", world.barut_staff,
    )  # fmt: skip
    assert Training.objects.get(pk=claim.training_id).seats_taken == 1
    assert AuditEvent.objects.filter(action="registration.identity_accept").count() == 1


def test_staff_without_the_person_in_scope_cannot_accept(world, claim):
    with pytest.raises(OutOfScope):
        registration_identity_decide(actor=world.barut_staff, registration=claim, accept=True)

    claim.refresh_from_db()
    assert (claim.status, claim.identity_check) == ("held", "held")


def test_accepting_when_the_person_is_already_registered_is_refused(world, stored, roles):
    training = world.barut_training
    own = submit(training, typed(), roles).registration
    claim = submit(training, typed(full_name="Orang Lain"), roles).registration

    with pytest.raises(InvalidTransition) as excinfo:
        registration_identity_decide(actor=world.barut_staff, registration=claim, accept=True)

    assert own.code in str(excinfo.value)


def test_rejecting_needs_a_reason_and_ends_the_claim(world, claim):
    with pytest.raises(PilarError):
        registration_identity_decide(actor=world.barut_staff, registration=claim, accept=False)

    decided = registration_identity_decide(
        actor=world.barut_staff, registration=claim, accept=False, reason="Bukan orang yang sama"
    )

    assert (decided.status, decided.identity_check, decided.decision_reason) == (
        "rejected", "rejected", "Bukan orang yang sama",
    )  # fmt: skip
    assert kinds_queued() == ["held", "rejected"]
    with pytest.raises(InvalidTransition):
        registration_identity_decide(
            actor=world.barut_staff, registration=decided, accept=False, reason="lagi"
        )


def test_the_database_keeps_held_and_its_identity_check_together(world, stored, roles):
    from django.db import IntegrityError, transaction

    claim = submit(world.barut_training, typed(full_name="Orang Lain"), roles).registration

    with (
        pytest.raises(IntegrityError, match="registration_held_iff_identity_held"),
        transaction.atomic(),
    ):
        Registration.objects.filter(pk=claim.pk).update(status="confirmed")
    assert Participant.objects.count() == 1


# --- claims beside the other writes --------------------------------------------------


def test_cancelling_the_training_ends_its_held_claims_for_good(world, claim):
    from trainings.services import training_cancel

    training_cancel(actor=world.barut_admin, training=world.barut_training, reason="Banjir")

    claim.refresh_from_db()
    assert (claim.status, claim.identity_check) == ("cancelled", "rejected")
    root = User.objects.create_superuser("root", "root@example.org", "x")
    with pytest.raises(InvalidTransition):
        registration_identity_decide(actor=root, registration=claim, accept=True)
    assert Training.objects.get(pk=claim.training_id).seats_taken == 0


def test_merging_moves_a_claim_on_the_kept_record_untouched(world, stored, claim, roles):
    """The kept record has a claim in a training where the other record is registered:
    the claim is no registration of the person, so nothing collides or is dropped."""
    from trainings.services.participants import participant_merge

    twin = ParticipantFactory(
        nik=build_nik(district_code="63.03.03", birth_date=BIRTH, sex="P", serial=78),
        full_name="Siti Rahmawati",
        sex="P",
        birth_date=BIRTH,
        home_region=Region.objects.get(code="63.03.03"),
    )
    own = RegistrationFactory(participant=twin, training=world.barut_training, role=roles["tksk"])

    root = User.objects.create_superuser("root", "root@example.org", "x")
    participant_merge(actor=root, keep=stored, remove=twin, field_choices={})

    assert list(Registration.objects.order_by("pk").values_list("pk", "participant", "status")) == [
        (claim.pk, stored.pk, "held"),
        (own.pk, stored.pk, "confirmed"),
    ]
