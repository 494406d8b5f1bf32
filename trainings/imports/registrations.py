"""Importing a training's registrations: validate a whole file, then apply it at once.

``registrations_plan`` reads nothing but the database (no writes) and reports
every bad row; ``trainings.imports.bulk.registrations_apply`` registers a valid
plan in one transaction under the training's row lock.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import Participant, Region, SocialRole
from trainings.forms.regions import is_national
from trainings.imports import cells
from trainings.imports.columns import REGISTRATION_COLUMNS
from trainings.imports.lookups import RegionIndex, RoleIndex, name_key
from trainings.imports.problems import INFO, CellError, Plan, Problem
from trainings.imports.rows import (
    RowReader,
    flag_rounded_niks,
    identity_differences,
    read_person,
    refuse_outside_scope,
    sort_problems,
)
from trainings.imports.workbook import Sheet
from trainings.models import Registration, Training
from trainings.selectors.eligibility import eligible_roles
from trainings.services.registrations import (
    _OWN_REGISTRATION,  # a person's own registration, not someone's claim on their NIK
    ACTIVE,
    PersonDetails,
    RegistrationClosed,
    registration_check_open,
)

PROGRESS_EVERY = 100
ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class RegistrationRow:
    row: int
    person: PersonDetails
    role: SocialRole
    represented: str  # region code: a regency, or the organiser's own region
    unit: str


class _Represented:
    """Who may be represented, as on the public form: a regency of the venue's province
    (any regency for a national training), or the organising agency itself."""

    def __init__(self, training: Training, regions: RegionIndex) -> None:
        organizer = training.organizer
        self.regions = regions
        self.own = organizer.region_id
        self.national = is_national(training)
        self.province = training.venue_region_id[:2]
        self.own_keys = {name_key(organizer.name), name_key(organizer.short_name)}
        own_place = regions.get(self.own or "")
        if own_place is not None:
            self.own_keys.add(name_key(own_place.name))
        self.own_keys.discard("")

    def __call__(self, value) -> str:
        if cells.is_blank(value):
            raise CellError(_("Wajib diisi."))
        typed = cells.text(value, max_length=200)
        if self.own and (
            typed.replace(".", "") == self.own.replace(".", "") or name_key(typed) in self.own_keys
        ):
            return self.own
        place = self.regions.regency(value)
        if place.code == self.own or self.national or place.code[:2] == self.province:
            return place.code
        raise CellError(
            _(
                "%(place)s tidak dapat dipilih untuk pelatihan ini: pilih kabupaten/kota di "
                "%(province)s atau lembaga penyelenggara."
            )
            % {"place": place, "province": self.regions.label(self.province)}
        )


def _home(reader: RowReader, *, regions: RegionIndex) -> Region | None:
    """The home kecamatan or village, looked up in the regency of the next column."""
    regency = reader.read("regency", regions.regency)
    if reader.failed("regency"):
        return None
    return reader.read("home", lambda v: regions.home(v, regency=regency))


def registrations_plan(
    *,
    training: Training,
    sheet: Sheet,
    user,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    on_progress: ProgressCallback | None = None,
) -> Plan:
    """Validate every row of ``sheet`` for ``training``; no writes.

    Reports every bad row (row, column, reason; a NIK stored outside ``user``'s
    scope is one, see ``rows.refuse_outside_scope``, and ``user`` None sets no
    bound), NIK warnings and per-row remarks (already registered, an existing
    person whose data differs), and forecasts created / updated (a cancelled or
    rejected registration revived) / unchanged. ``on_progress(rows_done)`` is
    called every ``PROGRESS_EVERY`` rows. Queries: a constant handful, plus one
    per district whose villages are looked up by name.
    """
    today = today or timezone.localdate()
    plan = Plan(total=len(sheet.rows), errors=list(sheet.problems))
    if sheet.problems:
        return plan
    try:
        registration_check_open(
            training, source=Registration.Source.IMPORT, now=now or timezone.now()
        )
    except RegistrationClosed as error:
        plan.errors.append(Problem(None, "", error.message))
    regions, roles = RegionIndex(), RoleIndex()
    regions.prefetch_villages(row.values.get("home") for row in sheet.rows)
    eligible = list(eligible_roles(training).order_by("sort_order", "name"))
    eligible_ids = {role.pk for role in eligible}
    represented_of = _Represented(training, regions)
    home = partial(_home, regions=regions)
    first_row_of: dict[str, int] = {}
    planned: list[RegistrationRow] = []
    for done, row in enumerate(sheet.rows, start=1):
        reader = RowReader(row, REGISTRATION_COLUMNS)
        person = read_person(reader, plan, today=today, home=home)
        role = reader.read("role", lambda v: roles.role(v, choices=eligible))
        if role is not None and role.pk not in eligible_ids:
            reader.fail(
                "role", _("Pelatihan ini tidak terbuka untuk unsur %(role)s.") % {"role": role.name}
            )
        unit = reader.read("unit", lambda v: cells.text(v, max_length=150))
        represented = reader.read("represented", represented_of)
        nik = reader.values["nik"]
        if nik is not None:
            if nik in first_row_of:
                reader.fail("nik", _("NIK sama dengan baris %(row)d.") % {"row": first_row_of[nik]})
            else:
                first_row_of[nik] = row.number
        plan.errors.extend(reader.errors)
        if not reader.errors:
            person = replace(person, organization_unit=unit)
            planned.append(RegistrationRow(row.number, person, role, represented, unit))
        if on_progress and done % PROGRESS_EVERY == 0:
            on_progress(done)
    planned = flag_rounded_niks(planned, plan, nik_of=lambda r: r.person.nik)
    planned = refuse_outside_scope(planned, plan, user=user, nik_of=lambda r: r.person.nik)
    sort_problems(plan.errors)
    if plan.errors:
        return plan
    plan.rows = planned
    _forecast(training, plan)
    return plan


def _forecast(training: Training, plan: Plan) -> None:
    """What applying would do, row by row. Two queries."""
    niks = [row.person.nik for row in plan.rows]
    statuses = dict(
        Registration.objects.filter(
            training=training, participant__nik__in=niks, identity_check__in=_OWN_REGISTRATION
        ).values_list("participant__nik", "status")
    )
    people = {
        person.nik: person
        for person in Participant.objects.filter(nik__in=niks).only(
            "nik", "full_name", "birth_date", "sex"
        )
    }
    for row in plan.rows:
        status = statuses.get(row.person.nik)
        if status in ACTIVE:
            plan.unchanged += 1
            plan.notes.append(
                Problem(
                    row.row,
                    "",
                    _("Sudah terdaftar pada pelatihan ini (%(status)s); dilewati.")
                    % {"status": Registration.Status(status).label},
                    INFO,
                )
            )
            continue
        if status is None:
            plan.created += 1
        else:
            plan.updated += 1
            plan.notes.append(
                Problem(
                    row.row,
                    "",
                    _("Pendaftaran sebelumnya (%(status)s) diaktifkan kembali.")
                    % {"status": Registration.Status(status).label},
                    INFO,
                )
            )
        existing = people.get(row.person.nik)
        differences = existing and identity_differences(
            existing,
            full_name=row.person.full_name,
            birth_date=row.person.birth_date,
            sex=row.person.sex,
        )
        if differences:
            message = _("NIK sudah ada: %(differences)s") % {"differences": "; ".join(differences)}
            plan.notes.append(Problem(row.row, "", message, INFO))
