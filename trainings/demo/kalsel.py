"""Dinas Sosial Provinsi Kalimantan Selatan: the 2024 Bimbingan Teknis Pendamping Sosial
RS-RTLH, UEP-P dan Sembako and its next edition, filled by quota.

From the public reports: the title, agency, bidang, city, dates, the 34 seats
(one pendamping sosial and one Dinas Sosial officer from each of the 13
kabupaten/kota, 8 from the provincial agency), the committee contact and the
expected output. Invented: the venue's district, the agenda, every participant.
The sources name no speaker, so the sessions have none.
"""

from __future__ import annotations

import datetime

from participants.models import Region, RoleGroup, SocialRole
from trainings.demo.people import (
    KALSEL_CAPITALS,
    KALSEL_NEXT_NOMINEES,
    KALSEL_PENDAMPING,
    KALSEL_PETUGAS,
    KALSEL_PROVINCE_STAFF,
    PeopleBuilder,
    Person,
    stable_int,
)
from trainings.demo.records import (
    AgendaItem,
    Seat,
    at,
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
    Quota,
    Registration,
    Session,
    Training,
)

PROVINCE = "63"
BANJAR = "63.03"
# Banjarmasin Tengah, the city centre (the exact venue is not in the sources).
VENUE_DISTRICT = "63.71.05"
ORG_CODE = "DINSOS-KALSEL"
BANJAR_ORG_CODE = "DINSOS-BANJAR"
PAST_SLUG = "bimtek-pendamping-sosial-kalsel-2024"
SLUG_PREFIX = "bimtek-pendamping-sosial-kalsel"
NEXT_CODE_KEY = f"{SLUG_PREFIX}-berikutnya"
TITLE = "Bimbingan Teknis Pendamping Sosial RS-RTLH, UEP-P dan Sembako"
AGENCY = "Dinas Sosial Provinsi Kalimantan Selatan"
PENDAMPING_GROUP = "Pendamping sosial (RS-RTLH, UEP-P, Sembako)"
PENDAMPING_ROLES = [
    "pendamping-rs-rtlh", "pendamping-uep-p", "pendamping-sembako", "pendamping-sosial",
]  # fmt: skip
PETUGAS_GROUP = "Petugas Dinas Sosial"
PETUGAS_ROLES = ["petugas-dinsos"]
PROVINCE_SEATS = 8

_T = datetime.time
_K = Session.Kind
AGENDA = [
    AgendaItem(0, _T(8), _T(9), "Registrasi peserta dan pembukaan", _K.OPENING, 0),
    AgendaItem(0, _T(9), _T(10, 30), "Kebijakan perlindungan dan jaminan sosial Provinsi "
               "Kalimantan Selatan", _K.MATERIAL, 2),
    AgendaItem(0, _T(10, 45), _T(12, 15), "Pendampingan RS-RTLH: verifikasi calon penerima, "
               "pelaksanaan dan pelaporan", _K.MATERIAL, 2),
    AgendaItem(0, _T(13, 30), _T(15), "Pendampingan UEP-P: seleksi penerima dan pembinaan "
               "usaha", _K.MATERIAL, 2),
    AgendaItem(0, _T(15, 15), _T(16, 45), "Pendampingan Program Sembako: penyaluran dan "
               "pemantauan", _K.MATERIAL, 2),
    AgendaItem(1, _T(8), _T(9, 30), "Penyusunan rencana kerja pendamping", _K.PRACTICE, 2),
    AgendaItem(1, _T(9, 45), _T(11, 15), "Penyusunan laporan lapangan dan dokumentasi",
               _K.PRACTICE, 2),
    AgendaItem(1, _T(13), _T(14, 30), "Presentasi rencana kerja peserta dan diskusi",
               _K.PRACTICE, 2),
    AgendaItem(1, _T(14, 30), _T(15), "Evaluasi dan penutupan", _K.CLOSING, 0),
]  # fmt: skip
COMMITTEE = [
    {
        "name": "Mahendra Dika Setiawan",
        "position": "Pekerja Sosial Ahli Pertama",
        "institution": AGENCY,
        "duty": "Narahubung",
        "is_contact": True,
    }
]


def ensure_organizations() -> tuple[Organization, Organization]:
    """The provincial agency and Dinsos Kabupaten Banjar (the regency operator's)."""
    province, _ = Organization.objects.update_or_create(
        code=ORG_CODE,
        defaults={
            "name": AGENCY,
            "short_name": "Dinsos Kalsel",
            "kind": Organization.Kind.DINSOS_PROVINCE,
            "region_id": PROVINCE,
            "letterhead": "PEMERINTAH PROVINSI KALIMANTAN SELATAN\nDINAS SOSIAL",
        },
    )
    banjar, _ = Organization.objects.update_or_create(
        code=BANJAR_ORG_CODE,
        defaults={
            "name": "Dinas Sosial Kabupaten Banjar",
            "short_name": "Dinsos Banjar",
            "kind": Organization.Kind.DINSOS_REGENCY,
            "region_id": BANJAR,
            "letterhead": "PEMERINTAH KABUPATEN BANJAR\nDINAS SOSIAL\n"
            "Martapura, Kalimantan Selatan",
        },
    )
    return province, banjar


