"""No overbooking, ever: real concurrent connections racing on PostgreSQL.

Each test starts threads behind a barrier; every thread has its own database
connection (Django's are per thread) and closes it in ``finally``. The control
run switches the training lock off and shows the overbooking the lock prevents,
so these tests can fail.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from participants.models import Participant, Region
from participants.nik import build_nik
from tests.factories import QuotaFactory, RoleGroupFactory, TrainingFactory
from trainings.errors import TrainingBusy
from trainings.models import Quota, Registration, Training
from trainings.services import PersonDetails, locking, registration_cancel, registration_submit

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 20


def _run_together(jobs: list[Callable[[], object]]) -> list[object]:
    """Run the jobs in threads released at the same instant; return results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # collected and asserted by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _person(n: int) -> PersonDetails:
    birth = datetime.date(1980, 1, 1) + datetime.timedelta(days=n)
    return PersonDetails(
        nik=build_nik(district_code="62.05.05", birth_date=birth, sex="L", serial=n),
        full_name=f"Pelomba {n}",
        sex="L",
        birth_date=birth,
    )


def _register(training: Training, n: int, role, region=None):
    return lambda: registration_submit(
        actor=None,
        training=training,
        person=_person(n),
        role=role,
        region_represented=region,
        consent=True,
    )


def _outcome(training: Training) -> tuple[list[str], list[int]]:
    rows = Registration.objects.filter(training=training)
    confirmed = sorted(rows.filter(status="confirmed").values_list("participant__nik", flat=True))
    positions = sorted(rows.filter(status="waitlisted").values_list("waitlist_position", flat=True))
    return confirmed, positions


def test_twenty_people_racing_for_a_three_seat_quota(regions, roles):
    training = TrainingFactory(capacity=10, eligible_roles=[roles["tksk"]])
    quota = QuotaFactory(
        training=training, seats=3, role_group=RoleGroupFactory(roles=[roles["tksk"]])
    )

    results = _run_together([_register(training, n, roles["tksk"]) for n in range(1, RACERS + 1)])

    confirmed, positions = _outcome(training)
    assert [type(result).__name__ for result in results] == ["SubmitResult"] * RACERS
    assert (len(confirmed), positions) == (3, list(range(1, 18)))
    assert Quota.objects.get(pk=quota.pk).seats_taken == 3
    assert Training.objects.get(pk=training.pk).seats_taken == 3
    assert Registration.objects.filter(training=training, quota=quota).count() == RACERS


def test_twenty_people_racing_for_three_open_seats(regions, roles):
    training = TrainingFactory(capacity=10, eligible_roles=[roles["tksk"]])
    QuotaFactory(training=training, seats=7, region=Region.objects.get(code="63"))

    results = _run_together([_register(training, n, roles["tksk"]) for n in range(1, RACERS + 1)])

    confirmed, positions = _outcome(training)
    assert all(type(result).__name__ == "SubmitResult" for result in results)
    assert (len(confirmed), positions) == (3, list(range(1, 18)))
    assert Training.objects.get(pk=training.pk).seats_taken == 3


def test_twenty_people_racing_for_a_training_of_capacity_three(regions, roles):
    training = TrainingFactory(capacity=3, eligible_roles=[roles["tksk"]])

    _run_together([_register(training, n, roles["tksk"]) for n in range(1, RACERS + 1)])

    confirmed, positions = _outcome(training)
    assert (len(confirmed), positions) == (3, list(range(1, 18)))
    assert Training.objects.get(pk=training.pk).seats_taken == 3


def test_cancel_racing_a_new_registration_keeps_exactly_one_seat_taken(regions, roles):
    training = TrainingFactory(capacity=1, eligible_roles=[roles["tksk"]])
    holder = _register(training, 1, roles["tksk"])().registration
    waiting = _register(training, 2, roles["tksk"])().registration

    _run_together(
        [
            lambda: registration_cancel(actor=None, registration=holder),
            _register(training, 3, roles["tksk"]),
        ]
    )

    rows = dict(
        Registration.objects.filter(training=training).values_list(
            "participant__full_name", "status"
        )
    )
    assert rows == {"Pelomba 1": "cancelled", "Pelomba 2": "confirmed", "Pelomba 3": "waitlisted"}
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert Training.objects.get(pk=training.pk).seats_taken == 1


