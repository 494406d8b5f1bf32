"""Applying a registrations import: the public form's rules, for thousands of rows at once.

Why not ``registration_submit`` row by row: it costs ~10 queries per row, and
in one all-or-nothing transaction every row updates the same training and
quota rows again — PostgreSQL then keeps one row version per update inside
the transaction and each later read walks them all. 5,000 rows took ~2 minutes
that way (bench/imports.py). Here the same decisions are taken in memory
under one training lock and written with bulk statements: a constant number
of queries per 1,000 rows, plus one per queued notice.

The same rules as ``registration_submit`` (tests/trainings/test_imports.py
checks that both give the same result for the same rows):

* the window/status check for source "import" (``registration_check_open``)
  and eligibility (the training's eligible roles), on the locked row;
* a person is created if new (``INSERT … ON CONFLICT DO NOTHING``), never changed;
  an existing person must be one the plan may name (``Plan.scope``: the importing
  user's scope when the file was checked);
* a person already holding an active registration of their own (an identity
  claim on their NIK is someone else's and stays as it is) is skipped — the service
  would queue a code reminder for them, right for the public form, wrong for
  a staff import —, a cancelled or rejected registration is revived;
* the seat rule from ``trainings.services.seats`` (``match_quota``,
  ``has_room``): confirmed while its cell has room, else waitlisted at the
  next position of its cell; counters written once at the end;
* new registrations inserted with their codes by ``services.codes.registrations_insert``
  (the service's own path: a taken code is redrawn);
* one AuditEvent ("registration.submit", the service's fields) and one
  "received" notice per registration, in the same transaction.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import Participant
from trainings import notifications
from trainings.audit import actor_label
from trainings.imports.problems import Outcome, Plan
from trainings.imports.registrations import RegistrationRow
from trainings.imports.rows import check_still_in_scope
from trainings.models import AuditEvent, Quota, Registration, Training
from trainings.selectors.eligibility import eligible_roles
from trainings.services import seats
from trainings.services.codes import registrations_insert
from trainings.services.locking import lock_training
from trainings.services.registrations import (
    _NEEDS_APPROVAL,  # which sources wait for approval: the service's own rule
    _OWN_REGISTRATION,  # a person's own registration, not someone's claim on their NIK
    ACTIVE,
    NotEligible,
    registration_check_open,
)

BATCH = 1000
SOURCE = Registration.Source.IMPORT
REVIVED_FIELDS = [
    "role",
    "region_represented",
    "organization_unit",
    "phone",
    "email",
    "source",
    "replaces",
    "consent_at",
    "language",
    "decided_by",
    "decided_at",
    "decision_reason",
    "quota",
    "status",
    "waitlist_position",
    "updated_at",
]


def _people(plan: Plan) -> dict[str, tuple[int, str, bool]]:
    """NIK → (participant id, name on record, created now). New people are inserted;
    existing ones are left as they are, and must be people the plan may name
    (``check_still_in_scope``). Three queries (plus one per 1,000 new)."""
    rows: list[RegistrationRow] = plan.rows
    niks = [row.person.nik for row in rows]
    known = dict(Participant.objects.filter(nik__in=niks).values_list("nik", "pk"))
    new = {
        row.person.nik: Participant(
            nik=row.person.nik,
            full_name=row.person.full_name,
            sex=row.person.sex,
            birth_place=row.person.birth_place,
            birth_date=row.person.birth_date,
            phone=row.person.phone,
            email=row.person.email,
            home_region_id=row.person.home_region_id,
            organization_unit=row.person.organization_unit,
        )
        for row in rows
        if row.person.nik not in known
    }
    # Someone registering this very moment may create one of these NIKs first:
    # theirs is kept and the row counts as an existing person.
    Participant.objects.bulk_create(new.values(), ignore_conflicts=True, batch_size=BATCH)
    people = {}
    for nik, pk, full_name, created_at in Participant.objects.filter(nik__in=niks).values_list(
        "nik", "pk", "full_name", "created_at"
    ):
        mine = nik in new and created_at == new[nik].created_at
        people[nik] = (pk, full_name, mine)
    stored = {nik for nik, (_pk, _name, mine) in people.items() if not mine}
    check_still_in_scope(plan, rows, stored, nik_of=lambda r: r.person.nik)
    return people


def registrations_apply(
    *, training: Training, plan: Plan, actor, now: datetime.datetime | None = None
) -> Outcome:
    """Register every row of a valid plan by the seat rule, all or nothing.

    Side effects, in one transaction holding the training's row lock: new
    Participants (existing ones never changed), Registrations created or
    revived (source "import", confirmed or waitlisted by the seat rule), the
    seat counters, one AuditEvent ("registration.submit") and one "received"
    notice per registration. Rows already actively registered change nothing
    and queue nothing. Raises ``TrainingBusy``, ``RegistrationClosed`` and
    ``NotEligible`` (the training changed since the plan), ``OutsideScope`` (a
    row's NIK was stored by someone else since the plan) — nothing written.
    """
    assert plan.is_valid, "apply only a valid plan"
    now = now or timezone.now()
    unchanged = 0
    placed: list[tuple[Registration, bool, bool]] = []  # (registration, is new, person created)
    with transaction.atomic():
        locked = lock_training(training.pk)
        registration_check_open(locked, source=SOURCE, now=now)
        eligible = set(eligible_roles(locked).values_list("pk", flat=True))
        for row in plan.rows:
            if row.role.pk not in eligible:
                raise NotEligible(
                    _("Pelatihan ini tidak terbuka untuk unsur %(role)s.") % {"role": row.role.name}
                )
        people = _people(plan)
        existing = {
            registration.participant_id: registration
            for registration in Registration.objects.select_for_update().filter(
                training=locked,
                participant_id__in=[pk for pk, _name, _new in people.values()],
                identity_check__in=_OWN_REGISTRATION,
            )
        }
        cells = seats.load_cells(locked)
        seats_before = {cell.pk: cell.seats_taken for cell in cells}
        last_position = dict(
            Registration.objects.filter(training=locked, status=Registration.Status.WAITLISTED)
            .values("quota_id")
            .annotate(last=Max("waitlist_position"))
            .values_list("quota_id", "last")
        )
        for row in plan.rows:
            person_id, _name, person_created = people[row.person.nik]
            registration = existing.get(person_id)
            if registration is not None and registration.status in ACTIVE:
                unchanged += 1
                continue
            is_new = registration is None
            if is_new:
                registration = Registration(participant_id=person_id, training=locked)
                existing[person_id] = registration  # a NIK twice in a plan cannot happen
            registration.role = row.role
            registration.region_represented_id = row.represented
            registration.organization_unit = row.unit or row.person.organization_unit
            registration.phone, registration.email = row.person.phone, row.person.email
            registration.source, registration.replaces = SOURCE, None
            registration.consent_at, registration.language = None, "id"
            registration.decided_by, registration.decided_at = None, None
            registration.decision_reason = ""
            registration.updated_at = now
            _place(registration, locked, cells, last_position)
            placed.append((registration, is_new, person_created))
        new = [registration for registration, is_new, _created in placed if is_new]
        registrations_insert(new)  # codes drawn there, redrawn if taken
        revived = [registration for registration, is_new, _created in placed if not is_new]
        Registration.objects.bulk_update(revived, REVIVED_FIELDS, batch_size=BATCH)
        _write_counters(locked, cells, seats_before)
        _audit(actor, locked, placed, people_names={pk: name for pk, name, _n in people.values()})
        for registration, _is_new, _created in placed:
            notifications.queue_registration_notice(registration, "received")
    summary = Counter(registration.status for registration, _is_new, _created in placed)
    created = sum(1 for _registration, is_new, _created in placed if is_new)
    return Outcome(
        created=created,
        updated=len(placed) - created,
        unchanged=unchanged,
        summary={str(status): count for status, count in summary.items()},
    )


def _place(registration: Registration, training: Training, cells, last_position) -> None:
    """``registration_submit``'s ``_place``, with the counters kept in memory."""
    quota = seats.match_quota(
        cells, role_id=registration.role_id, region_code=registration.region_represented_id
    )
    registration.quota = quota
    registration.waitlist_position = None
    if training.requires_approval and SOURCE in _NEEDS_APPROVAL:
        registration.status = Registration.Status.PENDING
    elif seats.has_room(training, cells, quota):
        registration.status = Registration.Status.CONFIRMED
        training.seats_taken += 1
        if quota is not None:
            quota.seats_taken += 1
    else:
        key = quota.pk if quota is not None else None
        last_position[key] = last_position.get(key, 0) + 1
        registration.status = Registration.Status.WAITLISTED
        registration.waitlist_position = last_position[key]


def _write_counters(training: Training, cells: list[Quota], seats_before: dict[int, int]) -> None:
    Training.objects.filter(pk=training.pk).update(seats_taken=training.seats_taken)
    for cell in cells:
        if seats_before[cell.pk] != cell.seats_taken:
            Quota.objects.filter(pk=cell.pk).update(seats_taken=cell.seats_taken)


def _audit(actor, training: Training, placed, *, people_names: dict[int, str]) -> None:
    """The AuditEvents ``audit_record`` would write for each registration, in bulk."""
    content_type = ContentType.objects.get_for_model(Registration)
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = actor_label(actor)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=user,
                actor_label=label,
                action="registration.submit",
                content_type=content_type,
                object_id=str(registration.pk),
                object_repr=(
                    f"{registration.code} · {people_names[registration.participant_id]} · "
                    f"{training}"
                )[:250],
                changes={
                    "status": registration.status,
                    "quota": registration.quota_id,
                    "waitlist_position": registration.waitlist_position,
                    "source": SOURCE,
                    "participant_created": person_created,
                },
                training=training,
                organization_id=training.organizer_id,
            )
            for registration, _is_new, person_created in placed
        ],
        batch_size=BATCH,
    )
