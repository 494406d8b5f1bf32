"""Registrations: submit, confirm, reject, cancel (with promotion), and cancelling a training.

Each function is one transaction that locks the training's row before it
reads seats (``lock_training``), writes one AuditEvent, and enqueues its
notifications on the task queue *inside* the transaction (the database task
backend makes the queue row part of the same commit: no mail is ever sent for
a registration that rolled back, and none is sent from the request).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.models import Participant, Region, SocialRole
from participants.names import names_match
from trainings import notifications
from trainings.audit import audit_record
from trainings.errors import CapacityError, PilarError
from trainings.models import Quota, Registration, Training
from trainings.selectors.eligibility import accepts_role
from trainings.selectors.public import RegistrationState, registration_state
from trainings.services import seats
from trainings.services.codes import registrations_insert
from trainings.services.locking import lock_training, race_window

ACTIVE = (
    Registration.Status.PENDING,
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
)
# The person's own registration in a training, as opposed to someone's identity claim.
_OWN_REGISTRATION = Registration.OWN_IDENTITY_CHECKS
# Sources that go through the organiser's approval when the training asks for it.
_NEEDS_APPROVAL = (Registration.Source.ONLINE, Registration.Source.NOMINATION)


class RegistrationClosed(PilarError):
    """Not published, cancelled, or outside the registration window."""


class NotEligible(PilarError):
    """The role is not among the training's eligible roles."""


class InvalidTransition(PilarError):
    """The registration is not in a state that allows this action."""


@dataclass(frozen=True)
class PersonDetails:
    """Who is registering, as typed (already validated and normalised by a form)."""

    nik: str
    full_name: str
    sex: str
    birth_date: datetime.date
    birth_place: str = ""
    phone: str = ""
    email: str = ""
    home_region_id: str | None = None
    organization_unit: str = ""

    def typed_identity(self) -> dict:
        """What the person typed about themselves, as kept on the registration."""
        return {
            "full_name": self.full_name,
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex,
            "birth_place": self.birth_place,
            "home_region": self.home_region_id or "",
        }


def identity_matches(participant: Participant, person: PersonDetails) -> bool:
    """Whether the typed person is the stored one: the same birth date, and the same name
    as far as ``participants.names.names_match`` reads names (case, spaces,
    punctuation, honorifics and degrees aside). Reads nothing from the database."""
    return participant.birth_date == person.birth_date and names_match(
        person.full_name, participant.full_name
    )


@dataclass(frozen=True)
class SubmitResult:
    registration: Registration
    participant_created: bool
    already_registered: bool


