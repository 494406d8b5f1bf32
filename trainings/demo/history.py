"""Earlier trainings and the wider pilar registry, so the period summary and the
coverage report have something to show.

Invented (and fictional) throughout: three finished trainings of earlier fiscal
years, with attendance — a two-day TKSK bimtek of the province in 2022 (WITA),
a one-day PSM and Karang Taruna training of Barito Utara in 2023 (WIB) and a
one-day TKSK bimtek for the two cities of Kalimantan Selatan in 2025 (WITA) —
and the registry rows behind them: one TKSK per kecamatan of Kabupaten Banjar,
Tapin, Kota Banjarmasin and Kota Banjarbaru, pendamping RS-RTLH, UEP-P and Sembako
of those four who have not trained yet, and more Karang Taruna of Barito Utara.

Who trained when (so coverage has trained, lapsed and never-trained holders):
Tapin's TKSK came only in 2022; Banjar's in 2022 but every fourth, and the even
ones again in 2025; the two cities' TKSK in 2025. Every name, NIK and decree
comes from ``stable_int``: a re-run makes the same rows.
"""

from __future__ import annotations

import datetime

from participants.models import Region, SocialRole
from trainings.demo.people import (
    KALSEL_CAPITALS,
    PeopleBuilder,
    Person,
    generated_name,
    stable_int,
)
from trainings.demo.records import (
    AgendaItem,
    Seat,
    hold,
    register,
    sync_named,
    sync_sessions,
    upsert_participants,
    upsert_training,
)
from trainings.models import CommitteeMember, Guest, Organization, Registration, Session, Training

TKSK_REGENCIES = ["63.03", "63.05", "63.71", "63.72"]  # Banjar, Tapin, Banjarmasin, Banjarbaru
PENDAMPING_ROLES = ["pendamping-rs-rtlh", "pendamping-uep-p", "pendamping-sembako"]
BARUT_REGENCY = "62.05"
VENUE_DISTRICT = "63.72.04"  # Banjarbaru Utara, the provincial offices
REQUIRED_REGIONS = {*TKSK_REGENCIES, VENUE_DISTRICT}
NEW_KARANG_TARUNA = 5  # Barito Utara Karang Taruna beyond the 2025 participants
TKSK_2022 = "bimtek-tksk-kalsel-2022"
TKSK_2025 = "bimtek-tksk-kota-kalsel-2025"
BARUT_2023 = "pelatihan-psm-karang-taruna-barito-utara-2023"
BARUT_2023_PSM = [0, 1, 2, 3, 4, 5, 6, 7, 15, 16]  # indexes in the Barito Utara PSM list

_T = datetime.time
_K = Session.Kind
AGENDA_TKSK_2022 = [
    AgendaItem(0, _T(8), _T(9), "Registrasi dan pembukaan", _K.OPENING, 0),
    AgendaItem(0, _T(9), _T(10, 30), "Tugas dan fungsi TKSK", _K.MATERIAL, 2),
    AgendaItem(0, _T(10, 45), _T(12, 15), "Data Terpadu Kesejahteraan Sosial", _K.MATERIAL, 2),
    AgendaItem(0, _T(13, 30), _T(15), "Penanganan fakir miskin di kecamatan", _K.MATERIAL, 2),
    AgendaItem(1, _T(8), _T(9, 30), "Praktik pemutakhiran data", _K.PRACTICE, 2),
    AgendaItem(1, _T(9, 45), _T(11, 15), "Pelaporan bulanan TKSK", _K.PRACTICE, 2),
    AgendaItem(1, _T(11, 15), _T(11, 45), "Penutupan", _K.CLOSING, 0),
]  # fmt: skip
AGENDA_ONE_DAY = [
    AgendaItem(0, _T(8), _T(9), "Registrasi dan pembukaan", _K.OPENING, 0),
    AgendaItem(0, _T(9), _T(10, 30), "Peran pilar sosial di desa dan kelurahan", _K.MATERIAL, 2),
    AgendaItem(0, _T(10, 45), _T(12, 15), "Pendataan dan rujukan PPKS", _K.MATERIAL, 2),
    AgendaItem(0, _T(13, 15), _T(14, 45), "Diskusi kasus", _K.PRACTICE, 2),
    AgendaItem(0, _T(14, 45), _T(15, 15), "Penutupan", _K.CLOSING, 0),
]  # fmt: skip


