"""What ``seed_demo`` gives the reports: people below the completion rule in every
finished training, earlier fiscal years, and a registry with trained, lapsed and
never-trained holders in several regencies (trainings/demo/history.py)."""

from __future__ import annotations

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from participants.models import RoleHeld
from trainings.models import Training
from trainings.reports.attendance import attendance_summary
from trainings.reports.completion import counted_registrations_sql

NOW = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


@pytest.fixture
def seeded(regions, reference_data) -> None:
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())


def _below(slug: str) -> tuple[list[tuple[str, str, list[str]]], int, int]:
    summary = attendance_summary(Training.objects.get(slug=slug), now=NOW)
    below = [
        (p.registration.participant.full_name, p.registration.role.code, p.codes)
        for p in summary.people
        if p.completed is False
    ]
    return below, summary.completed_count, len(summary.people)


@pytest.mark.django_db
def test_every_finished_training_has_people_below_the_rule_and_the_others_complete(seeded):
    assert _below("pelatihan-pilar-sosial-barito-utara-2025") == (
        [
            ("Agustina Rahayu", "pendamping-pkh", ["S", "S", "S", "S", "S"]),
            ("Ahmad Riduan", "tksk", ["I", "I", "I", "I", "I"]),
            ("Nova Anggraini", "pendamping-pkh", ["I", "I", "I", "I", "I"]),
            ("Yanti Susanti", "karang-taruna", ["A", "A", "A", "A", "A"]),
        ],
        46,
        50,
    )
    assert _below("bimtek-pendamping-sosial-kalsel-2024") == (
        [
            ("Eva Susanti", "petugas-dinsos", ["H", "H", "H", "H", "H", "I", "I", "I", "I"]),
            ("Muhammad Rafiq", "pendamping-rs-rtlh", ["S", "S", "S", "S", "S", "H", "H", "H", "H"]),
            ("Nurhayati", "petugas-dinsos", ["H", "H", "H", "H", "H", "S", "S", "S", "S"]),
            ("Raudah", "pendamping-sembako", ["I", "I", "I", "I", "I", "H", "H", "H", "H"]),
            ("Riza Fahlevi", "petugas-dinsos", ["A", "A", "A", "A", "A", "H", "I", "H", "H"]),
            ("Siti Rahmah", "petugas-dinsos", ["H", "H", "H", "H", "H", "A", "A", "A", "A"]),
        ],
        28,
        34,
    )
    assert _below("bimtek-tksk-kalsel-2022") == (
        [
            ("Anwar Asmuni", "tksk", ["I", "I", "I", "I", "H", "H", "H"]),
            ("Fatimah Hamdani", "tksk", ["H", "T", "H", "H", "S", "S", "S"]),
            ("Hairani Idris", "tksk", ["T", "H", "H", "H", "A", "A", "A"]),
            ("Ismail Baihaqi", "tksk", ["S", "S", "S", "S", "H", "H", "H"]),
            ("Kamariah Sari", "tksk", ["H", "I", "H", "H", "I", "I", "I"]),
            ("Wahdah Zakiah", "tksk", ["A", "A", "A", "A", "H", "H", "H"]),
        ],
        21,
        27,
    )
    assert _below("pelatihan-psm-karang-taruna-barito-utara-2023") == (
        [
            ("Ardiansyah", "psm", ["A", "A", "A", "A", "A"]),
            ("Gusti Rahman", "karang-taruna", ["S", "S", "S", "S", "S"]),
            ("Jamilah Idris", "karang-taruna", ["I", "I", "I", "I", "I"]),
        ],
        15,
        18,
    )
    assert _below("bimtek-tksk-kota-kalsel-2025") == (
        [
            ("Jamilah Fajeri", "tksk", ["I", "I", "I", "I", "I"]),
            ("Jamilah Sari", "tksk", ["S", "S", "S", "S", "S"]),
            ("Saufi Hidayat", "tksk", ["A", "A", "A", "A", "A"]),
        ],
        17,
        20,
    )


@pytest.mark.django_db
def test_earlier_fiscal_years_are_finished_in_their_own_zones(seeded):
    finished = Training.objects.filter(ends_on__lt=datetime.date(2026, 1, 1)).order_by("starts_on")

    assert [
        (t.slug, t.fiscal_year, t.zone_label, t.starts_on, t.ends_on, t.seats_taken, t.phase)
        for t in finished
    ] == [
        ("bimtek-tksk-kalsel-2022", 2022, "WITA", datetime.date(2022, 8, 10),
         datetime.date(2022, 8, 11), 27, "finished"),
        ("pelatihan-psm-karang-taruna-barito-utara-2023", 2023, "WIB", datetime.date(2023, 9, 14),
         datetime.date(2023, 9, 14), 18, "finished"),
        ("bimtek-pendamping-sosial-kalsel-2024", 2024, "WITA", datetime.date(2024, 1, 31),
         datetime.date(2024, 2, 1), 34, "finished"),
        ("bimtek-tksk-kota-kalsel-2025", 2025, "WITA", datetime.date(2025, 5, 21),
         datetime.date(2025, 5, 21), 20, "finished"),
        ("pelatihan-pilar-sosial-barito-utara-2025", 2025, "WIB", datetime.date(2025, 10, 23),
         datetime.date(2025, 10, 23), 50, "finished"),
    ]  # fmt: skip


