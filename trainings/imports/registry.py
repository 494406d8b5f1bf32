"""Importing the pilar sosial registry: people, the roles they hold, SK, duty region, active.

``registry_plan`` validates a whole file (no writes); ``registry_apply`` writes
a valid plan in one transaction with a constant number of queries (bulk
inserts and updates). A row is one person × role:

* a new NIK creates the person (identity from the file) and the role held;
* an existing NIK must be a person the importing user can already see
  (``access.visible_participants``): a person stored outside that scope is
  refused, with an answer that says nothing about them (``rows.refuse_outside_scope``),
  since a role held in the agency's region would bring them into its scope;
* an existing NIK never changes the identity fields (name, birth date, sex);
  its phone, e-mail, birth place and domicile are filled only where empty;
* the role's SK number, year, duty region and active flag are set from the
  file; an empty cell keeps what is on record.

Every RoleHeld created or changed gets an AuditEvent ("registry.import");
a row that changes nothing writes nothing, so importing a file twice changes
nothing the second time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import Participant, Region, RoleHeld, SocialRole
from trainings.audit import actor_label
from trainings.imports import cells
from trainings.imports.columns import REGISTRY_COLUMNS
from trainings.imports.lookups import RegionIndex, RoleIndex
from trainings.imports.problems import INFO, Outcome, Plan, Problem
from trainings.imports.registrations import PROGRESS_EVERY, ProgressCallback
from trainings.imports.rows import (
    RowReader,
    check_still_in_scope,
    flag_rounded_niks,
    identity_differences,
    read_person,
    refuse_outside_scope,
    sort_problems,
)
from trainings.imports.workbook import Sheet
from trainings.models import AuditEvent, Organization
from trainings.services.registrations import PersonDetails

CONTACT_FIELDS = ("phone", "email", "birth_place", "home_region_id")
ROLE_FIELDS = ("sk_number", "year_appointed", "duty_region_id", "active")


@dataclass(frozen=True)
class RegistryRow:
    row: int
    person: PersonDetails
    role: SocialRole
    sk_number: str
    year_appointed: int | None
    duty_region_id: str | None
    active: bool | None  # None: not given

    @property
    def nik(self) -> str:
        return self.person.nik

    def contact(self) -> dict[str, Any]:
        return {name: getattr(self.person, name) for name in CONTACT_FIELDS}

    def role_details(self) -> dict[str, Any]:
        """The role's details as given (blank cells left out)."""
        given = {
            "sk_number": self.sk_number or None,
            "year_appointed": self.year_appointed,
            "duty_region_id": self.duty_region_id,
            "active": self.active,
        }
        return {name: value for name, value in given.items() if value is not None}


@dataclass
class _Changes:
    """What one row changes on record: {field: [before, after]} per object."""

    contact: dict[str, list] = field(default_factory=dict)
    role: dict[str, list] = field(default_factory=dict)


def _contact_fill(person: Participant, row: RegistryRow) -> dict[str, list]:
    return {
        name: [getattr(person, name), value]
        for name, value in row.contact().items()
        if value and not getattr(person, name)
    }


def _role_changes(held: RoleHeld, row: RegistryRow) -> dict[str, list]:
    return {
        name: [getattr(held, name), value]
        for name, value in row.role_details().items()
        if getattr(held, name) != value
    }


def _home(reader: RowReader, *, regions: RegionIndex, scope: str | None) -> Region | None:
    """The domicile (kecamatan or village), looked up inside the organisation's region."""
    return reader.read("home", lambda v: regions.home(v, scope=scope))


