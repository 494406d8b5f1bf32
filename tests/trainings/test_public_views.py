"""The public catalogue (/) and a training's page (/trainings/<slug>/), as a phone sees them.

Trainings of these tests lie in the 2030s so the catalogue (which hides finished
ones) shows them whatever day the suite runs; tests that need "finished" or
"closed" count back from the real clock.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from participants.models import Region
from tests.factories import (
    OrganizationFactory,
    QuotaFactory,
    RoleGroupFactory,
    SessionFactory,
    SpeakerFactory,
    TrainingFactory,
)
from trainings.formatting import date_range
from trainings.models import Organization, Training

# WhiteNoise warns at start-up that STATIC_ROOT (var/staticfiles) does not exist;
# tests never collect static files.

UTC = datetime.UTC
KALSEL_VENUE = "63.71.03"  # Banjarmasin Barat, Kota Banjarmasin (WITA)
BARUT_VENUE = "62.05.05"  # Teweh Tengah, Kabupaten Barito Utara (WIB)
CATALOGUE = "/"


class _Elements(HTMLParser):
    """Text of every element with the given tag (and attributes), nested ones included."""

    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.attrs = tag, attrs
        self.open: list[list] = []  # [depth, parts] of each matching element being read
        self.depth = 0
        self.found: list[dict] = []

    def _matches(self, tag, attrs) -> bool:
        if tag != self.tag:
            return False
        have = dict(attrs)
        return all(
            value in (have.get(name) or "").split() if name == "class" else have.get(name) == value
            for name, value in self.attrs.items()
        )

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            if tag == "br" and self.open:
                self.open[-1][1].append(" ")
            return
        self.depth += 1
        if self._matches(tag, attrs):
            self.open.append([self.depth, [], dict(attrs)])

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.open and self.open[-1][0] == self.depth:
            _, parts, attrs = self.open.pop()
            self.found.append({"text": " ".join("".join(parts).split()), "attrs": attrs})
            if self.open:
                self.open[-1][1].extend(parts)
        self.depth -= 1

    def handle_data(self, data):
        if self.open:
            self.open[-1][1].append(data)


def _find(response, tag: str, **attrs) -> list[dict]:
    parser = _Elements(tag, {name.rstrip("_"): value for name, value in attrs.items()})
    parser.feed(response.content.decode())
    return parser.found


def _texts(response, tag: str, **attrs) -> list[str]:
    return [element["text"] for element in _find(response, tag, **attrs)]


def _text(response, tag: str, **attrs) -> str:
    (text,) = _texts(response, tag, **attrs)
    return text


def _card_titles(response) -> list[str]:
    return _texts(response, "h2", class_="pilar-card-title")


def _select_values(response, name: str) -> list[str]:
    html = response.content.decode()
    start = html.index(f'name="{name}"')
    block = html[start : html.index("</select>", start)]
    parser = _Elements("option", {})
    parser.feed(block)
    return [element["attrs"]["value"] for element in parser.found]


@pytest.fixture
def dinsos_kalsel(regions):
    return OrganizationFactory(
        name="Dinas Sosial Provinsi Kalimantan Selatan",
        short_name="Dinsos Kalsel",
        kind=Organization.Kind.DINSOS_PROVINCE,
        region=Region.objects.get(code="63"),
    )


@pytest.fixture
def dinsos_barut(regions):
    return OrganizationFactory(
        name="Dinas Sosial Pemberdayaan Masyarakat dan Desa Kabupaten Barito Utara",
        short_name="Dinsos PMD Barut",
        region=Region.objects.get(code="62.05"),
    )


def _kalsel_bimtek(organizer, **fields) -> Training:
    """The Bimtek pendamping sosial, moved to Wednesday–Thursday 31 Jan – 1 Feb 2035."""
    defaults = {
        "organizer": organizer,
        "title": "Bimbingan Teknis Pendamping Sosial RS-RTLH, UEP-P dan Sembako",
        "slug": "bimtek-pendamping-sosial-kalsel",
        "kind": Training.Kind.BIMTEK,
        "field": "Bidang Perlindungan dan Jaminan Sosial",
        "venue_name": "Aula Dinas Sosial Provinsi",
        "venue_region": Region.objects.get(code=KALSEL_VENUE),
        "starts_on": datetime.date(2035, 1, 31),
        "ends_on": datetime.date(2035, 2, 1),
        "capacity": 34,
        # 23.59 WITA on Saturday 20 January 2035.
        "registration_closes_at": datetime.datetime(2035, 1, 20, 15, 59, tzinfo=UTC),
    }
    return TrainingFactory(**{**defaults, **fields})


def _barut_pelatihan(organizer, **fields) -> Training:
    """The Pelatihan pilar-pilar sosial, moved to Thursday 23 October 2031 (WIB)."""
    defaults = {
        "organizer": organizer,
        "title": "Pelatihan Peningkatan Kapasitas Pilar-Pilar Sosial",
        "slug": "pelatihan-pilar-sosial-barut",
        "venue_name": "Aula Bappedarida",
        "venue_region": Region.objects.get(code=BARUT_VENUE),
        "starts_on": datetime.date(2031, 10, 23),
        "ends_on": datetime.date(2031, 10, 23),
        "capacity": 50,
        "registration_closes_at": datetime.datetime(2031, 10, 20, 10, 0, tzinfo=UTC),
    }
    return TrainingFactory(**{**defaults, **fields})


def _upcoming(**fields) -> Training:
    """A training far enough ahead to be listed whatever day the suite runs."""
    fields.setdefault("starts_on", datetime.date(2035, 3, 1))
    fields.setdefault("ends_on", fields["starts_on"])
    return TrainingFactory(**fields)


# --- Formatting helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "indonesian", "english"),
    [
        ("2031-10-23", "2031-10-23", "Kamis, 23 Oktober 2031", "Thursday, 23 October 2031"),
        ("2035-02-01", "2035-02-02", "Kamis–Jumat, 1–2 Februari 2035", "Thursday–Friday, 1–2 February 2035"),
        ("2035-01-31", "2035-02-01", "Rabu–Kamis, 31 Januari–1 Februari 2035", "Wednesday–Thursday, 31 January–1 February 2035"),
        ("2035-12-31", "2036-01-01", "Senin–Selasa, 31 Desember 2035–1 Januari 2036", "Monday–Tuesday, 31 December 2035–1 January 2036"),
    ],
)  # fmt: skip
def test_date_range_writes_day_names_and_months_in_the_active_language(
    first, last, indonesian, english
):
    first, last = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)

    with translation.override("id"):
        assert date_range(first, last) == indonesian
    with translation.override("en"):
        assert date_range(first, last) == english


# --- Catalogue -----------------------------------------------------------------------------


def test_catalogue_lists_published_trainings_not_yet_over_by_start_date(
    client, dinsos_kalsel, dinsos_barut
):
    today = timezone.localdate()
    _kalsel_bimtek(dinsos_kalsel)
    _barut_pelatihan(dinsos_barut)
    TrainingFactory(
        title="Sedang berjalan",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=1),
    )
    TrainingFactory(
        title="Pendaftaran belum dibuka",
        starts_on=datetime.date(2033, 3, 1),
        ends_on=datetime.date(2033, 3, 1),
        registration_opens_at=datetime.datetime(2033, 1, 1, tzinfo=UTC),
        registration_closes_at=datetime.datetime(2033, 2, 1, tzinfo=UTC),
    )
    _upcoming(title="Draf", status=Training.Status.DRAFT)
    _upcoming(title="Dibatalkan", status=Training.Status.CANCELLED)
    TrainingFactory(
        title="Sudah selesai",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today - datetime.timedelta(days=2),
    )

    response = client.get(CATALOGUE)

    assert response.status_code == 200
    assert _card_titles(response) == [
        "Sedang berjalan",
        "Pelatihan Peningkatan Kapasitas Pilar-Pilar Sosial",
        "Pendaftaran belum dibuka",
        "Bimbingan Teknis Pendamping Sosial RS-RTLH, UEP-P dan Sembako",
    ]
    assert _text(response, "p", role="status") == "4 pelatihan"


def test_catalogue_card_shows_dates_zone_venue_roles_seats_and_deadline(
    client, dinsos_kalsel, roles
):
    _kalsel_bimtek(
        dinsos_kalsel,
        seats_taken=9,
        eligible_roles=[roles["pendamping-sosial"], roles["peksos"]],
    )

    response = client.get(CATALOGUE)

    assert _texts(response, "article") == [
        "Bimbingan Teknis Pendamping Sosial RS-RTLH, UEP-P dan Sembako "
        "Dibuka Bimbingan teknis · Dinas Sosial Provinsi Kalimantan Selatan "
        "Tanggal Rabu–Kamis, 31 Januari–1 Februari 2035 · WITA "
        "Tempat Aula Dinas Sosial Provinsi, Banjarmasin Barat, Kota Banjarmasin "
        "Untuk Peksos, Pendamping Sosial "
        "Sisa kursi 25 dari 34 kursi "
        "Batas pendaftaran Sabtu, 20 Januari 2035, 23.59 WITA"
    ]
    assert _find(response, "a", href="/trainings/bimtek-pendamping-sosial-kalsel/") != []


def test_catalogue_badges_say_open_not_open_closed_and_full(client, regions):
    now = timezone.now()
    _upcoming(title="A dibuka", starts_on=datetime.date(2035, 3, 1))
    _upcoming(
        title="B belum dibuka",
        starts_on=datetime.date(2035, 3, 2),
        registration_opens_at=now + datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(days=9),
    )
    _upcoming(
        title="C ditutup",
        starts_on=datetime.date(2035, 3, 3),
        registration_opens_at=now - datetime.timedelta(days=9),
        registration_closes_at=now - datetime.timedelta(hours=1),
    )
    _upcoming(title="D penuh", starts_on=datetime.date(2035, 3, 4), capacity=5, seats_taken=5)

    response = client.get(CATALOGUE)

    assert _texts(response, "span", class_="badge") == [
        "Dibuka",
        "Belum dibuka",
        "Ditutup",
        "Penuh — daftar tunggu",
    ]


def test_catalogue_trainings_open_to_every_role_say_so(client, regions):
    _upcoming(starts_on=datetime.date(2035, 3, 1))

    response = client.get(CATALOGUE)

    assert "Untuk Semua unsur pilar sosial" in _text(response, "article")


def test_catalogue_role_filter_narrows_to_eligible_and_all_role_trainings(client, regions, roles):
    _upcoming(title="A TKSK dan PSM", eligible_roles=[roles["tksk"], roles["psm"]])
    _upcoming(title="B Tagana", eligible_roles=[roles["tagana"]])
    _upcoming(title="C semua unsur")

    response = client.get(CATALOGUE, {"role": "tagana"})

    assert _card_titles(response) == ["B Tagana", "C semua unsur"]


def test_catalogue_kind_filter_narrows_to_that_kind(client, regions):
    _upcoming(title="A pelatihan", kind=Training.Kind.PELATIHAN)
    _upcoming(title="B bimtek", kind=Training.Kind.BIMTEK)

    response = client.get(CATALOGUE, {"kind": "bimtek"})

    assert _card_titles(response) == ["B bimtek"]


def test_catalogue_province_and_regency_filters_narrow_by_venue_region(client, regions):
    _upcoming(title="A Muara Teweh", venue_region_id=BARUT_VENUE)
    _upcoming(title="B Palangka Raya", venue_region_id="62.71.01")
    _upcoming(title="C Banjarmasin", venue_region_id=KALSEL_VENUE)

    by_province = client.get(CATALOGUE, {"province": "62"})
    by_regency = client.get(CATALOGUE, {"province": "62", "regency": "62.05"})
    stale_regency = client.get(CATALOGUE, {"province": "63", "regency": "62.05"})

    assert _card_titles(by_province) == ["A Muara Teweh", "B Palangka Raya"]
    assert _card_titles(by_regency) == ["A Muara Teweh"]
    assert _card_titles(stale_regency) == ["C Banjarmasin"]


def test_catalogue_ignores_filter_values_that_are_not_choices(client, regions):
    _upcoming(title="A")

    response = client.get(CATALOGUE, {"role": "x", "province": "6%", "kind": "<b>"})

    assert response.status_code == 200
    assert _card_titles(response) == ["A"]


def test_catalogue_region_selects_list_provinces_and_only_the_chosen_province_regencies(
    client, regions
):
    without_province = client.get(CATALOGUE)
    kalsel = client.get(CATALOGUE, {"province": "63"})

    assert len(_select_values(without_province, "province")) == 1 + 38
    assert _select_values(without_province, "regency") == [""]
    assert ["disabled" in element["attrs"] for element in _find(without_province, "select")] == [
        False,
        False,
        False,
        True,
        False,
    ]  # language; role, province, regency, kind
    assert _select_values(kalsel, "regency") == [
        "",
        *Region.objects.filter(parent_id="63").order_by("name").values_list("code", flat=True),
    ]
    assert len(_select_values(kalsel, "regency")) == 1 + 13


def test_catalogue_query_count_does_not_grow_with_trainings(
    client, regions, roles, django_assert_num_queries
):
    def add(count: int) -> None:
        for _ in range(count):
            _upcoming(eligible_roles=[roles["tksk"], roles["psm"]])

    add(1)
    with django_assert_num_queries(5):
        first = client.get(CATALOGUE, {"province": "62", "role": "tksk"})
    add(19)
    with django_assert_num_queries(5):
        twenty = client.get(CATALOGUE, {"province": "62", "role": "tksk"})

    assert (len(_card_titles(first)), len(_card_titles(twenty))) == (1, 20)


def test_catalogue_may_be_kept_a_minute_by_the_browser_only(client, regions):
    response = client.get(CATALOGUE)

    assert response["Cache-Control"] == "private, max-age=60"


def test_catalogue_in_english_writes_dates_in_english(client, dinsos_barut):
    _barut_pelatihan(dinsos_barut)
    client.cookies["django_language"] = "en"

    response = client.get(CATALOGUE)

    assert "Thursday, 23 October 2031 · WIB" in _text(response, "article")
    assert "Oktober" not in response.content.decode()


# --- Training page ------------------------------------------------------------------------


def _detail(client, training: Training):
    return client.get(reverse("trainings:detail", args=[training.slug]))


def test_detail_agenda_is_grouped_by_day_with_times_in_the_training_zone(client, dinsos_kalsel):
    training = _kalsel_bimtek(dinsos_kalsel)
    hendri = SpeakerFactory(
        organization=dinsos_kalsel,
        name="Hendri Kurniawan",
        position="Widyaiswara",
        institution="BBPPKS Banjarmasin",
    )
    SessionFactory(
        training=training,
        starts_at=datetime.datetime(2035, 1, 31, 0, 0, tzinfo=UTC),  # 08.00 WITA
        ends_at=datetime.datetime(2035, 1, 31, 2, 0, tzinfo=UTC),
        topic="Pembukaan",
        jp=0,
    )
    SessionFactory(
        training=training,
        starts_at=datetime.datetime(2035, 1, 31, 2, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2035, 1, 31, 4, 30, tzinfo=UTC),
        topic="Kebijakan RS-RTLH",
        jp=3,
    ).speakers.set([hendri])
    SessionFactory(
        training=training,
        starts_at=datetime.datetime(2035, 2, 1, 1, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2035, 2, 1, 3, 0, tzinfo=UTC),
        topic="Rencana kerja",
    )

    response = _detail(client, training)

    assert _texts(response, "h3") == [
        "Hari 1 — Rabu, 31 Januari 2035",
        "Hari 2 — Kamis, 1 Februari 2035",
    ]
    assert _texts(response, "ol", class_="pilar-agenda") == [
        "08.00–10.00 WITA Pembukaan "
        "10.00–12.30 WITA · 3 JP Kebijakan RS-RTLH "
        "Narasumber: Hendri Kurniawan — Widyaiswara, BBPPKS Banjarmasin",
        "09.00–11.00 WITA · 2 JP Rencana kerja",
    ]
    assert "Waktu dalam WITA. Jumlah 5 JP (1 JP = 45 menit)." in _text(
        response, "section", **{"aria-labelledby": "agenda"}
    )


def test_detail_speakers_show_their_honorifics_position_and_institution(client, dinsos_barut):
    training = _barut_pelatihan(dinsos_barut)
    sunarty = SpeakerFactory(
        organization=dinsos_barut,
        prefix="Dr. Hj.",
        name="Sunarty",
        suffix="S.M.Pd",
        position="Sekretaris Dinas Sosial PMD Barito Utara",
        institution="",
    )
    SessionFactory(training=training, topic="Peran pilar sosial").speakers.set([sunarty])

    response = _detail(client, training)

    assert (
        "Narasumber: Dr. Hj. Sunarty, S.M.Pd — Sekretaris Dinas Sosial PMD Barito Utara"
        in _text(response, "ol", class_="pilar-agenda")
    )


def test_detail_shows_facts_eligibility_objectives_and_outputs(client, dinsos_kalsel, roles):
    training = _kalsel_bimtek(
        dinsos_kalsel,
        objectives="Meningkatkan kapasitas pendamping.",
        expected_outputs="Rencana kerja dan laporan lapangan.",
        eligible_roles=[roles["pendamping-sosial"]],
        seats_taken=4,
    )

    response = _detail(client, training)

    assert _text(response, "h1") == training.title
    assert _texts(response, "dl", class_="pilar-facts")[0] == (
        "Tanggal Rabu–Kamis, 31 Januari–1 Februari 2035 · WITA "
        "Tempat Aula Dinas Sosial Provinsi, Banjarmasin Barat, Kota Banjarmasin "
        "Penyelenggara Dinas Sosial Provinsi Kalimantan Selatan "
        "Bidang Perlindungan dan Jaminan Sosial "
        "Sisa kursi 30 dari 34 kursi"
    )
    assert _text(response, "section", **{"aria-labelledby": "eligibility"}) == (
        "Siapa yang boleh ikut Pendamping Sosial Anda memilih unsur Anda pada formulir pendaftaran."
    )
    assert _text(response, "section", **{"aria-labelledby": "objectives"}) == (
        "Tujuan Meningkatkan kapasitas pendamping."
    )
    assert _text(response, "section", **{"aria-labelledby": "outputs"}) == (
        "Hasil yang diharapkan Rencana kerja dan laporan lapangan."
    )


def test_detail_quota_table_shows_cells_the_open_pool_and_seats_left(client, dinsos_kalsel, roles):
    training = _kalsel_bimtek(dinsos_kalsel, seats_taken=9)
    pendamping = RoleGroupFactory(name="Pendamping sosial", roles=[roles["pendamping-sosial"]])
    QuotaFactory(
        training=training,
        region=Region.objects.get(code="63.71"),
        role_group=pendamping,
        seats=1,
        seats_taken=1,
    )
    QuotaFactory(training=training, region=Region.objects.get(code="63.03"), seats=2)
    QuotaFactory(training=training, seats=8, seats_taken=3)

    response = _detail(client, training)

    assert _texts(response, "tr") == [
        "Wilayah Unsur Kursi Sisa",
        "Kabupaten Banjar Semua unsur 2 2",
        "Kota Banjarmasin Pendamping sosial 1 0",
        "Semua wilayah Semua unsur 8 5",
        "Kursi umum (di luar kuota) Semua unsur 23 18",
        "Jumlah 34 25",
    ]


def _registration_call(response) -> str:
    return _text(response, "section", **{"aria-labelledby": "registration"})


def test_detail_open_training_links_to_the_register_form(client, dinsos_barut):
    training = _barut_pelatihan(
        dinsos_barut, registration_opens_at=datetime.datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
    )

    response = _detail(client, training)

    assert _registration_call(response) == (
        "Pendaftaran Daftar sekarang "
        "Pendaftaran dibuka Kamis, 1 Januari 2026, 08.00 WIB "
        "Pendaftaran ditutup Senin, 20 Oktober 2031, 17.00 WIB"
    )
    assert _texts(response, "a", href="/trainings/pelatihan-pilar-sosial-barut/register/") == [
        "Daftar sekarang"
    ]


def test_detail_full_training_offers_the_waiting_list(client, dinsos_barut):
    training = _barut_pelatihan(dinsos_barut, capacity=50, seats_taken=50)

    response = _detail(client, training)

    assert _text(response, "p", class_="alert") == "Kursi penuh: Anda dapat masuk daftar tunggu"
    assert _texts(response, "a", href="/trainings/pelatihan-pilar-sosial-barut/register/") == [
        "Daftar ke daftar tunggu"
    ]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (
            # 08.00 WIB on Monday 15 January 2035.
            {
                "starts_on": datetime.date(2035, 2, 1),
                "ends_on": datetime.date(2035, 2, 1),
                "registration_opens_at": datetime.datetime(2035, 1, 15, 1, 0, tzinfo=UTC),
                "registration_closes_at": datetime.datetime(2035, 1, 25, tzinfo=UTC),
            },
            "Pendaftaran belum dibuka. Pendaftaran dibuka pada Senin, 15 Januari 2035, 08.00 WIB.",
        ),
        (
            {"registration_closes_at": datetime.datetime(2026, 1, 1, tzinfo=UTC)},
            "Pendaftaran sudah ditutup.",
        ),
        (
            {"starts_on": datetime.date(2026, 1, 5), "ends_on": datetime.date(2026, 1, 6)},
            "Pelatihan ini sudah selesai.",
        ),
    ],
)
def test_detail_says_why_one_cannot_register(client, dinsos_barut, fields, reason):
    fields.setdefault("registration_opens_at", datetime.datetime(2025, 12, 1, tzinfo=UTC))
    training = _barut_pelatihan(dinsos_barut, **fields)

    response = _detail(client, training)

    assert _text(response, "p", class_="alert") == reason
    assert _find(response, "a", href="/trainings/pelatihan-pilar-sosial-barut/register/") == []


def test_detail_cancelled_training_shows_it_was_cancelled_and_why(client, dinsos_barut):
    training = _barut_pelatihan(
        dinsos_barut,
        status=Training.Status.CANCELLED,
        cancelled_reason="Aula dipakai untuk posko banjir.",
    )

    response = _detail(client, training)

    assert response.status_code == 200
    assert _text(response, "div", class_="alert") == (
        "Pelatihan ini dibatalkan. Alasan: Aula dipakai untuk posko banjir."
    )
    assert _texts(response, "span", class_="badge") == ["Dibatalkan"]
    assert _find(response, "a", href="/trainings/pelatihan-pilar-sosial-barut/register/") == []


def test_detail_of_a_draft_is_not_found(client, dinsos_barut):
    training = _barut_pelatihan(dinsos_barut, status=Training.Status.DRAFT)

    response = _detail(client, training)

    assert response.status_code == 404
    assert training.title not in response.content.decode()


def test_detail_query_count_does_not_grow_with_sessions_speakers_and_quotas(
    client, dinsos_kalsel, roles, django_assert_num_queries
):
    training = _kalsel_bimtek(dinsos_kalsel, eligible_roles=[roles["pendamping-sosial"]])
    group = RoleGroupFactory(name="Pendamping sosial", roles=[roles["pendamping-sosial"]])

    def add(count: int) -> None:
        for _ in range(count):
            start = datetime.datetime(2035, 1, 31, 0, 0, tzinfo=UTC)
            session = SessionFactory(training=training, starts_at=start)
            session.speakers.set(SpeakerFactory.create_batch(2, organization=dinsos_kalsel))

    add(1)
    QuotaFactory(training=training, seats=1, role_group=group)
    with django_assert_num_queries(5):
        first = _detail(client, training)
    add(19)
    QuotaFactory(training=training, seats=2, region=Region.objects.get(code="63.71"))
    QuotaFactory(training=training, seats=3, region=Region.objects.get(code="63.03"))
    with django_assert_num_queries(5):
        twenty = _detail(client, training)

    assert (len(_texts(first, "li")), len(_texts(twenty, "li"))) == (1 + 2 + 1, 20 * 3 + 1)


def test_detail_may_be_kept_a_minute_by_the_browser_only(client, dinsos_barut):
    response = _detail(client, _barut_pelatihan(dinsos_barut))

    assert response["Cache-Control"] == "private, max-age=60"


def test_detail_in_english_writes_dates_in_english(client, dinsos_kalsel):
    training = _kalsel_bimtek(dinsos_kalsel)
    SessionFactory(training=training, starts_at=datetime.datetime(2035, 1, 31, 0, tzinfo=UTC))

    response = client.get(
        reverse("trainings:detail", args=[training.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert _texts(response, "h3")[0].endswith(" — Wednesday, 31 January 2035")
    assert "Wednesday–Thursday, 31 January–1 February 2035 · WITA" in response.content.decode()
    assert "Januari" not in response.content.decode()


def test_public_pages_carry_no_inline_script_style_or_event_handler(client, dinsos_kalsel, roles):
    training = _kalsel_bimtek(dinsos_kalsel, eligible_roles=[roles["pendamping-sosial"]])
    SessionFactory(training=training).speakers.set([SpeakerFactory()])
    QuotaFactory(training=training, region=Region.objects.get(code="63.71"))

    pages = [client.get(CATALOGUE, {"province": "63"}), _detail(client, training)]

    for page in pages:
        html = page.content.decode()
        assert (page.status_code, _find(page, "script"), _find(page, "style")) == (200, [], [])
        assert [marker for marker in (" style=", " onclick=", " onchange=") if marker in html] == []


@pytest.mark.django_db
def test_pages_carry_a_description_and_an_icon_and_favicon_ico_answers(client, regions):
    training = TrainingFactory(title="Pelatihan TKSK", venue_name="Aula Dinsos")

    catalogue = client.get(CATALOGUE).content.decode()
    detail = client.get(reverse("trainings:detail", args=[training.slug])).content.decode()
    icon = client.get("/favicon.ico")

    assert '<meta name="description" content="Pilar: pendaftaran dan kehadiran' in catalogue
    assert (
        f'<meta name="description" content="Pelatihan TKSK, diselenggarakan oleh '
        f"{training.organizer.name} di Aula Dinsos." in detail
    )
    assert '<link rel="icon" href="/static/favicon' in catalogue
    assert (icon.status_code, icon["Location"].startswith("/static/favicon")) == (302, True)