def seed(*, org: Organization, today: datetime.date, builder: PeopleBuilder) -> dict:
    """The 2024 edition (complete, by quota, with attendance) and the next one."""
    regencies = list(Region.objects.filter(parent_id=PROVINCE).order_by("code"))
    districts: dict[str, list[str]] = {}
    for code, parent in (
        Region.objects.filter(parent__parent_id=PROVINCE)
        .order_by("code")
        .values_list("code", "parent")
    ):
        districts.setdefault(parent, []).append(code)
    groups = _role_groups()

    make = _maker(builder, districts)
    pendamping = [
        (role, make(n, s, r.code, (1982, 1998), f"Dinas Sosial {r.name}"))
        for (n, s, role), r in zip(KALSEL_PENDAMPING, regencies, strict=True)
    ]
    petugas = [
        make(n, s, r.code, (1975, 1995), f"Dinas Sosial {r.name}", (position, rank))
        for (n, s, position, rank), r in zip(KALSEL_PETUGAS, regencies, strict=True)
    ]
    staff = [
        make(n, s, PROVINCE, (1972, 1995), AGENCY, (position, rank))
        for n, s, position, rank in KALSEL_PROVINCE_STAFF
    ]
    nominees = [
        (role, region, confirmed, make(n, s, region, (1980, 1998), _unit(region, regencies)))
        for n, s, role, region, confirmed in KALSEL_NEXT_NOMINEES
    ]
    people = [p for _, p in pendamping] + petugas + staff + [p for *_, p in nominees]
    participants = upsert_participants(people)
    # The pendamping hold their role in the registry, on duty in their home kecamatan.
    hold([(role, person, person.district) for role, person in pendamping], participants)

    past = _training(PAST_SLUG, org, TITLE, datetime.date(2024, 1, 31))
    sessions = _dress(past)
    quotas = _quotas(past, regencies, groups)
    tz = past.tz
    opens, decided = past.registration_opens_at, at(datetime.date(2024, 1, 29), 9, 0, tz)
    seats = []
    for index, ((role, helper), officer) in enumerate(zip(pendamping, petugas, strict=True)):
        region = regencies[index].code
        letter = opens + datetime.timedelta(hours=18 * index)  # one nomination letter each
        for order, (person, person_role) in enumerate(
            [(helper, role), (officer, "petugas-dinsos")]
        ):
            seats.append(
                Seat(
                    person=person,
                    role=person_role,
                    region=region,
                    consent_at=letter + datetime.timedelta(minutes=order),
                    source=Registration.Source.NOMINATION,
                    quota=_quota_for(quotas, groups, person_role, region),
                    decided_at=decided + datetime.timedelta(minutes=2 * index + order),
                )
            )
    for index, person in enumerate(staff):
        seats.append(
            Seat(
                person=person,
                role="petugas-dinsos",
                region=PROVINCE,
                consent_at=at(datetime.date(2024, 1, 26), 9, 7 * index, tz),
                source=Registration.Source.STAFF,
                quota=_quota_for(quotas, groups, "petugas-dinsos", PROVINCE),
                decided_at=at(datetime.date(2024, 1, 26), 10, 0, tz),
            )
        )
    register(past, code_key=PAST_SLUG, seats=seats, participants=participants, sessions=sessions)

    starts_on = next_wednesday(today)
    slug = f"{SLUG_PREFIX}-{starts_on.year}"
    rename_edition(prefix=SLUG_PREFIX, past_slug=PAST_SLUG, slug=slug)
    upcoming = _training(
        slug, org, f"{TITLE} Tahun {starts_on.year}", starts_on, opens_on=today - _days(5)
    )
    _dress(upcoming)
    quotas = _quotas(upcoming, regencies, groups)
    next_seats = []
    for index, (role, region, confirmed, person) in enumerate(nominees):
        consent_at = upcoming.registration_opens_at + datetime.timedelta(hours=2 + 5 * index)
        next_seats.append(
            Seat(
                person=person,
                role=role,
                region=region,
                consent_at=consent_at,
                status=Registration.Status.CONFIRMED if confirmed else Registration.Status.PENDING,
                source=Registration.Source.STAFF
                if region == PROVINCE
                else Registration.Source.NOMINATION,
                # A pending nomination already names the cell it applies for.
                quota=_quota_for(quotas, groups, role, region),
                decided_at=consent_at + _days(1) if confirmed else None,
            )
        )
    register(upcoming, code_key=NEXT_CODE_KEY, seats=next_seats, participants=participants)
    return {"trainings": [past, upcoming], "participants": len(people)}


