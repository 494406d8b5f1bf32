"""Row-level helpers shared by both imports: reading a row's cells into problems, reading
the person of a row, the file-wide checks (NIKs rounded by Excel, people outside the
user's scope), and how a file's person differs from the record."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from participants.models import Region
from participants.nik import nik_warnings, parse_nik
from trainings import access
from trainings.errors import PilarError
from trainings.imports import cells
from trainings.imports.columns import Column
from trainings.imports.problems import WARNING, CellError, Plan, Problem
from trainings.imports.workbook import SheetRow
from trainings.services.registrations import PersonDetails

T = TypeVar("T")
# A text NIK's last digit is 0 for about one person in ten. When most NIKs of a
# file end in 0, they were numbers once (Excel keeps 15 significant digits) and
# were turned back into text: every one of them has lost its last digit.
ROUNDED_MIN_NIKS = 5


class RowReader:
    """Reads one row's cells; each failure becomes a Problem at that row and column.
    ``values`` keeps what was read, by column key (None where the cell failed)."""

    def __init__(self, row: SheetRow, columns: tuple[Column, ...]) -> None:
        self.row = row
        self.labels = {column.key: column.label for column in columns}
        self.errors: list[Problem] = []
        self.values: dict[str, Any] = {}
        self._failed: set[str] = set()

    def read(self, key: str, parse: Callable[[Any], T]) -> T | None:
        try:
            value = parse(self.row.values.get(key))
        except CellError as error:
            self.fail(key, error.message)
            value = None
        self.values[key] = value
        return value

    def fail(self, key: str, message: str) -> None:
        self._failed.add(key)
        self.errors.append(Problem(self.row.number, self.labels[key], message))

    def failed(self, key: str) -> bool:
        return key in self._failed


def read_person(
    reader: RowReader,
    plan: Plan,
    *,
    today: datetime.date,
    home: Callable[[RowReader], Region | None],
) -> PersonDetails | None:
    """The person of one row: the person columns (``columns.person_columns``), then the home
    region, read by ``home`` (each file names it its own way, from the same reader).

    None when any of these cells failed (the reader holds why). NIK warnings
    (birth date or sex disagree with the NIK) go to ``plan.notes`` whenever the
    NIK, birth date and sex could be read. ``organization_unit`` is left empty.
    """
    errors_before = len(reader.errors)
    nik = reader.read("nik", cells.nik)
    full_name = reader.read("full_name", cells.person_name)
    sex = reader.read("sex", cells.sex)
    birth_place = reader.read("birth_place", lambda v: cells.text(v, max_length=100))
    birth_date = reader.read("birth_date", lambda v: cells.date(v, today=today))
    phone = reader.read("phone", cells.phone)
    email = reader.read("email", cells.email)
    region = home(reader)
    if nik and birth_date and sex:
        parsed = parse_nik(nik, declared_birth_date=birth_date)
        for warning in nik_warnings(parsed, birth_date=birth_date, sex=sex):
            plan.notes.append(Problem(reader.row.number, "NIK", warning.message, WARNING))
    if len(reader.errors) > errors_before:
        return None
    return PersonDetails(
        nik=nik,
        full_name=full_name,
        sex=sex,
        birth_date=birth_date,
        birth_place=birth_place,
        phone=phone,
        email=email,
        home_region_id=region.code if region else None,
    )


def flag_rounded_niks(planned: list[T], plan: Plan, *, nik_of: Callable[[T], str]) -> list[T]:
    """Refuse the rows of a file whose NIKs mostly end in 0 (see ROUNDED_MIN_NIKS);
    returns the rows left."""
    niks = [nik_of(row) for row in planned]
    zeros = [nik for nik in niks if nik.endswith("0")]
    if len(niks) < ROUNDED_MIN_NIKS or 2 * len(zeros) <= len(niks):
        return planned
    kept = []
    for row in planned:
        if nik_of(row).endswith("0"):
            plan.errors.append(Problem(row.row, "NIK", cells.nik_as_number(nik_of(row)).message))
        else:
            kept.append(row)
    return kept


class OutsideScope(PilarError):
    """A row names a person stored outside the importing user's scope (found while
    applying: the person was stored after the file was checked)."""


def refuse_outside_scope(
    planned: list[T], plan: Plan, *, user, nik_of: Callable[[T], str]
) -> list[T]:
    """Refuse the rows naming a person already stored outside ``user``'s scope; returns
    the rows left and keeps in ``plan.scope`` the stored NIKs the rows may name.

    An import may attach roles and registrations only to new people and to people
    the user could already see: anything else would widen what the user sees.
    The refusal (``access.NIK_OUTSIDE_SCOPE``) says nothing about the person.
    ``user`` None (the management commands) sets no bound. One query."""
    if user is None:
        plan.scope = None
        return planned
    stored = access.stored_niks_in_scope(user, (nik_of(row) for row in planned))
    plan.scope = frozenset(nik for nik, inside in stored.items() if inside)
    kept = []
    for row in planned:
        if stored.get(nik_of(row), True):
            kept.append(row)
        else:
            plan.errors.append(Problem(row.row, "NIK", str(access.NIK_OUTSIDE_SCOPE)))
    return kept


def check_still_in_scope(plan: Plan, rows: list[T], niks: set[str], *, nik_of) -> None:
    """While applying: raise ``OutsideScope`` if one of ``niks`` (people the apply found
    stored rather than created) was not among the stored NIKs the plan may name — it
    was stored by someone else since the file was checked."""
    if plan.scope is None:
        return
    for row in rows:
        if nik_of(row) in niks and nik_of(row) not in plan.scope:
            raise OutsideScope(
                _("Baris %(row)d: %(message)s")
                % {"row": row.row, "message": access.NIK_OUTSIDE_SCOPE}
            )


def sort_problems(problems: list[Problem]) -> None:
    """File-wide problems first, then by row (stable: a row's cells stay in column order)."""
    problems.sort(key=lambda problem: (problem.row is not None, problem.row or 0))


def identity_differences(
    existing, *, full_name: str, birth_date: datetime.date, sex: str
) -> list[str]:
    """What the file says differently about a person already on record (never changed)."""
    differences = []
    if " ".join(existing.full_name.lower().split()) != " ".join(full_name.lower().split()):
        differences.append(_("nama di berkas berbeda dari data (tidak diubah)"))
    if existing.birth_date != birth_date:
        differences.append(_("tanggal lahir di berkas berbeda dari data (tidak diubah)"))
    if existing.sex != sex:
        differences.append(_("jenis kelamin di berkas berbeda dari data (tidak diubah)"))
    return differences
