"""Who may see and do what: one helper per question, a 404 to outsiders.

The scope (docs/architecture.md, "Scope"):

* a user sees their organisation's trainings, and those it partners in;
* a provincial agency (Dinas Sosial provinsi) also sees the trainings of the
  agencies in its province;
* a BBPPKS or the ministry sees the trainings it organises or partners in;
* a regency operator sees only their regency's quota cells of the trainings
  they were invited to — a published training with a quota cell for their
  regency is the invitation;
* superusers see everything.

Agency admins and training staff change the trainings their organisation
organises; what they see of other agencies (partners, provincial oversight)
is read only. Supervisors only read. Everything outside the scope is a 404,
never a 403: an outsider learns nothing about what exists.

Split by meaning: ``members`` (who the user is, and the people and
organisations around them), ``trainings`` (trainings, their registrations and
cells), ``people`` (participants, merging), ``records`` (audit trail, imports, exports,
printed sheets) and ``public`` (what the public may reach without an account).
Callers import from here: ``from trainings import access``.
"""

from trainings.access.members import (
    WRITERS,
    Role,
    can_write,
    is_operator,
    landing_url_name,
    may_view_reports,
    membership_of,
    operator_regions,
    organization_users,
    own_organization_id,
    report_cell_region,
    staff_required,
    visible_organizations,
)
from trainings.access.people import (
    MERGE_SESSION_KEY,
    NIK_OUTSIDE_SCOPE,
    may_merge,
    stored_niks_in_scope,
    visible_participants,
)
from trainings.access.public import public_training_or_404, registration_by_code_or_404
from trainings.access.records import (
    may_view_audit,
    registry_organization_or_404,
    sheet_scope_or_404,
    visible_audit_events,
    visible_export_jobs,
    visible_import_jobs,
)
from trainings.access.trainings import (
    editable_trainings,
    may_change_training,
    nomination_for_decision_or_404,
    operator_cells,
    operator_training_or_403,
    staff_training_or_404,
    training_or_404,
    visible_registrations,
    visible_speakers,
    visible_trainings,
)

__all__ = [
    "MERGE_SESSION_KEY",
    "NIK_OUTSIDE_SCOPE",
    "WRITERS",
    "Role",
    "can_write",
    "editable_trainings",
    "is_operator",
    "landing_url_name",
    "may_change_training",
    "may_merge",
    "may_view_audit",
    "may_view_reports",
    "membership_of",
    "nomination_for_decision_or_404",
    "operator_cells",
    "operator_regions",
    "operator_training_or_403",
    "organization_users",
    "own_organization_id",
    "public_training_or_404",
    "registration_by_code_or_404",
    "registry_organization_or_404",
    "report_cell_region",
    "sheet_scope_or_404",
    "staff_required",
    "staff_training_or_404",
    "stored_niks_in_scope",
    "training_or_404",
    "visible_audit_events",
    "visible_export_jobs",
    "visible_import_jobs",
    "visible_organizations",
    "visible_participants",
    "visible_registrations",
    "visible_speakers",
    "visible_trainings",
]
