"""What happens to people: organisations, trainings, seats, attendance, certificates.

Split by meaning: ``organizations`` (who runs things), ``trainings`` (what is
run and when), ``registrations`` (seats, attendance, certificates), ``audit``,
``imports`` (Excel import jobs), ``exports`` (background exports).
Each model's docstring says where its invariants live.
"""

from trainings.models.audit import AuditEvent
from trainings.models.exports import ExportJob
from trainings.models.imports import ImportJob
from trainings.models.organizations import Membership, Organization
from trainings.models.registrations import Attendance, Certificate, Quota, Registration
from trainings.models.trainings import (
    CommitteeMember,
    Guest,
    Session,
    Speaker,
    Training,
)

__all__ = [
    "Attendance",
    "AuditEvent",
    "Certificate",
    "CommitteeMember",
    "ExportJob",
    "Guest",
    "ImportJob",
    "Membership",
    "Organization",
    "Quota",
    "Registration",
    "Session",
    "Speaker",
    "Training",
]
