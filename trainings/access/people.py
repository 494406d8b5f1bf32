"""Which people a user may look up, and who may merge two records of one person."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from participants.models import Participant
from participants.permissions import can_view_full_nik
from trainings.access.members import can_write, is_operator, membership_of
from trainings.access.trainings import visible_registrations
from trainings.models import Registration

# The admin's "merge" action hands the two chosen records' ids to the staff merge page
# in the session under this key: no NIK ever goes into a URL.
MERGE_SESSION_KEY = "pilar_participant_merge"

# The one answer to a NIK stored outside the user's scope, wherever it is typed: it
# reveals nothing about the person (not even that they are stored).
NIK_OUTSIDE_SCOPE = gettext_lazy(
    "NIK ini tidak dapat digunakan di sini. Hubungi dinas sosial di wilayah asal orang tersebut."
)


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


def stored_niks_in_scope(user, niks: Iterable[str]) -> dict[str, bool]:
    """Of these NIKs, those already stored, each with whether its person is in ``user``'s
    scope (``visible_participants``). A NIK left out is new. One query.

    No action of a user may widen what they see: an import, a nomination or a merge
    may attach roles or registrations only to people inside the scope as it is
    before the action (``True`` here) or to new people; a ``False`` NIK is refused
    with ``NIK_OUTSIDE_SCOPE``."""
    inside = visible_participants(user).filter(pk=OuterRef("pk"))
    return dict(
        Participant.objects.filter(nik__in=set(niks))
        .annotate(in_scope=Exists(inside))
        .values_list("nik", "in_scope")
    )


def may_merge(user) -> bool:
    """Sees full NIKs and may change data: a writer (or superuser) granted view_full_nik."""
    if not getattr(user, "is_authenticated", False) or not can_view_full_nik(user):
        return False
    return user.is_superuser or (can_write(user) and not is_operator(user))
