"""Dinsos PMD Kabupaten Barito Utara: the 2025 Pelatihan Peningkatan Kapasitas
Pilar-Pilar Sosial, its next edition, and the agency's pilar registry.

From the public reports: the title, agency, bidang, head, Kabid, speakers, venue,
date, 50 participants and their roles, the guests. Invented (and fictional): the
agenda's times and topics, every participant, the registry's decree numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from participants.models import Region, RoleHeld, SocialRole
from trainings.demo.people import (
    BARITO_UTARA_BIRTH_PLACES,
    BARITO_UTARA_KARANG_TARUNA,
    BARITO_UTARA_LKS,
    BARITO_UTARA_LKS_NAMES,
    BARITO_UTARA_PENDAMPING_PKH,
    BARITO_UTARA_PENDAMPING_SOSIAL,
    BARITO_UTARA_PSM,
    BARITO_UTARA_TAGANA,
    BARITO_UTARA_TKSK,
    PeopleBuilder,
    Person,
    stable_int,
)
from trainings.demo.records import (
    AgendaItem,
    Seat,
    hold,
    register,
    rename_edition,
    sync_named,
    sync_sessions,
    upsert_participants,
    upsert_training,
)
from trainings.models import (
    CommitteeMember,
    Guest,
    Organization,
    Registration,
    Session,
    Speaker,
    Training,
)

ORG_CODE = "DINSOSPMD-BARUT"
REGENCY = "62.05"
VENUE_DISTRICT = "62.05.05"  # Teweh Tengah: Muara Teweh, the regency seat
PAST_SLUG = "pelatihan-pilar-sosial-barito-utara-2025"
SLUG_PREFIX = "pelatihan-pilar-sosial-barito-utara"
NEXT_CODE_KEY = f"{SLUG_PREFIX}-berikutnya"  # seeds the next edition's codes across years
AGENCY = "Dinas Sosial PMD Kabupaten Barito Utara"
ELIGIBLE_ROLES = [
    "tksk", "psm", "karang-taruna", "pendamping-sosial", "pendamping-pkh", "lks", "tagana",
]  # fmt: skip
TRAINED_PSM = 11  # the first 11 PSM and 5 Tagana of the registry came in 2025
TRAINED_TAGANA = 5
INACTIVE = {("psm", 17), ("tagana", 8)}  # registry rows no longer active
# The next edition's first registrants: registry members who have not trained yet.
NEXT_REGISTRANTS = [
    ("psm", 11), ("psm", 12), ("psm", 13), ("psm", 14), ("tagana", 5), ("tagana", 6),
]  # fmt: skip

_T = datetime.time
AGENDA = [
    AgendaItem(0, _T(8), _T(9), "Registrasi peserta dan pembukaan oleh Kepala Dinas Sosial PMD "
               "Kabupaten Barito Utara", Session.Kind.OPENING, 0),
    AgendaItem(0, _T(9), _T(10, 30), "Materi 1: Peran pilar-pilar sosial dalam penyelenggaraan "
               "kesejahteraan sosial", Session.Kind.MATERIAL, 2, ("hendri",)),
    AgendaItem(0, _T(10, 45), _T(12, 15), "Materi 2: Kebijakan dan program kesejahteraan sosial "
               "Kabupaten Barito Utara", Session.Kind.MATERIAL, 2, ("sunarty",)),
    AgendaItem(0, _T(13, 15), _T(14, 45), "Diskusi dan tanya jawab", Session.Kind.PRACTICE, 2,
               ("hendri", "sunarty")),
    AgendaItem(0, _T(14, 45), _T(15, 15), "Penutupan", Session.Kind.CLOSING, 0),
]  # fmt: skip


@dataclass
class People:
    registry: dict[str, list[Person]]  # tksk / psm / tagana, in list order
    others: list[tuple[str, Person]]  # (role, person) of the 2025 participants outside it


def ensure_organization() -> Organization:
    org, _ = Organization.objects.update_or_create(
        code=ORG_CODE,
        defaults={
            "name": "Dinas Sosial Pemberdayaan Masyarakat dan Desa Kabupaten Barito Utara",
            "short_name": "Dinsos PMD Barito Utara",
            "kind": Organization.Kind.DINSOS_REGENCY,
            "region_id": REGENCY,
            "letterhead": "PEMERINTAH KABUPATEN BARITO UTARA\n"
            "DINAS SOSIAL PEMBERDAYAAN MASYARAKAT DAN DESA\n"
            "Muara Teweh, Kalimantan Tengah",
            "address": "Muara Teweh, Kabupaten Barito Utara, Kalimantan Tengah",
            "signatory_name": "Suparmi A. Aspian",
            "signatory_position": "Kepala Dinas Sosial Pemberdayaan Masyarakat dan Desa "
            "Kabupaten Barito Utara",
            "signatory_nip": "",  # not in the sources
        },
    )
    return org


def seed(*, org: Organization, today: datetime.date, recorded_by, builder: PeopleBuilder) -> dict:
    """The 2025 edition (complete, with attendance), the next one, and the registry."""
    kecamatan = list(Region.objects.filter(parent_id=REGENCY).order_by("code"))
    people = _people(builder, kecamatan)
    everyone = [p for group in people.registry.values() for p in group] + [
        p for _, p in people.others
    ]
    participants = upsert_participants(everyone)
    _registry(people, participants, kecamatan)
    speakers = _speakers(org)
    committee = [
        {
            "name": "Hj. Nor Ratna Kumala Dewi",
            "position": "Kepala Bidang Rehabilitasi Sosial, Pemberdayaan dan Komunitas Adat "
            "Terpencil",
            "institution": AGENCY,
            "duty": "Penanggung jawab",
        }
    ]
    guests = [
        {"name": f"Camat {k.name}", "position": "Camat", "institution": f"Kecamatan {k.name}"}
        for k in kecamatan
    ] + [
        {
            "name": "Pejabat struktural dan fungsional",
            "position": "",
            "institution": "Pemerintah Kabupaten Barito Utara",
        }
    ]

    past = _training(
        PAST_SLUG,
        org,
        starts_on=datetime.date(2025, 10, 23),
        window=(datetime.date(2025, 10, 6), datetime.date(2025, 10, 20)),
    )
    sessions = _dress(past, committee, guests, speakers)
    trained = (
        [("tksk", p) for p in people.registry["tksk"]]
        + [("psm", p) for p in people.registry["psm"][:TRAINED_PSM]]
        + [("tagana", p) for p in people.registry["tagana"][:TRAINED_TAGANA]]
        + people.others
    )
    seats = [
        Seat(
            person=person,
            role=role,
            region=REGENCY,
            consent_at=past.registration_opens_at
            + datetime.timedelta(minutes=stable_int("daftar", person.nik) % (320 * 60)),
            # Most registered themselves online; the committee entered every fifth.
            source=Registration.Source.STAFF if index % 5 == 0 else Registration.Source.ONLINE,
        )
        for index, (role, person) in enumerate(trained)
    ]
    register(
        past,
        code_key=PAST_SLUG,
        seats=seats,
        participants=participants,
        sessions=sessions,
        recorded_by=recorded_by,
    )

    upcoming = _upcoming(org, today)
    _dress(upcoming, committee, guests, speakers)
    next_seats = [
        Seat(
            person=people.registry[role][index],
            role=role,
            region=REGENCY,
            consent_at=upcoming.registration_opens_at + datetime.timedelta(hours=3 + 5 * order),
        )
        for order, (role, index) in enumerate(NEXT_REGISTRANTS)
    ]
    register(upcoming, code_key=NEXT_CODE_KEY, seats=next_seats, participants=participants)
    return {
        "trainings": [past, upcoming],
        "participants": len(everyone),
        "people": people,
        "rows": participants,
    }


def next_thursday(today: datetime.date) -> datetime.date:
    """The first Thursday at least three weeks ahead (the 2025 edition was a Thursday)."""
    first = today + datetime.timedelta(days=21)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7)


def _people(builder: PeopleBuilder, kecamatan: list[Region]) -> People:
    codes = [k.code for k in kecamatan]
    names = {k.code: k.name for k in kecamatan}

    def make(name: str, sex: str, born: tuple[int, int], unit: str, district: str = "") -> Person:
        """``unit`` may name the person's kecamatan as ``{kec}``."""
        if not district:
            # Spread over the kecamatan, with more in Muara Teweh (Teweh Tengah).
            roll = stable_int("rumah", name) % (len(codes) + 4)
            district = codes[roll] if roll < len(codes) else VENUE_DISTRICT
        place = BARITO_UTARA_BIRTH_PLACES[
            stable_int("tempat", name) % len(BARITO_UTARA_BIRTH_PLACES)
        ]
        return builder.person(
            name,
            sex,
            district=district,
            born=born,
            birth_place=place,
            unit=unit.format(kec=names[district]),
        )

    registry = {
        "tksk": [
            make(name, sex, (1972, 1992), "TKSK Kecamatan {kec}", district=code)
            for (name, sex), code in zip(BARITO_UTARA_TKSK, codes, strict=True)
        ],
        "psm": [make(n, s, (1968, 1996), "PSM Kecamatan {kec}") for n, s in BARITO_UTARA_PSM],
        "tagana": [
            make(n, s, (1982, 2000), "Tagana Kabupaten Barito Utara")
            for n, s in BARITO_UTARA_TAGANA
        ],
    }
    others = [
        ("karang-taruna", make(n, s, (1992, 2004), "Karang Taruna Kecamatan {kec}"))
        for n, s in BARITO_UTARA_KARANG_TARUNA
    ]
    others += [
        ("pendamping-sosial", make(n, s, (1984, 1997), AGENCY))
        for n, s in BARITO_UTARA_PENDAMPING_SOSIAL
    ]
    others += [
        ("pendamping-pkh", make(n, s, (1985, 1997), "PKH Kecamatan {kec}"))
        for n, s in BARITO_UTARA_PENDAMPING_PKH
    ]
    others += [
        ("lks", make(n, s, (1970, 1995), unit))
        for (n, s), unit in zip(BARITO_UTARA_LKS, BARITO_UTARA_LKS_NAMES, strict=True)
    ]
    return People(registry=registry, others=others)


