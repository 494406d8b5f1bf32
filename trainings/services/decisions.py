"""Staff decisions on seats: waitlist or promote a registration, release a quota's unfilled seats.

Confirm and reject are ``registration_confirm`` / ``registration_reject`` in
``trainings.services.registrations``; these are the decisions the staff pages
add. The same house rules: each function is one transaction that locks the
training's row before it reads seats (``lock_training``), writes its
AuditEvents, and queues its notices inside the transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trainings import notifications
from trainings.audit import audit_record
from trainings.errors import PilarError
from trainings.models import Quota, Registration, Training
from trainings.services import seats
from trainings.services.locking import lock_training
from trainings.services.registrations import (
    InvalidTransition,
    promote_next,
    record_decision,
    registration_confirm,
)


def _locked(registration: Registration) -> tuple[Training, Registration]:
    training = lock_training(registration.training_id)
    fresh = Registration.objects.select_related("quota").get(pk=registration.pk)
    return training, fresh


def registration_waitlist(*, actor, registration: Registration) -> Registration:
    """Staff put a pending registration on the waiting list of its cell.

    Side effects: status waitlisted at the next position of its cell (quota,
    or the open pool), decided by ``actor``; one AuditEvent
    ("registration.waitlist"); a "waitlisted" notice. No seat changes hands.
    Raises ``InvalidTransition`` unless the registration is pending,
    ``TrainingBusy``.
    """
    with transaction.atomic():
        training, registration = _locked(registration)
        if registration.status != Registration.Status.PENDING:
            raise InvalidTransition(
                _(
                    "Hanya pendaftaran yang menunggu persetujuan yang bisa dimasukkan ke daftar "
                    "tunggu (status sekarang: %(status)s)."
                )
                % {"status": registration.get_status_display().lower()}
            )
        position = seats.next_waitlist_position(training, registration.quota)
        registration.status = Registration.Status.WAITLISTED
        registration.waitlist_position = position
        record_decision(registration, actor)
        registration.save()
        audit_record(
            actor=actor,
            action="registration.waitlist",
            obj=registration,
            training=training,
            changes={
                "status": [Registration.Status.PENDING, Registration.Status.WAITLISTED],
                "waitlist_position": [None, position],
            },
        )
        notifications.queue_registration_notice(registration, "waitlisted")
    return registration


def registration_promote(*, actor, registration: Registration) -> Registration:
    """Staff give a waitlisted registration a seat now, if its cell has room.

    The same decision as ``registration_confirm`` (its audit event
    "registration.confirm" and its "confirmed" notice), limited to waitlisted
    registrations, so a bulk "promote" never confirms a pending one by
    accident. Raises ``InvalidTransition`` unless waitlisted, ``CapacityError``
    when the cell is full, ``TrainingBusy``.
    """
    with transaction.atomic():
        _training, registration = _locked(registration)
        if registration.status != Registration.Status.WAITLISTED:
            raise InvalidTransition(
                _("Pendaftaran berstatus %(status)s tidak ada di daftar tunggu.")
                % {"status": registration.get_status_display().lower()}
            )
        return registration_confirm(actor=actor, registration=registration)


@dataclass
class QuotaRelease:
    """What ``quota_release_unfilled`` did."""

    released: int  # seats given back to the open pool
    deleted: bool  # the quota had no seat taken and is gone
    moved: int  # registrations moved from the deleted quota to the open pool
    promoted: list[Registration] = field(default_factory=list)


def _move_to_open_pool(training: Training, quota: Quota) -> int:
    """Every registration of ``quota`` goes to the open pool; waitlisted ones keep their
    order, after the open pool's existing waiting list."""
    registrations = Registration.objects.filter(training=training, quota=quota)
    last = Registration.objects.filter(
        training=training, quota=None, status=Registration.Status.WAITLISTED
    ).aggregate(last=Max("waitlist_position"))["last"]
    waiting = list(
        registrations.filter(status=Registration.Status.WAITLISTED).order_by("waitlist_position")
    )
    for offset, registration in enumerate(waiting, start=1):
        registration.quota = None
        registration.waitlist_position = (last or 0) + offset
    if waiting:
        Registration.objects.bulk_update(waiting, ["quota", "waitlist_position"])
    others = registrations.exclude(status=Registration.Status.WAITLISTED).update(
        quota=None, updated_at=timezone.now()
    )
    return len(waiting) + others


def quota_release_unfilled(
    *, actor, quota: Quota, now: datetime.datetime | None = None
) -> QuotaRelease:
    """Give a quota's unfilled seats to the open pool (unfilled quota seats stay
    reserved until staff release them: docs/architecture.md, "The seat rule").

    The quota shrinks to the seats already taken; a quota with no seat taken is
    deleted and its registrations (pending, waitlisted — after the open pool's
    waiting list, in their old order — and past ones) move to the open pool.
    Then the open pool's waiting list is promoted into the freed seats as on a
    cancellation (until the training starts).

    Side effects: the Quota row updated or deleted; registrations moved; one
    AuditEvent ("quota.release", seats before and after), and per promotion a
    "registration.promote" event and a "promoted" notice.
    Raises ``PilarError`` when the quota is full or gone or the training
    cancelled, ``TrainingBusy``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        training = lock_training(quota.training_id)
        quota = (
            Quota.objects.select_related("region", "role_group")
            .filter(pk=quota.pk, training=training)
            .first()
        )
        if quota is None:
            raise PilarError(_("Kuota ini sudah tidak ada."))
        if training.status == Training.Status.CANCELLED:
            raise PilarError(_("Pelatihan ini dibatalkan."))
        released = quota.seats - quota.seats_taken
        if released <= 0:
            raise PilarError(_("Semua kursi kuota ini sudah terisi; tidak ada yang bisa dilepas."))
        before = quota.seats
        deleted = quota.seats_taken == 0
        moved = _move_to_open_pool(training, quota) if deleted else 0
        audit_record(
            actor=actor,
            action="quota.release",
            obj=quota,
            training=training,
            changes={
                "seats": [before, quota.seats_taken],
                "deleted": deleted,
                "moved_to_open_pool": moved,
            },
        )
        if deleted:
            quota.delete()
        else:
            quota.seats = quota.seats_taken
            quota.save(update_fields=["seats"])
        result = QuotaRelease(released=released, deleted=deleted, moved=moved)
        for _seat in range(released):
            promoted = promote_next(training, None, actor=actor, now=now)
            if promoted is None:
                break
            result.promoted.append(promoted)
    return result
