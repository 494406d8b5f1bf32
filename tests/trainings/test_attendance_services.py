"""Attendance services: recording a status (an upsert: marking twice is harmless, a change
is audited with before and after) and closing a session (everyone unmarked → alpa).

The world (tests/personas.py): Dinsos PMD Barito Utara organises ``barut_training``.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import AttendanceFactory, RegistrationFactory, SessionFactory
from trainings.errors import PilarError
from trainings.models import Attendance, AuditEvent, Registration
from trainings.services.attendance import (
    NotConfirmed,
    WrongSession,
    attendance_record,
    session_close,
)

pytestmark = pytest.mark.django_db
MORNING = datetime.datetime(2026, 12, 10, 0, 5, tzinfo=datetime.UTC)  # 08.05 WITA
LATER = MORNING + datetime.timedelta(minutes=20)


@pytest.fixture
def training(world):
    return world.barut_training


@pytest.fixture
def session(training):
    return SessionFactory(training=training, topic="Pembukaan")


def confirmed(training, name: str, **kwargs) -> Registration:
    return RegistrationFactory(training=training, participant__full_name=name, **kwargs)


def rows(session) -> list[tuple[str, str, str, str]]:
    """(name, status, method, recorded by) of the session's attendance, by name."""
    return [
        (a.registration.participant.full_name, a.status, a.method, a.recorded_by.username)
        for a in Attendance.objects.filter(session=session)
        .select_related("registration__participant", "recorded_by")
        .order_by("registration__participant__full_name")
    ]


def events(action: str) -> list[dict]:
    return [
        {"actor": event.actor_label, "object_id": event.object_id, "changes": event.changes}
        for event in AuditEvent.objects.filter(action=action).order_by("pk")
    ]


# --- attendance_record ----------------------------------------------------------------------


def test_record_inserts_the_attendance_and_audits_it(world, training, session):
    budi = confirmed(training, "Budi Santoso")

    attendance = attendance_record(
        actor=world.barut_staff, registration=budi, session=session, status="present", now=MORNING
    )

    stored = Attendance.objects.get()
    assert (stored.pk, stored.registration_id, stored.session_id) == (
        attendance.pk,
        budi.pk,
        session.pk,
    )
    assert (stored.status, stored.method, stored.recorded_at, stored.recorded_by) == (
        "present",
        "staff",
        MORNING,
        world.barut_staff,
    )
    assert (attendance.status, attendance.previous_status) == ("present", None)
    event = AuditEvent.objects.get(action="attendance.record")
    assert (
        event.actor,
        event.actor_label,
        event.content_type,
        event.object_id,
        event.training_id,
        event.organization_id,
        event.changes,
    ) == (
        world.barut_staff,
        "staf.barut",
        ContentType.objects.get_for_model(Attendance),
        str(stored.pk),
        training.pk,
        world.barut.pk,
        {"status": [None, "present"], "method": "staff", "session": session.pk},
    )
    assert event.object_repr == str(stored)


def test_record_twice_with_the_same_status_changes_nothing(world, training, session):
    budi = confirmed(training, "Budi Santoso")
    attendance_record(
        actor=world.barut_staff, registration=budi, session=session, status="present", now=MORNING
    )

    again = attendance_record(
        actor=world.barut_admin,
        registration=budi,
        session=session,
        status="present",
        method="qr",
        now=LATER,
    )

    stored = Attendance.objects.get()
    assert (again.pk, again.status, again.previous_status) == (stored.pk, "present", "present")
    assert (stored.method, stored.recorded_at, stored.recorded_by) == (
        "staff",
        MORNING,
        world.barut_staff,
    )
    assert AuditEvent.objects.filter(action="attendance.record").count() == 1


def test_record_a_changed_status_updates_the_row_and_audits_before_and_after(
    world, training, session
):
    budi = confirmed(training, "Budi Santoso")
    first = attendance_record(
        actor=world.barut_staff, registration=budi, session=session, status="present", now=MORNING
    )

    changed = attendance_record(
        actor=world.barut_admin, registration=budi, session=session, status="late", now=LATER
    )

    stored = Attendance.objects.get()
    assert (changed.pk, changed.status, changed.previous_status) == (first.pk, "late", "present")
    assert (stored.status, stored.recorded_at, stored.recorded_by) == (
        "late",
        LATER,
        world.barut_admin,
    )
    assert events("attendance.record") == [
        {
            "actor": "staf.barut",
            "object_id": str(first.pk),
            "changes": {"status": [None, "present"], "method": "staff", "session": session.pk},
        },
        {
            "actor": "admin.barut",
            "object_id": str(first.pk),
            "changes": {"status": ["present", "late"], "method": "staff", "session": session.pk},
        },
    ]


@pytest.mark.parametrize("status", ["present", "late", "excused", "sick", "absent"])
def test_record_takes_every_status(world, training, session, status):
    budi = confirmed(training, "Budi Santoso")

    attendance_record(actor=world.barut_staff, registration=budi, session=session, status=status)

    assert rows(session) == [("Budi Santoso", status, "staff", "staf.barut")]


