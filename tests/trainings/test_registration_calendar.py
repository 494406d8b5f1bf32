"""The add-to-calendar file (trainings.ics) and its download from the status page, by the
registration's code: RFC 5545 framing, one event per day in the training's zone, the
status page's access rule, nothing personal, never cached."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import Region
from tests import ics
from tests.factories import RegistrationFactory, SessionFactory, TrainingFactory
from trainings import ics as calendar_file
from trainings.models import Training

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

SITE = "https://pilar.example.org"
WITA = ZoneInfo("Asia/Makassar")
CODE = "K7M2QX9D"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.PILAR_SITE_URL = SITE


@pytest.fixture
def training(regions, roles):
    return TrainingFactory(
        title="Bimtek Pendamping PKH; Angkatan I, 2026",
        slug="bimtek-pkh",
        organizer__name="Dinas Sosial Provinsi",
        venue_name="Aula Dinas Sosial",
        venue_address="Jl. Pangeran Antasari No. 1",
        venue_region=Region.objects.get(code="63.71.01"),
        starts_on=datetime.date(2026, 12, 10),
        ends_on=datetime.date(2026, 12, 12),
    )


def session(training, day: int, start: str, end: str):
    def at(clock: str) -> datetime.datetime:
        time = datetime.time.fromisoformat(clock)
        return datetime.datetime.combine(datetime.date(2026, 12, day), time, tzinfo=WITA)

    return SessionFactory(training=training, starts_at=at(start), ends_at=at(end))


def calendar_url(code: str) -> str:
    return reverse("trainings:registration_calendar", kwargs={"code": code})


def registration(training, **fields):
    values = {
        "participant__full_name": "Siti Rahmah",
        "participant__email": "siti@example.org",
        "email": "siti@example.org",
        "code": CODE,
    }
    return RegistrationFactory(training=training, **{**values, **fields})


PLACE = (
    "Aula Dinas Sosial, Jl. Pangeran Antasari No. 1, Banjarmasin Selatan, "
    "Kota Banjarmasin, Kalimantan Selatan"
)


def common(description_labels=("Penyelenggara", "Kode pendaftaran", "Status dan pembatalan")):
    organizer, code, status = description_labels
    return {
        "SUMMARY": "Bimtek Pendamping PKH; Angkatan I, 2026",
        "LOCATION": PLACE,
        "DESCRIPTION": (
            f"{organizer}: Dinas Sosial Provinsi\n{code}: {CODE}\n"
            f"{status}: {SITE}/registrations/{CODE}/"
        ),
        "URL": f"{SITE}/registrations/{CODE}/",
        "TRANSP": "OPAQUE",
    }


# --- writing the file ------------------------------------------------------------------------


def test_text_values_escape_backslash_semicolon_comma_and_newlines():
    assert calendar_file.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "Pelatihan Pendamping Sosial – " * 4 + "é" * 40

    folded = calendar_file.fold(line)

    pieces = folded.split("\r\n")
    # 216 octets: the second piece stops at 74, as the next "é" (2 octets) would make 76.
    assert [len(piece.encode()) for piece in pieces] == [75, 74, 69]
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece.removeprefix(" ") for piece in pieces) == line


# --- the download ------------------------------------------------------------------------------


def test_confirmed_registration_downloads_one_event_per_day_in_the_trainings_zone(training):
    session(training, 10, "13:00", "16:00")
    session(training, 10, "08:00", "12:00")
    session(training, 12, "08:00", "11:30")  # no session on the 11th: an all-day event
    registration(training)

    response = Client().get(calendar_url(CODE))

    assert response.status_code == 200
    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        response["Cache-Control"],
        response["X-Robots-Tag"],
    ) == (
        "text/calendar; charset=utf-8; method=PUBLISH",
        'attachment; filename="bimtek-pkh.ics"',
        "max-age=0, no-cache, no-store, must-revalidate, private",
        "noindex, nofollow",
    )
    data = response.content
    ics.physical_lines(data)
    assert ics.events(ics.parse(data)) == [
        {
            "UID": f"pilar-{CODE}-20261210@pilar.example.org",
            "DTSTART;TZID=Asia/Makassar": "20261210T080000",
            "DTEND;TZID=Asia/Makassar": "20261210T160000",
            **common(),
        },
        {
            "UID": f"pilar-{CODE}-20261211@pilar.example.org",
            "DTSTART;VALUE=DATE": "20261211",
            "DTEND;VALUE=DATE": "20261212",
            **common(),
        },
        {
            "UID": f"pilar-{CODE}-20261212@pilar.example.org",
            "DTSTART;TZID=Asia/Makassar": "20261212T080000",
            "DTEND;TZID=Asia/Makassar": "20261212T113000",
            **common(),
        },
    ]
    assert b"SUMMARY:Bimtek Pendamping PKH\\; Angkatan I\\, 2026\r\n" in data


def test_without_sessions_every_day_of_the_training_is_an_all_day_event(training):
    registration(training)

    data = Client().get(calendar_url(CODE)).content

    assert [
        (event["DTSTART;VALUE=DATE"], event["DTEND;VALUE=DATE"], event["UID"])
        for event in ics.events(ics.parse(data))
    ] == [
        ("20261210", "20261211", f"pilar-{CODE}-20261210@pilar.example.org"),
        ("20261211", "20261212", f"pilar-{CODE}-20261211@pilar.example.org"),
        ("20261212", "20261213", f"pilar-{CODE}-20261212@pilar.example.org"),
    ]


def test_the_file_follows_the_language_of_the_page(training):
    registration(training)
    client = Client()
    client.cookies["django_language"] = "en"

    data = client.get(calendar_url(CODE)).content

    assert [event["DESCRIPTION"] for event in ics.events(ics.parse(data))] == [
        common(("Organiser", "Registration code", "Status and cancellation"))["DESCRIPTION"]
    ] * 3


def test_the_file_holds_nothing_about_the_person(training):
    person = registration(training, participant__phone="+6281355550123")

    data = Client().get(calendar_url(CODE)).content.decode()

    leaks = [
        value
        for value in ("Siti", "siti@example.org", person.participant.nik, "81355550123")
        if value in data
    ]
    assert leaks == []


def test_code_typed_in_lower_case_redirects_to_the_one_address(training):
    registration(training)

    response = Client().get(calendar_url(CODE.lower()))

    assert (response.status_code, response["Location"]) == (302, calendar_url(CODE))


@pytest.mark.parametrize("status", ["pending", "waitlisted", "cancelled", "rejected"])
def test_no_file_without_a_confirmed_seat(training, status):
    registration(training, status=status, waitlist_position=1 if status == "waitlisted" else None)

    response = Client().get(calendar_url(CODE))

    assert response.status_code == 404


def test_no_file_for_a_cancelled_training(training):
    registration(training)
    Training.objects.filter(pk=training.pk).update(status=Training.Status.CANCELLED)

    assert Client().get(calendar_url(CODE)).status_code == 404


def test_guessing_codes_for_calendar_files_is_rate_limited_like_the_status_page(training):
    client = Client()
    statuses = [client.get(calendar_url(f"AAAA{n:04d}")).status_code for n in range(61)]

    assert (statuses[:60], statuses[60]) == ([404] * 60, 429)


def test_calendar_download_costs_the_same_queries_for_one_day_and_many(
    training, regions, django_assert_num_queries
):
    session(training, 10, "08:00", "12:00")
    registration(training)
    longer = TrainingFactory(
        slug="bimtek-panjang",
        venue_region=Region.objects.get(code="63.71.01"),
        starts_on=datetime.date(2026, 12, 10),
        ends_on=datetime.date(2026, 12, 14),
    )
    for day in range(10, 15):
        session(longer, day, "08:00", "12:00")
        session(longer, day, "13:00", "16:00")
    RegistrationFactory(training=longer, code="M3N4P5Q6")
    client = Client()

    with django_assert_num_queries(3):
        one = client.get(calendar_url(CODE))
    with django_assert_num_queries(3):
        many = client.get(calendar_url("M3N4P5Q6"))

    assert [len(ics.events(ics.parse(r.content))) for r in (one, many)] == [3, 5]


# --- the status page offers it ------------------------------------------------------------------

LINK = (
    '<a class="btn btn-outline-primary w-100" href="/registrations/K7M2QX9D/kalender.ics" '
    "download>Tambahkan ke kalender (.ics)</a>"
)


@pytest.mark.parametrize(
    ("status", "offered"),
    [("confirmed", True), ("pending", False), ("waitlisted", False), ("cancelled", False)],
)
def test_status_page_offers_the_calendar_for_a_confirmed_seat(training, status, offered):
    registration(training, status=status, waitlist_position=1 if status == "waitlisted" else None)

    html = Client().get(reverse("trainings:registration_status", args=[CODE])).content.decode()

    assert (LINK in html) is offered