def _registry(people: People, participants: dict, kecamatan: list[Region]) -> None:
    """RoleHeld rows: decrees are per role and year, as one SK appoints a whole batch."""
    roles = {r.code: r for r in SocialRole.objects.filter(code__in=people.registry)}
    first_year = {"tksk": 2016, "psm": 2018, "tagana": 2015}
    rows = []
    for role, persons in people.registry.items():
        for index, person in enumerate(persons):
            year = first_year[role] + stable_int("sk", person.nik) % (2025 - first_year[role])
            number = 60 + stable_int("nomor-sk", role, year) % 340
            rows.append(
                RoleHeld(
                    participant=participants[person.nik],
                    role=roles[role],
                    sk_number=f"188.45/{number}/{year}",
                    year_appointed=year,
                    duty_region_id=kecamatan[index].code if role == "tksk" else person.district,
                    active=(role, index) not in INACTIVE,
                )
            )
    RoleHeld.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["participant", "role"],
        update_fields=["sk_number", "year_appointed", "duty_region", "active"],
    )
    # The 2025 participants of the other pilar roles hold them in the registry too (the
    # LKS are institutions, not registry people).
    hold(
        [(role, person, person.district) for role, person in people.others if role != "lks"],
        participants,
    )


def _speakers(org: Organization) -> dict[str, Speaker]:
    hendri, _ = Speaker.objects.update_or_create(
        organization=org,
        name="Hendri Kurniawan",
        defaults={"prefix": "", "suffix": "", "institution": "BBPPKS Banjarmasin"},
    )
    sunarty, _ = Speaker.objects.update_or_create(
        organization=org,
        name="Sunarty",
        defaults={
            "prefix": "Dr. Hj.",
            "suffix": "S.M.Pd",
            "position": "Sekretaris Dinas Sosial PMD Kabupaten Barito Utara",
            "institution": AGENCY,
        },
    )
    return {"hendri": hendri, "sunarty": sunarty}


