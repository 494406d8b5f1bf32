"""Inserting new registrations with fresh public codes: the one place codes are assigned.

A code is 40 random bits (``trainings.codes.new_code``), so two registrations
drawing the same one is rare but certain over time (about 0.5% by 100,000
registrations, 37% by a million). A plain INSERT would then fail on
``registration_code_unique``, and in PostgreSQL a failed statement aborts the
whole surrounding transaction — the registration's seat, audit event and
notice with it. Here the INSERT says ``ON CONFLICT ON CONSTRAINT
registration_code_unique DO NOTHING RETURNING id, code``: a row whose code is
taken is simply not inserted, gets a new code, and is inserted again, at most
``CODE_ATTEMPTS`` times, without an error and without a savepoint (one statement
per batch, as ``Model.save`` and ``bulk_create`` cost). Any other constraint
still raises as usual.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.sql.subqueries import InsertQuery
from django.utils.translation import gettext as _

from trainings.codes import new_code
from trainings.errors import PilarError
from trainings.models import Registration

CODE_ATTEMPTS = 5  # five draws in a row all taken: under 10⁻³⁰ with a million codes in use
BATCH = 1000
_ON_TAKEN_CODE = ' ON CONFLICT ON CONSTRAINT "registration_code_unique" DO NOTHING'


class CodesExhausted(PilarError):
    """Every code drawn for a registration was taken already (never in practice)."""


def registrations_insert(registrations: Sequence[Registration]) -> None:
    """INSERT new ``registrations`` (no pk yet), each with a fresh code, redrawn if taken.

    Sets each one's ``code``, ``pk`` and timestamps as ``save()`` would; sends no
    signals (as ``bulk_create``). One statement per 1,000 registrations, plus one
    per batch that met a taken code. Raises ``CodesExhausted`` when a registration's
    codes were taken ``CODE_ATTEMPTS`` times (the caller's transaction stays usable);
    an ``IntegrityError`` for any other constraint.
    """
    pending = list(registrations)
    for _attempt in range(CODE_ATTEMPTS):
        drawn: set[str] = set()
        for registration in pending:
            registration.code = new_code()
            while registration.code in drawn:  # distinct within the statement too
                registration.code = new_code()
            drawn.add(registration.code)
        inserted: dict[str, int] = {}
        for start in range(0, len(pending), BATCH):
            inserted.update(_insert_unless_code_taken(pending[start : start + BATCH]))
        for registration in pending:
            if registration.code in inserted:
                registration.pk = inserted[registration.code]
                registration._state.adding, registration._state.db = False, DEFAULT_DB_ALIAS
        pending = [registration for registration in pending if registration.pk is None]
        if not pending:
            return
    raise CodesExhausted(
        _(
            "Kode pendaftaran baru tidak dapat dibuat karena setiap kode yang diundi sudah "
            "dipakai. Tidak ada yang disimpan; coba lagi sebentar lagi."
        )
    )


def _insert_unless_code_taken(registrations: list[Registration]) -> dict[str, int]:
    """One INSERT of ``registrations``; {code: id} of the rows inserted."""
    meta = Registration._meta
    fields = [field for field in meta.concrete_fields if field is not meta.auto_field]
    query = InsertQuery(Registration)
    query.insert_values(fields, registrations)
    compiler = query.get_compiler(using=DEFAULT_DB_ALIAS)
    compiler.returning_fields = [meta.pk, meta.get_field("code")]
    ((sql, params),) = compiler.as_sql()
    head, returning, tail = sql.rpartition(" RETURNING ")
    assert returning, "PostgreSQL returns the inserted rows"
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(head + _ON_TAKEN_CODE + returning + tail, params)
        return {code: pk for pk, code in cursor.fetchall()}
