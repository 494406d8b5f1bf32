"""Every write that must hold an invariant: one function per use case, one transaction each.

Each function takes keyword-only arguments, an ``actor`` (a user, or None for
the public) for the audit trail, and raises ``trainings.errors.PilarError``
subclasses with a message fit for the user. Split by meaning: ``quotas``,
``registrations``; ``seats`` and ``locking`` are their shared parts.
"""

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
    "InvalidTransition",
    "NotEligible",
    "PersonDetails",
    "RegistrationClosed",
    "SubmitResult",
    "lock_training",
    "quota_save",
    "registration_cancel",
    "registration_check_open",
    "registration_confirm",
    "registration_reject",
    "registration_submit",
    "training_cancel",
    "training_change_capacity",
]
