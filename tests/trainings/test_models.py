"""Invariants of trainings.models: database constraints (bypassing forms) and model rules."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from participants.models import Region
from tests.factories import (
    AttendanceFactory,
    MembershipFactory,
    OrganizationFactory,
    QuotaFactory,
    RegistrationFactory,
    RoleGroupFactory,
    SessionFactory,
    TrainingFactory,
)
from trainings.models import (
    Attendance,
    Certificate,
    Membership,
    Quota,
    Registration,
    Session,
    Training,
)

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
UTC = datetime.UTC


def _violates(constraint: str):
    """Assert the block breaks exactly this named constraint (and roll it back)."""

    class _Context:
        def __enter__(self):
            self.raises = pytest.raises(IntegrityError, match=constraint)
            self.raises.__enter__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

        def __exit__(self, *exc):
            self.atomic.__exit__(*exc)
            return self.raises.__exit__(*exc)

    return _Context()


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"ends_on": datetime.date(2026, 12, 9)}, "training_dates_ordered"),
        ({"capacity": 0}, "training_capacity_positive"),
        ({"seats_taken": 31}, "training_seats_taken_within_capacity"),
        ({"min_attendance_percent": 0}, "training_min_attendance_percent"),
        ({"min_attendance_percent": 101}, "training_min_attendance_percent"),
    ],
)
def test_training_constraints_hold_against_update(regions, changes, constraint):
    training = TrainingFactory(capacity=30)

    with _violates(constraint):
        Training.objects.filter(pk=training.pk).update(**changes)


def test_training_window_must_close_after_it_opens(regions):
    training = TrainingFactory()

    with _violates("training_window_ordered"):
        Training.objects.filter(pk=training.pk).update(
            registration_closes_at=training.registration_opens_at
        )


def test_training_zone_follows_the_venue_province(regions):
    kalsel = TrainingFactory(venue_region=Region.objects.get(code="63.71.03"))
    barito = TrainingFactory()

    assert (kalsel.time_zone, kalsel.zone_label) == ("Asia/Makassar", "WITA")
    assert (barito.time_zone, barito.zone_label) == ("Asia/Jakarta", "WIB")


def test_quota_seats_must_be_positive(regions):
    quota = QuotaFactory()

    with _violates("quota_seats_positive"):
        Quota.objects.filter(pk=quota.pk).update(seats=0)


def test_quota_seats_taken_never_exceed_seats(regions):
    quota = QuotaFactory(seats=2)

    with _violates("quota_seats_taken_within_seats"):
        Quota.objects.filter(pk=quota.pk).update(seats_taken=3)


@pytest.mark.parametrize("with_region", [True, False])
@pytest.mark.parametrize("with_roles", [True, False])
def test_quota_one_per_cell_with_blank_meaning_any(regions, roles, with_region, with_roles):
    training = TrainingFactory()
    region = Region.objects.get(code="62.05") if with_region else None
    group = RoleGroupFactory(roles=[roles["tksk"]]) if with_roles else None
    Quota.objects.create(training=training, region=region, role_group=group, seats=1)

    with _violates("quota_one_per_cell"):
        Quota.objects.bulk_create(
            [Quota(training=training, region=region, role_group=group, seats=1)]
        )


def test_registration_one_per_participant_and_training(regions, roles):
    registration = RegistrationFactory()

    with _violates("registration_one_per_participant_training"):
        Registration.objects.bulk_create(
            [
                Registration(
                    participant=registration.participant,
                    training=registration.training,
                    role=registration.role,
                    status=Registration.Status.CANCELLED,
                    source=Registration.Source.STAFF,
                    code="ZZZZZZZZ",
                )
            ]
        )


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"code": "ABCDEFGI"}, "registration_code_crockford"),  # I is not Crockford
        ({"code": "abcdefgh"}, "registration_code_crockford"),
        ({"code": "ABC"}, "registration_code_crockford"),
        ({"status": "waitlisted"}, "registration_position_iff_waitlisted"),
        ({"waitlist_position": 1}, "registration_position_iff_waitlisted"),
    ],
)
def test_registration_row_constraints(regions, roles, changes, constraint):
    registration = RegistrationFactory()

    with _violates(constraint):
        Registration.objects.filter(pk=registration.pk).update(**changes)


def test_registration_codes_are_unique(regions, roles):
    first, second = RegistrationFactory.create_batch(2)

    with _violates("registration_code_unique"):
        Registration.objects.filter(pk=second.pk).update(code=first.code)


def test_registration_waitlist_positions_are_unique_per_cell_including_the_open_pool(
    regions, roles
):
    training = TrainingFactory()
    waiting = {"status": Registration.Status.WAITLISTED, "training": training}
    RegistrationFactory(waitlist_position=1, **waiting)
    quota = QuotaFactory(training=training)
    RegistrationFactory(waitlist_position=1, quota=quota, **waiting)  # another cell: fine

    with _violates("registration_waitlist_position_unique"):
        RegistrationFactory(waitlist_position=1, **waiting)


def test_attendance_one_per_registration_and_session(regions, roles):
    attendance = AttendanceFactory()

    with _violates("attendance_one_per_registration_session"):
        Attendance.objects.bulk_create(
            [
                Attendance(
                    registration=attendance.registration,
                    session=attendance.session,
                    status=Attendance.Status.ABSENT,
                    recorded_at=attendance.recorded_at,
                )
            ]
        )


def test_certificate_number_unique_per_organization_but_not_across(regions, roles):
    organizer, other = OrganizationFactory.create_batch(2)
    first, second, third = RegistrationFactory.create_batch(3)
    common = {"issued_on": datetime.date(2025, 10, 23)}
    Certificate.objects.create(
        registration=first,
        organization=organizer,
        number="001/STTP",
        verification_code="a",
        **common,
    )
    Certificate.objects.create(
        registration=second, organization=other, number="001/STTP", verification_code="b", **common
    )

    with _violates("certificate_number_unique_per_organization"):
        Certificate.objects.bulk_create(
            [
                Certificate(
                    registration=third,
                    organization=organizer,
                    number="001/STTP",
                    verification_code="c",
                    **common,
                )
            ]
        )


def test_certificate_revocation_needs_a_reason(regions, roles):
    registration = RegistrationFactory()
    certificate = Certificate.objects.create(
        registration=registration,
        organization=registration.training.organizer,
        number="1",
        issued_on=datetime.date(2025, 10, 23),
        verification_code="x",
    )

    with _violates("certificate_revocation_has_reason"):
        Certificate.objects.filter(pk=certificate.pk).update(revoked_at=datetime.datetime.now(UTC))


def test_membership_regency_operator_needs_a_region(regions, reference_data):
    membership = MembershipFactory()

    with _violates("membership_operator_has_region"):
        Membership.objects.filter(pk=membership.pk).update(role="regency_operator")


def test_session_must_end_after_it_starts(regions):
    session = SessionFactory()

    with _violates("session_ends_after_start"):
        Session.objects.filter(pk=session.pk).update(ends_at=session.starts_at)


def test_session_must_fall_within_the_training_dates_in_the_training_zone(regions):
    training = TrainingFactory(
        venue_region=Region.objects.get(code="63.71.03"),
        starts_on=datetime.date(2024, 1, 31),
        ends_on=datetime.date(2024, 2, 1),
    )
    # 23:30 WIB on 30 Jan is 00:30 WITA on 31 Jan: inside the training in its own zone.
    inside = Session(
        training=training,
        topic="Registrasi",
        starts_at=datetime.datetime(2024, 1, 30, 16, 30, tzinfo=UTC),
        ends_at=datetime.datetime(2024, 1, 30, 17, 0, tzinfo=UTC),
    )
    # 23:30 WITA on 30 Jan is still the day before.
    outside = Session(
        training=training,
        topic="Terlalu awal",
        starts_at=datetime.datetime(2024, 1, 30, 23, 30, tzinfo=WITA),
        ends_at=datetime.datetime(2024, 1, 31, 1, 0, tzinfo=WITA),
    )

    inside.full_clean()
    with pytest.raises(ValidationError) as error:
        outside.full_clean()

    assert error.value.messages == [
        "Sesi harus berada di antara tanggal pelatihan (31-01-2024–01-02-2024, WITA)."
    ]


def test_training_with_registrations_cannot_be_deleted(regions, roles):
    registration = RegistrationFactory()

    with pytest.raises(ProtectedError):
        registration.training.delete()
    assert Training.objects.filter(pk=registration.training_id).exists()


def test_training_without_registrations_deletes_its_agenda_and_quotas(regions):
    training = TrainingFactory()
    SessionFactory(training=training)
    QuotaFactory(training=training)

    training.delete()

    assert (Session.objects.count(), Quota.objects.count()) == (0, 0)


def test_session_with_attendance_cannot_be_deleted(regions, roles):
    attendance = AttendanceFactory()

    with pytest.raises(ProtectedError):
        attendance.session.delete()
