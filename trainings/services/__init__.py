"""Every write that must hold an invariant: one function per use case, one transaction each.

Each function takes keyword-only arguments, an ``actor`` (a user, or None for
the public) for the audit trail, and raises ``trainings.errors.PilarError``
subclasses with a message fit for the user. Split by meaning: ``quotas``,
``registrations``, ``cancellation`` (by the registrant, on the public pages);
``seats`` and ``locking`` are their shared parts.
"""

from trainings.services.cancellation import (
    CancelRefused,
    cancellable_online,
    registrant_check,
    registration_cancel_by_registrant,
)
from trainings.services.locking import lock_training
from trainings.services.quotas import quota_save, training_change_capacity
from trainings.services.registrations import (
    InvalidTransition,
    NotEligible,
    PersonDetails,
    RegistrationClosed,
    SubmitResult,
    registration_cancel,
    registration_check_open,
    registration_confirm,
    registration_reject,
    registration_submit,
    training_cancel,
)

__all__ = [
    "CancelRefused",
    "InvalidTransition",
    "NotEligible",
    "PersonDetails",
    "RegistrationClosed",
    "SubmitResult",
    "cancellable_online",
    "lock_training",
    "quota_save",
    "registrant_check",
    "registration_cancel",
    "registration_cancel_by_registrant",
    "registration_check_open",
    "registration_confirm",
    "registration_reject",
    "registration_submit",
    "training_cancel",
    "training_change_capacity",
]
