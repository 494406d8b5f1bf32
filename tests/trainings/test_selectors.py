"""Public reads: which trainings the catalogue lists, each training's state, its page's rows.

Selectors take ``now``, so these tests pin the clock instead of depending on today.
"""

from __future__ import annotations

import datetime

import pytest

from participants.models import Region
from tests.factories import (
    QuotaFactory,
    RoleGroupFactory,
    SessionFactory,
    SpeakerFactory,
    TrainingFactory,
)
from trainings.models import Training
from trainings.selectors.public import (
    CatalogueFilters,
    RegistrationState,
    catalogue_trainings,
    public_trainings,
    registration_state,
    training_page,
)

UTC = datetime.UTC
KALSEL_VENUE = "63.71.03"  # Banjarmasin Barat, Kota Banjarmasin (WITA)
BARUT_VENUE = "62.05.05"  # Teweh Tengah, Kabupaten Barito Utara (WIB)
# 16.30 UTC: 23.30 on 31 January in WIB, already 00.30 on 1 February in WITA.
NOW = datetime.datetime(2035, 1, 31, 16, 30, tzinfo=UTC)


def _training(**fields) -> Training:
    fields.setdefault("starts_on", datetime.date(2035, 2, 10))
    fields.setdefault("ends_on", fields["starts_on"])
    fields.setdefault("registration_opens_at", NOW - datetime.timedelta(days=1))
    fields.setdefault("registration_closes_at", NOW + datetime.timedelta(days=5))
    return TrainingFactory(**fields)


def _titles(rows) -> list[str]:
    return [row.training.title for row in rows]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, RegistrationState.OPEN),
        ({"seats_taken": 30}, RegistrationState.FULL),
        ({"registration_opens_at": NOW + datetime.timedelta(hours=1)}, RegistrationState.NOT_OPEN),
        ({"registration_closes_at": NOW}, RegistrationState.CLOSED),
        ({"status": Training.Status.CANCELLED}, RegistrationState.CANCELLED),
        ({"starts_on": datetime.date(2035, 1, 30)}, RegistrationState.FINISHED),
    ],
)
def test_registration_state_follows_status_dates_window_and_seats(regions, fields, expected):
    training = _training(capacity=30, **fields)

    assert registration_state(training, now=NOW) == expected


def test_registration_state_finished_is_decided_in_the_training_zone(regions):
    barut = _training(starts_on=datetime.date(2035, 1, 31), venue_region_id=BARUT_VENUE)
    kalsel = _training(starts_on=datetime.date(2035, 1, 31), venue_region_id=KALSEL_VENUE)

    assert registration_state(barut, now=NOW) == RegistrationState.OPEN
    assert registration_state(kalsel, now=NOW) == RegistrationState.FINISHED


def test_catalogue_trainings_hides_drafts_cancelled_and_finished_by_each_zone_and_orders(
    regions,
):
    _training(title="Bimtek Februari", starts_on=datetime.date(2035, 2, 20))
    _training(
        title="Sedang berjalan",
        starts_on=datetime.date(2035, 1, 30),
        ends_on=datetime.date(2035, 2, 2),
    )
    _training(title="Belum dibuka", registration_opens_at=NOW + datetime.timedelta(days=3))
    _training(title="Draf", status=Training.Status.DRAFT)
    _training(title="Batal", status=Training.Status.CANCELLED)
    _training(
        title="Selesai kemarin",
        starts_on=datetime.date(2035, 1, 30),
        ends_on=datetime.date(2035, 1, 30),
    )
    _training(
        title="Hari terakhir WIB",
        starts_on=datetime.date(2035, 1, 31),
        venue_region_id=BARUT_VENUE,
    )
    _training(
        title="Hari terakhir WITA",
        starts_on=datetime.date(2035, 1, 31),
        venue_region_id=KALSEL_VENUE,
    )

    rows = catalogue_trainings(now=NOW)

    assert _titles(rows) == [
        "Sedang berjalan",
        "Hari terakhir WIB",
        "Belum dibuka",
        "Bimtek Februari",
    ]
    assert [row.state for row in rows] == ["open", "open", "not_open", "open"]


