"""Test data for the period summary and the index: a year of Dinsos Provinsi Kalimantan
Selatan's trainings in WIB, WITA and WIT (see tests/trainings/test_report_period.py
for the people and the figures worked out by hand)."""

from __future__ import annotations

import datetime

import pytest

from participants.models import Region
from tests.factories import ParticipantFactory, QuotaFactory, SessionFactory, TrainingFactory
from tests.reports import IZIN, A, H, T, person_with_marks
from trainings.models import Registration, Session, Training

UTC = datetime.UTC
NOW = datetime.datetime(2025, 6, 30, 12, tzinfo=UTC)
BANJAR, BATOLA = "63.03", "63.04"


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def period_training(organizer, title, zone, first, last, **fields):
    training = TrainingFactory(
        organizer=organizer,
        title=title,
        slug=title.lower().replace(" ", "-"),
        fiscal_year=fields.pop("fiscal_year", 2025),
        time_zone=zone,
        starts_on=first,
        ends_on=last,
        venue_region=Region.objects.get(code="63.71.05"),
        **fields,
    )
    cells = {
        code: QuotaFactory(training=training, region_id=code, seats=10) for code in (BANJAR, BATOLA)
    }
    return training, cells


def period_session(training, start, end, jp, kind=Session.Kind.MATERIAL, topic="Materi"):
    return SessionFactory(
        training=training, starts_at=start, ends_at=end, jp=jp, kind=kind, topic=topic
    )


def period_person(training, cells, sessions, marks, *, name, role, region, **registration):
    participant = registration.pop("participant", None) or ParticipantFactory(full_name=name)
    return person_with_marks(
        training,
        sessions,
        marks,
        participant=participant,
        role=role,
        region_represented_id=region,
        quota=cells[region],
        **registration,
    )


@pytest.fixture
def period_data(world, roles):
    kalsel = world.kalsel
    tksk, psm = roles["tksk"], roles["psm"]
    ani = ParticipantFactory(full_name="Ani")

    a, a_cells = period_training(
        kalsel, "Bimtek A", "Asia/Makassar", datetime.date(2025, 1, 31), datetime.date(2025, 2, 1)
    )
    a_sessions = [
        period_session(a, at(2025, 1, 31, 1), at(2025, 1, 31, 3), 2),
        period_session(a, at(2025, 1, 31, 23, 30), at(2025, 2, 1, 1, 30), 3),
        period_session(a, at(2025, 2, 1, 2), at(2025, 2, 1, 2, 30), 1, kind=Session.Kind.BREAK),
    ]
    period_person(a, a_cells, a_sessions, [H, T, H], name="Ani", role=tksk, region=BANJAR,
            participant=ani)  # fmt: skip
    period_person(a, a_cells, a_sessions, [H, A, None], name="Budi", role=tksk, region=BATOLA)
    period_person(a, a_cells, a_sessions, [H, H, None], name="Dedi", role=tksk, region=BANJAR,
            status=Registration.Status.CANCELLED)  # fmt: skip
    eka = period_person(a, a_cells, a_sessions, [H, None, None], name="Eka", role=tksk,
                  region=BANJAR, status=Registration.Status.CANCELLED)  # fmt: skip
    period_person(a, a_cells, a_sessions, [A, H, None], name="Fajar", role=tksk, region=BANJAR,
            replaces=eka)  # fmt: skip

    b, b_cells = period_training(
        kalsel, "Bimtek B", "Asia/Jayapura", datetime.date(2025, 3, 10), datetime.date(2025, 3, 10),
        completion_basis=Training.CompletionBasis.JP, min_attendance_percent=75,
    )  # fmt: skip
    b_sessions = [
        period_session(b, at(2025, 3, 10, 0), at(2025, 3, 10, 2), 2),
        period_session(b, at(2025, 3, 10, 3), at(2025, 3, 10, 5), 4),
    ]
    period_person(b, b_cells, b_sessions, [H, H], name="Ani", role=tksk, region=BANJAR,
            participant=ani)  # fmt: skip
    period_person(b, b_cells, b_sessions, [H, IZIN], name="Gita", role=psm, region=BANJAR)

    c, c_cells = period_training(
        kalsel, "Bimtek C", "Asia/Jakarta", datetime.date(2025, 3, 31), datetime.date(2025, 4, 1)
    )
    c_sessions = [
        period_session(c, at(2025, 3, 31, 2), at(2025, 3, 31, 4), 2),
        period_session(c, at(2025, 4, 1, 1), at(2025, 4, 1, 3), 2),
    ]
    period_person(c, c_cells, c_sessions, [H, H], name="Hana", role=psm, region=BATOLA)
    period_person(c, c_cells, c_sessions, [None, None], name="Iwan", role=psm, region=BANJAR)

    f, f_cells = period_training(
        kalsel, "Bimtek F", "Asia/Makassar", datetime.date(2025, 12, 10), datetime.date(2025, 12, 11)
    )  # fmt: skip
    period_person(f, f_cells, [], [], name="Joko", role=tksk, region=BANJAR)

    others = []
    for title, extra in [
        ("Draf D", {"status": Training.Status.DRAFT}),
        ("Batal E", {"status": Training.Status.CANCELLED}),
        ("Lama G", {"fiscal_year": 2024}),
    ]:
        training, cells = period_training(
            kalsel, title, "Asia/Makassar", datetime.date(2025, 5, 5), datetime.date(2025, 5, 5),
            **extra,
        )  # fmt: skip
        sessions = [period_session(training, at(2025, 5, 5, 1), at(2025, 5, 5, 3), 2)]
        period_person(
            training, cells, sessions, [H], name=f"Orang {title}", role=tksk, region=BANJAR
        )
        others.append(training)
    barut = world.barut_training
    Training.objects.filter(pk=barut.pk).update(
        fiscal_year=2025, starts_on=datetime.date(2025, 3, 3), ends_on=datetime.date(2025, 3, 3)
    )
    barut_sessions = [
        period_session(barut, at(2025, 3, 3, 1), at(2025, 3, 3, 3), 2, topic="Rahasia Barut")
    ]
    person_with_marks(
        barut, barut_sessions, [H], participant=ParticipantFactory(full_name="Nina"), role=tksk
    )
    return {"a": a, "b": b, "c": c, "f": f, "others": others}


def more_trainings(world, roles, count):
    for n in range(count):
        training, cells = period_training(
            world.kalsel, f"Tambahan {n}", "Asia/Makassar",
            datetime.date(2025, 5, 5), datetime.date(2025, 5, 5),
        )  # fmt: skip
        sessions = [period_session(training, at(2025, 5, 5, 1), at(2025, 5, 5, 3), 2)]
        period_person(training, cells, sessions, [H], name=f"Tambahan {n}", role=roles["tksk"],
                region=BANJAR)  # fmt: skip
