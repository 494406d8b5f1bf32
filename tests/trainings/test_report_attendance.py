"""The attendance and completion rule (trainings/reports/attendance.py) on hand-computed data.

Each test builds a training whose figures can be worked out on paper: which
sessions count, who counts, what each person attended of what total, and
whether that meets the training's minimum — at a fixed ``now``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.factories import ParticipantFactory, SessionFactory, TrainingFactory
from tests.reports import IZIN, SAKIT, A, H, T, person_with_marks, sessions_for
from trainings.models import Registration, Session, Training
from trainings.reports.attendance import attendance_summary, meets_completion
from trainings.reports.breakdowns import breakdowns

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
DAY = datetime.date(2026, 12, 10)
AFTER = datetime.datetime(2026, 12, 20, tzinfo=WIB)  # every session has ended


def _figures(summary) -> list[tuple]:
    return [
        (p.registration.participant.full_name, p.attended, p.excused, p.total, p.completed)
        for p in summary.people
    ]


@pytest.fixture
def training(regions, roles):
    return TrainingFactory(starts_on=DAY, ends_on=DAY, min_attendance_percent=80)


def test_completion_is_met_at_exactly_the_minimum_and_not_one_below(training):
    sessions = sessions_for(training, 5)
    person_with_marks(
        training, sessions, [H, H, H, T, A], participant=ParticipantFactory(full_name="Ani")
    )
    person_with_marks(
        training, sessions, [H, H, H, A, A], participant=ParticipantFactory(full_name="Budi")
    )

    summary = attendance_summary(training, now=AFTER)

    assert _figures(summary) == [("Ani", 4, 0, 5, True), ("Budi", 3, 0, 5, False)]
    assert [p.rate for p in summary.people] == [Decimal("80.0"), Decimal("60.0")]
    assert (summary.completed_count, summary.undecided_count) == (1, 0)


def test_three_of_four_is_below_eighty_percent_without_rounding(training):
    sessions = sessions_for(training, 4)
    person_with_marks(
        training, sessions, [H, H, T, A], participant=ParticipantFactory(full_name="Citra")
    )

    summary = attendance_summary(training, now=AFTER)

    assert _figures(summary) == [("Citra", 3, 0, 4, False)]
    assert summary.people[0].rate == Decimal("75.0")


def test_the_completion_rule_compares_integers_exactly():
    assert meets_completion(attended=4, total=5, min_percent=80) is True
    assert meets_completion(attended=79, total=100, min_percent=80) is False
    # 2 of 3 is 66.67 %: it meets 66 % and misses 67 %, whatever a rounded rate would say.
    assert meets_completion(attended=2, total=3, min_percent=66) is True
    assert meets_completion(attended=2, total=3, min_percent=67) is False
    assert meets_completion(attended=0, total=0, min_percent=80) is None


def test_the_jp_basis_weighs_a_long_session_more(training):
    sessions = sessions_for(training, 3)
    Session.objects.filter(pk=sessions[0].pk).update(jp=6)  # 6 + 2 + 2 = 10 JP
    person_with_marks(
        training, sessions, [H, H, A], participant=ParticipantFactory(full_name="Dewi")
    )
    person_with_marks(
        training, sessions, [A, H, H], participant=ParticipantFactory(full_name="Eko")
    )

    by_sessions = attendance_summary(training, now=AFTER)
    training.completion_basis = Training.CompletionBasis.JP
    training.save()
    by_jp = attendance_summary(training, now=AFTER)

    assert _figures(by_sessions) == [("Dewi", 2, 0, 3, False), ("Eko", 2, 0, 3, False)]
    assert _figures(by_jp) == [("Dewi", 8, 0, 10, True), ("Eko", 4, 0, 10, False)]
    assert [d.total for d in by_jp.days] == [20]  # two people × 10 JP


def test_breaks_are_not_counted(training):
    sessions = sessions_for(training, 3)
    Session.objects.filter(pk=sessions[1].pk).update(kind=Session.Kind.BREAK, topic="Ishoma")
    person_with_marks(
        training, sessions, [H, None, H], participant=ParticipantFactory(full_name="Fajar")
    )

    summary = attendance_summary(training, now=AFTER)

    assert [s.session.topic for s in summary.sessions] == ["Materi 1", "Materi 3"]
    assert _figures(summary) == [("Fajar", 2, 0, 2, True)]
    assert summary.people[0].statuses == [H, H]


def test_a_session_not_yet_ended_counts_only_where_it_was_marked(training):
    sessions = sessions_for(training, 3)  # 08–10, 10–12, 12–14 WIB
    person_with_marks(
        training, sessions, [H, H, None], participant=ParticipantFactory(full_name="Gita")
    )
    person_with_marks(
        training, sessions, [H, A, H], participant=ParticipantFactory(full_name="Hadi")
    )
    during_the_second = datetime.datetime.combine(DAY, datetime.time(11), WIB)

    summary = attendance_summary(training, now=during_the_second)

    # Gita: the third session lies ahead, unmarked: left out. Hadi was marked in it already.
    assert _figures(summary) == [("Gita", 2, 0, 2, True), ("Hadi", 2, 0, 3, False)]
    assert [(s.ended, s.attended, s.counted) for s in summary.sessions] == [
        (True, 2, 2),
        (False, 1, 2),
        (False, 1, 1),
    ]


def test_an_ended_session_not_marked_counts_as_not_attended(training):
    sessions = sessions_for(training, 2)
    person_with_marks(
        training, sessions, [H, None], participant=ParticipantFactory(full_name="Indah")
    )

    summary = attendance_summary(training, now=AFTER)

    assert _figures(summary) == [("Indah", 1, 0, 2, False)]
    assert summary.people[0].statuses == [H, ""]
    assert [(s.attended, s.counted, s.rate) for s in summary.sessions] == [
        (1, 1, Decimal("100.0")),
        (0, 1, Decimal("0.0")),
    ]


def test_excused_and_sick_are_shown_apart_and_not_attended(training):
    sessions = sessions_for(training, 5)
    person_with_marks(
        training, sessions, [H, IZIN, SAKIT, A, T], participant=ParticipantFactory(full_name="Joko")
    )

    summary = attendance_summary(training, now=AFTER)

    assert _figures(summary) == [("Joko", 2, 2, 5, False)]
    assert [s.excused for s in summary.sessions] == [0, 1, 1, 0, 0]


def test_only_confirmed_registrations_that_are_not_held_claims_count(training):
    sessions = sessions_for(training, 1)
    person_with_marks(training, sessions, [H], participant=ParticipantFactory(full_name="Kurnia"))
    person_with_marks(
        training,
        sessions,
        [H],
        participant=ParticipantFactory(full_name="Lestari"),
        status=Registration.Status.CANCELLED,
    )
    stored = ParticipantFactory(full_name="Maya")
    person_with_marks(training, sessions, [H], participant=stored)
    person_with_marks(
        training,
        sessions,
        [None],
        participant=stored,
        status=Registration.Status.HELD,
        identity_check=Registration.IdentityCheck.HELD,
        typed_identity={"full_name": "Penipu"},
    )

    summary = attendance_summary(training, now=AFTER)

    assert _figures(summary) == [("Kurnia", 1, 0, 1, True), ("Maya", 1, 0, 1, True)]
    assert [(s.attended, s.counted) for s in summary.sessions] == [(2, 2)]


def test_a_training_with_nothing_to_count_has_no_completion(training):
    sessions_for(training, 2)
    person_with_marks(training, [], [], participant=ParticipantFactory(full_name="Nanda"))
    before = datetime.datetime.combine(DAY, datetime.time(7), WIB)

    summary = attendance_summary(training, now=before)

    assert _figures(summary) == [("Nanda", 0, 0, 0, None)]
    assert (summary.people[0].rate, summary.completed_count, summary.undecided_count) == (
        None,
        0,
        1,
    )


def test_days_are_the_training_zones_local_dates(regions, roles):
    # Kalimantan Selatan keeps WITA (UTC+8): 20.00 on the 10th and 07.00 on the 11th are
    # both on 10 December in UTC.
    training = TrainingFactory(
        venue_region_id="63.71.05",
        starts_on=DAY,
        ends_on=DAY + datetime.timedelta(days=1),
    )
    utc = datetime.UTC
    evening = SessionFactory(
        training=training,
        starts_at=datetime.datetime(2026, 12, 10, 12, tzinfo=utc),
        ends_at=datetime.datetime(2026, 12, 10, 14, tzinfo=utc),
    )
    morning = SessionFactory(
        training=training,
        starts_at=datetime.datetime(2026, 12, 10, 23, tzinfo=utc),
        ends_at=datetime.datetime(2026, 12, 11, 1, tzinfo=utc),
    )
    person_with_marks(
        training, [evening, morning], [H, A], participant=ParticipantFactory(full_name="Oki")
    )
    person_with_marks(
        training, [evening, morning], [T, IZIN], participant=ParticipantFactory(full_name="Putu")
    )

    summary = attendance_summary(training, now=AFTER)

    assert training.time_zone == "Asia/Makassar"
    assert [
        (d.day, d.zone_label, d.attended, d.excused, d.total, d.rate) for d in summary.days
    ] == [
        (datetime.date(2026, 12, 10), "WITA", 2, 0, 2, Decimal("100.0")),
        (datetime.date(2026, 12, 11), "WITA", 0, 1, 2, Decimal("0.0")),
    ]
    assert [[s.session for s in d.sessions] for d in summary.days] == [[evening], [morning]]


def test_breakdowns_group_people_by_role_regency_and_sex(training, roles):
    sessions = sessions_for(training, 2)
    person_with_marks(
        training,
        sessions,
        [H, H],
        participant=ParticipantFactory(full_name="Rina", sex="P", home_region_id="62.05.05"),
        role=roles["tksk"],
    )
    person_with_marks(
        training,
        sessions,
        [H, A],
        participant=ParticipantFactory(full_name="Sani", sex="L", home_region_id="62.05.05"),
        role=roles["psm"],
        region_represented_id="62.03",
    )

    result = breakdowns(attendance_summary(training, now=AFTER))

    def rows(groups):
        return [(g.label, g.people, g.completed, g.tally.attended, g.tally.total) for g in groups]

    assert rows(result.by_sex) == [("Laki-laki", 1, 0, 1, 2), ("Perempuan", 1, 1, 2, 2)]
    assert rows(result.by_regency) == [
        ("Kabupaten Barito Utara", 1, 1, 2, 2),
        ("Kabupaten Kapuas", 1, 0, 1, 2),
    ]
    assert rows(result.by_role) == sorted(
        [(roles["tksk"].name, 1, 1, 2, 2), (roles["psm"].name, 1, 0, 1, 2)]
    )
