"""What a browser posts to the person forms (``trainings.forms.PersonForm`` and its subclasses).

``registration_post`` is Budi registering on the public form of a training in
Barito Utara; ``new_person_post`` is Siti, added by Kabupaten Banjar's
operator and nominated into a cell. Keyword overrides replace a field (by its
name without the form's prefix) and ``None`` leaves it out. ``written`` counts
what a post may write, to show that a refused one wrote nothing.
"""

from __future__ import annotations

import datetime

from django_tasks_db.models import DBTaskResult

from participants.models import Participant
from participants.nik import build_nik
from trainings.models import AuditEvent, Registration

NIK = "6205052310850001"  # Teweh Tengah, 23-10-1985, laki-laki, serial 1
MARTAPURA = "63.03.05"
SITI_BIRTH = datetime.date(1988, 5, 17)
SITI_NIK = build_nik(district_code=MARTAPURA, birth_date=SITI_BIRTH, sex="P", serial=21)

BUDI = {
    "nik": NIK,
    "full_name": "Budi  Santoso",
    "sex": "L",
    "birth_place": "Muara Teweh",
    "birth_date": "1985-10-23",
    "phone": "0812-3456-7890",
    "email": "budi@example.org",
    "district": "62.05.05",
    "organization_unit": "TKSK Teweh Tengah",
}
SITI = {
    "nik": SITI_NIK,
    "full_name": " Siti   Aminah ",
    "sex": "P",
    "birth_place": "Martapura",
    "birth_date": SITI_BIRTH.isoformat(),
    "phone": "0813 5555 0001",
    "email": "siti@example.org",
    "district": MARTAPURA,
    "organization_unit": "Dinas Sosial Kabupaten Banjar",
}


def person_post(person: dict[str, str], *, prefix: str = "", **overrides) -> dict[str, str]:
    """``person``'s fields with ``overrides``, names under ``prefix``."""
    data = {**person, **overrides}
    return {prefix + name: value for name, value in data.items() if value is not None}


def registration_post(role, **overrides) -> dict[str, str]:
    """The public registration form: Budi, a ``role`` representing Barito Utara."""
    own = {
        "province": "62",
        "regency": "62.05",
        "role": str(role.pk),
        "region_represented": "62.05",
        "consent": "on",
        "situs_web": "",
    }
    return person_post(BUDI, **{**own, **overrides})


def placement(cell, role) -> str:
    """The value of the operator's (quota cell, role) choice."""
    return f"{cell.pk}-{role.pk}"


def new_person_post(cell, role, **overrides) -> dict[str, str]:
    """The operator's new-person form: Siti, nominated into ``cell`` as ``role``."""
    own = {"placement": placement(cell, role)}
    return person_post(SITI, prefix="new-", **{**own, **overrides})


def written() -> tuple[int, int, int, int]:
    """People, registrations, audit events and queued tasks, counted."""
    return (
        Participant.objects.count(),
        Registration.objects.count(),
        AuditEvent.objects.count(),
        DBTaskResult.objects.count(),
    )
