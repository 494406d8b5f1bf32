"""Who may see and change what: one helper per resource, 404 to outsiders.

Scope (DESIGN.md, Organization and Membership):

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
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from participants.models import Participant
from trainings.models import Membership, Organization, Quota, Registration, Training

Role = Membership.Role
WRITERS = (Role.AGENCY_ADMIN, Role.TRAINING_STAFF)


def membership_of(user) -> Membership | None:
    """The user's membership (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_pilar_membership"):
        user._pilar_membership = (
            Membership.objects.select_related("organization", "organization__region")
            .filter(user=user)
            .first()
        )
    return user._pilar_membership


def is_operator(user) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role == Role.REGENCY_OPERATOR


def can_write(user) -> bool:
    """May change trainings and registrations of their own organisation."""
    if getattr(user, "is_superuser", False):
        return True
    membership = membership_of(user)
    return membership is not None and membership.role in WRITERS


def _organization_scope(organization: Organization) -> Q:
    scope = Q(organizer=organization) | Q(partners=organization)
    if organization.kind == Organization.Kind.DINSOS_PROVINCE and organization.region_id:
        scope |= Q(organizer__region__code__startswith=organization.region_id)
    return scope


def visible_trainings(user) -> QuerySet[Training]:
    """Every training the user may look at (read)."""
    trainings = Training.objects.all()
    if getattr(user, "is_superuser", False):
        return trainings
    membership = membership_of(user)
    if membership is None:
        return trainings.none()
    if membership.role == Role.REGENCY_OPERATOR:
        invited = Quota.objects.filter(region_id=membership.region_id).values("training_id")
        return trainings.filter(status=Training.Status.PUBLISHED, pk__in=invited)
    ids = Training.objects.filter(_organization_scope(membership.organization)).values("pk")
    return trainings.filter(pk__in=ids)


def editable_trainings(user) -> QuerySet[Training]:
    """The trainings the user may change: their organisation's own."""
    trainings = Training.objects.all()
    if getattr(user, "is_superuser", False):
        return trainings
    membership = membership_of(user)
    if membership is None or membership.role not in WRITERS:
        return trainings.none()
    return trainings.filter(organizer=membership.organization)


def training_or_404(user, *, pk: int, write: bool = False) -> Training:
    """The training if the user may see it (and change it, with ``write``), else 404.

    A supervisor asking to write something they can see gets 403: it is
    theirs to read, not to change.
    """
    training = visible_trainings(user).filter(pk=pk).select_related("organizer").first()
    if training is None:
        raise Http404
    if write and not editable_trainings(user).filter(pk=pk).exists():
        raise PermissionDenied
    return training


def operator_cells(user, training: Training) -> QuerySet[Quota]:
    """The quota cells of ``training`` a regency operator fills (their regency's)."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.REGENCY_OPERATOR:
        return Quota.objects.none()
    return training.quotas.filter(region_id=membership.region_id)


def visible_registrations(user) -> QuerySet[Registration]:
    registrations = Registration.objects.all()
    if getattr(user, "is_superuser", False):
        return registrations
    if is_operator(user):
        membership = membership_of(user)
        return registrations.filter(
            training__in=visible_trainings(user), quota__region_id=membership.region_id
        )
    return registrations.filter(training__in=visible_trainings(user))


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


def staff_required(view):
    """Logged in, with a membership (or superuser). Others: login page, or 404."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_superuser or membership_of(request.user)):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    wrapped.__wrapped__ = view
    return wrapped