def _holders_by_training() -> Counter:
    """Active holders per (role, regency, when they last completed a training in that role:
    "2024+" within the last three fiscal years of 2026, "earlier", or "never")."""
    sql, params = counted_registrations_sql(Training.objects.all(), now=NOW)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT c.participant_id, c.role_id, MAX(t.fiscal_year)
            FROM ({sql}) c JOIN trainings_training t ON t.id = c.training_id
            WHERE c.completed GROUP BY 1, 2
            """,
            params,
        )
        last = {(person, role): year for person, role, year in cursor.fetchall()}
    tally = Counter()
    for held in RoleHeld.objects.filter(active=True).select_related("role"):
        year = last.get((held.participant_id, held.role_id))
        when = "never" if year is None else "2024+" if year >= 2024 else "earlier"
        tally[(held.role.code, held.duty_region_id[:5], when)] += 1
    return tally


@pytest.mark.django_db
def test_registry_has_trained_lapsed_and_never_trained_holders_in_several_regencies(seeded):
    tally = _holders_by_training()

    # Barito Utara (62.05) and four Kalsel regencies: TKSK trained within three fiscal
    # years, lapsed (2022 only: Tapin, Banjar) and never; PSM, Karang Taruna, the
    # pendamping (the 2024 bimtek's are the trained ones) likewise.
    assert sorted(tally.items()) == [
        (("karang-taruna", "62.05", "2024+"), 8), (("karang-taruna", "62.05", "earlier"), 3),
        (("karang-taruna", "62.05", "never"), 3),
        (("pendamping-pkh", "62.05", "2024+"), 5), (("pendamping-pkh", "62.05", "never"), 2),
        (("pendamping-rs-rtlh", "63.01", "never"), 1), (("pendamping-rs-rtlh", "63.03", "never"), 1),
        (("pendamping-rs-rtlh", "63.05", "2024+"), 1), (("pendamping-rs-rtlh", "63.05", "never"), 1),
        (("pendamping-rs-rtlh", "63.08", "2024+"), 1), (("pendamping-rs-rtlh", "63.71", "never"), 1),
        (("pendamping-rs-rtlh", "63.72", "2024+"), 1), (("pendamping-rs-rtlh", "63.72", "never"), 1),
        (("pendamping-sembako", "63.02", "2024+"), 1), (("pendamping-sembako", "63.03", "never"), 1),
        (("pendamping-sembako", "63.05", "never"), 1), (("pendamping-sembako", "63.07", "2024+"), 1),
        (("pendamping-sembako", "63.10", "never"), 1), (("pendamping-sembako", "63.71", "never"), 1),
        (("pendamping-sembako", "63.72", "never"), 1),
        (("pendamping-sosial", "62.05", "2024+"), 4), (("pendamping-sosial", "63.04", "2024+"), 1),
        (("pendamping-sosial", "63.09", "2024+"), 1), (("pendamping-sosial", "63.71", "2024+"), 1),
        (("pendamping-uep-p", "63.03", "2024+"), 1), (("pendamping-uep-p", "63.03", "never"), 1),
        (("pendamping-uep-p", "63.05", "never"), 1), (("pendamping-uep-p", "63.06", "2024+"), 1),
        (("pendamping-uep-p", "63.11", "2024+"), 1), (("pendamping-uep-p", "63.71", "never"), 1),
        (("pendamping-uep-p", "63.72", "never"), 1),
        (("psm", "62.05", "2024+"), 11), (("psm", "62.05", "earlier"), 2),
        (("psm", "62.05", "never"), 4),
        (("tagana", "62.05", "2024+"), 5), (("tagana", "62.05", "never"), 3),
        (("tksk", "62.05", "2024+"), 8), (("tksk", "62.05", "never"), 1),
        (("tksk", "63.03", "2024+"), 8), (("tksk", "63.03", "earlier"), 6),
        (("tksk", "63.03", "never"), 6),
        (("tksk", "63.05", "earlier"), 9), (("tksk", "63.05", "never"), 3),
        (("tksk", "63.71", "2024+"), 5),
        (("tksk", "63.72", "2024+"), 4), (("tksk", "63.72", "never"), 1),
    ]  # fmt: skip
    assert sum(tally.values()) == RoleHeld.objects.filter(active=True).count() == 126