def seed(
    *,
    builder: PeopleBuilder,
    kalsel: Organization,
    barut: Organization,
    barut_psm: list[Person],
    barut_karang_taruna: list[Person],
    known: dict,
    recorded_by,
) -> dict:
    """The registry holders above, then the three earlier trainings with attendance.
    ``known`` maps the NIKs of people seeded before (Barito Utara's) to their rows."""
    districts: dict[str, list[Region]] = {}
    for region in Region.objects.filter(parent_id__in=TKSK_REGENCIES).order_by("code"):
        districts.setdefault(region.parent_id, []).append(region)
    barut_districts = list(
        Region.objects.filter(parent_id=BARUT_REGENCY).values_list("code", flat=True)
    )
    tksk = {
        regency: [
            _person(builder, f"tksk:{k.code}", k.code, (1975, 1995), f"TKSK Kecamatan {k.name}")
            for k in districts[regency]
        ]
        for regency in TKSK_REGENCIES
    }
    pendamping = [
        (role, _person(builder, f"{role}:{regency}", _home(districts[regency], role),
                       (1985, 1999), "Pendamping sosial"))
        for regency in TKSK_REGENCIES
        for role in PENDAMPING_ROLES
    ]  # fmt: skip
    karang_taruna = [
        _person(builder, f"karang-taruna:{n}", _home_code(barut_districts, n), (1993, 2005),
                "Karang Taruna")
        for n in range(NEW_KARANG_TARUNA)
    ]  # fmt: skip
    people = [p for group in tksk.values() for p in group] + [p for _, p in pendamping]
    people += karang_taruna
    participants = {**known, **upsert_participants(people)}
    holders = [("tksk", p, p.district) for group in tksk.values() for p in group]
    holders += [(role, p, p.district) for role, p in pendamping]
    holders += [("karang-taruna", p, p.district) for p in karang_taruna]
    hold(holders, participants)

    banjar, tapin, banjarmasin, banjarbaru = (tksk[code] for code in TKSK_REGENCIES)
    trainings = [
        _past(
            TKSK_2022, kalsel, "Bimbingan Teknis Tenaga Kesejahteraan Sosial Kecamatan Tahun 2022",
            datetime.date(2022, 8, 10), AGENDA_TKSK_2022, venue=("Aula Dinas Sosial Provinsi "
            "Kalimantan Selatan", VENUE_DISTRICT),
            seats=[("tksk", p, "63.03") for i, p in enumerate(banjar) if i % 4 != 3]
            + [("tksk", p, "63.05") for p in tapin],
            participants=participants, recorded_by=None,
        ),
        _past(
            BARUT_2023, barut, "Pelatihan Pekerja Sosial Masyarakat dan Karang Taruna Tahun 2023",
            datetime.date(2023, 9, 14), AGENDA_ONE_DAY, venue=("Aula Bappedarida", "62.05.05"),
            seats=[("psm", barut_psm[i], BARUT_REGENCY) for i in BARUT_2023_PSM]
            + [("karang-taruna", p, BARUT_REGENCY) for p in barut_karang_taruna[:5]]
            + [("karang-taruna", p, BARUT_REGENCY) for p in karang_taruna[:3]],
            participants=participants, recorded_by=recorded_by,
        ),
        _past(
            TKSK_2025, kalsel, "Bimbingan Teknis TKSK Kota Banjarmasin dan Banjarbaru Tahun 2025",
            datetime.date(2025, 5, 21), AGENDA_ONE_DAY, venue=("Aula Dinas Sosial Provinsi "
            "Kalimantan Selatan", VENUE_DISTRICT),
            seats=[("tksk", p, "63.71") for p in banjarmasin]
            + [("tksk", p, "63.72") for p in banjarbaru]
            + [("tksk", p, "63.03") for i, p in enumerate(banjar) if i % 2 == 0],
            participants=participants, recorded_by=None,
        ),
    ]  # fmt: skip
    return {"trainings": trainings, "participants": len(people)}


def _person(builder, key, district, born, unit) -> Person:
    name, sex = generated_name(builder, key)
    regency = district[:5]
    place = KALSEL_CAPITALS.get(regency, "Muara Teweh")
    return builder.person(name, sex, district=district, born=born, birth_place=place, unit=unit)


def _home(regions: list[Region], key: str) -> str:
    return regions[stable_int("rumah", key) % len(regions)].code


def _home_code(codes: list[str], n: int) -> str:
    return sorted(codes)[stable_int("rumah", "karang-taruna", n) % len(codes)]


def _past(slug, org, title, starts_on, agenda, *, venue, seats, participants, recorded_by):
    """A finished training: open pool, no approval, every seat confirmed, attendance kept."""
    days = max(item.day for item in agenda)
    kind = Training.Kind.BIMTEK if slug.startswith("bimtek") else Training.Kind.PELATIHAN
    fields = {
        "organizer": org,
        "title": title,
        "kind": kind,
        "fiscal_year": starts_on.year,
        "objectives": "Meningkatkan kapasitas pilar sosial dalam tugas di wilayahnya.",
        "venue_name": venue[0],
        "venue_region_id": venue[1],
        "starts_on": starts_on,
        "ends_on": starts_on + datetime.timedelta(days=days),
        "capacity": len(seats),
        "requires_approval": False,
        "status": Training.Status.PUBLISHED,
    }
    window = (starts_on - datetime.timedelta(days=21), starts_on - datetime.timedelta(days=4))
    training = upsert_training(slug, fields, window=window)
    training.eligible_roles.set(SocialRole.objects.filter(code__in={s[0] for s in seats}))
    sync_named(CommitteeMember, training, [])
    sync_named(Guest, training, [])
    sessions = sync_sessions(training, agenda, speakers={})
    opens = training.registration_opens_at
    register(
        training,
        code_key=slug,
        seats=[
            Seat(
                person=person,
                role=role,
                region=region,
                consent_at=opens + datetime.timedelta(minutes=37 * index),
                source=Registration.Source.STAFF,
            )
            for index, (role, person, region) in enumerate(seats)
        ],
        participants=participants,
        sessions=sessions,
        recorded_by=recorded_by,
    )
    return training