def next_wednesday(today: datetime.date) -> datetime.date:
    """The first Wednesday at least six weeks ahead (the 2024 edition began on a Wednesday)."""
    first = today + _days(42)
    return first + _days((2 - first.weekday()) % 7)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _unit(region: str, regencies: list[Region]) -> str:
    if region == PROVINCE:
        return AGENCY
    return f"Dinas Sosial {next(r.name for r in regencies if r.code == region)}"


def _maker(builder: PeopleBuilder, districts: dict[str, list[str]]):
    def make(name, sex, region, born, unit, civil_servant=None) -> Person:
        if region == PROVINCE:  # provincial staff live around Banjarmasin and Banjarbaru
            home_regency = ("63.71", "63.72")[stable_int("kota", name) % 2]
        else:
            home_regency = region
        choices = districts[home_regency]
        return builder.person(
            name,
            sex,
            district=choices[stable_int("rumah", name) % len(choices)],
            born=born,
            birth_place=KALSEL_CAPITALS[home_regency],
            unit=unit,
            civil_servant=civil_servant,
        )

    return make


def _role_groups() -> dict[int, tuple[str, set[str]]]:
    """The two quota role groups; returns {id: (name, role codes)}."""
    groups = {}
    for name, codes in ((PENDAMPING_GROUP, PENDAMPING_ROLES), (PETUGAS_GROUP, PETUGAS_ROLES)):
        group, _ = RoleGroup.objects.get_or_create(name=name)
        group.roles.set(SocialRole.objects.filter(code__in=codes))
        groups[group.pk] = (name, set(codes))
    return groups


def _group_id(groups: dict[int, tuple[str, set[str]]], name: str) -> int:
    return next(pk for pk, (group_name, _) in groups.items() if group_name == name)


def _quotas(training: Training, regencies: list[Region], groups) -> list[Quota]:
    """The 27 cells: per kabupaten/kota one pendamping and one officer, plus 8 for the
    provincial agency (its region, any role). Cells no longer wanted and still empty go."""
    cells = [
        (region.code, _group_id(groups, name), 1)
        for region in regencies
        for name in (PENDAMPING_GROUP, PETUGAS_GROUP)
    ] + [(PROVINCE, None, PROVINCE_SEATS)]
    quotas = []
    for region, group, seats in cells:
        quota, _ = Quota.objects.update_or_create(
            training=training,
            region_id=region,
            role_group_id=group,
            defaults={"seats": seats, "label": AGENCY if region == PROVINCE else ""},
        )
        quotas.append(quota)
    Quota.objects.filter(training=training, registrations__isnull=True).exclude(
        pk__in=[q.pk for q in quotas]
    ).delete()
    return quotas


def _quota_for(quotas: list[Quota], groups, role: str, region: str) -> Quota | None:
    """The seat rule: the first cell whose region and roles both match, most specific first."""

    def matches(quota: Quota) -> bool:
        region_ok = quota.region_id in (None, region)
        roles_ok = quota.role_group_id is None or role in groups[quota.role_group_id][1]
        return region_ok and roles_ok

    candidates = [q for q in quotas if matches(q)]
    candidates.sort(key=lambda q: (q.region_id is None) + (q.role_group_id is None))
    return candidates[0] if candidates else None


def _training(
    slug: str,
    org: Organization,
    title: str,
    starts_on: datetime.date,
    *,
    opens_on: datetime.date | None = None,
) -> Training:
    fields = {
        "organizer": org,
        "title": title,
        "kind": Training.Kind.BIMTEK,
        "field": "Bidang Perlindungan dan Jaminan Sosial",
        "fiscal_year": starts_on.year,
        "objectives": "Meningkatkan pemahaman dan keterampilan pendamping sosial dan petugas "
        "Dinas Sosial kabupaten/kota dalam pendampingan program RS-RTLH, UEP-P dan Sembako.",
        "expected_outputs": "Rencana kerja dan laporan lapangan setiap peserta.",
        "venue_name": "Aula Dinas Sosial Provinsi Kalimantan Selatan",
        "venue_address": "Banjarmasin",
        "venue_region_id": VENUE_DISTRICT,
        "starts_on": starts_on,
        "ends_on": starts_on + _days(1),
        "capacity": 34,
        "requires_approval": True,
        "status": Training.Status.PUBLISHED,
        "contact_name": COMMITTEE[0]["name"],
    }
    window = (opens_on or starts_on - _days(16), starts_on - _days(5))
    return upsert_training(slug, fields, window=window)


def _dress(training: Training) -> list[Session]:
    training.eligible_roles.set(
        SocialRole.objects.filter(code__in=PENDAMPING_ROLES + PETUGAS_ROLES)
    )
    sync_named(CommitteeMember, training, COMMITTEE)
    sync_named(Guest, training, [])
    return sync_sessions(training, AGENDA, speakers={})
