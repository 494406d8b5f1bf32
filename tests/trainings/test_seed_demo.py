"""``manage.py seed_demo``: the two real trainings, faithfully and idempotently.

Barito Utara (WIB, 23 Oct 2025, 50 participants, open pool) and Kalsel (WITA,
31 Jan – 1 Feb 2024, 34 seats by quota), each complete with attendance, plus a
next edition of each whose dates follow today.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from participants.models import Participant, Region, RoleGroup, RoleHeld
from participants.nik import nik_warnings, parse_nik
from trainings.demo import DEMO_PASSWORD, seed_demo
from trainings.models import (
    Attendance,
    CommitteeMember,
    Guest,
    Membership,
    Organization,
    Quota,
    Registration,
    Session,
    Speaker,
    Training,
)

UTC = datetime.UTC
BARUT_2025 = "pelatihan-pilar-sosial-barito-utara-2025"
KALSEL_2024 = "bimtek-pendamping-sosial-kalsel-2024"
CROCKFORD = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
COUNTED_MODELS = [
    Organization, Membership, Training, Session, Speaker, CommitteeMember, Guest, Quota,
    Registration, Attendance, Participant, RoleHeld, RoleGroup, get_user_model(),
]  # fmt: skip


@pytest.fixture
def seeded(regions, reference_data) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    return out.getvalue()


def _next_weekday(start: datetime.date, weekday: int) -> datetime.date:
    while start.weekday() != weekday:
        start += datetime.timedelta(days=1)
    return start


def _upcoming_dates() -> dict[str, datetime.date]:
    today = timezone.localdate()
    return {
        "barut": _next_weekday(today + datetime.timedelta(days=21), 3),  # a Thursday
        "kalsel": _next_weekday(today + datetime.timedelta(days=42), 2),  # a Wednesday
    }


def _upcoming_slugs() -> dict[str, str]:
    dates = _upcoming_dates()
    return {
        "barut": f"pelatihan-pilar-sosial-barito-utara-{dates['barut'].year}",
        "kalsel": f"bimtek-pendamping-sosial-kalsel-{dates['kalsel'].year}",
    }


def _snapshot() -> dict:
    return {
        "counts": {model.__name__: model.objects.count() for model in COUNTED_MODELS},
        "registrations": sorted(
            Registration.objects.values_list(
                "training__slug", "participant__nik", "code", "status", "source", "role__code",
                "region_represented", "quota__region", "quota__role_group__name", "consent_at",
            )
        ),
        "attendance": sorted(
            Attendance.objects.values_list(
                "registration__code", "session__topic", "status", "recorded_at"
            )
        ),
        "participants": sorted(
            Participant.objects.values_list("nik", "full_name", "sex", "birth_date", "home_region")
        ),
        "sessions": sorted(Session.objects.values_list("training__slug", "topic", "starts_at")),
    }  # fmt: skip


@pytest.mark.django_db
def test_seed_demo_without_regions_refuses_in_indonesian(no_regions, reference_data):
    with pytest.raises(CommandError) as excinfo:
        call_command("seed_demo", "--allow-production", stdout=io.StringIO())

    assert str(excinfo.value) == (
        "Data wilayah belum dimuat (tidak ditemukan: 62.05, 62.05.05, 63, 63.03, 63.05, 63.71, "
        "63.71.05, 63.72, 63.72.04). Jalankan `manage.py load_regions` terlebih dahulu."
    )
    assert Training.objects.count() == 0
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
def test_seed_demo_prints_the_logins_and_they_work(seeded):
    lines = seeded.splitlines()
    table = lines[
        lines.index("Login demo (hanya untuk pengembangan; ganti di server sungguhan):") :
    ]

    assert table[1:] == [
        "  Peran                    Nama pengguna      Kata sandi       Lembaga                  Halaman",
        "  Superuser                admin              pilar-demo-2025  —                        /admin/",
        "  Admin dinas              admin.barut        pilar-demo-2025  Dinsos PMD Barito Utara  /admin/",
        "  Staf pelatihan           staf.barut         pilar-demo-2025  Dinsos PMD Barito Utara  /admin/",
        "  Operator kabupaten/kota  operator.banjar    pilar-demo-2025  Dinsos Banjar            — (tanpa /admin/)",
        "  Supervisor               supervisor.kalsel  pilar-demo-2025  Dinsos Kalsel            /admin/ (hanya baca)",
    ]  # fmt: skip
    users = get_user_model().objects.order_by("username")
    assert [
        (u.username, u.is_superuser, u.is_staff, [g.name for g in u.groups.all()]) for u in users
    ] == [
        ("admin", True, True, []),
        ("admin.barut", False, True, ["Admin dinas"]),
        ("operator.banjar", False, False, ["Operator kabupaten/kota"]),
        ("staf.barut", False, True, ["Staf pelatihan"]),
        ("supervisor.kalsel", False, True, ["Supervisor"]),
    ]
    assert all(user.check_password(DEMO_PASSWORD) for user in users)
    memberships = Membership.objects.order_by("user__username")
    assert [(m.user.username, m.organization.code, m.role, m.region_id) for m in memberships] == [
        ("admin.barut", "DINSOSPMD-BARUT", "agency_admin", None),
        ("operator.banjar", "DINSOS-BANJAR", "regency_operator", "63.03"),
        ("staf.barut", "DINSOSPMD-BARUT", "training_staff", None),
        ("supervisor.kalsel", "DINSOS-KALSEL", "supervisor", None),
    ]


@pytest.mark.django_db
def test_seed_demo_rerun_never_resets_a_changed_password(seeded):
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("something-else")
    admin.save()
    out = io.StringIO()

    call_command("seed_demo", "--allow-production", stdout=out)

    admin.refresh_from_db()
    assert (admin.check_password("something-else"), admin.is_superuser) == (True, True)
    assert next(line.split()[1:4] for line in out.getvalue().splitlines() if " admin " in line) == [
        "admin",
        "(tidak",
        "diubah)",
    ]


@pytest.mark.django_db
def test_seed_demo_leaves_an_existing_account_of_a_persona_name_alone(regions, reference_data):
    get_user_model().objects.create_user(username="admin", password="the-real-one")

    call_command("seed_demo", "--allow-production", stdout=io.StringIO())

    admin = get_user_model().objects.get(username="admin")
    assert (admin.check_password("the-real-one"), admin.is_superuser, admin.is_staff) == (
        True,
        False,
        False,
    )


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_allowed(regions, reference_data, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as excinfo:
        call_command("seed_demo", stdout=io.StringIO())

    assert "--allow-production" in str(excinfo.value)
    assert get_user_model().objects.count() == 0

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()


@pytest.mark.django_db
def test_seed_demo_barito_utara_training_matches_the_reports(seeded):
    training = Training.objects.get(slug=BARUT_2025)
    org = training.organizer

    assert (org.code, org.kind, org.region_id, org.letterhead.splitlines()) == (
        "DINSOSPMD-BARUT",
        "dinsos_regency",
        "62.05",
        [
            "PEMERINTAH KABUPATEN BARITO UTARA",
            "DINAS SOSIAL PEMBERDAYAAN MASYARAKAT DAN DESA",
            "Muara Teweh, Kalimantan Tengah",
        ],
    )
    assert (org.signatory_name, org.signatory_nip) == ("Suparmi A. Aspian", "")
    assert (
        training.title,
        training.kind,
        training.field,
        training.venue_name,
        training.venue_region_id,
        training.starts_on,
        training.ends_on,
        training.time_zone,
        training.capacity,
        training.phase,
    ) == (
        "Pelatihan Peningkatan Kapasitas Pilar-Pilar Sosial Tahun 2025",
        "pelatihan",
        "Bidang Rehabilitasi Sosial, Pemberdayaan dan Komunitas Adat Terpencil",
        "Aula Bappedarida",
        "62.05.05",
        datetime.date(2025, 10, 23),
        datetime.date(2025, 10, 23),
        "Asia/Jakarta",
        50,
        "finished",
    )
    assert sorted(training.eligible_roles.values_list("code", flat=True)) == [
        "karang-taruna", "lks", "pendamping-pkh", "pendamping-sosial", "psm", "tagana", "tksk",
    ]  # fmt: skip
    assert [(s.prefix, s.name, s.suffix, s.institution) for s in Speaker.objects.order_by("name")] == [
        ("", "Hendri Kurniawan", "", "BBPPKS Banjarmasin"),
        ("Dr. Hj.", "Sunarty", "S.M.Pd", "Dinas Sosial PMD Kabupaten Barito Utara"),
    ]  # fmt: skip
    assert list(training.committee.values_list("name", "duty")) == [
        ("Hj. Nor Ratna Kumala Dewi", "Penanggung jawab")
    ]
    assert list(training.guests.order_by("sort_order").values_list("name", flat=True)) == [
        "Camat Montallat", "Camat Gunung Timang", "Camat Gunung Purei", "Camat Teweh Timur",
        "Camat Teweh Tengah", "Camat Lahei", "Camat Teweh Baru", "Camat Teweh Selatan",
        "Camat Lahei Barat", "Pejabat struktural dan fungsional",
    ]  # fmt: skip
    sessions = training.sessions.order_by("starts_at")
    assert [(s.local_start.strftime("%H.%M"), s.local_end.strftime("%H.%M"), s.kind, s.jp,
             sorted(sp.name for sp in s.speakers.all())) for s in sessions] == [
        ("08.00", "09.00", "opening", 0, []),
        ("09.00", "10.30", "material", 2, ["Hendri Kurniawan"]),
        ("10.45", "12.15", "material", 2, ["Sunarty"]),
        ("13.15", "14.45", "practice", 2, ["Hendri Kurniawan", "Sunarty"]),
        ("14.45", "15.15", "closing", 0, []),
    ]  # fmt: skip
    assert sessions[0].starts_at == datetime.datetime(2025, 10, 23, 1, 0, tzinfo=UTC)  # 08.00 WIB
    registrations = training.registrations.all()
    assert Counter(r.role.code for r in registrations) == {
        "tksk": 9, "psm": 11, "karang-taruna": 9, "pendamping-pkh": 7, "tagana": 5, "lks": 5,
        "pendamping-sosial": 4,
    }  # fmt: skip
    assert {(r.status, r.quota_id, r.region_represented_id) for r in registrations} == {
        ("confirmed", None, "62.05")
    }
    assert Counter(r.source for r in registrations) == {"online": 40, "staff": 10}


@pytest.mark.django_db
def test_seed_demo_kalsel_quota_matrix_is_13_regencies_by_2_plus_8(seeded):
    training = Training.objects.get(slug=KALSEL_2024)
    regencies = list(Region.objects.filter(parent_id="63").order_by("code"))
    pendamping = "Pendamping sosial (RS-RTLH, UEP-P, Sembako)"

    quotas = training.quotas.values_list("region", "role_group__name", "seats")

    assert len(regencies) == 13
    assert sorted(quotas, key=lambda q: (q[0], q[1] or "")) == [("63", None, 8)] + [
        (region.code, group, 1)
        for region in regencies
        for group in sorted([pendamping, "Petugas Dinas Sosial"])
    ]
    assert len(quotas) == 27
    assert sum(q[2] for q in quotas) == 34 == training.capacity
    assert sorted(RoleGroup.objects.get(name=pendamping).roles.values_list("code", flat=True)) == [
        "pendamping-rs-rtlh", "pendamping-sembako", "pendamping-sosial", "pendamping-uep-p",
    ]  # fmt: skip


@pytest.mark.django_db
def test_seed_demo_kalsel_registrations_sit_in_their_matching_cells(seeded):
    training = Training.objects.get(slug=KALSEL_2024)
    registrations = training.registrations.select_related("quota__role_group", "role")

    placed = Counter(
        (r.region_represented_id, r.quota.region_id, r.quota.role_group and r.quota.role_group.name,
         r.role.code == "petugas-dinsos", r.source)
        for r in registrations
    )  # fmt: skip

    assert placed == Counter(
        {("63", "63", None, True, "staff"): 8}
        | {
            (code, code, "Pendamping sosial (RS-RTLH, UEP-P, Sembako)", False, "nomination"): 1
            for code in Region.objects.filter(parent_id="63").values_list("code", flat=True)
        }
        | {
            (code, code, "Petugas Dinas Sosial", True, "nomination"): 1
            for code in Region.objects.filter(parent_id="63").values_list("code", flat=True)
        }
    )
    assert {(r.status, r.decided_at is not None) for r in registrations} == {("confirmed", True)}
    assert list(training.committee.values_list("name", "position", "is_contact")) == [
        ("Mahendra Dika Setiawan", "Pekerja Sosial Ahli Pertama", True)
    ]
    assert training.expected_outputs == "Rencana kerja dan laporan lapangan setiap peserta."


@pytest.mark.django_db
def test_seed_demo_kalsel_sessions_are_built_in_wita(seeded):
    training = Training.objects.get(slug=KALSEL_2024)

    starts = list(training.sessions.order_by("starts_at").values_list("starts_at", "jp"))

    assert training.time_zone == "Asia/Makassar"
    # 08.00 WITA is 00.00 UTC.
    assert starts[0] == (datetime.datetime(2024, 1, 31, 0, 0, tzinfo=UTC), 0)
    assert [s.astimezone(training.tz).strftime("%d %H.%M") for s, _ in starts] == [
        "31 08.00", "31 09.00", "31 10.45", "31 13.30", "31 15.15",
        "01 08.00", "01 09.45", "01 13.00", "01 14.30",
    ]  # fmt: skip
    assert sum(jp for _, jp in starts) == 14
    first, last = training.local_day_bounds()
    assert all(first <= s.starts_at < s.ends_at <= last for s in training.sessions.all())


@pytest.mark.django_db
def test_seed_demo_participant_niks_agree_with_birth_date_sex_and_home(seeded):
    participants = list(Participant.objects.all())

    warnings = {
        p.nik: nik_warnings(
            parse_nik(p.nik, declared_birth_date=p.birth_date),
            birth_date=p.birth_date,
            sex=p.sex,
            region_code=p.home_region_id,
        )
        for p in participants
    }

    assert len(participants) == 161
    assert {nik: w for nik, w in warnings.items() if w} == {}
    assert all(parse_nik(p.nik).birth_date == p.birth_date for p in participants)
    assert all(p.nip == "" or p.nip[:8] == p.birth_date.strftime("%Y%m%d") for p in participants)
    assert all(p.phone == "" and p.email.endswith("@example.org") for p in participants)


@pytest.mark.django_db
def test_seed_demo_past_trainings_have_attendance_for_every_registration_and_session(seeded):
    for slug, expected in [
        (BARUT_2025, {"present": 206, "late": 19, "excused": 15, "sick": 5, "absent": 5}),
        (KALSEL_2024, {"present": 255, "late": 18, "excused": 15, "sick": 9, "absent": 9}),
    ]:
        training = Training.objects.get(slug=slug)
        pairs = {(r, s) for r in training.registrations.values_list("pk", flat=True)
                 for s in training.sessions.values_list("pk", flat=True)}  # fmt: skip
        attendance = Attendance.objects.filter(session__training=training)

        assert set(attendance.values_list("registration", "session")) == pairs
        assert attendance.count() == len(pairs)
        assert Counter(attendance.values_list("status", flat=True)) == expected
        assert set(attendance.values_list("method", flat=True)) == {"staff"}
        for record in attendance.select_related("session"):
            assert abs(record.recorded_at - record.session.starts_at) <= datetime.timedelta(hours=1)
    assert {a.recorded_by.username for a in Attendance.objects.filter(
        session__training__slug=BARUT_2025)} == {"staf.barut"}  # fmt: skip
    assert (
        Attendance.objects.filter(session__training__slug__startswith="pelatihan-pilar").count()
        == 50 * 5
    )


@pytest.mark.django_db
def test_seed_demo_seat_counters_equal_confirmed_registrations(seeded):
    trainings = Training.objects.order_by("starts_on")

    assert [
        (t.seats_taken, t.registrations.filter(status="confirmed").count()) for t in trainings
    ] == [(27, 27), (18, 18), (34, 34), (20, 20), (50, 50), (6, 6), (5, 5)]
    for quota in Quota.objects.all():
        assert quota.seats_taken == quota.registrations.filter(status="confirmed").count()
    assert sorted(
        (q.region_id, q.seats_taken)
        for q in Quota.objects.filter(training__slug=_upcoming_slugs()["kalsel"], seats_taken__gt=0)
    ) == [("63", 1), ("63.03", 1), ("63.03", 1), ("63.05", 1), ("63.09", 1)]


@pytest.mark.django_db
def test_seed_demo_registration_codes_are_crockford_and_unique(seeded):
    codes = list(Registration.objects.values_list("code", flat=True))

    assert len(codes) == len(set(codes)) == 162
    assert all(len(code) == 8 and set(code) <= CROCKFORD for code in codes)


@pytest.mark.django_db
def test_seed_demo_registry_has_tksk_per_kecamatan_and_untrained_people(seeded):
    # Barito Utara's own registry of TKSK, PSM and Tagana (test_demo_reports.py covers
    # the rest of the registry).
    registry = RoleHeld.objects.select_related("role", "participant").filter(
        role__code__in=["tksk", "psm", "tagana"], duty_region__code__startswith="62.05"
    )
    trained = set(
        Registration.objects.filter(training__slug=BARUT_2025).values_list("participant", flat=True)
    )

    assert Counter((r.role.code, r.active) for r in registry) == {
        ("tksk", True): 9, ("psm", True): 17, ("psm", False): 1, ("tagana", True): 8,
        ("tagana", False): 1,
    }  # fmt: skip
    assert sorted(registry.filter(role__code="tksk").values_list("duty_region", flat=True)) == [
        f"62.05.0{n}" for n in range(1, 10)
    ]
    assert Counter(r.participant_id in trained for r in registry) == {True: 25, False: 11}
    assert all(
        r.sk_number == f"188.45/{r.sk_number.split('/')[1]}/{r.year_appointed}" for r in registry
    )


@pytest.mark.django_db
def test_seed_demo_upcoming_editions_are_open_now(seeded):
    now = timezone.now()
    dates, slugs = _upcoming_dates(), _upcoming_slugs()
    barut = Training.objects.get(slug=slugs["barut"])
    kalsel = Training.objects.get(slug=slugs["kalsel"])

    assert (barut.starts_on, barut.ends_on) == (dates["barut"], dates["barut"])
    assert (kalsel.starts_on, kalsel.ends_on) == (
        dates["kalsel"],
        dates["kalsel"] + datetime.timedelta(days=1),
    )
    for training in (barut, kalsel):
        assert training.starts_on > timezone.localdate()
        assert training.status == "published"
        assert training.registration_opens_at < now < training.registration_closes_at
        assert training.registration_closes_at.date() < training.starts_on
    assert (barut.requires_approval, kalsel.requires_approval) == (False, True)
    assert Counter(barut.registrations.values_list("status", flat=True)) == {"confirmed": 6}
    assert Counter(kalsel.registrations.values_list("status", flat=True)) == {
        "confirmed": 5,
        "pending": 2,
    }
    assert kalsel.quotas.count() == 27


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(seeded):
    before = _snapshot()

    call_command("seed_demo", "--allow-production", stdout=io.StringIO())

    assert _snapshot() == before
    assert before["counts"] == {
        "Organization": 3, "Membership": 4, "Training": 7, "Session": 45, "Speaker": 2,
        "CommitteeMember": 4, "Guest": 20, "Quota": 54, "Registration": 162, "Attendance": 935,
        "Participant": 161, "RoleHeld": 128, "RoleGroup": 2, "User": 5,
    }  # fmt: skip


@pytest.mark.django_db
def test_seed_demo_rerun_moves_the_upcoming_editions_back(seeded):
    slugs = _upcoming_slugs()
    codes = sorted(Registration.objects.values_list("code", flat=True))
    stale = datetime.date(2026, 1, 5)
    Training.objects.filter(slug__in=slugs.values()).update(starts_on=stale, ends_on=stale)

    call_command("seed_demo", "--allow-production", stdout=io.StringIO())

    dates = _upcoming_dates()
    moved = {t.slug: t for t in Training.objects.filter(slug__in=slugs.values())}
    assert Training.objects.count() == 7
    assert moved[slugs["barut"]].starts_on == dates["barut"]
    assert moved[slugs["kalsel"]].starts_on == dates["kalsel"]
    barut_days = {s.local_start.date() for s in moved[slugs["barut"]].sessions.all()}
    assert barut_days == {dates["barut"]}
    assert sorted(Registration.objects.values_list("code", flat=True)) == codes


@pytest.mark.django_db
def test_seed_demo_next_edition_in_a_new_year_is_renamed_not_duplicated(seeded):
    slugs = _upcoming_slugs()
    codes = sorted(
        Registration.objects.filter(training__slug__in=slugs.values()).values_list(
            "code", flat=True
        )
    )

    seed_demo(today=datetime.date(2031, 12, 20))

    assert sorted(Training.objects.values_list("slug", "starts_on")) == [
        ("bimtek-pendamping-sosial-kalsel-2024", datetime.date(2024, 1, 31)),
        ("bimtek-pendamping-sosial-kalsel-2032", datetime.date(2032, 2, 4)),
        ("bimtek-tksk-kalsel-2022", datetime.date(2022, 8, 10)),
        ("bimtek-tksk-kota-kalsel-2025", datetime.date(2025, 5, 21)),
        ("pelatihan-pilar-sosial-barito-utara-2025", datetime.date(2025, 10, 23)),
        ("pelatihan-pilar-sosial-barito-utara-2032", datetime.date(2032, 1, 15)),
        ("pelatihan-psm-karang-taruna-barito-utara-2023", datetime.date(2023, 9, 14)),
    ]
    assert (
        sorted(
            Registration.objects.filter(training__slug__endswith="-2032").values_list(
                "code", flat=True
            )
        )
        == codes
    )