def test_catalogue_trainings_role_filter_keeps_trainings_open_to_every_role(regions, roles):
    _training(title="Untuk TKSK", eligible_roles=[roles["tksk"], roles["psm"]])
    _training(title="Untuk Tagana", eligible_roles=[roles["tagana"]])
    _training(title="Untuk semua")

    rows = catalogue_trainings(filters=CatalogueFilters(role="tksk"), now=NOW)

    assert _titles(rows) == ["Untuk TKSK", "Untuk semua"]


def test_catalogue_trainings_region_filter_matches_the_code_prefix_only(regions):
    _training(title="Muara Teweh", venue_region_id=BARUT_VENUE)
    _training(title="Kabupaten Barito Utara", venue_region_id="62.05")
    _training(title="Palangka Raya", venue_region_id="62.71.01")
    _training(title="Banjarmasin", venue_region_id=KALSEL_VENUE)

    by_province = catalogue_trainings(filters=CatalogueFilters(region="62"), now=NOW)
    by_regency = catalogue_trainings(filters=CatalogueFilters(region="62.05"), now=NOW)

    assert _titles(by_province) == ["Kabupaten Barito Utara", "Muara Teweh", "Palangka Raya"]
    assert _titles(by_regency) == ["Kabupaten Barito Utara", "Muara Teweh"]


def test_catalogue_trainings_refuses_a_region_code_that_is_no_province_or_regency(regions):
    with pytest.raises(ValueError, match="not a province or regency code: '6%'"):
        catalogue_trainings(filters=CatalogueFilters(region="6%"), now=NOW)


def test_public_trainings_reads_the_regency_name_of_the_venue(regions):
    _training(slug="kecamatan", venue_region_id=BARUT_VENUE)
    _training(slug="kabupaten", venue_region_id="62.05")
    _training(slug="provinsi", venue_region_id="63")

    names = {training.slug: training.regency_name for training in public_trainings()}

    assert names == {
        "kecamatan": "Kabupaten Barito Utara",
        "kabupaten": "Kabupaten Barito Utara",
        "provinsi": None,
    }


def test_training_page_groups_sessions_by_local_day_and_counts_open_seats(regions, roles):
    training = _training(
        starts_on=datetime.date(2035, 2, 7),
        ends_on=datetime.date(2035, 2, 8),
        venue_region_id=KALSEL_VENUE,
        capacity=34,
        seats_taken=9,
    )
    day_one = SessionFactory(
        training=training,
        starts_at=datetime.datetime(2035, 2, 7, 0, 0, tzinfo=UTC),  # 08.00 WITA
        topic="Pembukaan",
    )
    late = SessionFactory(
        training=training,
        starts_at=datetime.datetime(2035, 2, 7, 16, 30, tzinfo=UTC),  # 00.30 WITA, 8 Feb
        topic="Renungan malam",
    )
    day_two = SessionFactory(
        training=training,
        starts_at=datetime.datetime(2035, 2, 8, 1, 0, tzinfo=UTC),
        topic="Rencana kerja",
    )
    group = RoleGroupFactory(name="Pendamping sosial", roles=[roles["pendamping-sosial"]])
    QuotaFactory(
        training=training,
        region=Region.objects.get(code="63.71"),
        role_group=group,
        seats=1,
        seats_taken=1,
    )
    QuotaFactory(training=training, seats=8, seats_taken=3)

    page = training_page(training=training, now=NOW)

    assert [(day.date, day.sessions) for day in page.days] == [
        (datetime.date(2035, 2, 7), [day_one]),
        (datetime.date(2035, 2, 8), [late, day_two]),
    ]
    assert [(quota.seats, quota.seats_left) for quota in page.quotas] == [(1, 0), (8, 5)]
    assert (page.seats_left, page.open_seats, page.open_seats_left) == (25, 25, 20)
    assert page.total_jp == 6


def test_training_page_lists_speakers_of_each_session_in_entry_order(regions):
    training = _training()
    session = SessionFactory(training=training)
    first = SpeakerFactory(name="Hendri Kurniawan")
    second = SpeakerFactory(prefix="Dr. Hj.", name="Sunarty", suffix="S.M.Pd")
    session.speakers.set([second, first])

    page = training_page(training=training, now=NOW)

    assert [s.display_name for s in page.days[0].sessions[0].speakers.all()] == [
        "Hendri Kurniawan",
        "Dr. Hj. Sunarty, S.M.Pd",
    ]
