"""The trainings admin, split by meaning like ``trainings.models``.

Importing the modules registers their ModelAdmins with ``admin.site``.
"""

from trainings.admin import organizations, registrations, trainings

__all__ = ["organizations", "registrations", "trainings"]
