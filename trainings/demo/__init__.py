"""Demo data: the two real trainings Pilar was built around (docs/architecture.md),
their next editions, a pilar registry and one login per persona — recreated
idempotently by ``seed_demo``.

Split by meaning: ``people`` (fictional people, NIKs, NIPs), ``records``
(idempotent writers shared by both trainings), ``barito_utara``, ``kalsel``,
``history`` (earlier trainings and the wider registry), ``logins``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from participants.models import Region
from participants.seeding import ensure_social_roles
from trainings.demo import barito_utara, history, kalsel
from trainings.demo.logins import DEMO_PASSWORD, Login, ensure_logins
from trainings.demo.people import PeopleBuilder
from trainings.demo.records import DemoError
from trainings.models import Training
from trainings.permissions import ensure_staff_groups

__all__ = ["DEMO_PASSWORD", "DemoError", "DemoResult", "Login", "seed_demo"]

# Regions the demo points at; all come with a plain ``load_regions`` (no villages).
REQUIRED_REGIONS = {
    barito_utara.REGENCY,
    barito_utara.VENUE_DISTRICT,
    kalsel.PROVINCE,
    kalsel.BANJAR,
    kalsel.VENUE_DISTRICT,
    *history.REQUIRED_REGIONS,
}


@dataclass
class DemoResult:
    trainings: list[Training] = field(default_factory=list)
    participants: int = 0
    logins: list[Login] = field(default_factory=list)


def seed_demo(*, today: datetime.date | None = None) -> DemoResult:
    """Create or update all demo rows in one transaction; safe to run again.

    Side effects: organisations (Dinsos PMD Barito Utara, Dinsos Kalsel, Dinsos
    Banjar), role groups, 7 trainings (3 of earlier years, ``history``) with
    sessions, speakers, committee, guests, quotas, registrations and (past
    editions) attendance; participants and registry rows; 5 users with
    Membership and group. The next editions'
    dates follow ``today`` (default: today in Asia/Jakarta), so a re-run moves
    them. Raises :class:`DemoError` when the regions are not loaded.
    """
    today = today or timezone.localdate()
    found = set(Region.objects.filter(code__in=REQUIRED_REGIONS).values_list("code", flat=True))
    if found != REQUIRED_REGIONS:
        raise DemoError(
            "Data wilayah belum dimuat (tidak ditemukan: "
            f"{', '.join(sorted(REQUIRED_REGIONS - found))}). "
            "Jalankan `manage.py load_regions` terlebih dahulu."
        )
    with transaction.atomic():
        ensure_social_roles()
        ensure_staff_groups()
        barut = barito_utara.ensure_organization()
        province, banjar = kalsel.ensure_organizations()
        logins, users = ensure_logins({"barito_utara": barut, "kalsel": province, "banjar": banjar})
        builder = PeopleBuilder()
        result = DemoResult(logins=logins)
        barut_seeded = barito_utara.seed(
            org=barut, today=today, recorded_by=users["staf.barut"], builder=builder
        )
        kalsel_seeded = kalsel.seed(org=province, today=today, builder=builder)
        earlier = history.seed(
            builder=builder,
            kalsel=province,
            barut=barut,
            barut_psm=barut_seeded["people"].registry["psm"],
            barut_karang_taruna=[
                person for role, person in barut_seeded["people"].others if role == "karang-taruna"
            ],
            known=barut_seeded["rows"],
            recorded_by=users["staf.barut"],
        )
        for seeded in (barut_seeded, kalsel_seeded, earlier):
            result.trainings += seeded["trainings"]
            result.participants += seeded["participants"]
    return result
