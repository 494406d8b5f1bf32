"""Staff decisions (trainings.services.decisions): waitlist, promote, release a quota's seats."""

from __future__ import annotations

import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from participants.models import Region
from tests.factories import QuotaFactory, TrainingFactory, UserFactory
from tests.registrations import register
from trainings.errors import CapacityError, PilarError
from trainings.models import AuditEvent, Quota, Registration, Training
from trainings.services import (
    InvalidTransition,
    registration_reject,
)
from trainings.services.decisions import (
    QuotaRelease,
    quota_release_unfilled,
    registration_promote,
    registration_waitlist,
)

pytestmark = pytest.mark.django_db
BANJAR = "63.03"


def submit(training, n: int, *, role, region=None, source="online") -> Registration:
    return register(training, n, role=role, region=region, source=source, phone="")


def rows(training) -> list[tuple[str, str, int | None, int | None]]:
    return list(
        Registration.objects.filter(training=training)
        .order_by("pk")
        .values_list("participant__full_name", "status", "quota", "waitlist_position")
    )


def staff_events() -> list[tuple[str, str, dict]]:
    """Audit events written by staff (the submissions are the public's)."""
    return list(
        AuditEvent.objects.exclude(actor_label="publik")
        .order_by("pk")
        .values_list("action", "object_id", "changes")
    )


def notices_after(mark: int) -> list[tuple[int, str]]:
    return [
        (row.args_kwargs["kwargs"]["registration_id"], row.args_kwargs["kwargs"]["kind"])
        for row in DBTaskResult.objects.order_by("enqueued_at", "id")[mark:]
    ]


@pytest.fixture
def staff(db):
    return UserFactory(username="panitia")


@pytest.fixture
def approval_training(regions, roles):
    """Approval required; a one-seat quota for Banjar; 3 open seats."""
    training = TrainingFactory(capacity=4, requires_approval=True, eligible_roles=[roles["tksk"]])
    quota = QuotaFactory(training=training, region=Region.objects.get(code=BANJAR), seats=1)
    return training, quota


def test_waitlist_puts_a_pending_registration_at_the_next_position_of_its_cell(
    approval_training, roles, staff
):
    training, quota = approval_training
    banjar = Region.objects.get(code=BANJAR)
    submit(training, 1, role=roles["tksk"], region=banjar, source="staff")  # takes the seat
    submit(training, 2, role=roles["tksk"], region=banjar, source="staff")  # waitlisted, 1
    pending = submit(training, 3, role=roles["tksk"], region=banjar)
    mark = DBTaskResult.objects.count()

    result = registration_waitlist(actor=staff, registration=pending)

    assert (result.status, result.waitlist_position, result.decided_by) == ("waitlisted", 2, staff)
    assert rows(training) == [
        ("Warga 1", "confirmed", quota.pk, None),
        ("Warga 2", "waitlisted", quota.pk, 1),
        ("Warga 3", "waitlisted", quota.pk, 2),
    ]
    assert staff_events() == [
        ("registration.waitlist", str(pending.pk), {
            "status": ["pending", "waitlisted"], "waitlist_position": [None, 2],
        }),
    ]  # fmt: skip
    assert notices_after(mark) == [(pending.pk, "waitlisted")]
    assert (
        Quota.objects.get(pk=quota.pk).seats_taken,
        Training.objects.get(pk=training.pk).seats_taken,
    ) == (1, 1)


def test_waitlist_refuses_anything_but_pending_and_changes_nothing(approval_training, roles, staff):
    training, _quota = approval_training
    confirmed = submit(training, 1, role=roles["tksk"], source="staff")
    mark = DBTaskResult.objects.count()

    with pytest.raises(InvalidTransition) as error:
        registration_waitlist(actor=staff, registration=confirmed)

    assert error.value.message == (
        "Hanya pendaftaran yang menunggu persetujuan yang bisa dimasukkan ke daftar tunggu "
        "(status sekarang: terdaftar)."
    )
    assert rows(training) == [("Warga 1", "confirmed", None, None)]
    assert (staff_events(), notices_after(mark)) == ([], [])


