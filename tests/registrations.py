"""Registrations made through the service, as the tests of the staff pages and the
services need them: numbered people of Teweh Tengah (Barito Utara), born 23-10-1985."""

from __future__ import annotations

import datetime

from django_tasks_db.models import DBTaskResult

from participants.nik import build_nik
from trainings.models import Registration
from trainings.services import PersonDetails, registration_submit

BIRTH = datetime.date(1985, 10, 23)


def nik(n: int) -> str:
    """The n-th test person's NIK (a man of Teweh Tengah born on ``BIRTH``)."""
    return build_nik(district_code="62.05.05", birth_date=BIRTH, sex="L", serial=n)


def person(n: int, **overrides) -> PersonDetails:
    """The n-th test person as typed: "Warga n", with a phone and an e-mail address."""
    values = {
        "nik": nik(n),
        "full_name": f"Warga {n}",
        "sex": "L",
        "birth_date": BIRTH,
        "phone": f"+62812000{n:05d}",
        "email": f"warga{n}@example.org",
    }
    values.update(overrides)
    return PersonDetails(**values)


def register(training, n: int, *, role, region=None, source="online", **overrides) -> Registration:
    """The n-th person registered by ``registration_submit`` (the public's, with consent,
    unless ``source`` says otherwise); ``overrides`` change what is typed."""
    return registration_submit(
        actor=None,
        training=training,
        person=person(n, **overrides),
        role=role,
        region_represented=region,
        source=source,
        consent=source == "online",
    ).registration


def notices() -> list[tuple[int, str]]:
    """The registration notices queued so far: (registration id, kind), in order."""
    return [
        (row.args_kwargs["kwargs"]["registration_id"], row.args_kwargs["kwargs"]["kind"])
        for row in DBTaskResult.objects.order_by("enqueued_at", "id")
    ]


def tasks_queued() -> list[tuple[str, dict]]:
    """Every task queued so far: (the task's function name, its keyword arguments)."""
    return [
        (row.task_path.rsplit(".", 1)[1], row.args_kwargs["kwargs"])
        for row in DBTaskResult.objects.order_by("enqueued_at", "id")
    ]
