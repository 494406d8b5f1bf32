"""Fixed data for the one-training report's tests, worked out on paper.

Kalsel's bimtek (WITA, 75 %), Wednesday 31 January and Thursday 1 February 2024:

| session | local (WITA) | UTC | JP | speakers |
|---|---|---|---|---|
| 1 Pembukaan | 31 Jan 08.00–09.00 | 31 Jan 00.00 | 1 | — |
| 2 Kebijakan RS-RTLH | 31 Jan 09.00–12.00 | 31 Jan 01.00 | 4 | Hendri, Sunarty |
| (Ishoma, a break) | 31 Jan 12.00–13.00 | | 0 | Hendri |
| 3 Praktik lapangan | 1 Feb 07.30–09.30 | **31 Jan 23.30** | 2 | Sunarty |
| 4 Penutupan | 1 Feb 10.00–11.00 | 1 Feb 02.00 | 1 | Hendri |

People (confirmed): Ani (Banjar, pendamping) H H H H; Budi (Banjar, petugas)
H A T S; Citra (Barito Kuala, pendamping) H H A H; Dodi (Barito Kuala, petugas,
the pengganti of Eko) H H H A. Eko cancelled on 20 Jan 2024 10.00 WITA ("Sakit").
Waiting: Gita (1) and Fitri (2) for Banjar's pendamping cell, Hana (1) for Barito
Kuala's petugas cell.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from participants.models import Region
from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
)
from trainings.models import Registration, Session, Training

WITA = ZoneInfo("Asia/Makassar")
FIRST, LAST = datetime.date(2024, 1, 31), datetime.date(2024, 2, 1)
AFTER = datetime.datetime(2024, 2, 2, 9, 0, tzinfo=WITA)  # the training is over
PHONES = {"Ani": "+6281100000001", "Budi": "+6281100000002"}


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    date = FIRST if day == 1 else LAST
    return datetime.datetime.combine(date, datetime.time(hour, minute), WITA)


def kalsel_report_data(world, roles) -> dict:
    training = world.kalsel_training
    Training.objects.filter(pk=training.pk).update(
        starts_on=FIRST, ends_on=LAST, min_attendance_percent=75, venue_address="Banjarmasin"
    )
    training.refresh_from_db()
    hendri = SpeakerFactory(organization=world.kalsel, name="Hendri Kurniawan")
    sunarty = SpeakerFactory(
        organization=world.kalsel, prefix="Dr. Hj.", name="Sunarty", suffix="S.M.Pd"
    )
    plan = [
        ("Pembukaan", _at(1, 8), _at(1, 9), 1, Session.Kind.OPENING, []),
        ("Kebijakan RS-RTLH", _at(1, 9), _at(1, 12), 4, Session.Kind.MATERIAL, [hendri, sunarty]),
        ("Ishoma", _at(1, 12), _at(1, 13), 0, Session.Kind.BREAK, [hendri]),
        ("Praktik lapangan", _at(2, 7, 30), _at(2, 9, 30), 2, Session.Kind.PRACTICE, [sunarty]),
        ("Penutupan", _at(2, 10), _at(2, 11), 1, Session.Kind.CLOSING, [hendri]),
    ]
    sessions = []
    for topic, start, end, jp, kind, speakers in plan:
        session = SessionFactory(
            training=training, topic=topic, starts_at=start, ends_at=end, jp=jp, kind=kind
        )
        session.speakers.set(speakers)
        if kind != Session.Kind.BREAK:
            sessions.append(session)
    cells = {
        (quota.region_id, quota.role_group.name): quota
        for quota in training.quotas.select_related("role_group")
    }
    pendamping, petugas = roles["pendamping-sosial"], roles["petugas-dinsos"]

    def person(name, sex, region, role, marks=None, **fields):
        group = "Pendamping sosial" if role == pendamping else "Petugas Dinas Sosial"
        registration = RegistrationFactory(
            training=training,
            participant=ParticipantFactory(full_name=name, sex=sex, phone=PHONES.get(name, "")),
            role=role,
            region_represented=Region.objects.get(code=region),
            quota=cells[(region, group)],
            **fields,
        )
        for session, status in zip(sessions, marks or [], strict=False):
            AttendanceFactory(registration=registration, session=session, status=status)
        return registration

    person("Ani", "P", "63.03", pendamping, ["present"] * 4)
    person("Budi", "L", "63.03", petugas, ["present", "absent", "late", "sick"])
    person("Citra", "P", "63.04", pendamping, ["present", "present", "absent", "present"])
    eko = person(
        "Eko",
        "L",
        "63.04",
        petugas,
        status=Registration.Status.CANCELLED,
        decided_at=datetime.datetime(2024, 1, 20, 10, tzinfo=WITA),
        decision_reason="Sakit",
    )
    person(
        "Dodi",
        "L",
        "63.04",
        petugas,
        ["present", "present", "present", "absent"],
        replaces=eko,
        source=Registration.Source.NOMINATION,
    )
    waiting = Registration.Status.WAITLISTED
    person("Fitri", "P", "63.03", pendamping, status=waiting, waitlist_position=2)
    person("Gita", "P", "63.03", pendamping, status=waiting, waitlist_position=1)
    person("Hana", "P", "63.04", petugas, status=waiting, waitlist_position=1)
    # Registered on fixed days, so the waiting list's dates can be written down.
    Registration.objects.filter(training=training).update(
        created_at=datetime.datetime(2024, 1, 10, 23, 30, tzinfo=datetime.UTC)
    )
    return {"training": training, "sessions": sessions}
