"""Who the user is (their membership and role), and the people and organisations around them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404

from participants.models import Region
from trainings.models import Membership, Organization

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


def own_organization_id(user) -> int | None:
    membership = membership_of(user)
    return membership.organization_id if membership is not None else None


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


def may_view_reports(user) -> bool:
    """Everyone the staff pages let in reaches the reports (``/reports/``): agency admins,
    training staff and supervisors whole, a regency operator their regency's part."""
    return getattr(user, "is_authenticated", False) and bool(
        user.is_superuser or membership_of(user)
    )


def landing_url_name(user) -> str:
    """Where signing in leads when no (safe) ``next`` says otherwise: a supervisor, who
    only reads, to the reports; everyone else to ``LOGIN_REDIRECT_URL`` (the trainings)."""
    membership = membership_of(user)
    if membership is not None and membership.role == Role.SUPERVISOR:
        return "reports:index"
    return settings.LOGIN_REDIRECT_URL


def visible_organizations(user) -> QuerySet[Organization]:
    """Their own organisation; a provincial agency also the agencies of its province."""
    membership = membership_of(user)
    if membership is None:
        return Organization.objects.none()
    organization = membership.organization
    scope = Q(pk=organization.pk)
    if organization.kind == Organization.Kind.DINSOS_PROVINCE and organization.region_id:
        scope |= Q(region__code__startswith=organization.region_id)
    return Organization.objects.filter(scope)


def organization_users(user):
    """The staff accounts of the user's organisation, superusers never included."""
    organization_id = own_organization_id(user)
    users = get_user_model().objects.filter(is_superuser=False)
    if organization_id is None:
        return users.none()
    return users.filter(membership__organization_id=organization_id)


def operator_regions(user) -> QuerySet[Region]:
    """Regencies a non-superuser may give an operator: those within their organisation's region."""
    membership = membership_of(user)
    regencies = Region.objects.filter(level=Region.Level.REGENCY)
    if membership is None or not membership.organization.region_id:
        return regencies.none()
    return regencies.filter(code__startswith=membership.organization.region_id)


def report_cell_region(user) -> str | None:
    """What a user's reports are restricted to: a regency operator sees only the people
    of their regency's quota cells (this regency's code); everyone else whom the report
    lets in sees every counted person (``None``)."""
    if is_operator(user):
        return membership_of(user).region_id
    return None
