"""How Pilar writes things for people (trainings/formatting.py) and the template libraries
that register those functions.

Pure functions: the trainings and speakers here are unsaved, no database is needed.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from trainings.formatting import (
    clock,
    clock_range,
    date_range,
    format_nip,
    local_date,
    local_datetime,
    local_time,
    long_date,
    long_datetime,
    mask_nik,
    mask_niks_in,
    moment,
    name_with_titles,
    national_phone,
    nik_for,
    short_date,
    time_range,
    training_dates,
    zone_of,
)
from trainings.models import Speaker, Training

UTC = datetime.UTC
# 31 January 2024, 00:05 UTC: 07.05 in Jakarta, 08.05 in Makassar, 09.05 in Jayapura.
INSTANT = datetime.datetime(2024, 1, 31, 0, 5, tzinfo=UTC)
NIK = "6205052310850001"


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def _training(zone: str = "Asia/Makassar", **dates) -> Training:
    dates = dates or {"starts_on": datetime.date(2024, 1, 31), "ends_on": datetime.date(2024, 2, 1)}
    return Training(title="Bimtek Pendamping Sosial", time_zone=zone, **dates)


# --- zones and times --------------------------------------------------------------------------


def test_zone_of_takes_a_training_a_zoneinfo_or_a_name():
    assert zone_of(_training("Asia/Jayapura")) == ZoneInfo("Asia/Jayapura")
    assert zone_of(ZoneInfo("Asia/Makassar")) == ZoneInfo("Asia/Makassar")
    assert zone_of("Asia/Jakarta") == ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Jakarta", "07.05 WIB"),
        ("Asia/Pontianak", "07.05 WIB"),
        ("Asia/Makassar", "08.05 WITA"),
        ("Asia/Jayapura", "09.05 WIT"),
    ],
)
def test_local_time_is_the_wall_clock_with_the_zone_label(zone, shown):
    assert local_time(INSTANT, zone) == shown
    assert local_time(INSTANT, _training(zone)) == shown


def test_local_time_of_nothing_is_empty():
    assert local_time(None, "Asia/Jakarta") == ""
    assert local_date(None, "Asia/Jakarta") == ""
    assert local_datetime(None, "Asia/Jakarta") == ""
    assert moment(None, "Asia/Jakarta") == ""


def test_clock_and_spans_in_the_trainings_zone():
    training = _training("Asia/Makassar")
    end = INSTANT + datetime.timedelta(hours=2, minutes=10)

    assert clock(INSTANT, training) == "08.05"
    assert clock_range(INSTANT, end, training) == "08.05–10.15"
    assert time_range(INSTANT, end, training) == "08.05–10.15 WITA"
    assert time_range(INSTANT, end, "Asia/Jayapura") == "09.05–11.15 WIT"


def test_an_instant_falls_on_the_local_day():
    late = datetime.datetime(2024, 1, 31, 16, 30, tzinfo=UTC)  # 1 February in Jayapura

    assert local_date(late, "Asia/Jakarta") == "31 Jan. 2024"
    assert local_date(late, "Asia/Jayapura") == "1 Feb. 2024"
    assert local_datetime(late, "Asia/Jayapura") == "1 Feb. 2024 01.30 WIT"


# --- days in words ------------------------------------------------------------------------------


def test_day_and_month_names_are_indonesian():
    day = datetime.date(2025, 10, 23)

    assert long_date(day) == "Kamis, 23 Oktober 2025"
    assert long_date(day, weekday=False) == "23 Oktober 2025"
    assert short_date(datetime.date(2024, 8, 17)) == "17 Agu 2024"


def test_moment_and_long_datetime_in_the_trainings_zone():
    instant = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    assert moment(instant, _training("Asia/Jakarta")) == "Senin, 7 Desember 2026, 16.00 WIB"
    assert long_datetime(instant, "Asia/Makassar") == "7 Desember 2026 17.00 WITA"


@pytest.mark.parametrize(
    ("first", "last", "written"),
    [
        ("2025-10-23", "2025-10-23", "Kamis, 23 Oktober 2025"),
        ("2026-12-10", "2026-12-11", "Kamis–Jumat, 10–11 Desember 2026"),
        ("2024-01-31", "2024-02-01", "Rabu–Kamis, 31 Januari–1 Februari 2024"),
        ("2025-12-31", "2026-01-01", "Rabu–Kamis, 31 Desember 2025–1 Januari 2026"),
    ],
)
def test_date_range_writes_each_part_once(first, last, written):
    first, last = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)

    assert date_range(first, last) == written


def test_training_dates_with_and_without_the_zone():
    training = _training("Asia/Makassar")

    assert training_dates(training) == "Rabu–Kamis, 31 Januari–1 Februari 2024 · WITA"
    assert training_dates(training, zone=False) == "Rabu–Kamis, 31 Januari–1 Februari 2024"


# --- people -------------------------------------------------------------------------------------


def test_nik_masked_or_whole():
    assert mask_nik(NIK) == "6205********0001"
    assert nik_for(NIK, full=False) == "6205********0001"
    assert nik_for(NIK, full=True) == "6205052310850001"


def test_niks_in_free_text_are_masked_but_longer_numbers_are_not():
    text = f'{{"nik": "{NIK}", "phone": "+6281234567890", "account": "12345678901234567"}}'

    assert mask_niks_in(text) == (
        '{"nik": "6205********0001", "phone": "+6281234567890", "account": "12345678901234567"}'
    )


def test_speaker_names_with_and_without_honorifics():
    assert name_with_titles("Sunarty", prefix="Dr. Hj.", suffix="S.M.Pd") == (
        "Dr. Hj. Sunarty, S.M.Pd"
    )
    assert name_with_titles("Sunarty", prefix="Dr. Hj.") == "Dr. Hj. Sunarty"
    assert name_with_titles("Sunarty", suffix="S.M.Pd") == "Sunarty, S.M.Pd"
    assert name_with_titles("Sunarty") == "Sunarty"
    speaker = Speaker(prefix="Dr. Hj.", name="Sunarty", suffix="S.M.Pd")
    assert speaker.display_name == "Dr. Hj. Sunarty, S.M.Pd"
    assert str(Speaker(name="Rahmadi")) == "Rahmadi"


def test_phone_and_nip_as_people_write_them():
    assert national_phone("+6281234567890") == "0812-3456-7890"
    assert national_phone("081234") == "081234"
    assert format_nip("197001011990031001") == "19700101 199003 1 001"
    assert format_nip("") == ""
    assert format_nip("12345") == "12345"


# --- the template libraries only register these -------------------------------------------------


def test_public_library_writes_through_the_same_functions():
    training = _training("Asia/Makassar")
    end = INSTANT + datetime.timedelta(hours=2)
    template = Template(
        "{% load public %}{{ at|moment:training }} | {{ at|in_zone:training }} | "
        "{% time_range at end training %} | {% date_range training %} | "
        "{% date_range training zone=False %}"
    )

    rendered = template.render(Context({"at": INSTANT, "end": end, "training": training}))

    assert rendered == (
        "Rabu, 31 Januari 2024, 08.05 WITA | 08.05 WITA | 08.05–10.05 WITA | "
        "Rabu–Kamis, 31 Januari–1 Februari 2024 · WITA | Rabu–Kamis, 31 Januari–1 Februari 2024"
    )


def test_pilar_library_writes_through_the_same_functions():
    template = Template(
        "{% load pilar %}{{ at|local_time:zone }} | {{ at|local_date:zone }} | "
        "{{ at|local_datetime:zone }}"
    )

    rendered = template.render(Context({"at": INSTANT, "zone": "Asia/Jayapura"}))

    assert rendered == "09.05 WIT | 31 Jan. 2024 | 31 Jan. 2024 09.05 WIT"