def test_two_first_time_registrations_with_the_same_new_nik_make_one_person(regions, roles):
    training = TrainingFactory(capacity=5, eligible_roles=[roles["tksk"]])

    results = _run_together([_register(training, 7, roles["tksk"]) for _ in range(2)])

    assert sorted(result.already_registered for result in results) == [False, True]
    assert Participant.objects.count() == 1
    assert Registration.objects.count() == 1
    assert Training.objects.get(pk=training.pk).seats_taken == 1


def test_a_held_lock_times_out_into_a_friendly_error_and_writes_nothing(
    regions, roles, monkeypatch
):
    monkeypatch.setattr(locking, "LOCK_TIMEOUT", "200ms")
    training = TrainingFactory(capacity=5, eligible_roles=[roles["tksk"]])
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        with transaction.atomic():
            locking.lock_training(training.pk)
            locked.set()
            release.wait(timeout=10)

    def register_while_locked():
        locked.wait(timeout=10)
        try:
            return _register(training, 1, roles["tksk"])()
        finally:
            release.set()

    results = _run_together([hold_the_lock, register_while_locked])

    assert isinstance(results[1], TrainingBusy)
    assert results[1].message == (
        "Banyak orang sedang mendaftar pada pelatihan ini. Silakan coba lagi sebentar."
    )
    assert (Participant.objects.count(), Registration.objects.count()) == (0, 0)


def test_control_without_the_lock_the_same_race_overbooks(regions, roles, monkeypatch):
    monkeypatch.setattr(locking, "ENABLED", False)
    monkeypatch.setattr(locking, "RACE_WINDOW_SECONDS", 0.2)
    training = TrainingFactory(capacity=10, eligible_roles=[roles["tksk"]])
    QuotaFactory(training=training, seats=3, role_group=RoleGroupFactory(roles=[roles["tksk"]]))

    _run_together([_register(training, n, roles["tksk"]) for n in range(1, RACERS + 1)])

    confirmed, _positions = _outcome(training)
    assert len(confirmed) > 3


def test_withdraw_and_replace_racing_a_public_registration_for_the_cell(world, roles):
    """Banjar's operator withdraws their seated nominee and names a pengganti while a
    Banjar resident registers online for the same (full) cell: whichever comes first,
    the pengganti holds the one seat, the resident waits, and the counters say one."""
    from trainings.services.nominations import nomination_submit
    from trainings.services.withdrawal import Replacement, nomination_withdraw

    training = world.kalsel_training
    Training.objects.filter(pk=training.pk).update(requires_approval=False)
    training.refresh_from_db()
    role = roles["pendamping-sosial"]
    banjar = Region.objects.get(code="63.03")
    cell = training.quotas.get(region=banjar, role_group__name="Pendamping sosial")
    seated = nomination_submit(
        actor=world.banjar_operator, training=training, quota=cell, person=_person(1), role=role
    ).registration

    results = _run_together(
        [
            lambda: nomination_withdraw(
                actor=world.banjar_operator,
                registration=seated,
                reason="Sakit.",
                replacement=Replacement(person=_person(2), role=role),
            ),
            _register(training, 3, role, region=banjar),
        ]
    )

    assert [type(result).__name__ for result in results] == ["WithdrawResult", "SubmitResult"]
    rows = dict(
        Registration.objects.filter(training=training).values_list(
            "participant__full_name", "status"
        )
    )
    assert rows == {"Pelomba 1": "cancelled", "Pelomba 2": "confirmed", "Pelomba 3": "waitlisted"}
    assert Quota.objects.get(pk=cell.pk).seats_taken == 1
    assert Training.objects.get(pk=training.pk).seats_taken == 1
