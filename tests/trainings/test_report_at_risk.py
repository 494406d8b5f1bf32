"""Who is at risk while a training runs (trainings/reports/at_risk.py), worked out on paper
at the boundaries of both lists, and the page's list with phone numbers to call."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory, SessionFactory, TrainingFactory
from tests.reports import IZIN, A, H, person_with_marks, sessions_for
from trainings.models import Session, Training
from trainings.reports.at_risk import at_risk, is_running
from trainings.reports.attendance import attendance_summary

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
DAY = datetime.date(2026, 12, 10)
# sessions_for: 08–10, 10–12, 12–14, 14–16 WIB. At 12.30 the first two have ended.
AFTER_TWO = datetime.datetime.combine(DAY, datetime.time(12, 30), WIB)


def _names(rows) -> list[tuple]:
    return [
        (r.person.registration.participant.full_name, r.remaining, r.best_attended, r.final_total)
        for r in rows
    ]


def _person(training, sessions, name, marks):
    return person_with_marks(
        training, sessions, marks, participant=ParticipantFactory(full_name=name)
    )


@pytest.fixture
def four_sessions(regions, roles):
    training = TrainingFactory(starts_on=DAY, ends_on=DAY, min_attendance_percent=75)
    return training, sessions_for(training, 4)


def test_the_two_lists_at_their_boundaries(four_sessions):
    training, sessions = four_sessions
    _person(training, sessions, "Ani", [H, H, None, None])  # best 4/4; missing one: 3/4 = 75 %
    _person(training, sessions, "Budi", [H, A, None, None])  # best 3/4 = 75 %; missing one: 2/4
    _person(training, sessions, "Citra", [A, A, None, None])  # best 2/4 = 50 %
    _person(training, sessions, "Dedi", [A, H, IZIN, None])  # izin ahead: best 2/4
    _person(training, sessions, "Eka", [H, H, H, None])  # marked ahead: best 4/4; missing: 3/4

    risk = at_risk(attendance_summary(training, now=AFTER_TWO))

    assert _names(risk.cannot_complete) == [("Citra", 2, 2, 4), ("Dedi", 1, 2, 4)]
    assert _names(risk.must_attend_all) == [("Budi", 2, 3, 4)]


def test_one_point_more_in_the_rule_moves_the_boundary_case_to_cannot(four_sessions):
    training, sessions = four_sessions
    Training.objects.filter(pk=training.pk).update(min_attendance_percent=76)
    training.refresh_from_db()
    _person(training, sessions, "Ani", [H, H, None, None])  # missing one: 3/4 < 76 %
    _person(training, sessions, "Budi", [H, A, None, None])  # best 3/4 < 76 %

    risk = at_risk(attendance_summary(training, now=AFTER_TWO))

    assert _names(risk.cannot_complete) == [("Budi", 2, 3, 4)]
    assert _names(risk.must_attend_all) == [("Ani", 2, 4, 4)]


def test_on_the_jp_basis_only_missing_the_lightest_session_decides(four_sessions):
    training, sessions = four_sessions
    Training.objects.filter(pk=training.pk).update(completion_basis="jp")
    training.refresh_from_db()
    Session.objects.filter(pk=sessions[2].pk).update(jp=1)
    Session.objects.filter(pk=sessions[3].pk).update(jp=3)  # ended 2 + 2 JP, remaining 1 + 3
    # Ani: 4 of 4 so far; missing the 1-JP session leaves 7/8, missing the 3-JP one 5/8: she
    # must attend that one, but not every remaining one, so she is on neither list.
    _person(training, sessions, "Ani", [H, H, None, None])
    # Budi: 2 of 4; best 6/8 = 75 %; missing the 1-JP session: 5/8.
    _person(training, sessions, "Budi", [H, A, None, None])

    risk = at_risk(attendance_summary(training, now=AFTER_TWO))

    assert _names(risk.cannot_complete) == []
    assert _names(risk.must_attend_all) == [("Budi", 4, 6, 8)]


def test_running_follows_the_trainings_own_days(four_sessions):
    training, _sessions = four_sessions
    before = datetime.datetime(2026, 12, 9, 23, 59, tzinfo=WIB)
    # 00.30 WITA on the 11th is still the 10th in WIB... for a WIB training it is 23.30.
    late = datetime.datetime(2026, 12, 11, 0, 30, tzinfo=ZoneInfo("Asia/Makassar"))
    after = datetime.datetime(2026, 12, 11, 0, 0, tzinfo=WIB)

    assert [is_running(training, moment) for moment in (before, AFTER_TWO, late, after)] == [
        False,
        True,
        True,
        False,
    ]


def test_the_page_lists_who_to_call_while_the_training_runs(client, world, regions, roles):
    now = timezone.now()
    training = world.barut_training
    zone = training.tz
    Training.objects.filter(pk=training.pk).update(
        starts_on=timezone.localtime(now - datetime.timedelta(hours=3), zone).date(),
        ends_on=timezone.localtime(now + datetime.timedelta(hours=3), zone).date(),
        min_attendance_percent=50,
    )
    hour = datetime.timedelta(hours=1)
    sessions = [
        SessionFactory(training=training, starts_at=now - 3 * hour, ends_at=now - 2 * hour),
        SessionFactory(training=training, starts_at=now + hour, ends_at=now + 2 * hour),
    ]
    person_with_marks(
        training,
        sessions,
        [A, None],
        participant=ParticipantFactory(full_name="Rina", phone="+6281234567890"),
    )
    client.force_login(world.barut_supervisor)

    html = " ".join(
        client.get(reverse("reports:training", kwargs={"pk": training.pk})).content.decode().split()
    )

    assert "Peserta yang perlu dihubungi hari ini" in html
    assert (
        '<th scope="row">Rina</th> <td class="text-nowrap"><a class="pilar-touch" '
        'href="tel:+6281234567890">0812-3456-7890</a></td> <td class="text-end">0</td> '
        '<td class="text-end">1</td> <td class="text-end">1</td> <td class="text-end">1 / 2</td>'
    ) in html
