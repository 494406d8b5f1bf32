"""Staff reads of the import pages: the latest jobs of one kind, for the upload page.

The import machinery's own reads (regions and roles by name, the registry) stay
in ``trainings.imports``."""

from __future__ import annotations

from trainings import access
from trainings.models import ImportJob, Organization, Training

RECENT_JOBS = 10


def import_jobs_recent(
    user, *, kind: str, organization: Organization, training: Training | None = None
) -> list[ImportJob]:
    """The latest RECENT_JOBS jobs of ``kind`` the user may see, for ``organization``
    (and ``training``, for a training's registrations), newest first. One query."""
    jobs = access.visible_import_jobs(user).filter(kind=kind, organization=organization)
    if training is not None:
        jobs = jobs.filter(training=training)
    return list(jobs.order_by("-created_at")[:RECENT_JOBS])
