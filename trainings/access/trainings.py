"""Which trainings a user sees and changes, and what of them: registrations, cells, speakers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from trainings.access.members import WRITERS, Role, is_operator, membership_of, own_organization_id
from trainings.models import Organization, Quota, Registration, Speaker, Training


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


def may_change_training(user, training_id: int) -> bool:
    """May the user change this training (and its registrations, cells, sessions)? One query."""
    return editable_trainings(user).filter(pk=training_id).exists()


def training_or_404(user, *, pk: int, write: bool = False) -> Training:
    """The training if the user may see it (and change it, with ``write``), else 404.

    A supervisor asking to write something they can see gets 403: it is
    theirs to read, not to change.
    """
    training = visible_trainings(user).filter(pk=pk).select_related("organizer").first()
    if training is None:
        raise Http404
    if write and not may_change_training(user, pk):
        raise PermissionDenied
    return training


def staff_training_or_404(user, *, pk: int, write: bool = False) -> Training:
    """The training of a staff page: 404 outside the user's scope and for regency
    operators (they work on their nomination pages only), 403 to readers who write."""
    if is_operator(user):
        raise Http404
    return training_or_404(user, pk=pk, write=write)


def operator_training_or_403(user, *, pk: int) -> Training:
    """The training a regency operator nominates into; others who may see it get 403
    (nominating is the regencies' part), everyone else 404."""
    training = training_or_404(user, pk=pk)
    if not is_operator(user):
        raise PermissionDenied
    return training


def operator_cells(user, training: Training) -> QuerySet[Quota]:
    """The quota cells of ``training`` a regency operator fills (their regency's)."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.REGENCY_OPERATOR:
        return Quota.objects.none()
    return training.quotas.filter(region_id=membership.region_id)


def nomination_for_decision_or_404(user, *, pk: int, code: str) -> tuple[Training, Registration]:
    """A nomination the organiser's writers confirm or send back, with its training (and
    participant): 404 for operators and outsiders and for a code that is not a nomination
    of this training, 403 to readers."""
    if is_operator(user):
        raise Http404
    training = training_or_404(user, pk=pk, write=True)
    registration = get_object_or_404(
        Registration.objects.select_related("participant"),
        training=training,
        code=code,
        source=Registration.Source.NOMINATION,
    )
    return training, registration


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


def visible_speakers(user) -> QuerySet[Speaker]:
    """Speakers their organisation recorded, and those of the sessions of trainings they see."""
    organization_id = own_organization_id(user)
    if organization_id is None:
        return Speaker.objects.none()
    ids = Speaker.objects.filter(
        Q(organization_id=organization_id) | Q(sessions__training__in=visible_trainings(user))
    ).values("pk")
    return Speaker.objects.filter(pk__in=ids)
