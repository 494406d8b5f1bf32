"""The trainings admin, split by meaning like ``trainings.models``.

Importing the modules registers their ModelAdmins with ``admin.site``; every one
is scoped to the user's organisation by ``trainings.admin.scope``, and the site
itself refuses regency operators (``config.admin_site``).
"""

from trainings.admin import accounts, organizations, registrations, trainings

__all__ = ["accounts", "organizations", "registrations", "trainings"]