def registry_plan(
    *,
    organization: Organization | None,
    sheet: Sheet,
    user,
    today: datetime.date | None = None,
    on_progress: ProgressCallback | None = None,
) -> Plan:
    """Validate every row of a registry file; no writes.

    With an ``organization`` that has a region, domicile and duty region must
    lie inside it and names are looked up there. A NIK stored outside ``user``'s
    scope is a bad row (``user`` None: no bound). Reports every bad row, NIK
    warnings, and per row what applying would do ("NIK sudah ada: data SK
    diperbarui; nama di berkas berbeda dari data (tidak diubah)"). A constant
    number of queries.
    """
    today = today or timezone.localdate()
    plan = Plan(total=len(sheet.rows), errors=list(sheet.problems))
    if sheet.problems:
        return plan
    scope = organization.region_id if organization is not None else None
    regions, roles = RegionIndex(), RoleIndex()
    regions.prefetch_villages(
        value
        for row in sheet.rows
        for value in (row.values.get("home"), row.values.get("duty_region"))
    )
    offered = [role for role in roles.roles if role.active]
    home = partial(_home, regions=regions, scope=scope)
    first_of: dict[str, RegistryRow | None] = {}
    first_role_row: dict[tuple[str, int], int] = {}
    planned: list[RegistryRow] = []
    for done, sheet_row in enumerate(sheet.rows, start=1):
        reader = RowReader(sheet_row, REGISTRY_COLUMNS)
        person = read_person(reader, plan, today=today, home=home)
        role = reader.read("role", lambda v: roles.role(v, choices=offered))
        sk_number = reader.read("sk_number", lambda v: cells.text(v, max_length=100))
        year = reader.read("sk_year", lambda v: cells.year(v, today=today))
        duty = reader.read("duty_region", lambda v: regions.area(v, scope=scope))
        active = reader.read("active", cells.yes_no)
        nik = reader.values["nik"]
        if nik is not None and role is not None:
            if (nik, role.pk) in first_role_row:
                reader.fail(
                    "nik",
                    _("NIK dan unsur sama dengan baris %(row)d.")
                    % {"row": first_role_row[(nik, role.pk)]},
                )
            else:
                first_role_row[(nik, role.pk)] = sheet_row.number
        if not reader.errors:
            row = RegistryRow(
                row=sheet_row.number,
                person=person,
                role=role,
                sk_number=sk_number,
                year_appointed=year,
                duty_region_id=duty.code if duty else None,
                active=active,
            )
            first = first_of.setdefault(nik, row)
            if first is not row and identity_differences(
                first.person,
                full_name=person.full_name,
                birth_date=person.birth_date,
                sex=person.sex,
            ):
                reader.fail(
                    "nik",
                    _(
                        "NIK sama dengan baris %(row)d, tetapi nama, tanggal lahir atau jenis "
                        "kelamin berbeda."
                    )
                    % {"row": first.row},
                )
            else:
                planned.append(row)
        plan.errors.extend(reader.errors)
        if on_progress and done % PROGRESS_EVERY == 0:
            on_progress(done)
    planned = flag_rounded_niks(planned, plan, nik_of=lambda r: r.nik)
    planned = refuse_outside_scope(planned, plan, user=user, nik_of=lambda r: r.nik)
    sort_problems(plan.errors)
    if plan.errors:
        return plan
    plan.rows = planned
    _forecast(plan)
    return plan


def _on_record(rows: list[RegistryRow], *, lock: bool = False):
    """The people and roles held already on record for these rows. Two queries."""
    people = Participant.objects.filter(nik__in={row.nik for row in rows})
    if lock:
        people = people.select_for_update()
    people_by_nik = {person.nik: person for person in people}
    held = RoleHeld.objects.filter(participant__in=list(people_by_nik.values())).select_related(
        "participant", "role"
    )
    if lock:
        held = held.select_for_update(of=("self",))
    held_by_key = {(rh.participant_id, rh.role_id): rh for rh in held}
    return people_by_nik, held_by_key


def _forecast(plan: Plan) -> None:
    people, held = _on_record(plan.rows)
    filled: set[tuple[str, str]] = set()  # a contact field filled by an earlier row
    for row in plan.rows:
        person = people.get(row.nik)
        if person is None:
            plan.created += 1
            continue
        contact = {
            name: change
            for name, change in _contact_fill(person, row).items()
            if (row.nik, name) not in filled
        }
        filled.update((row.nik, name) for name in contact)
        existing = held.get((person.pk, row.role.pk))
        if existing is None:
            plan.created += 1
            head = _("NIK sudah ada: unsur %(role)s ditambahkan") % {"role": row.role.abbreviation}
        elif _role_changes(existing, row):
            plan.updated += 1
            head = _("NIK sudah ada: data SK diperbarui")
        elif contact:
            plan.updated += 1
            head = _("NIK sudah ada: data kontak dilengkapi")
        else:
            plan.unchanged += 1
            head = _("NIK sudah ada: tidak ada perubahan")
        differences = identity_differences(
            person,
            full_name=row.person.full_name,
            birth_date=row.person.birth_date,
            sex=row.person.sex,
        )
        plan.notes.append(Problem(row.row, "", "; ".join([head, *differences]), INFO))