@pytest.mark.parametrize(
    ("registration_status", "label"),
    [
        ("pending", "Menunggu persetujuan"),
        ("waitlisted", "Daftar tunggu"),
        ("rejected", "Ditolak"),
        ("cancelled", "Dibatalkan"),
    ],
)
def test_record_refuses_registrations_that_are_not_confirmed(
    world, training, session, registration_status, label
):
    extra = {"waitlist_position": 1} if registration_status == "waitlisted" else {}
    budi = confirmed(training, "Budi Santoso", status=registration_status, **extra)

    with pytest.raises(NotConfirmed) as refused:
        attendance_record(
            actor=world.barut_staff, registration=budi, session=session, status="present"
        )

    assert refused.value.message == (
        f"Budi Santoso berstatus “{label}”: kehadiran hanya dicatat untuk peserta yang terdaftar."
    )
    assert (Attendance.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_record_refuses_a_session_of_another_training(world, training):
    budi = confirmed(training, "Budi Santoso")
    elsewhere = SessionFactory(training=world.kalsel_training, topic="Materi Kalsel")

    with pytest.raises(WrongSession) as refused:
        attendance_record(
            actor=world.barut_staff, registration=budi, session=elsewhere, status="present"
        )

    assert refused.value.message == (
        "Sesi “Materi Kalsel” bukan bagian dari pelatihan peserta ini."
    )
    assert Attendance.objects.count() == 0


def test_record_refuses_an_unknown_status(world, training, session):
    budi = confirmed(training, "Budi Santoso")

    with pytest.raises(PilarError) as refused:
        attendance_record(
            actor=world.barut_staff, registration=budi, session=session, status="gone"
        )

    assert refused.value.message == "Status atau cara pencatatan kehadiran tidak dikenal."
    assert Attendance.objects.count() == 0


def test_record_is_one_statement(world, training, session, django_assert_num_queries):
    budi = confirmed(training, "Budi Santoso")
    ContentType.objects.get_for_model(Attendance)  # cached once per process

    with django_assert_num_queries(1):
        attendance_record(
            actor=world.barut_staff, registration=budi, session=session, status="present"
        )
    with django_assert_num_queries(1):
        attendance_record(
            actor=world.barut_staff, registration=budi, session=session, status="late"
        )

    assert rows(session) == [("Budi Santoso", "late", "staff", "staf.barut")]


# --- session_close --------------------------------------------------------------------------


def test_close_marks_exactly_the_unmarked_confirmed_registrations_absent(world, training, session):
    other_session = SessionFactory(training=training, topic="Materi 1")
    here = confirmed(training, "Ani")
    late = confirmed(training, "Bambang")
    confirmed(training, "Citra")
    confirmed(training, "Dedi")
    confirmed(training, "Eka", status="pending")
    confirmed(training, "Fajar", status="cancelled")
    confirmed(world.kalsel_training, "Gita")
    AttendanceFactory(registration=here, session=session, recorded_by=world.barut_admin)
    AttendanceFactory(
        registration=late, session=session, status="late", recorded_by=world.barut_admin
    )

    count = session_close(actor=world.barut_staff, session=session, now=LATER)

    assert count == 2
    assert rows(session) == [
        ("Ani", "present", "staff", "admin.barut"),
        ("Bambang", "late", "staff", "admin.barut"),
        ("Citra", "absent", "staff", "staf.barut"),
        ("Dedi", "absent", "staff", "staf.barut"),
    ]
    assert set(
        Attendance.objects.filter(status="absent").values_list("recorded_at", flat=True)
    ) == {LATER}
    assert Attendance.objects.filter(session=other_session).count() == 0
    assert events("attendance.close_session") == [
        {
            "actor": "staf.barut",
            "object_id": str(session.pk),
            "changes": {"absent": 2, "session": session.pk},
        }
    ]


def test_close_twice_marks_nobody_the_second_time(world, training, session):
    confirmed(training, "Ani")
    session_close(actor=world.barut_staff, session=session)

    again = session_close(actor=world.barut_staff, session=session)

    assert again == 0
    assert rows(session) == [("Ani", "absent", "staff", "staf.barut")]
    assert [e["changes"]["absent"] for e in events("attendance.close_session")] == [1, 0]


def test_close_is_one_insert_and_one_audit_event(
    world, training, session, django_assert_num_queries
):
    for n in range(50):
        confirmed(training, f"Peserta {n:02d}")
    ContentType.objects.get_for_model(session)

    # SAVEPOINT, INSERT … SELECT, the AuditEvent, RELEASE SAVEPOINT (the test runs in a
    # transaction; in production the atomic block is BEGIN … COMMIT).
    with django_assert_num_queries(4):
        count = session_close(actor=world.barut_staff, session=session)

    assert (count, Attendance.objects.filter(session=session, status="absent").count()) == (50, 50)
