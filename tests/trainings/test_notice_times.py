"""Registration notices say when and where: the first session's local day and time with the
training's zone label (WIB, WITA, WIT), the training's dates, the venue with its address
and region, and the status link; a notice that confirms a seat carries the calendar file.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from participants.models import Region
from tests import ics
from tests.factories import RegistrationFactory, SessionFactory, TrainingFactory
from trainings.models import Registration
from trainings.notifications import send_registration_notice

SITE = "https://pilar.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.PILAR_SITE_URL = SITE


def make_training(*, region: str, zone: str, address: str = "", sessions=(), **fields):
    """A training at ``region`` with sessions given as (day, "HH:MM", "HH:MM") local times."""
    fields.setdefault("slug", "bimtek-pkh")
    training = TrainingFactory(
        title="Bimtek Pendamping PKH",
        organizer__name="Dinas Sosial Provinsi",
        venue_name="Aula Dinas Sosial",
        venue_address=address,
        venue_region=Region.objects.get(code=region),
        starts_on=datetime.date(2026, 12, 10),
        ends_on=datetime.date(2026, 12, 11),
        **fields,
    )
    assert training.time_zone == zone
    tz = ZoneInfo(zone)
    for day, start, end in sessions:
        SessionFactory(
            training=training,
            starts_at=datetime.datetime.combine(day, datetime.time.fromisoformat(start), tzinfo=tz),
            ends_at=datetime.datetime.combine(day, datetime.time.fromisoformat(end), tzinfo=tz),
        )
    return training


DAY_1, DAY_2 = datetime.date(2026, 12, 10), datetime.date(2026, 12, 11)
# Listed out of order: the first session is the earliest, whatever was entered first.
AGENDA = [(DAY_1, "13:00", "15:30"), (DAY_2, "08:30", "12:00"), (DAY_1, "08:00", "10:00")]


def registration_for(training, *, language="id", status="confirmed"):
    return RegistrationFactory(
        training=training,
        participant__full_name="Siti Rahmah",
        email="siti@example.org",
        code="K7M2QX9D",
        language=language,
        status=status,
        waitlist_position=1 if status == "waitlisted" else None,
    )


CALENDAR_NOTE = (
    "Jadwal pelatihan terlampir sebagai berkas kalender (.ics): bukalah untuk "
    "menambahkannya ke kalender Anda.\n"
)


def body(*, starts: str | None, dates: str, address: str, note: str = CALENDAR_NOTE) -> str:
    starts_line = f"Mulai: {starts}\n" if starts else ""
    return (
        "Yth. Siti Rahmah,\n\n"
        "Panitia telah mengonfirmasi pendaftaran Anda.\n\n"
        "Pelatihan: Bimtek Pendamping PKH\n"
        "Penyelenggara: Dinas Sosial Provinsi\n"
        f"{starts_line}"
        f"Tanggal: {dates}\n"
        "Tempat: Aula Dinas Sosial\n"
        f"Alamat: {address}\n"
        "Kode pendaftaran: K7M2QX9D\n\n"
        f"Status dan pembatalan: {SITE}/registrations/K7M2QX9D/\n"
        f"{note}\n"
        "Pesan ini dikirim otomatis oleh Pilar.\n\n"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("region", "zone", "address", "starts", "dates", "where"),
    [
        (
            "62.05.05",
            "Asia/Jakarta",
            "Jl. Yetro Sinseng No. 2",
            "Kamis, 10 Desember 2026, 08.00 WIB",
            "Kamis–Jumat, 10–11 Desember 2026 · WIB",
            "Jl. Yetro Sinseng No. 2, Teweh Tengah, Kabupaten Barito Utara, Kalimantan Tengah",
        ),
        (
            "63.71",
            "Asia/Makassar",
            "",
            "Kamis, 10 Desember 2026, 08.00 WITA",
            "Kamis–Jumat, 10–11 Desember 2026 · WITA",
            "Kota Banjarmasin, Kalimantan Selatan",
        ),
        (
            "81",
            "Asia/Jayapura",
            "Jl. Pattimura, Ambon",
            "Kamis, 10 Desember 2026, 08.00 WIT",
            "Kamis–Jumat, 10–11 Desember 2026 · WIT",
            "Jl. Pattimura, Ambon, Maluku",
        ),
    ],
)
def test_confirmation_gives_the_first_sessions_local_time_with_its_zone(
    regions, roles, mailoutbox, region, zone, address, starts, dates, where
):
    training = make_training(region=region, zone=zone, address=address, sessions=AGENDA)
    registration = registration_for(training)

    send_registration_notice.call(registration_id=registration.pk, kind="confirmed")

    assert [m.body for m in mailoutbox] == [body(starts=starts, dates=dates, address=where)]


@pytest.mark.django_db
def test_notice_in_english_writes_the_time_in_english(regions, roles, mailoutbox):
    training = make_training(region="63.71", zone="Asia/Makassar", sessions=AGENDA)
    registration = registration_for(training, language="en")

    send_registration_notice.call(registration_id=registration.pk, kind="confirmed")

    assert [m.body for m in mailoutbox] == [
        "Dear Siti Rahmah,\n\n"
        "The organising committee has confirmed your registration.\n\n"
        "Training: Bimtek Pendamping PKH\n"
        "Organiser: Dinas Sosial Provinsi\n"
        "Start: Thursday, 10 December 2026, 08.00 WITA\n"
        "Date: Thursday–Friday, 10–11 December 2026 · WITA\n"
        "Venue: Aula Dinas Sosial\n"
        "Address: Kota Banjarmasin, Kalimantan Selatan\n"
        "Registration code: K7M2QX9D\n\n"
        f"Status and cancellation: {SITE}/registrations/K7M2QX9D/\n"
        "The training's schedule is attached as a calendar file (.ics): open it to add it "
        "to your calendar.\n\n"
        "This message was sent automatically by Pilar.\n\n"
    ]


@pytest.mark.django_db
def test_without_sessions_the_notice_gives_the_trainings_dates(regions, roles, mailoutbox):
    training = make_training(region="62.05.05", zone="Asia/Jakarta")
    registration = registration_for(training, status="waitlisted")

    send_registration_notice.call(registration_id=registration.pk, kind="waitlisted")

    assert [(m.body.split("\n\n")[2], m.attachments) for m in mailoutbox] == [
        (
            "Pelatihan: Bimtek Pendamping PKH\n"
            "Penyelenggara: Dinas Sosial Provinsi\n"
            "Tanggal: Kamis–Jumat, 10–11 Desember 2026 · WIB\n"
            "Tempat: Aula Dinas Sosial\n"
            "Alamat: Teweh Tengah, Kabupaten Barito Utara, Kalimantan Tengah\n"
            "Kode pendaftaran: K7M2QX9D",
            [],
        )
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("region", "zone", "label", "offset"),
    [
        ("62.05.05", "Asia/Jakarta", "WIB", "+0700"),
        ("63.71", "Asia/Makassar", "WITA", "+0800"),
        ("81", "Asia/Jayapura", "WIT", "+0900"),
    ],
)
def test_confirmation_attaches_one_event_per_day_in_the_trainings_zone(
    regions, roles, mailoutbox, region, zone, label, offset
):
    training = make_training(region=region, zone=zone, sessions=AGENDA)
    registration = registration_for(training)
    place = (
        "Aula Dinas Sosial, "
        + {
            "62.05.05": "Teweh Tengah, Kabupaten Barito Utara, Kalimantan Tengah",
            "63.71": "Kota Banjarmasin, Kalimantan Selatan",
            "81": "Maluku",
        }[region]
    )

    send_registration_notice.call(registration_id=registration.pk, kind="confirmed")

    [message] = mailoutbox
    [part] = message.attachments
    assert (
        part.get_content_type(),
        part.get_param("method"),
        part.get_param("charset"),
        part.get_filename(),
        part["Content-Transfer-Encoding"],
    ) == ("text/calendar", "PUBLISH", "utf-8", "bimtek-pkh.ics", "base64")
    data = part.get_payload(decode=True)
    ics.physical_lines(data)
    calendar = ics.parse(data)
    assert calendar.props() == {
        "VERSION": "2.0",
        "PRODID": "-//Pilar//Pelatihan pilar sosial//ID",
        "CALSCALE": "GREGORIAN",
        "METHOD": "PUBLISH",
    }
    [timezone_component] = [c for c in calendar.children if c.name == "VTIMEZONE"]
    assert timezone_component.props() == {"TZID": zone}
    assert [c.props() for c in timezone_component.children] == [
        {
            "DTSTART": "19700101T000000",
            "TZOFFSETFROM": offset,
            "TZOFFSETTO": offset,
            "TZNAME": label,
        }
    ]
    description = (
        "Penyelenggara: Dinas Sosial Provinsi\n"
        "Kode pendaftaran: K7M2QX9D\n"
        f"Status dan pembatalan: {SITE}/registrations/K7M2QX9D/"
    )
    common = {
        "SUMMARY": "Bimtek Pendamping PKH",
        "LOCATION": place,
        "DESCRIPTION": description,
        "URL": f"{SITE}/registrations/K7M2QX9D/",
        "TRANSP": "OPAQUE",
    }
    assert ics.events(calendar) == [
        {
            "UID": "pilar-K7M2QX9D-20261210@pilar.example.org",
            f"DTSTART;TZID={zone}": "20261210T080000",
            f"DTEND;TZID={zone}": "20261210T153000",
            **common,
        },
        {
            "UID": "pilar-K7M2QX9D-20261211@pilar.example.org",
            f"DTSTART;TZID={zone}": "20261211T083000",
            f"DTEND;TZID={zone}": "20261211T120000",
            **common,
        },
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "status", "attached"),
    [
        ("received", "confirmed", True),
        ("promoted", "confirmed", True),
        ("confirmed", "confirmed", True),
        ("received", "pending", False),
        ("received", "waitlisted", False),
        ("code_reminder", "confirmed", False),
        ("cancelled", "cancelled", False),
    ],
)
def test_only_a_notice_that_gives_a_seat_carries_the_calendar(
    regions, roles, mailoutbox, kind, status, attached
):
    training = make_training(region="63.71", zone="Asia/Makassar", sessions=AGENDA)
    registration = registration_for(training, status=status)

    send_registration_notice.call(registration_id=registration.pk, kind=kind)

    [message] = mailoutbox
    assert (
        [part.get_filename() for part in message.attachments],
        CALENDAR_NOTE in message.body,
    ) == ((["bimtek-pkh.ics"], True) if attached else ([], False))


@pytest.mark.django_db
def test_notice_reads_the_schedule_in_a_constant_number_of_queries(
    regions, roles, mailoutbox, django_assert_num_queries
):
    one = make_training(region="63.71", zone="Asia/Makassar", sessions=AGENDA[:1])
    many = make_training(
        region="63.71", zone="Asia/Makassar", sessions=AGENDA * 3, slug="bimtek-pkh-2"
    )
    first = registration_for(one)
    second = RegistrationFactory(training=many, email="bayu@example.org")
    Registration.objects.filter(pk__in=[first.pk, second.pk]).update(status="confirmed")

    with django_assert_num_queries(3):
        send_registration_notice.call(registration_id=first.pk, kind="confirmed")
    with django_assert_num_queries(3):
        send_registration_notice.call(registration_id=second.pk, kind="confirmed")

    assert [len(m.attachments) for m in mailoutbox] == [1, 1]
