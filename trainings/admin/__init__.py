"""The project's admin, split by meaning like ``trainings.models``.

Importing the modules registers their ModelAdmins with ``admin.site``; every one
is scoped to the user's organisation by ``trainings.admin.scope``, and the site
itself refuses regency operators (``config.admin_site``). ``participants`` holds
the admin of the participants app's models: it is scoped by the same rules, so
it lives here and the participants app imports nothing from trainings.
"""

from trainings.admin import accounts, organizations, participants, registrations, trainings

__all__ = ["accounts", "organizations", "participants", "registrations", "trainings"]