def _participant_for(person: PersonDetails) -> tuple[Participant, bool]:
    """The participant with this NIK, created if new; an existing one is never changed.

    ``INSERT … ON CONFLICT DO NOTHING`` makes two first-time registrations with
    the same new NIK end with one person: the second waits for the first's
    commit, inserts nothing and reads the committed row.
    """
    table = Participant._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (nik, full_name, sex, birth_place, birth_date, phone, email,
                                 home_region_id, organization_unit, nip, rank, position,
                                 created_at, updated_at)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', '', %s, %s)
            ON CONFLICT (nik) DO NOTHING
            RETURNING id
            """,
            [
                person.nik,
                person.full_name,
                person.sex,
                person.birth_place,
                person.birth_date,
                person.phone,
                person.email,
                person.home_region_id,
                person.organization_unit,
                now,
                now,
            ],
        )
        row = cursor.fetchone()
    if row is not None:
        created = Participant(
            pk=row[0],
            nik=person.nik,
            full_name=person.full_name,
            sex=person.sex,
            birth_place=person.birth_place,
            birth_date=person.birth_date,
            phone=person.phone,
            email=person.email,
            home_region_id=person.home_region_id,
            organization_unit=person.organization_unit,
            created_at=now,
            updated_at=now,
        )
        created._state.adding = False
        return created, True
    return Participant.objects.get(nik=person.nik), False


def _lock_for_submit(training: Training, participant: Participant, role: SocialRole) -> Training:
    """Lock the training and read, in the same query, whether it accepts ``role``
    (``accepts_role``), whether it has quota cells, and this participant's existing
    registration."""
    annotated = Training.objects.annotate(
        role_accepted=ExpressionWrapper(accepts_role(pk=role.pk), output_field=BooleanField()),
        has_quotas=Exists(Quota.objects.filter(training_id=OuterRef("pk"))),
        existing_registration_id=Subquery(
            Registration.objects.filter(
                training_id=OuterRef("pk"),
                participant_id=participant.pk,
                identity_check__in=_OWN_REGISTRATION,
            ).values("pk")[:1]
        ),
    )
    return lock_training(training.pk, queryset=annotated)


_CLOSED_MESSAGES = {
    RegistrationState.CANCELLED: gettext_lazy("Pelatihan ini dibatalkan."),
    RegistrationState.NOT_PUBLISHED: gettext_lazy("Pelatihan ini belum dibuka untuk pendaftaran."),
    RegistrationState.FINISHED: gettext_lazy("Pelatihan ini sudah selesai."),
    RegistrationState.NOT_OPEN: gettext_lazy("Pendaftaran belum dibuka."),
    RegistrationState.CLOSED: gettext_lazy("Pendaftaran sudah ditutup."),
}
# Staff, nominations and imports are not bound to the public window.
_OUTSIDE_WINDOW = (RegistrationState.NOT_OPEN, RegistrationState.CLOSED)


def registration_check_open(training: Training, *, source: str, now: datetime.datetime) -> None:
    """Raise ``RegistrationClosed`` unless a registration from ``source`` is accepted now.

    A full training still accepts registrations: they go on the waiting list.
    """
    state = registration_state(training, now=now)
    if state.accepts_registrations:
        return
    if source != Registration.Source.ONLINE and state in _OUTSIDE_WINDOW:
        return
    raise RegistrationClosed(str(_CLOSED_MESSAGES[state]))


def place_registration(
    registration: Registration, training: Training, *, source: str, cells=None
) -> None:
    """Give a new (or revived) registration its cell and status by the seat rule."""
    cells = seats.load_cells(training) if cells is None else cells
    quota = seats.match_quota(
        cells, role_id=registration.role_id, region_code=registration.region_represented_id
    )
    registration.quota = quota
    registration.waitlist_position = None
    if training.requires_approval and source in _NEEDS_APPROVAL:
        registration.status = Registration.Status.PENDING
    elif seats.has_room(training, cells, quota):
        race_window()
        registration.status = Registration.Status.CONFIRMED
        seats.take_seat(training, quota)
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlist_position = seats.next_waitlist_position(training, quota)


def registration_submit(
    *,
    actor,
    training: Training,
    person: PersonDetails,
    role: SocialRole,
    region_represented: Region | None,
    organization_unit: str = "",
    source: str = Registration.Source.ONLINE,
    consent: bool = False,
    replaces: Registration | None = None,
    language: str = "id",
    now: datetime.datetime | None = None,
) -> SubmitResult:
    """Register a person for a training by the seat rule.

    Side effects: may create the Participant (never changes an existing one;
    the contact details and the person as typed are kept on the registration);
    creates or revives the Registration (confirmed, pending, or waitlisted at
    the next position of its cell); updates the seat counters; one AuditEvent
    ("registration.submit"); a "received" notice on the queue. A NIK already
    holding an active registration changes nothing but queues a reminder of
    the code to the contact on file (``already_registered``).

    On the public form (``source`` online) a known NIK whose typed name or birth
    date is not the stored person's (``identity_matches``) makes an identity
    claim instead: a new registration with status "held", no seat, no reminder
    and nothing read back from the stored person, for staff to verify
    (``trainings.services.identity``); AuditEvent "registration.hold" and a
    "held" notice to the e-mail typed with it. The answer is the same whether or
    not the person already holds a registration, so it reveals nothing.

    Raises ``RegistrationClosed``, ``NotEligible``, ``TrainingBusy``,
    ``CodesExhausted`` (every code drawn was taken: ``services.codes``), and
    ``PilarError`` when consent is missing on the public form.
    """
    now = now or timezone.now()
    if source == Registration.Source.ONLINE and not consent:
        raise PilarError(_("Persetujuan pemrosesan data pribadi diperlukan untuk mendaftar."))
    with transaction.atomic():
        participant, participant_created = _participant_for(person)
        claim = (
            source == Registration.Source.ONLINE
            and not participant_created
            and not identity_matches(participant, person)
        )
        locked = _lock_for_submit(training, participant, role)
        registration_check_open(locked, source=source, now=now)
        if not locked.role_accepted:
            raise NotEligible(
                _("Pelatihan ini tidak terbuka untuk unsur %(role)s.") % {"role": role.name}
            )
        if claim:
            registration = _hold_claim(
                locked,
                participant,
                person=person,
                role=role,
                region_represented=region_represented,
                organization_unit=organization_unit,
                consent_at=now if consent else None,
                language=language,
                actor=actor,
            )
            return SubmitResult(registration, False, already_registered=False)
        if locked.existing_registration_id:
            registration = Registration.objects.get(pk=locked.existing_registration_id)
            if registration.status in ACTIVE:
                notifications.queue_registration_notice(registration, "code_reminder")
                return SubmitResult(registration, participant_created, already_registered=True)
        else:
            registration = Registration(participant=participant, training=locked)
        registration.training = locked
        registration.role = role
        registration.region_represented = region_represented
        registration.organization_unit = organization_unit or person.organization_unit
        registration.phone, registration.email = person.phone, person.email
        registration.typed_identity = person.typed_identity()
        registration.source, registration.replaces = source, replaces
        registration.consent_at = now if consent else None
        registration.language = language
        registration.decided_by, registration.decided_at, registration.decision_reason = (
            None,
            None,
            "",
        )
        place_registration(
            registration, locked, source=source, cells=None if locked.has_quotas else []
        )
        if registration.pk is None:
            registrations_insert([registration])  # its code drawn here, redrawn if taken
        else:
            registration.save()
        audit_record(
            actor=actor,
            action="registration.submit",
            obj=registration,
            training=locked,
            changes={
                "status": registration.status,
                "quota": registration.quota_id,
                "waitlist_position": registration.waitlist_position,
                "source": source,
                "participant_created": participant_created,
            },
        )
        notifications.queue_registration_notice(registration, "received")
    return SubmitResult(registration, participant_created, already_registered=False)


def _hold_claim(
    training: Training,
    participant: Participant,
    *,
    person: PersonDetails,
    role: SocialRole,
    region_represented: Region | None,
    organization_unit: str,
    consent_at: datetime.datetime | None,
    language: str,
    actor,
) -> Registration:
    """Record an identity claim on a known NIK: held for staff, no seat, nothing revealed."""
    registration = Registration(
        participant=participant,
        training=training,
        role=role,
        region_represented=region_represented,
        organization_unit=organization_unit or person.organization_unit,
        phone=person.phone,
        email=person.email,
        typed_identity=person.typed_identity(),
        identity_check=Registration.IdentityCheck.HELD,
        status=Registration.Status.HELD,
        source=Registration.Source.ONLINE,
        consent_at=consent_at,
        language=language,
    )
    registrations_insert([registration])
    audit_record(
        actor=actor,
        action="registration.hold",
        obj=registration,
        training=training,
        changes={"status": registration.status, "identity_check": registration.identity_check},
    )
    notifications.queue_registration_notice(registration, "held")
    return registration


def lock_registration(registration: Registration) -> tuple[Training, Registration]:
    training = lock_training(registration.training_id)
    fresh = Registration.objects.select_related("quota").get(pk=registration.pk)
    return training, fresh


def record_decision(registration: Registration, actor, reason: str = "") -> None:
    registration.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    registration.decided_at = timezone.now()
    registration.decision_reason = reason


def registration_confirm(*, actor, registration: Registration) -> Registration:
    """Staff approve a pending (or waitlisted) registration: it takes its seat now.

    Side effects: status confirmed, seat counters, AuditEvent
    ("registration.confirm"), a "confirmed" notice. Raises ``CapacityError``
    when its cell is full, ``InvalidTransition`` from other states.
    """
    with transaction.atomic():
        training, registration = lock_registration(registration)
        if registration.status not in (Registration.Status.PENDING, Registration.Status.WAITLISTED):
            raise InvalidTransition(
                _("Pendaftaran berstatus %(status)s tidak bisa dikonfirmasi.")
                % {"status": registration.get_status_display().lower()}
            )
        cells = seats.load_cells(training)
        quota = next((cell for cell in cells if cell.pk == registration.quota_id), None)
        if not seats.has_room(training, cells, quota):
            raise CapacityError(
                _("Kursi untuk %(cell)s sudah penuh; konfirmasi tidak dapat dilakukan.")
                % {"cell": quota.label or str(quota) if quota else _("kursi umum")}
            )
        before = registration.status
        seats.take_seat(training, quota)
        registration.status, registration.waitlist_position = Registration.Status.CONFIRMED, None
        record_decision(registration, actor)
        registration.save()
        audit_record(
            actor=actor,
            action="registration.confirm",
            obj=registration,
            training=training,
            changes={"status": [before, registration.status]},
        )
        notifications.queue_registration_notice(registration, "confirmed")
    return registration


def promote_next(
    training: Training, quota, *, actor, now: datetime.datetime
) -> Registration | None:
    """Give a freed seat to the first waiting registration of the same cell, until the
    training starts (the window may have closed)."""
    if now >= training.local_day_bounds()[0]:
        return None
    cells = seats.load_cells(training)
    quota = next((cell for cell in cells if quota is not None and cell.pk == quota.pk), None)
    if not seats.has_room(training, cells, quota):
        return None
    waiting = seats.first_waiting(training, quota)
    if waiting is None:
        return None
    position = waiting.waitlist_position
    seats.take_seat(training, quota)
    waiting.status, waiting.waitlist_position = Registration.Status.CONFIRMED, None
    waiting.save(update_fields=["status", "waitlist_position", "updated_at"])
    audit_record(
        actor=actor,
        action="registration.promote",
        obj=waiting,
        training=training,
        changes={"status": ["waitlisted", "confirmed"], "waitlist_position": [position, None]},
    )
    notifications.queue_registration_notice(waiting, "promoted")
    return waiting


def _end(
    registration: Registration,
    *,
    actor,
    status: str,
    action: str,
    notice: str,
    reason: str,
    now: datetime.datetime | None,
) -> Registration | None:
    now = now or timezone.now()
    with transaction.atomic():
        training, registration = lock_registration(registration)
        if registration.status not in ACTIVE:
            raise InvalidTransition(
                _("Pendaftaran ini sudah berstatus %(status)s.")
                % {"status": registration.get_status_display().lower()}
            )
        before = registration.status
        held_seat = before == Registration.Status.CONFIRMED
        quota = registration.quota
        if held_seat:
            seats.release_seat(training, quota)
        registration.status, registration.waitlist_position = status, None
        record_decision(registration, actor, reason)
        registration.save()
        audit_record(
            actor=actor,
            action=action,
            obj=registration,
            training=training,
            changes={"status": [before, status], "reason": reason},
        )
        notifications.queue_registration_notice(registration, notice)
        return promote_next(training, quota, actor=actor, now=now) if held_seat else None


def registration_cancel(
    *, actor, registration: Registration, reason: str = "", now: datetime.datetime | None = None
) -> Registration | None:
    """Cancel a registration (by the participant, actor None, or by staff).

    Side effects: status cancelled; a confirmed seat is released and given to
    the first waiting registration of the same cell in the same transaction
    (until the training starts), which is notified; AuditEvents
    ("registration.cancel", and "registration.promote"); a "cancelled" notice.
    Returns the promoted registration, if any. Raises ``InvalidTransition``.
    """
    return _end(
        registration,
        actor=actor,
        status=Registration.Status.CANCELLED,
        action="registration.cancel",
        notice="cancelled",
        reason=reason,
        now=now,
    )


def registration_reject(
    *, actor, registration: Registration, reason: str, now: datetime.datetime | None = None
) -> Registration | None:
    """Staff reject a registration with a reason; a freed seat is promoted as on cancel."""
    if not reason.strip():
        raise PilarError(_("Alasan penolakan wajib diisi."))
    return _end(
        registration,
        actor=actor,
        status=Registration.Status.REJECTED,
        action="registration.reject",
        notice="rejected",
        reason=reason.strip(),
        now=now,
    )


def training_cancel(*, actor, training: Training, reason: str) -> int:
    """Cancel a training: every active registration is cancelled and notified.

    Side effects: Training status cancelled with the reason, active
    registrations cancelled, counters back to zero, one AuditEvent
    ("training.cancel") and one queued task that writes to everyone.
    Returns how many registrations were cancelled.
    """
    if not reason.strip():
        raise PilarError(_("Alasan pembatalan wajib diisi."))
    with transaction.atomic():
        locked = lock_training(training.pk)
        if locked.status == Training.Status.CANCELLED:
            raise InvalidTransition(_("Pelatihan ini sudah dibatalkan."))
        affected = list(
            Registration.objects.filter(training=locked, status__in=ACTIVE).values_list(
                "pk", flat=True
            )
        )
        # Held identity claims end too (rejected, so they can never be accepted later).
        claims = list(
            Registration.objects.filter(
                training=locked, status=Registration.Status.HELD
            ).values_list("pk", flat=True)
        )
        Registration.objects.filter(pk__in=claims).update(
            status=Registration.Status.CANCELLED,
            identity_check=Registration.IdentityCheck.REJECTED,
            decision_reason=reason.strip(),
            decided_at=timezone.now(),
            updated_at=timezone.now(),
        )
        Registration.objects.filter(pk__in=affected).update(
            status=Registration.Status.CANCELLED,
            waitlist_position=None,
            decision_reason=reason.strip(),
            decided_at=timezone.now(),
            updated_at=timezone.now(),
        )
        locked.quotas.update(seats_taken=0)
        before = locked.status
        locked.status, locked.cancelled_reason, locked.seats_taken = (
            Training.Status.CANCELLED,
            reason.strip(),
            0,
        )
        locked.save(update_fields=["status", "cancelled_reason", "seats_taken", "updated_at"])
        audit_record(
            actor=actor,
            action="training.cancel",
            obj=locked,
            training=locked,
            changes={
                "status": [before, "cancelled"],
                "reason": reason.strip(),
                "registrations": len(affected),
            },
        )
        notifications.queue_training_cancelled(locked, affected + claims)
    return len(affected)
