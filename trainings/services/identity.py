"""Identity claims: a public registration on a known NIK whose typed identity is not the
stored person's (``registrations.identity_matches``) waits, held and seatless, for staff.

Staff either accept it as the stored person — it then takes its place by the seat
rule like any registration — or reject it. Only a user who already had the stored
person in scope may accept: accepting makes the person part of the training, and
no action may widen what its user can see (``trainings.access``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trainings import access, notifications
from trainings.audit import audit_record
from trainings.errors import PilarError
from trainings.models import Registration
from trainings.services.registrations import (
    InvalidTransition,
    lock_registration,
    place_registration,
    record_decision,
)

_OWN = Registration.OWN_IDENTITY_CHECKS


class OutOfScope(PilarError):
    """The user may not act on a person outside what they can see."""


def may_see_stored_person(user, registration: Registration) -> bool:
    """Whether ``user`` had the claimed person in scope (and so may compare and accept)."""
    return access.visible_participants(user).filter(pk=registration.participant_id).exists()


def registration_identity_decide(
    *,
    actor,
    registration: Registration,
    accept: bool,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Decide a held identity claim.

    Accept: the claim becomes the person's registration in the training and is
    placed by the seat rule (confirmed, pending or waitlisted); AuditEvent
    "registration.identity_accept"; a "received" notice. Reject (a reason is
    required): status rejected; AuditEvent "registration.identity_reject"; a
    "rejected" notice. Notices go to the e-mail typed with the claim only.

    Raises ``InvalidTransition`` when the registration is not held, or (accept)
    when the person already has their own registration in the training;
    ``OutOfScope`` when accepting without the stored person in scope;
    ``PilarError`` for a rejection without a reason.
    """
    reason = reason.strip()
    if not accept and not reason:
        raise PilarError(_("Alasan penolakan wajib diisi."))
    if accept and not may_see_stored_person(actor, registration):
        raise OutOfScope(str(access.NIK_OUTSIDE_SCOPE))
    now = now or timezone.now()
    with transaction.atomic():
        training, registration = lock_registration(registration)
        if registration.status != Registration.Status.HELD:
            raise InvalidTransition(
                _("Pendaftaran ini sudah berstatus %(status)s.")
                % {"status": registration.get_status_display().lower()}
            )
        if accept:
            own = Registration.objects.filter(
                participant_id=registration.participant_id,
                training=training,
                identity_check__in=_OWN,
            ).first()
            if own is not None:
                raise InvalidTransition(
                    _(
                        "Orang ini sudah punya pendaftaran pada pelatihan ini (%(code)s, "
                        "%(status)s); tolak pendaftaran ini."
                    )
                    % {"code": own.code, "status": own.get_status_display().lower()}
                )
            registration.identity_check = Registration.IdentityCheck.ACCEPTED
            place_registration(registration, training, source=Registration.Source.ONLINE)
            action, notice = "registration.identity_accept", "received"
        else:
            registration.identity_check = Registration.IdentityCheck.REJECTED
            registration.status = Registration.Status.REJECTED
            action, notice = "registration.identity_reject", "rejected"
        record_decision(registration, actor, reason)
        registration.save()
        audit_record(
            actor=actor,
            action=action,
            obj=registration,
            training=training,
            changes={
                "status": ["held", registration.status],
                "identity_check": registration.identity_check,
                "reason": reason,
            },
        )
        notifications.queue_registration_notice(registration, notice)
    return registration
