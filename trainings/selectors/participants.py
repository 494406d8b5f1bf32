"""Staff reads of the participant merge page: the two records, found only among the
people the user may see (``trainings.access.visible_participants``), and each record's
trainings and registry roles side by side."""

from __future__ import annotations

from collections.abc import Iterable

from participants.models import Participant, RoleHeld
from trainings import access
from trainings.models import Registration


def participant_by_nik(user, nik: str) -> Participant | None:
    """The person with exactly this NIK, if the user may see them. One query."""
    return access.visible_participants(user).filter(nik=nik).first()


def participants_by_id(user, ids: Iterable[int]) -> dict[int, Participant]:
    """The people with these ids the user may see, by id. One query."""
    return {person.pk: person for person in access.visible_participants(user).filter(pk__in=ids)}


def participant_histories(
    people: dict[str, Participant],
) -> tuple[dict[str, list[Registration]], dict[str, list[RoleHeld]]]:
    """Each side's registrations (with their training, by start date) and registry roles
    (with the role). One query for the registrations, one per side for the roles."""
    registrations = (
        Registration.objects.filter(
            participant__in=people.values(), identity_check__in=Registration.OWN_IDENTITY_CHECKS
        )
        .select_related("training")
        .order_by("training__starts_on", "pk")
    )
    history: dict[str, list[Registration]] = {side: [] for side in people}
    side_of = {person.pk: side for side, person in people.items()}
    for registration in registrations:
        history[side_of[registration.participant_id]].append(registration)
    roles = {
        side: list(person.roles_held.select_related("role")) for side, person in people.items()
    }
    return history, roles
