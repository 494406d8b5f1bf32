"""A regency operator withdraws their own nominee, and may name a replacement in the same step.

The regency chooses whom it sends, so it need not ask the province to send a
nominee back first (which shows the person as "Ditolak" and leaves the
replacement behind every earlier pending nomination). Until the training's
first day (midnight in the training's zone; nominations are accepted after the
public window closes) the operator of the cell's regency may withdraw a pending,
confirmed or waitlisted nomination of that cell with a reason:

* the registration becomes *cancelled* (shown to the person as "Dibatalkan",
  never "Ditolak"), its seat is released and the person is told why;
* with a replacement (pengganti), the replacement is nominated into the same
  cell by ``nomination_submit`` (same scope rule: a new person or one the
  operator already sees) and, when the training needs no approval, takes the
  freed seat directly — ahead of the cell's waiting list. When it needs
  approval the replacement is pending and the approval queue puts
  replacements first (``trainings.selectors.registrations.APPROVAL_ORDER``);
  the freed seat then waits for the province's decision. A replacement for a
  waitlisted nominee keeps the nominee's place on the waiting list;
* without a replacement, a freed seat goes to the first waiting registration
  of the cell (``promote_next``), as on any cancellation.

Everything happens in one transaction under the training's row lock; a
replacement that is refused (scope, already registered, another cell) rolls the
withdrawal back too, so the operator never loses a seat to a failed step.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import Participant, SocialRole
from trainings import access, notifications
from trainings.audit import audit_record
from trainings.formatting import moment
from trainings.models import Registration, Training
from trainings.services import seats
from trainings.services.nominations import NominationError, nomination_submit
from trainings.services.registrations import (
    ACTIVE,
    InvalidTransition,
    PersonDetails,
    lock_registration,
    promote_next,
    record_decision,
)


@dataclass(frozen=True)
class Replacement:
    """The pengganti: a new person's details or a person in the operator's registry, and
    the role they are nominated as (one the withdrawn nominee's cell accepts)."""

    person: PersonDetails | Participant
    role: SocialRole


@dataclass(frozen=True)
class WithdrawResult:
    withdrawn: Registration
    replacement: Registration | None  # the pengganti's registration
    promoted: Registration | None  # a waiting registration given the freed seat


def withdraw_deadline(training: Training) -> datetime.datetime:
    """The instant nominations of ``training`` can no longer be withdrawn: the start of
    its first day in its own zone."""
    return training.local_day_bounds()[0]


def withdraw_open(training: Training, *, now: datetime.datetime) -> bool:
    return now < withdraw_deadline(training)


def _check_withdrawable(actor, training: Training, registration: Registration, now) -> None:
    own_cell = (
        registration.source == Registration.Source.NOMINATION
        and registration.quota_id is not None
        and access.operator_cells(actor, training).filter(pk=registration.quota_id).exists()
    )
    if not own_cell:
        raise NominationError(_("Hanya usulan kabupaten/kota Anda sendiri yang dapat ditarik."))
    if not withdraw_open(training, now=now):
        raise NominationError(
            _("Usulan hanya dapat ditarik sebelum hari pertama pelatihan (%(deadline)s).")
            % {"deadline": moment(withdraw_deadline(training), training)}
        )
    if registration.status not in ACTIVE:
        raise InvalidTransition(
            _("Usulan ini sudah berstatus %(status)s.")
            % {"status": registration.get_status_display().lower()}
        )


def _keep_waiting_place(
    actor, training: Training, replacement: Registration, position: int
) -> None:
    """The replacement of a waitlisted nominee takes the nominee's (now free) position."""
    before = replacement.waitlist_position
    replacement.waitlist_position = position
    replacement.save(update_fields=["waitlist_position", "updated_at"])
    audit_record(
        actor=actor,
        action="nomination.keep_place",
        obj=replacement,
        training=training,
        changes={"waitlist_position": [before, position]},
    )


def nomination_withdraw(
    *,
    actor,
    registration: Registration,
    reason: str,
    replacement: Replacement | None = None,
    now: datetime.datetime | None = None,
) -> WithdrawResult:
    """The operator of the cell's regency withdraws a nomination, optionally naming a
    replacement who takes its place in the same cell.

    Side effects (one transaction, under the training's lock): the registration
    cancelled with the reason, decided by ``actor``; a confirmed seat released;
    AuditEvent "nomination.withdraw" and a "withdrawn" notice. With a
    replacement: those of ``nomination_submit`` (maybe a new Participant; the
    Registration — confirmed into the freed seat when the training needs no
    approval and the cell has room, pending when it needs approval, otherwise
    waitlisted, keeping a waitlisted nominee's position with AuditEvent
    "nomination.keep_place"; AuditEvents "registration.submit" and
    "nomination.replace"; a "received" notice). Without one: a freed seat goes
    to the first waiting registration of the cell (AuditEvent
    "registration.promote", a "promoted" notice).

    Raises ``NominationError`` without a reason, for a registration that is not
    a nomination of the actor's regency's cells, on or after the training's
    first day, and whatever ``nomination_submit`` refuses for the replacement
    (then nothing is withdrawn); ``InvalidTransition`` for a registration no
    longer active; ``TrainingBusy``.
    """
    reason = reason.strip()
    if not reason:
        raise NominationError(_("Alasan penarikan wajib diisi."))
    now = now or timezone.now()
    with transaction.atomic():
        training, registration = lock_registration(registration)
        _check_withdrawable(actor, training, registration, now)
        before, position = registration.status, registration.waitlist_position
        quota = registration.quota
        held_seat = before == Registration.Status.CONFIRMED
        if held_seat:
            seats.release_seat(training, quota)
        registration.status = Registration.Status.CANCELLED
        registration.waitlist_position = None
        record_decision(registration, actor, reason)
        registration.save()
        audit_record(
            actor=actor,
            action="nomination.withdraw",
            obj=registration,
            training=training,
            changes={
                "status": [before, registration.status],
                "reason": reason,
                "with_replacement": replacement is not None,
            },
        )
        notifications.queue_registration_notice(registration, "withdrawn")
        if replacement is None:
            promoted = promote_next(training, quota, actor=actor, now=now) if held_seat else None
            return WithdrawResult(registration, None, promoted)
        # The freed seat is not promoted: the replacement, placed by the seat rule now
        # that the seat is free, comes before the cell's waiting list.
        placed = nomination_submit(
            actor=actor,
            training=training,
            quota=quota,
            person=replacement.person,
            role=replacement.role,
            replaces=registration,
            now=now,
        ).registration
        if before == Registration.Status.WAITLISTED and placed.status == before:
            _keep_waiting_place(actor, training, placed, position)
    return WithdrawResult(registration, placed, None)


__all__ = [
    "Replacement",
    "WithdrawResult",
    "nomination_withdraw",
    "withdraw_deadline",
    "withdraw_open",
]