def _training(
    slug: str,
    org: Organization,
    *,
    starts_on: datetime.date,
    window: tuple[datetime.date, datetime.date],
) -> Training:
    fields = {
        "organizer": org,
        "title": f"Pelatihan Peningkatan Kapasitas Pilar-Pilar Sosial Tahun {starts_on.year}",
        "kind": Training.Kind.PELATIHAN,
        "field": "Bidang Rehabilitasi Sosial, Pemberdayaan dan Komunitas Adat Terpencil",
        "fiscal_year": starts_on.year,
        "objectives": "Meningkatkan kapasitas pilar-pilar sosial Kabupaten Barito Utara dalam "
        "penyelenggaraan kesejahteraan sosial di desa dan kecamatan.",
        "expected_outputs": "Peserta memahami peran, tugas dan kebijakan kesejahteraan sosial "
        "daerah, serta siap menerapkannya di wilayah tugas masing-masing.",
        "venue_name": "Aula Bappedarida",
        "venue_address": "Muara Teweh, Kabupaten Barito Utara",
        "venue_region_id": VENUE_DISTRICT,
        "starts_on": starts_on,
        "ends_on": starts_on,
        "capacity": 50,
        "requires_approval": False,
        "status": Training.Status.PUBLISHED,
    }
    return upsert_training(slug, fields, window=window)


def _upcoming(org: Organization, today: datetime.date) -> Training:
    """The next edition, keyed on its slug; a run in a new year renames last year's one
    instead of adding a second."""
    starts_on = next_thursday(today)
    slug = f"{SLUG_PREFIX}-{starts_on.year}"
    rename_edition(prefix=SLUG_PREFIX, past_slug=PAST_SLUG, slug=slug)
    return _training(
        slug,
        org,
        starts_on=starts_on,
        window=(today - datetime.timedelta(days=5), starts_on - datetime.timedelta(days=3)),
    )


def _dress(training, committee, guests, speakers) -> list[Session]:
    training.eligible_roles.set(_roles(ELIGIBLE_ROLES))
    sync_named(CommitteeMember, training, committee)
    sync_named(Guest, training, guests)
    return sync_sessions(training, AGENDA, speakers)


def _roles(codes):
    return list(SocialRole.objects.filter(code__in=codes))
