"""Sessions are entered and shown in the training's zone, whatever TIME_ZONE says.

TIME_ZONE is Asia/Jakarta (WIB). A Kalsel training runs in WITA (UTC+8): "08:00"
typed for it must be stored as 00:00 UTC, shown back as "08:00", listed as
"08.00 WITA". A Barito Utara training runs in WIB: 08:00 is 01:00 UTC.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse

from participants.models import Region
from tests.factories import OrganizationFactory, SessionFactory, TrainingFactory
from tests.html import form_data
from trainings.formatting import local_datetime, local_time
from trainings.models import Organization, Session, Training

# WhiteNoise warns at start-up that STATIC_ROOT (var/staticfiles) does not exist;
# tests never collect static files. To go once settings stop the warning.

UTC = datetime.UTC
KALSEL_VENUE = "63.71.01"  # Banjarmasin Selatan, Kota Banjarmasin (WITA)
BARUT_VENUE = "62.05.05"  # Teweh Tengah, Barito Utara (WIB)
OUTSIDE_DATES = "Sesi harus berada di antara tanggal pelatihan (31-01-2024–01-02-2024, WITA)."


@pytest.fixture
def kalsel_training(regions):
    """The Bimtek pendamping sosial: Banjarmasin, 31 Jan – 1 Feb 2024, WITA."""
    dinsos = OrganizationFactory(
        name="Dinas Sosial Provinsi Kalimantan Selatan",
        short_name="Dinsos Kalsel",
        kind=Organization.Kind.DINSOS_PROVINCE,
        region=Region.objects.get(code="63"),
    )
    return TrainingFactory(
        organizer=dinsos,
        title="Bimbingan Teknis Pendamping Sosial RS-RTLH, UEP-P dan Sembako",
        venue_region=Region.objects.get(code=KALSEL_VENUE),
        starts_on=datetime.date(2024, 1, 31),
        ends_on=datetime.date(2024, 2, 1),
        capacity=34,
    )


@pytest.fixture
def barut_training(regions):
    """The Pelatihan Pilar-Pilar Sosial: Muara Teweh, 23 Oct 2025, WIB."""
    return TrainingFactory(
        title="Pelatihan Peningkatan Kapasitas Pilar-Pilar Sosial Tahun 2025",
        venue_region=Region.objects.get(code=BARUT_VENUE),
        starts_on=datetime.date(2025, 10, 23),
        ends_on=datetime.date(2025, 10, 23),
        capacity=50,
    )


def _session_form(training: Training, day: str, start: str, end: str, **extra) -> dict:
    """The standalone Session add form as a browser posts it (date d-m-Y, time H:M)."""
    return {
        "training": str(training.pk),
        "starts_at_0": day,
        "starts_at_1": start,
        "ends_at_0": day,
        "ends_at_1": end,
        "topic": "Pembukaan",
        "kind": Session.Kind.OPENING,
        "jp": "0",
        "moderator": "",
        **extra,
    }


def _session_inline(data: dict, index: int, day: str, start: str, end: str, topic: str) -> None:
    prefix = f"sessions-{index}-"
    data[f"{prefix}starts_at_0"] = [day]
    data[f"{prefix}starts_at_1"] = [start]
    data[f"{prefix}ends_at_0"] = [day]
    data[f"{prefix}ends_at_1"] = [end]
    data[f"{prefix}topic"] = [topic]


@pytest.mark.parametrize(
    ("venue_fixture", "day", "stored_start", "shown"),
    [
        ("kalsel_training", "31-01-2024", datetime.datetime(2024, 1, 31, 0, 0, tzinfo=UTC), "WITA"),
        ("barut_training", "23-10-2025", datetime.datetime(2025, 10, 23, 1, 0, tzinfo=UTC), "WIB"),
    ],
)
def test_session_admin_reads_and_shows_times_in_the_training_zone(
    admin_client, request, venue_fixture, day, stored_start, shown
):
    training = request.getfixturevalue(venue_fixture)

    response = admin_client.post(
        reverse("admin:trainings_session_add"), _session_form(training, day, "08:00", "10:00")
    )

    assert response.status_code == 302
    session = Session.objects.get(training=training)
    assert (session.starts_at, session.ends_at) == (
        stored_start,
        stored_start + datetime.timedelta(hours=2),
    )
    change_page = admin_client.get(reverse("admin:trainings_session_change", args=[session.pk]))
    assert form_data(change_page, "session_form")["starts_at_1"] == ["08:00"]
    assert form_data(change_page, "session_form")["ends_at_1"] == ["10:00"]
    assert form_data(change_page, "session_form")["starts_at_0"] == [day]
    assert f"Mulai ({shown})" in change_page.content.decode()
    changelist = admin_client.get(reverse("admin:trainings_session_changelist"))
    assert f"08.00 {shown}" in changelist.content.decode()
    assert f"10.00 {shown}" in changelist.content.decode()


def test_session_admin_change_keeps_the_stored_instant(admin_client, kalsel_training):
    session = SessionFactory(training=kalsel_training)  # 08:00 WITA on 31 Jan
    change_url = reverse("admin:trainings_session_change", args=[session.pk])
    data = form_data(admin_client.get(change_url), "session_form")
    data["topic"] = ["Pembukaan dan arahan Kepala Dinas"]

    response = admin_client.post(change_url, data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.topic, session.starts_at) == (
        "Pembukaan dan arahan Kepala Dinas",
        datetime.datetime(2024, 1, 31, 0, 0, tzinfo=UTC),
    )


def test_session_outside_the_training_dates_is_refused_with_the_models_message(
    admin_client, kalsel_training
):
    response = admin_client.post(
        reverse("admin:trainings_session_add"),
        _session_form(kalsel_training, "30-01-2024", "08:00", "10:00"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [OUTSIDE_DATES]
    assert not Session.objects.exists()


def test_session_late_on_the_last_day_is_inside_the_dates_in_the_training_zone(
    admin_client, kalsel_training
):
    # 23:00 WITA on 1 Feb is still the training's last day; read as WIB it would be
    # 00:00 WITA on 2 Feb and refused.
    response = admin_client.post(
        reverse("admin:trainings_session_add"),
        _session_form(kalsel_training, "01-02-2024", "22:00", "23:00"),
    )

    assert response.status_code == 302
    assert list(Session.objects.values_list("starts_at", "ends_at")) == [
        (
            datetime.datetime(2024, 2, 1, 14, 0, tzinfo=UTC),
            datetime.datetime(2024, 2, 1, 15, 0, tzinfo=UTC),
        )
    ]


def test_training_change_form_inline_sessions_use_the_training_zone(admin_client, kalsel_training):
    change_url = reverse("admin:trainings_training_change", args=[kalsel_training.pk])
    page = admin_client.get(change_url)
    assert "Mulai (WITA)" in page.content.decode()
    data = form_data(page, "training_form")
    _session_inline(data, 0, "31-01-2024", "08:00", "10:00", "Pembukaan")

    response = admin_client.post(change_url, data)

    assert response.status_code == 302
    session = Session.objects.get(training=kalsel_training)
    assert session.starts_at == datetime.datetime(2024, 1, 31, 0, 0, tzinfo=UTC)
    # Shown back as typed; saving the unchanged form moves nothing.
    data = form_data(admin_client.get(change_url), "training_form")
    assert (data["sessions-0-starts_at_0"], data["sessions-0-starts_at_1"]) == (
        ["31-01-2024"],
        ["08:00"],
    )
    assert admin_client.post(change_url, data).status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime.datetime(2024, 1, 31, 0, 0, tzinfo=UTC)


def test_training_change_form_refuses_an_inline_session_outside_the_dates(
    admin_client, kalsel_training
):
    change_url = reverse("admin:trainings_training_change", args=[kalsel_training.pk])
    data = form_data(admin_client.get(change_url), "training_form")
    _session_inline(data, 0, "02-02-2024", "08:00", "10:00", "Penutupan")

    response = admin_client.post(change_url, data)

    assert response.status_code == 200
    session_forms = response.context["inline_admin_formsets"][0].formset.forms
    assert session_forms[0].non_field_errors() == [OUTSIDE_DATES]
    assert not Session.objects.exists()


def test_training_add_form_reads_sessions_in_the_venue_provinces_zone(admin_client, regions):
    organizer = OrganizationFactory(region=Region.objects.get(code="63"))
    add_url = reverse("admin:trainings_training_add")
    data = form_data(admin_client.get(add_url), "training_form")
    data.update(
        organizer=[str(organizer.pk)],
        title=["Bimtek Pendamping Sosial"],
        slug=["bimtek-pendamping-sosial-2024"],
        fiscal_year=["2024"],
        venue_name=["Hotel di Banjarmasin"],
        venue_region=[KALSEL_VENUE],
        starts_on=["31-01-2024"],
        ends_on=["01-02-2024"],
        time_zone=[""],  # follow the venue's province: WITA
        capacity=["34"],
    )
    _session_inline(data, 0, "31-01-2024", "08:00", "10:00", "Pembukaan")

    response = admin_client.post(add_url, data)

    assert response.status_code == 302
    training = Training.objects.get(slug="bimtek-pendamping-sosial-2024")
    assert training.time_zone == "Asia/Makassar"
    assert list(training.sessions.values_list("starts_at", flat=True)) == [
        datetime.datetime(2024, 1, 31, 0, 0, tzinfo=UTC)
    ]


def test_training_add_form_refuses_an_inline_session_outside_the_dates(admin_client, regions):
    organizer = OrganizationFactory(region=Region.objects.get(code="63"))
    add_url = reverse("admin:trainings_training_add")
    data = form_data(admin_client.get(add_url), "training_form")
    data.update(
        organizer=[str(organizer.pk)],
        title=["Bimtek Pendamping Sosial"],
        slug=["bimtek-pendamping-sosial-2024"],
        fiscal_year=["2024"],
        venue_name=["Hotel di Banjarmasin"],
        venue_region=[KALSEL_VENUE],
        starts_on=["31-01-2024"],
        ends_on=["01-02-2024"],
        capacity=["34"],
    )
    _session_inline(data, 0, "02-02-2024", "08:00", "10:00", "Penutupan")

    response = admin_client.post(add_url, data)

    assert response.status_code == 200
    assert not Training.objects.exists()


def test_training_changelist_shows_dates_with_the_zone_label(admin_client, kalsel_training):
    response = admin_client.get(reverse("admin:trainings_training_changelist"))

    assert "31 Jan. 2024 – 1 Feb. 2024 (WITA)" in response.content.decode()


def test_local_time_formats_in_the_given_zone_indonesian_style(kalsel_training):
    instant = datetime.datetime(2024, 1, 31, 0, 5, tzinfo=UTC)

    assert local_time(instant, kalsel_training) == "08.05 WITA"
    assert local_time(instant, "Asia/Jakarta") == "07.05 WIB"
    assert local_time(instant, ZoneInfo("Asia/Jayapura")) == "09.05 WIT"
    assert local_time(None, kalsel_training) == ""
    assert local_datetime(instant, kalsel_training) == "31 Jan. 2024 08.05 WITA"
    rendered = Template("{% load pilar %}{{ when|local_time:training }}").render(
        Context({"when": instant, "training": kalsel_training})
    )
    assert rendered == "08.05 WITA"
