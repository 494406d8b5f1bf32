"""The registration services: seat rule, identity, approval, promotion, cancellation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from participants.models import Participant, Region
from tests.factories import QuotaFactory, RoleGroupFactory, TrainingFactory, UserFactory
from tests.registrations import BIRTH, person, tasks_queued
from trainings.errors import CapacityError, PilarError
from trainings.models import AuditEvent, Quota, Registration, Training
from trainings.services import (
    InvalidTransition,
    NotEligible,
    RegistrationClosed,
    registration_cancel,
    registration_confirm,
    registration_reject,
    registration_submit,
    training_cancel,
)

pytestmark = pytest.mark.django_db


def submit(training, n, *, role, region=None, **kwargs):
    kwargs.setdefault("consent", True)
    return registration_submit(
        actor=None,
        training=training,
        person=kwargs.pop("who", None) or person(n),
        role=role,
        region_represented=region,
        **kwargs,
    )


def statuses(training) -> list[tuple[str, str, int | None, int | None]]:
    return list(
        Registration.objects.filter(training=training)
        .order_by("pk")
        .values_list("participant__full_name", "status", "quota", "waitlist_position")
    )


@pytest.fixture
def training(regions, roles):
    return TrainingFactory(capacity=5, eligible_roles=[roles["tksk"], roles["psm"]])


def test_submit_takes_an_open_seat_creates_the_person_audits_and_queues_a_notice(training, roles):
    result = submit(training, 1, role=roles["tksk"], region=Region.objects.get(code="62.05"))

    registration = result.registration
    assert (result.participant_created, result.already_registered) == (True, False)
    assert (registration.status, registration.quota, registration.source) == (
        "confirmed",
        None,
        "online",
    )
    assert (registration.phone, registration.email) == ("+6281200000001", "warga1@example.org")
    assert registration.consent_at is not None
    assert Participant.objects.get().full_name == "Warga 1"
    assert Training.objects.get(pk=training.pk).seats_taken == 1
    assert list(AuditEvent.objects.values_list("actor", "actor_label", "action", "changes")) == [
        (None, "publik", "registration.submit", {
            "status": "confirmed", "quota": None, "waitlist_position": None,
            "source": "online", "participant_created": True,
        }),
    ]  # fmt: skip
    assert tasks_queued() == [
        ("send_registration_notice", {"registration_id": registration.pk, "kind": "received"})
    ]


def test_submit_picks_the_most_specific_matching_quota(training, roles):
    barut = Region.objects.get(code="62.05")
    tksk_only = RoleGroupFactory(name="TKSK", roles=[roles["tksk"]])
    broad = RoleGroupFactory(name="TKSK/PSM", roles=[roles["tksk"], roles["psm"]])
    region_and_role = QuotaFactory(training=training, region=barut, role_group=broad, seats=1)
    region_only = QuotaFactory(training=training, region=barut, seats=1)
    narrow_role = QuotaFactory(training=training, role_group=tksk_only, seats=1)
    QuotaFactory(training=training, role_group=broad, seats=1)

    from_barut = submit(training, 1, role=roles["tksk"], region=barut).registration
    elsewhere = submit(training, 2, role=roles["tksk"], region=Region.objects.get(code="62.01"))
    no_region_psm = submit(training, 3, role=roles["psm"], region=None).registration

    assert from_barut.quota == region_and_role
    assert elsewhere.registration.quota == narrow_role
    assert no_region_psm.quota.role_group == broad
    assert region_only.seats_taken == 0


def test_a_full_quota_waitlists_per_cell_and_never_borrows_open_seats(training, roles):
    group = RoleGroupFactory(roles=[roles["tksk"]])
    quota = QuotaFactory(training=training, role_group=group, seats=1)

    for n in (1, 2, 3):
        submit(training, n, role=roles["tksk"])
    submit(training, 4, role=roles["psm"])

    assert statuses(training) == [
        ("Warga 1", "confirmed", quota.pk, None),
        ("Warga 2", "waitlisted", quota.pk, 1),
        ("Warga 3", "waitlisted", quota.pk, 2),
        ("Warga 4", "confirmed", None, None),
    ]
    assert Quota.objects.get(pk=quota.pk).seats_taken == 1
    assert Training.objects.get(pk=training.pk).seats_taken == 2


def test_a_full_open_pool_waitlists_at_positions_in_order(regions, roles):
    training = TrainingFactory(capacity=3, eligible_roles=[roles["tksk"]])
    QuotaFactory(training=training, region=Region.objects.get(code="63"), seats=1)

    for n in range(1, 6):
        submit(training, n, role=roles["tksk"])

    assert [row[1:] for row in statuses(training)] == [
        ("confirmed", None, None),
        ("confirmed", None, None),
        ("waitlisted", None, 1),
        ("waitlisted", None, 2),
        ("waitlisted", None, 3),
    ]


def test_submit_never_overwrites_an_existing_person_and_keeps_contact_on_the_registration(
    training, roles
):
    existing = Participant.objects.create(
        nik=person(1).nik, full_name="Ahmad Yani", sex="L", birth_date=BIRTH, phone="+6281111111111"
    )

    result = submit(
        training,
        1,
        role=roles["tksk"],
        who=person(1, full_name="Achmad", birth_date=datetime.date(1985, 10, 24)),
    )

    existing.refresh_from_db()
    assert (result.participant_created, result.registration.participant) == (False, existing)
    assert (existing.full_name, existing.birth_date, existing.phone) == (
        "Ahmad Yani",
        BIRTH,
        "+6281111111111",
    )
    assert result.registration.phone == "+6281200000001"


def test_resubmitting_the_same_nik_reminds_of_the_code_and_takes_no_second_seat(training, roles):
    first = submit(training, 1, role=roles["tksk"]).registration

    again = submit(training, 1, role=roles["psm"])

    assert (again.already_registered, again.registration.pk) == (True, first.pk)
    assert statuses(training) == [("Warga 1", "confirmed", None, None)]
    assert Training.objects.get(pk=training.pk).seats_taken == 1
    assert [kind["kind"] for _, kind in tasks_queued()] == ["received", "code_reminder"]
    assert AuditEvent.objects.count() == 1


def test_registering_again_after_cancelling_revives_the_same_row(training, roles):
    first = submit(training, 1, role=roles["tksk"]).registration
    registration_cancel(actor=None, registration=first)

    again = submit(training, 1, role=roles["psm"]).registration

    assert (again.pk, again.status, again.role) == (first.pk, "confirmed", roles["psm"])
    assert Training.objects.get(pk=training.pk).seats_taken == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "draft"}, "Pelatihan ini belum dibuka untuk pendaftaran."),
        ({"status": "cancelled"}, "Pelatihan ini dibatalkan."),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(hours=1)}, "Pendaftaran belum dibuka."),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(minutes=1),
          "registration_opens_at": timezone.now() - datetime.timedelta(days=2)}, "Pendaftaran sudah ditutup."),
    ],
)  # fmt: skip
def test_submit_outside_the_window_or_unpublished_is_refused_and_writes_nothing(
    training, roles, changes, message
):
    Training.objects.filter(pk=training.pk).update(**changes)
    training.refresh_from_db()

    with pytest.raises(RegistrationClosed) as error:
        submit(training, 1, role=roles["tksk"])

    assert error.value.message == message
    assert (
        Participant.objects.count(),
        Registration.objects.count(),
        AuditEvent.objects.count(),
    ) == (0, 0, 0)
    assert DBTaskResult.objects.count() == 0


def test_staff_may_register_after_the_public_window_closed(training, roles):
    Training.objects.filter(pk=training.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1),
        registration_opens_at=timezone.now() - datetime.timedelta(days=2),
    )

    result = submit(training, 1, role=roles["tksk"], source="staff", consent=False)

    assert (result.registration.status, result.registration.consent_at) == ("confirmed", None)


def test_submit_refuses_a_role_that_is_not_eligible(training, roles):
    with pytest.raises(NotEligible) as error:
        submit(training, 1, role=roles["tagana"])

    assert error.value.message == "Pelatihan ini tidak terbuka untuk unsur Taruna Siaga Bencana."
    assert Participant.objects.count() == 0


def test_public_submit_needs_consent(training, roles):
    with pytest.raises(PilarError, match="Persetujuan pemrosesan data pribadi"):
        submit(training, 1, role=roles["tksk"], consent=False)


def test_approval_holds_no_seat_until_confirmed_and_refuses_a_full_cell(regions, roles):
    staff = UserFactory(username="kabid")
    training = TrainingFactory(capacity=1, requires_approval=True, eligible_roles=[roles["tksk"]])
    first = submit(training, 1, role=roles["tksk"]).registration
    second = submit(training, 2, role=roles["tksk"]).registration

    assert [row[1] for row in statuses(training)] == ["pending", "pending"]
    assert Training.objects.get(pk=training.pk).seats_taken == 0

    confirmed = registration_confirm(actor=staff, registration=first)
    with pytest.raises(CapacityError) as error:
        registration_confirm(actor=staff, registration=second)

    assert (confirmed.status, confirmed.decided_by) == ("confirmed", staff)
    assert (
        error.value.message
        == "Kursi untuk kursi umum sudah penuh; konfirmasi tidak dapat dilakukan."
    )
    assert [row[1] for row in statuses(training)] == ["confirmed", "pending"]
    assert Training.objects.get(pk=training.pk).seats_taken == 1
    assert list(AuditEvent.objects.order_by("pk").values_list("actor_label", "action")) == [
        ("publik", "registration.submit"),
        ("publik", "registration.submit"),
        ("kabid", "registration.confirm"),
    ]


def test_cancelling_a_seat_promotes_the_first_waiting_of_the_same_quota(training, roles):
    group = RoleGroupFactory(roles=[roles["tksk"]])
    quota = QuotaFactory(training=training, role_group=group, seats=1)
    holder = submit(training, 1, role=roles["tksk"]).registration
    submit(training, 2, role=roles["tksk"])
    submit(training, 3, role=roles["tksk"])
    submit(training, 4, role=roles["psm"])  # open pool: not the same cell
    DBTaskResult.objects.all().delete()

    promoted = registration_cancel(actor=None, registration=holder)

    assert promoted.participant.full_name == "Warga 2"
    assert statuses(training) == [
        ("Warga 1", "cancelled", quota.pk, None),
        ("Warga 2", "confirmed", quota.pk, None),
        ("Warga 3", "waitlisted", quota.pk, 2),
        ("Warga 4", "confirmed", None, None),
    ]
    assert Quota.objects.get(pk=quota.pk).seats_taken == 1
    assert Training.objects.get(pk=training.pk).seats_taken == 2
    assert [(kw["registration_id"], kw["kind"]) for _, kw in tasks_queued()] == [
        (holder.pk, "cancelled"),
        (promoted.pk, "promoted"),
    ]
    assert list(AuditEvent.objects.order_by("-pk").values_list("action", "changes")[:2]) == [
        ("registration.promote", {"status": ["waitlisted", "confirmed"], "waitlist_position": [1, None]}),
        ("registration.cancel", {"status": ["confirmed", "cancelled"], "reason": ""}),
    ]  # fmt: skip


def test_promotion_continues_after_the_window_closes_until_the_training_starts(training, roles):
    Training.objects.filter(pk=training.pk).update(capacity=1)
    training.refresh_from_db()
    holder = submit(training, 1, role=roles["tksk"]).registration
    submit(training, 2, role=roles["tksk"])
    start = training.local_day_bounds()[0]

    after_window = registration_cancel(
        actor=None, registration=holder, now=start - datetime.timedelta(minutes=1)
    )

    assert after_window.participant.full_name == "Warga 2"


def test_no_promotion_once_the_training_has_started(training, roles):
    Training.objects.filter(pk=training.pk).update(capacity=1)
    training.refresh_from_db()
    holder = submit(training, 1, role=roles["tksk"]).registration
    submit(training, 2, role=roles["tksk"])

    promoted = registration_cancel(
        actor=None, registration=holder, now=training.local_day_bounds()[0]
    )

    assert promoted is None
    assert [row[1:] for row in statuses(training)] == [
        ("cancelled", None, None),
        ("waitlisted", None, 1),
    ]


def test_cancelling_twice_is_refused(training, roles):
    registration = submit(training, 1, role=roles["tksk"]).registration
    registration_cancel(actor=None, registration=registration)

    with pytest.raises(InvalidTransition) as error:
        registration_cancel(actor=None, registration=registration)

    assert error.value.message == "Pendaftaran ini sudah berstatus dibatalkan."


def test_reject_needs_a_reason_and_frees_the_seat(training, roles):
    staff = UserFactory(username="panitia")
    registration = submit(training, 1, role=roles["tksk"]).registration

    with pytest.raises(PilarError, match=r"Alasan penolakan wajib diisi\."):
        registration_reject(actor=staff, registration=registration, reason=" ")
    registration_reject(actor=staff, registration=registration, reason="Bukan TKSK aktif")

    registration.refresh_from_db()
    assert (registration.status, registration.decision_reason, registration.decided_by) == (
        "rejected",
        "Bukan TKSK aktif",
        staff,
    )
    assert Training.objects.get(pk=training.pk).seats_taken == 0


def test_cancelling_a_training_cancels_and_notifies_everyone_registered(regions, roles):
    staff = UserFactory(username="kadis")
    training = TrainingFactory(capacity=1, eligible_roles=[roles["tksk"]])
    quota = QuotaFactory(training=training, seats=1, region=Region.objects.get(code="62.05"))
    ids = [
        submit(training, n, role=roles["tksk"], region=quota.region).registration.pk for n in (1, 2)
    ]
    DBTaskResult.objects.all().delete()

    count = training_cancel(actor=staff, training=training, reason="Anggaran dialihkan")

    training.refresh_from_db()
    assert count == 2
    assert (training.status, training.cancelled_reason, training.seats_taken) == (
        "cancelled",
        "Anggaran dialihkan",
        0,
    )
    assert Quota.objects.get(pk=quota.pk).seats_taken == 0
    assert [row[1:] for row in statuses(training)] == [
        ("cancelled", quota.pk, None),
        ("cancelled", quota.pk, None),
    ]
    assert tasks_queued() == [
        ("send_training_cancelled", {"training_id": training.pk, "registration_ids": ids})
    ]
    assert list(AuditEvent.objects.filter(action="training.cancel").values_list("actor_label", "changes")) == [
        ("kadis", {"status": ["published", "cancelled"], "reason": "Anggaran dialihkan", "registrations": 2})
    ]  # fmt: skip