def test_promote_confirms_a_waitlisted_registration_when_its_cell_has_room(
    approval_training, roles, staff
):
    training, _quota = approval_training
    pending = submit(training, 1, role=roles["tksk"])
    registration_waitlist(actor=staff, registration=pending)
    mark = DBTaskResult.objects.count()

    promoted = registration_promote(actor=staff, registration=pending)

    assert (promoted.status, promoted.waitlist_position, promoted.decided_by) == (
        "confirmed",
        None,
        staff,
    )
    assert Training.objects.get(pk=training.pk).seats_taken == 1
    assert [event[0] for event in staff_events()] == [
        "registration.waitlist",
        "registration.confirm",
    ]
    assert staff_events()[1][2] == {"status": ["waitlisted", "confirmed"]}
    assert notices_after(mark) == [(pending.pk, "confirmed")]


def test_promote_refuses_a_pending_registration_and_a_full_cell(approval_training, roles, staff):
    training, quota = approval_training
    banjar = Region.objects.get(code=BANJAR)
    pending = submit(training, 1, role=roles["tksk"], region=banjar)
    submit(training, 2, role=roles["tksk"], region=banjar, source="staff")  # takes the seat
    waiting = submit(training, 3, role=roles["tksk"], region=banjar, source="staff")

    with pytest.raises(InvalidTransition) as not_waiting:
        registration_promote(actor=staff, registration=pending)
    with pytest.raises(CapacityError) as full:
        registration_promote(actor=staff, registration=waiting)

    assert not_waiting.value.message == (
        "Pendaftaran berstatus menunggu persetujuan tidak ada di daftar tunggu."
    )
    assert full.value.message == (
        "Kursi untuk Kabupaten Banjar · semua unsur · 1 sudah penuh; konfirmasi tidak dapat "
        "dilakukan."
    )
    assert rows(training) == [
        ("Warga 1", "pending", quota.pk, None),
        ("Warga 2", "confirmed", quota.pk, None),
        ("Warga 3", "waitlisted", quota.pk, 1),
    ]
    assert staff_events() == []


def test_release_shrinks_a_quota_to_its_taken_seats_and_promotes_the_open_waiting_list(
    regions, roles, staff
):
    training = TrainingFactory(capacity=5, eligible_roles=[roles["tksk"]])
    quota = QuotaFactory(training=training, region=Region.objects.get(code=BANJAR), seats=3)
    submit(training, 1, role=roles["tksk"], region=Region.objects.get(code=BANJAR))
    for n in range(2, 7):  # two open seats, then three waiting
        submit(training, n, role=roles["tksk"])
    mark = DBTaskResult.objects.count()

    result = quota_release_unfilled(actor=staff, quota=quota)

    first, second = Registration.objects.filter(
        participant__full_name__in=["Warga 4", "Warga 5"]
    ).order_by("pk")
    assert result == QuotaRelease(released=2, deleted=False, moved=0, promoted=[first, second])
    assert Quota.objects.get(pk=quota.pk).seats == 1
    assert rows(training) == [
        ("Warga 1", "confirmed", quota.pk, None),
        ("Warga 2", "confirmed", None, None),
        ("Warga 3", "confirmed", None, None),
        ("Warga 4", "confirmed", None, None),
        ("Warga 5", "confirmed", None, None),
        ("Warga 6", "waitlisted", None, 3),
    ]
    assert Training.objects.get(pk=training.pk).seats_taken == 5
    assert staff_events() == [
        ("quota.release", str(quota.pk), {"seats": [3, 1], "deleted": False, "moved_to_open_pool": 0}),
        ("registration.promote", str(first.pk), {"status": ["waitlisted", "confirmed"], "waitlist_position": [1, None]}),
        ("registration.promote", str(second.pk), {"status": ["waitlisted", "confirmed"], "waitlist_position": [2, None]}),
    ]  # fmt: skip
    assert notices_after(mark) == [(first.pk, "promoted"), (second.pk, "promoted")]


