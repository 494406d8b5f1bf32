"""Cancelling from the public status page: only the registrant, never whoever holds the link.

The status page's address is shared (WhatsApp, the QR code): it shows, it never
acts. Cancelling asks for two things the registrant knows and a link-holder
does not:

* the birth date typed with the registration — for one made by staff, a
  nomination or an import (no typed identity), the stored person's;
* the last four digits of the phone number given with the registration, else
  the person's on file. A registration with no phone number at all cannot be
  cancelled online: its registrant asks the committee.

A wrong answer gets one message that does not say which part was wrong, and an
AuditEvent "registration.cancel_refused" (nothing typed is kept in it) so that
staff see someone tried. The public views count every attempt against the rate
limits (``trainings.ratelimit.CANCEL_PER_REGISTRATION``).
"""

from __future__ import annotations

import datetime

from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from trainings.audit import audit_record
from trainings.errors import PilarError
from trainings.models import Registration
from trainings.selectors.registrations import ACTIVE
from trainings.services.registrations import registration_cancel

PHONE_ENDING_LENGTH = 4
_ASCII_DIGITS = frozenset("0123456789")


class CancelRefused(PilarError):
    """The birth date or the phone number's ending is not the registration's."""

    def __init__(self) -> None:
        super().__init__(_("Tanggal lahir atau 4 angka terakhir nomor HP tidak cocok."))


def _phone_ending(registration: Registration) -> str:
    """The last four digits of the registration's phone number (else the person's), or
    "" when neither has four digits."""
    phone = registration.phone or registration.participant.phone
    digits = "".join(char for char in phone if char in _ASCII_DIGITS)
    return digits[-PHONE_ENDING_LENGTH:] if len(digits) >= PHONE_ENDING_LENGTH else ""


def _registered_birth_date(registration: Registration) -> datetime.date:
    typed = registration.typed_identity.get("birth_date")
    return datetime.date.fromisoformat(typed) if typed else registration.participant.birth_date


def cancellable_online(registration: Registration) -> bool:
    """Active, and with a phone number whose ending the registrant can be asked for."""
    return registration.status in ACTIVE and bool(_phone_ending(registration))


def registrant_check(
    *, registration: Registration, birth_date: datetime.date, phone_ending: str
) -> None:
    """Pass when both answers are the registration's; otherwise audit the attempt and raise
    ``CancelRefused``. Reads nothing from the database (``registration`` comes with its
    participant), writes only the refusal."""
    expected_ending = _phone_ending(registration)
    if (
        expected_ending
        and constant_time_compare(phone_ending, expected_ending)
        and birth_date == _registered_birth_date(registration)
    ):
        return
    audit_record(
        actor=None,
        action="registration.cancel_refused",
        obj=registration,
        training=registration.training,
    )
    raise CancelRefused()


def registration_cancel_by_registrant(
    *,
    registration: Registration,
    birth_date: datetime.date,
    phone_ending: str,
    now: datetime.datetime | None = None,
) -> Registration | None:
    """Cancel when ``registrant_check`` passes (``registration_cancel`` with the public as
    its actor: seat released and promoted, audited, notified). Returns the promoted
    registration, if any. Raises ``CancelRefused``, ``InvalidTransition``,
    ``TrainingBusy``."""
    registrant_check(registration=registration, birth_date=birth_date, phone_ending=phone_ending)
    return registration_cancel(actor=None, registration=registration, now=now)
