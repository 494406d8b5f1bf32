"""Which people a user may look up, and who may merge two records of one person."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from participants.models import Participant
from participants.permissions import can_view_full_nik
from trainings.access.members import can_write, is_operator, membership_of
from trainings.access.trainings import visible_registrations
from trainings.models import Registration

# The admin's "merge" action hands the two chosen records' ids to the staff merge page
# in the session under this key: no NIK ever goes into a URL.
MERGE_SESSION_KEY = "pilar_participant_merge"


def visible_participants(user) -> QuerySet[Participant]:
    """People the user may look up: those registered in a training they see, and the
    residents and registry of their organisation's region (for nominations).

    An identity claim (a public registration on a known NIK with another name or
    birth date) does not count as registered until staff accepted it: typing a
    stranger's NIK into an agency's form must not show that agency the stranger."""
    participants = Participant.objects.all()
    if getattr(user, "is_superuser", False):
        return participants
    membership = membership_of(user)
    if membership is None:
        return participants.none()
    own = visible_registrations(user).exclude(
        identity_check__in=[Registration.IdentityCheck.HELD, Registration.IdentityCheck.REJECTED]
    )
    scope = Q(pk__in=own.values("participant_id"))
    region = membership.region_id if is_operator(user) else membership.organization.region_id
    if region:
        scope |= Q(home_region__code__startswith=region) | Q(
            roles_held__duty_region__code__startswith=region
        )
    ids = Participant.objects.filter(scope).values("pk")
    return participants.filter(pk__in=ids)


def may_merge(user) -> bool:
    """Sees full NIKs and may change data: a writer (or superuser) granted view_full_nik."""
    if not getattr(user, "is_authenticated", False) or not can_view_full_nik(user):
        return False
    return user.is_superuser or (can_write(user) and not is_operator(user))