def _event(actor, organization, held: RoleHeld, changes: dict, content_type) -> AuditEvent:
    return AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label(actor),
        action="registry.import",
        content_type=content_type,
        object_id=str(held.pk),
        object_repr=str(held)[:250],
        changes=changes,
        organization=organization,
    )


def registry_apply(*, organization: Organization | None, plan: Plan, actor) -> Outcome:
    """Write a valid registry plan, all or nothing.

    Raises ``OutsideScope`` (nothing written) when a row's NIK was stored, since
    the plan was made, outside the scope the plan was checked against.

    Side effects, in one transaction (people and roles on record locked):
    new Participants (one per new NIK, identity from its first row), contact
    fields of existing people filled where empty, RoleHeld rows created or
    updated, one AuditEvent ("registry.import") per RoleHeld created or
    changed. A constant number of queries (bulk statements).
    """
    assert plan.is_valid, "apply only a valid plan"
    now = timezone.now()
    created = updated = unchanged = 0
    with transaction.atomic():
        people, held = _on_record(plan.rows, lock=True)
        check_still_in_scope(plan, plan.rows, set(people), nik_of=lambda r: r.nik)
        new_people = {}
        for row in plan.rows:
            if row.nik not in people and row.nik not in new_people:
                new_people[row.nik] = Participant(
                    nik=row.nik,
                    full_name=row.person.full_name,
                    sex=row.person.sex,
                    birth_date=row.person.birth_date,
                    **row.contact(),
                )
        # Someone registering at this moment may create one of these NIKs first:
        # theirs is kept (ignore_conflicts). Bound to a scope, the plan never saw
        # that person, so the import stops (nothing written); unbound (the
        # management commands), the row counts as existing.
        Participant.objects.bulk_create(new_people.values(), ignore_conflicts=True)
        people.update(
            (person.nik, person) for person in Participant.objects.filter(nik__in=new_people)
        )
        others = {
            nik for nik, person in new_people.items() if people[nik].created_at != person.created_at
        }
        check_still_in_scope(plan, plan.rows, others, nik_of=lambda r: r.nik)
        touched_people: dict[int, Participant] = {}
        new_held, changed_held, events = [], {}, []
        for row in plan.rows:
            person = people[row.nik]
            fill = _contact_fill(person, row) if row.nik not in new_people else {}
            for name, (_before, after) in fill.items():
                setattr(person, name, after)
                touched_people[person.pk] = person
            existing = held.get((person.pk, row.role.pk))
            if existing is None:
                rh = RoleHeld(participant=person, role=row.role, **row.role_details())
                held[(person.pk, row.role.pk)] = rh
                new_held.append((rh, row))
                created += 1
                continue
            changes = _role_changes(existing, row)
            if not changes and not fill:
                unchanged += 1
                continue
            for name, (_before, after) in changes.items():
                setattr(existing, name, after)
            existing.updated_at = now
            if fill:
                # Which contact fields were filled, not their values (personal data).
                changes["contact_filled"] = sorted(name.removesuffix("_id") for name in fill)
            changed_held[existing.pk] = (existing, changes)
            updated += 1
        if touched_people:
            for person in touched_people.values():
                person.updated_at = now
            Participant.objects.bulk_update(
                touched_people.values(), [*CONTACT_FIELDS, "updated_at"], batch_size=1000
            )
        RoleHeld.objects.bulk_create([rh for rh, _row in new_held], batch_size=1000)
        if changed_held:
            RoleHeld.objects.bulk_update(
                [rh for rh, _changes in changed_held.values()],
                [*ROLE_FIELDS, "updated_at"],
                batch_size=1000,
            )
        content_type = ContentType.objects.get_for_model(RoleHeld)
        for rh, row in new_held:
            changes = {"created": True, "nik_created": row.nik in new_people, **row.role_details()}
            events.append(_event(actor, organization, rh, changes, content_type))
        for rh, changes in changed_held.values():
            events.append(_event(actor, organization, rh, changes, content_type))
        AuditEvent.objects.bulk_create(events, batch_size=1000)
    return Outcome(created=created, updated=updated, unchanged=unchanged)