def test_release_of_an_untouched_quota_deletes_it_and_moves_its_registrations_to_the_open_pool(
    regions, roles, staff
):
    training = TrainingFactory(capacity=4, requires_approval=True, eligible_roles=[roles["tksk"]])
    banjar = Region.objects.get(code=BANJAR)
    quota = QuotaFactory(training=training, region=banjar, seats=2)
    submit(training, 1, role=roles["tksk"], source="staff")  # open seat 1
    submit(training, 2, role=roles["tksk"], source="staff")  # open seat 2
    submit(training, 3, role=roles["tksk"], source="staff")  # open waiting list, 1
    in_quota = [submit(training, n, role=roles["tksk"], region=banjar) for n in (4, 5, 6, 7)]
    registration_waitlist(actor=staff, registration=in_quota[1])  # quota position 1
    registration_waitlist(actor=staff, registration=in_quota[0])  # quota position 2
    registration_reject(actor=staff, registration=in_quota[3], reason="Bukan warga Banjar")
    AuditEvent.objects.all().delete()
    mark = DBTaskResult.objects.count()

    result = quota_release_unfilled(actor=staff, quota=quota)

    warga_3 = Registration.objects.get(participant__full_name="Warga 3")
    assert result == QuotaRelease(
        released=2, deleted=True, moved=4, promoted=[warga_3, in_quota[1]]
    )
    assert not Quota.objects.filter(pk=quota.pk).exists()
    assert rows(training) == [
        ("Warga 1", "confirmed", None, None),
        ("Warga 2", "confirmed", None, None),
        ("Warga 3", "confirmed", None, None),
        ("Warga 4", "waitlisted", None, 3),  # was second in the quota: after Warga 5
        ("Warga 5", "confirmed", None, None),  # was first in the quota: open position 2
        ("Warga 6", "pending", None, None),
        ("Warga 7", "rejected", None, None),
    ]
    assert Training.objects.get(pk=training.pk).seats_taken == 4
    assert staff_events() == [
        ("quota.release", str(quota.pk), {"seats": [2, 0], "deleted": True, "moved_to_open_pool": 4}),
        ("registration.promote", str(warga_3.pk), {"status": ["waitlisted", "confirmed"], "waitlist_position": [1, None]}),
        ("registration.promote", str(in_quota[1].pk), {"status": ["waitlisted", "confirmed"], "waitlist_position": [2, None]}),
    ]  # fmt: skip
    assert notices_after(mark) == [(warga_3.pk, "promoted"), (in_quota[1].pk, "promoted")]


def test_release_of_a_full_quota_is_refused(regions, roles, staff):
    training = TrainingFactory(capacity=3, eligible_roles=[roles["tksk"]])
    quota = QuotaFactory(training=training, region=Region.objects.get(code=BANJAR), seats=1)
    submit(training, 1, role=roles["tksk"], region=Region.objects.get(code=BANJAR))

    with pytest.raises(PilarError) as error:
        quota_release_unfilled(actor=staff, quota=quota)

    assert error.value.message == (
        "Semua kursi kuota ini sudah terisi; tidak ada yang bisa dilepas."
    )
    assert (Quota.objects.get(pk=quota.pk).seats, staff_events()) == (1, [])


def test_release_in_a_cancelled_training_is_refused(regions, roles, staff):
    training = TrainingFactory(capacity=3, status="cancelled")
    quota = QuotaFactory(training=training, region=Region.objects.get(code=BANJAR), seats=2)

    with pytest.raises(PilarError) as error:
        quota_release_unfilled(actor=staff, quota=quota)

    assert error.value.message == "Pelatihan ini dibatalkan."
    assert (Quota.objects.get(pk=quota.pk).seats, staff_events()) == (2, [])


def test_release_promotes_nobody_once_the_training_has_started(regions, roles, staff):
    training = TrainingFactory(capacity=2, eligible_roles=[roles["tksk"]])
    quota = QuotaFactory(training=training, region=Region.objects.get(code=BANJAR), seats=1)
    submit(training, 1, role=roles["tksk"])
    waiting = submit(training, 2, role=roles["tksk"])
    started = datetime.datetime.combine(training.starts_on, datetime.time(9), training.tz)

    result = quota_release_unfilled(actor=staff, quota=quota, now=started)

    assert result == QuotaRelease(released=1, deleted=True, moved=0, promoted=[])
    assert Registration.objects.get(pk=waiting.pk).status == "waitlisted"
