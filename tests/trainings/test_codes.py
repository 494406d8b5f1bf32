"""Registration codes (trainings/services/codes.py): a code already taken is redrawn,
in the same transaction and without an error; running out of draws is a domain error.

The draws are forced by replacing ``new_code`` with a list of codes, the first of
them one a registration of another training already holds.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from tests.factories import ParticipantFactory, RegistrationFactory, TrainingFactory
from tests.registrations import nik, person
from trainings.imports.columns import REGISTRATION_COLUMNS
from trainings.imports.jobs import apply_plan, plan_file
from trainings.models import AuditEvent, Registration
from trainings.services import registration_submit
from trainings.services.codes import CODE_ATTEMPTS, CodesExhausted, registrations_insert

pytestmark = pytest.mark.django_db

EXHAUSTED = (
    "Kode pendaftaran baru tidak dapat dibuat karena setiap kode yang diundi sudah dipakai. "
    "Tidak ada yang disimpan; coba lagi sebentar lagi."
)


@pytest.fixture
def training(regions, roles):
    return TrainingFactory(capacity=10, eligible_roles=[roles["tksk"]])


@pytest.fixture
def taken(roles) -> str:
    """A code held by a registration of another training."""
    someone = ParticipantFactory(birth_date=datetime.date(1970, 1, 1))  # no NIK of ours
    return RegistrationFactory(code="TAKEN000", participant=someone).code


@pytest.fixture
def draws(monkeypatch):
    """Make ``new_code`` return the given codes in order; returns the list of codes drawn."""
    drawn: list[str] = []

    def force(*codes: str) -> list[str]:
        queue = list(codes)

        def next_code() -> str:
            code = queue.pop(0) if len(queue) > 1 else queue[0]
            drawn.append(code)
            return code

        monkeypatch.setattr("trainings.services.codes.new_code", next_code)
        return drawn

    return force


def submit(training, roles, n: int):
    return registration_submit(
        actor=None, training=training, person=person(n), role=roles["tksk"],
        region_represented=None, consent=True,
    )  # fmt: skip


def registration_inserts(queries) -> list[str]:
    return [
        q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "trainings_registration"')
    ]


def test_a_taken_code_is_redrawn_and_the_registration_succeeds_in_the_same_transaction(
    training, roles, taken, draws
):
    drawn = draws(taken, "FRESH001")

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        result = submit(training, roles, 1)
        # The surrounding transaction was never aborted: it goes on and commits.
        assert not connection.needs_rollback
        assert Registration.objects.filter(training=training).count() == 1

    registration = Registration.objects.get(training=training)
    assert drawn == [taken, "FRESH001"]
    assert (result.registration.pk, result.registration.code) == (registration.pk, "FRESH001")
    assert (registration.code, registration.status, registration.participant.nik) == (
        "FRESH001",
        "confirmed",
        nik(1),
    )
    inserts = registration_inserts(queries.captured_queries)
    assert len(inserts) == 2
    assert all(
        'ON CONFLICT ON CONSTRAINT "registration_code_unique" DO NOTHING' in sql for sql in inserts
    )
    assert not [q for q in queries.captured_queries if "ROLLBACK" in q["sql"]]
    assert list(AuditEvent.objects.values_list("action", "object_id")) == [
        ("registration.submit", str(registration.pk))
    ]


def test_running_out_of_draws_is_a_domain_error_and_the_transaction_goes_on(
    training, roles, taken, draws
):
    drawn = draws(taken)

    with transaction.atomic():
        with pytest.raises(CodesExhausted) as refused:
            submit(training, roles, 1)
        assert not connection.needs_rollback
        assert list(Registration.objects.values_list("code", flat=True)) == [taken]

    assert refused.value.message == EXHAUSTED
    assert drawn == [taken] * CODE_ATTEMPTS
    assert not Registration.objects.filter(training=training).exists()


def test_an_identity_claim_redraws_a_taken_code_too(training, roles, taken, draws):
    submit(training, roles, 1)
    draws(taken, "CHECK001")

    claim = registration_submit(
        actor=None, training=training, person=person(1, full_name="Orang Lain"),
        role=roles["tksk"], region_represented=None, consent=True,
    ).registration  # fmt: skip

    assert (claim.status, claim.code) == ("held", "CHECK001")


def test_an_import_redraws_only_the_codes_that_were_taken(training, roles, taken, draws):
    book = Workbook()
    book.active.append([column.header for column in REGISTRATION_COLUMNS])
    for n in (1, 2, 3):
        book.active.append([n, nik(n), f"Warga {n}", "L", "Muara Teweh", "23-10-1985",
                            f"0812 3456 {n:04d}", "", "Teweh Tengah", "Barito Utara", "TKSK", "",
                            "Barito Utara"])  # fmt: skip
    content = io.BytesIO()
    book.save(content)
    plan = plan_file(kind="registrations", file=content, user=None, training=training)
    drawn = draws("BATCH001", taken, "BATCH003", "BATCH002")

    with CaptureQueriesContext(connection) as queries:
        outcome = apply_plan(kind="registrations", plan=plan, actor=None, training=training)

    assert (outcome.created, outcome.summary) == (3, {"confirmed": 3})
    assert drawn == ["BATCH001", taken, "BATCH003", "BATCH002"]
    assert list(
        Registration.objects.filter(training=training)
        .order_by("participant__full_name")
        .values_list("participant__full_name", "code", "status", "source")
    ) == [
        ("Warga 1", "BATCH001", "confirmed", "import"),
        ("Warga 2", "BATCH002", "confirmed", "import"),
        ("Warga 3", "BATCH003", "confirmed", "import"),
    ]
    assert len(registration_inserts(queries.captured_queries)) == 2  # all three, then one again
    audited = AuditEvent.objects.filter(action="registration.submit")
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(
        str(pk)
        for pk in Registration.objects.filter(training=training).values_list("pk", flat=True)
    )


def test_one_insert_without_a_collision_and_one_more_with_one(
    training, roles, taken, draws, django_assert_num_queries
):
    first = RegistrationFactory.build(training=training, participant=ParticipantFactory())
    second = RegistrationFactory.build(training=training, participant=ParticipantFactory())
    draws("QQQQ0001")
    with django_assert_num_queries(1):
        registrations_insert([first])
    draws(taken, "QQQQ0002")
    with django_assert_num_queries(2):
        registrations_insert([second])

    assert list(
        Registration.objects.filter(training=training).order_by("pk").values_list("pk", "code")
    ) == [(first.pk, "QQQQ0001"), (second.pk, "QQQQ0002")]


def test_any_other_constraint_still_raises(training, roles, draws):
    existing = RegistrationFactory(training=training, code="FRST0001")
    again = RegistrationFactory.build(training=training, participant=existing.participant)
    draws("SCND0001")

    with (
        pytest.raises(IntegrityError, match="registration_one_per_participant_training"),
        transaction.atomic(),
    ):
        registrations_insert([again])
