"""Reminders staff send on request: a registration's code, again, to the person.

A caller who lost their code phones the organiser; staff find the registration and
send the code to the address the registration's notices go to
(``Registration.notice_email``), never to an address the caller dictates. An
unverified identity claim gets nothing: its code would confirm to a stranger that
the NIK they typed is known.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from trainings import notifications
from trainings.audit import audit_record
from trainings.models import Registration
from trainings.services.registrations import InvalidTransition


def registration_code_resend(*, actor, registration: Registration) -> bool:
    """Queue a "code_reminder" notice for the registration; AuditEvent
    "registration.code_resent". Returns False, and changes nothing, when the
    registration has no address to send to (staff then read the code out).

    Raises ``InvalidTransition`` for an identity claim that is held or was rejected.
    """
    with transaction.atomic():
        # Read afresh, without a lock: a registration that is not an unverified claim now
        # cannot become one (a claim leaves "held" only), so the notice is never wrong.
        registration = Registration.objects.select_related("participant", "training").get(
            pk=registration.pk
        )
        if registration.is_unverified_claim:
            raise InvalidTransition(
                _(
                    "Kode pendaftaran yang data dirinya belum diverifikasi atau ditolak tidak "
                    "dikirim ulang."
                )
            )
        if not registration.notice_email:
            return False
        notifications.queue_registration_notice(registration, "code_reminder")
        audit_record(
            actor=actor,
            action="registration.code_resent",
            obj=registration,
            training=registration.training,
        )
    return True
