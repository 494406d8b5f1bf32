"""Staff reads of the nomination pages: a regency operator's cells with the people
nominated into them, the registry search, what a replacement may stand in for, and the
organiser's review of every regency's nominations.

Scope comes from ``trainings.access``: an operator reads only their own regency's cells
(``operator_cells``) and the people they may see (``visible_participants``).
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from participants.models import Participant, RoleHeld
from trainings import access
from trainings.models import Quota, Registration, Training
from trainings.selectors.registrations import ACTIVE, APPROVAL_ORDER
from trainings.services.nominations import REPLACEABLE

SEARCH_LIMIT = 20
Status = Registration.Status


def _entries(source: str | None = None, *, order=("created_at", "pk")) -> Prefetch:
    """A cell's registrations, oldest first unless ``order`` says otherwise, with the
    replacement chain both ways."""
    registrations = (
        Registration.objects.select_related("participant", "role", "replaces__participant")
        .prefetch_related(
            Prefetch(
                "replaced_by",
                queryset=Registration.objects.select_related("participant").order_by("pk"),
                to_attr="replacements",
            )
        )
        .order_by(*order)
    )
    if source:
        registrations = registrations.filter(source=source)
    return Prefetch("registrations", queryset=registrations, to_attr="entries")


def _with_counts(cells: QuerySet[Quota]) -> QuerySet[Quota]:
    return cells.select_related("region", "role_group").annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        pending=Count("registrations", filter=Q(registrations__status=Status.PENDING)),
    )


def operator_nomination_cells(user, training: Training) -> list[Quota]:
    """The operator's cells of the training with their ``confirmed`` and ``pending``
    counts, their role group's roles, and their registrations (``entries``, with the
    replacement chain). A constant number of queries however many are nominated."""
    return list(
        _with_counts(access.operator_cells(user, training))
        .prefetch_related("role_group__roles", _entries())
        .order_by("role_group__name", "pk")
    )


def operator_cells_with_roles(user, training: Training) -> list[Quota]:
    """The operator's cells of the training with their role group's roles (what a posted
    nomination may name). Two queries."""
    return list(access.operator_cells(user, training).prefetch_related("role_group__roles"))


def nomination_replaceable(user, training: Training) -> QuerySet[Registration]:
    """Registrations of the operator's cells a replacement may stand in for."""
    return Registration.objects.filter(
        training=training,
        quota__in=access.operator_cells(user, training),
        status__in=REPLACEABLE,
        replaced_by__isnull=True,
    )


def nomination_replacing(user, training: Training, code: str) -> Registration | None:
    """The replaceable registration with this code (``?pengganti=<code>``), with its
    participant and cell. One query."""
    return (
        nomination_replaceable(user, training)
        .select_related("participant", "quota")
        .filter(code=code)
        .first()
    )


def nomination_withdrawable(user, training: Training, code: str) -> Registration | None:
    """The operator's own active nomination with this code (``?tarik=<code>``), with its
    participant and cell, or None. One query. Whether the deadline has passed is the
    service's to say (``trainings.services.withdrawal``)."""
    return (
        Registration.objects.filter(
            training=training,
            quota__in=access.operator_cells(user, training),
            source=Registration.Source.NOMINATION,
            status__in=ACTIVE,
            code=code,
        )
        .select_related("participant", "quota", "role")
        .first()
    )


def registry_search(user, *, training: Training, query: str, by_nik: bool) -> list[Participant]:
    """Up to SEARCH_LIMIT + 1 people in the user's registry — by exact NIK, or by name —
    with their roles held and their registration in this training, if any
    (``status_here``, ``code_here``). Two queries."""
    people = access.visible_participants(user)
    people = people.filter(nik=query) if by_nik else people.filter(full_name__icontains=query)
    in_training = Registration.objects.filter(
        training=training,
        participant=OuterRef("pk"),
        identity_check__in=Registration.OWN_IDENTITY_CHECKS,  # not someone's claim on them
    )
    return list(
        people.select_related("home_region")
        .prefetch_related(
            Prefetch(
                "roles_held",
                queryset=RoleHeld.objects.select_related("role", "duty_region").order_by(
                    "-active", "role__sort_order"
                ),
            )
        )
        .annotate(
            status_here=Subquery(in_training.values("status")[:1]),
            code_here=Subquery(in_training.values("code")[:1]),
        )
        .order_by("full_name", "pk")[: SEARCH_LIMIT + 1]
    )


def nomination_review_cells(training: Training) -> list[Quota]:
    """The cells of the regencies (the organiser's own regency excluded) by regency and
    role group, with their counts and their nominations (``entries``) in the approval
    queue's order: pending replacements first, then oldest first."""
    return list(
        _with_counts(training.quotas.filter(region__isnull=False))
        .exclude(region_id=training.organizer.region_id)
        .prefetch_related(_entries(Registration.Source.NOMINATION, order=APPROVAL_ORDER))
        .order_by("region__name", "region_id", "role_group__name", "pk")
    )
