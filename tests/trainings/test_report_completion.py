"""The SQL statement of the attendance rule (trainings/reports/completion.py) gives the
same figures as the Python one (attendance.py) on the same data, person by person."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from tests.factories import ParticipantFactory, TrainingFactory
from tests.reports import IZIN, SAKIT, A, H, T, person_with_marks, sessions_for
from trainings.models import Registration, Session, Training
from trainings.reports.attendance import attendance_summary
from trainings.reports.completion import (
    TrainingFigures,
    counted_registrations_sql,
    training_figures,
)

pytestmark = pytest.mark.django_db

WIT = ZoneInfo("Asia/Jayapura")
DURING = datetime.datetime(2026, 12, 10, 12, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def two_trainings(regions, roles):
    """A WIB training by sessions and a WIT one by JP, with breaks, an unmarked ended
    session, a future one, an excused and a sick mark, a cancelled and a held claim."""
    day = datetime.date(2026, 12, 10)
    by_sessions = TrainingFactory(starts_on=day, ends_on=day, min_attendance_percent=80)
    sessions = sessions_for(by_sessions, 5)
    sessions_for(by_sessions, 1, kind=Session.Kind.BREAK)
    for name, marks in [
        ("Ani", [H, H, T, H, None]),
        ("Budi", [H, A, IZIN, SAKIT, H]),
        ("Citra", [None, None, None, None, None]),
    ]:
        person_with_marks(
            by_sessions, sessions, marks, participant=ParticipantFactory(full_name=name)
        )
    person_with_marks(by_sessions, sessions, [H] * 5, status=Registration.Status.CANCELLED)
    person_with_marks(
        by_sessions,
        sessions,
        [H] * 5,
        identity_check=Registration.IdentityCheck.HELD,
        status=Registration.Status.HELD,
    )
    by_jp = TrainingFactory(
        starts_on=day,
        ends_on=day,
        time_zone="Asia/Jayapura",
        completion_basis=Training.CompletionBasis.JP,
        min_attendance_percent=75,
    )
    jp_sessions = sessions_for(by_jp, 2, jp=1) + sessions_for(by_jp, 1, jp=4)
    person_with_marks(
        by_jp, jp_sessions, [H, H, A], participant=ParticipantFactory(full_name="Dedi")
    )
    person_with_marks(
        by_jp, jp_sessions, [A, A, T], participant=ParticipantFactory(full_name="Eka")
    )
    return by_sessions, by_jp


def _sql_rows(trainings, now):
    sql, params = counted_registrations_sql(trainings, now=now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT registration_id, attended, excused, total, completed FROM ({sql}) c", params
        )
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


@pytest.mark.parametrize("moment", ["during", "after"])
def test_the_sql_rule_agrees_with_the_python_rule(two_trainings, moment):
    now = DURING if moment == "during" else datetime.datetime(2026, 12, 20, tzinfo=WIT)

    sql = _sql_rows(Training.objects.all(), now)

    python = {
        person.registration.pk: (person.attended, person.excused, person.total, person.completed)
        for training in two_trainings
        for person in attendance_summary(training, now=now).people
    }
    assert sql == python
    assert len(python) == 5


def test_training_figures_total_each_training(two_trainings):
    by_sessions, by_jp = two_trainings
    after = datetime.datetime(2026, 12, 20, tzinfo=WIT)

    figures = training_figures(Training.objects.all(), now=after)

    # Ani 4/5 (completes), Budi 2/5 (1 excused, 1 sick), Citra 0/5; by JP: Dedi 2/6, Eka 4/6.
    assert figures == {
        by_sessions.pk: TrainingFigures(
            confirmed=3, attended_any=2, completed=1, attended=6, total=15
        ),
        by_jp.pk: TrainingFigures(confirmed=2, attended_any=2, completed=0, attended=6, total=12),
    }
