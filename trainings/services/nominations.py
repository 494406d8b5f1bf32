"""Nominations: a regency operator proposes their regency's people; the province decides.

A nomination is a Registration with ``source="nomination"`` that takes its
seat from one of the operator's quota cells (a cell is a training × regency ×
role group; docs/architecture.md, "Seat rule"). It goes through
``registration_submit`` like every other registration — same lock, same seat
rule, same audit — so it is *pending* when the training requires approval, and
the organiser's staff then confirm it (``registration_confirm``) or send it back
(``nomination_return``).
The operator may then nominate a replacement (pengganti) that links to the
registration it replaces; the old one keeps its status and history.

Beyond the seats: a cell accepts more nominations than it has seats. They are
all pending; the province confirms up to the seats (``registration_confirm``
refuses a confirmation once the cell is full, so no cell is ever overbooked)
and sends the rest back or leaves them pending as reserves. Capping the
nominations instead would make an operator withdraw someone before proposing
a better candidate, and the choice between candidates is the province's.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from participants.models import Participant, SocialRole
from trainings import access
from trainings.audit import audit_record
from trainings.errors import PilarError
from trainings.models import Quota, Registration, Training
from trainings.selectors.eligibility import eligible_roles
from trainings.services.registrations import (
    InvalidTransition,
    PersonDetails,
    SubmitResult,
    _end,
    registration_submit,
)

# What a replacement may stand in for: a nomination that ended without a seat.
REPLACEABLE = (Registration.Status.REJECTED, Registration.Status.CANCELLED)


class NominationError(PilarError):
    """The nomination does not fit the operator's cells (cell, role, person, replacement)."""


def cell_roles(training: Training, quota: Quota) -> set[int]:
    """Ids of the roles a cell may be filled with: the cell's role group (any role when
    it has none) ∩ the roles the training accepts (``eligible_roles``). Two queries."""
    eligible = set(eligible_roles(training).values_list("pk", flat=True))
    if quota.role_group_id is None:
        return eligible
    return eligible & set(quota.role_group.roles.values_list("pk", flat=True))


def _details_of(participant: Participant) -> PersonDetails:
    """The registry's own details of an existing person (``registration_submit`` never
    changes an existing participant; these become the registration's contact details)."""
    return PersonDetails(
        nik=participant.nik,
        full_name=participant.full_name,
        sex=participant.sex,
        birth_date=participant.birth_date,
        birth_place=participant.birth_place,
        phone=participant.phone,
        email=participant.email,
        home_region_id=participant.home_region_id,
        organization_unit=participant.organization_unit,
    )


def _check_replaces(replaces: Registration, *, training: Training, quota: Quota) -> None:
    if replaces.training_id != training.pk or replaces.quota_id != quota.pk:
        raise NominationError(_("Pengganti harus diusulkan ke sel kuota yang sama."))
    if replaces.status not in REPLACEABLE:
        raise NominationError(
            _("Hanya usulan yang dikembalikan atau dibatalkan yang dapat diganti.")
        )


def nomination_submit(
    *,
    actor,
    training: Training,
    quota: Quota,
    person: PersonDetails | Participant,
    role: SocialRole,
    replaces: Registration | None = None,
    now: datetime.datetime | None = None,
) -> SubmitResult:
    """A regency operator nominates a person into one of their quota cells.

    ``person`` is a Participant found in the registry, or the details of a new
    person (a NIK already in the registry nominates that person; their record
    is never changed, as on the public form). Either must be a new NIK or a
    person the operator can already see (``access.visible_participants``): a
    nomination makes its person visible to the operator, and no action may widen
    what its user sees. A NIK stored outside that scope is refused with
    ``access.NIK_OUTSIDE_SCOPE``, which says nothing about the person.

    The registration is made by ``registration_submit`` with
    ``source="nomination"``, the operator's regency as the region represented,
    and ``consent=False``: the nominating agency answers for the person's
    consent to the processing of their data (it holds their records as the
    registry's keeper), so no consent instant is recorded on a nomination.
    ``replaces`` makes it a replacement (pengganti) for a sent-back or cancelled
    registration of the same cell.

    Side effects (one transaction): those of ``registration_submit`` (maybe a
    new Participant; the Registration, pending when the training requires
    approval; AuditEvent "registration.submit"; a "received" notice queued),
    plus AuditEvent "nomination.replace" for a replacement.

    Raises ``NominationError`` when the cell is not one of the operator's, the
    role does not fit the cell, the person is stored outside the operator's
    scope (also when stored by someone else while this runs), the seat rule
    would seat the person in another cell, the person already holds an active
    registration in this training, or the replacement does not fit; and
    whatever ``registration_submit`` raises (``RegistrationClosed``,
    ``NotEligible``, ``TrainingBusy``).
    """
    membership = access.membership_of(actor)
    if not access.operator_cells(actor, training).filter(pk=quota.pk).exists():
        raise NominationError(_("Sel kuota ini bukan milik kabupaten/kota Anda."))
    if role.pk not in cell_roles(training, quota):
        raise NominationError(
            _("Unsur %(role)s tidak sesuai dengan sel kuota %(cell)s.")
            % {"role": role.name, "cell": quota.label or str(quota)}
        )
    if replaces is not None:
        # As stored now, not as the caller last saw it.
        replaces = Registration.objects.select_related("participant").get(pk=replaces.pk)
        _check_replaces(replaces, training=training, quota=quota)
    details = _details_of(person) if isinstance(person, Participant) else person
    # None: a new NIK; False: stored outside the scope.
    in_scope = access.stored_niks_in_scope(actor, [details.nik]).get(details.nik)
    if in_scope is False:
        raise NominationError(str(access.NIK_OUTSIDE_SCOPE))
    if replaces is not None and replaces.participant.nik == details.nik:
        raise NominationError(
            _("Pengganti harus orang lain. Untuk mengusulkan orang yang sama, usulkan ulang.")
        )
    with transaction.atomic():
        result = registration_submit(
            actor=actor,
            training=training,
            person=details,
            role=role,
            region_represented=membership.region,
            organization_unit=details.organization_unit,
            source=Registration.Source.NOMINATION,
            consent=False,
            replaces=replaces,
            now=now,
        )
        registration = result.registration
        # Raising here rolls back everything registration_submit wrote (and queued).
        if in_scope is None and not result.participant_created:
            # Someone stored this new NIK meanwhile: a person the operator never saw.
            raise NominationError(str(access.NIK_OUTSIDE_SCOPE))
        if result.already_registered:
            raise NominationError(
                _("%(name)s sudah terdaftar pada pelatihan ini (%(status)s).")
                % {
                    "name": registration.participant.full_name,
                    "status": registration.get_status_display().lower(),
                }
            )
        if registration.quota_id != quota.pk:
            raise NominationError(
                _("Menurut aturan kuota, usulan ini masuk ke sel lain; pilih sel yang sesuai.")
            )
        if replaces is not None:
            # Again under the training's lock (held since registration_submit): of
            # two replacements racing for one registration, the second sees the
            # first; a registration revived meanwhile is no longer replaceable.
            current = Registration.objects.filter(pk=replaces.pk).values_list("status", flat=True)
            if current.first() not in REPLACEABLE:
                raise NominationError(
                    _("Hanya usulan yang dikembalikan atau dibatalkan yang dapat diganti.")
                )
            if replaces.replaced_by.exclude(pk=registration.pk).exists():
                raise NominationError(_("Usulan ini sudah memiliki pengganti."))
            audit_record(
                actor=actor,
                action="nomination.replace",
                obj=registration,
                training=training,
                changes={"replaces": replaces.code, "replaced_status": replaces.status},
            )
    return result


def nomination_return(
    *, actor, registration: Registration, reason: str, now: datetime.datetime | None = None
) -> Registration | None:
    """The organiser's staff send a nomination back to its regency with a reason.

    The registration becomes rejected (it keeps its row and history; the
    operator may nominate a replacement that links to it). Side effects: as
    ``registration_reject`` — a confirmed seat is released and given to the
    first waiting registration of the cell (AuditEvent "registration.promote")
    — but the AuditEvent is "nomination.return"; a "rejected" notice queued.
    Returns the promoted registration, if any.

    Raises ``NominationError`` without a reason, ``InvalidTransition`` for a
    registration that is not a nomination or no longer active.
    """
    reason = reason.strip()
    if not reason:
        raise NominationError(_("Alasan pengembalian wajib diisi."))
    if registration.source != Registration.Source.NOMINATION:
        raise InvalidTransition(_("Hanya usulan kabupaten/kota yang dapat dikembalikan."))
    # registration_reject's own path (lock, seat, promotion, notice) with this audit action.
    return _end(
        registration,
        actor=actor,
        status=Registration.Status.REJECTED,
        action="nomination.return",
        notice="rejected",
        reason=reason,
        now=now,
    )


__all__ = [
    "REPLACEABLE",
    "NominationError",
    "cell_roles",
    "nomination_return",
    "nomination_submit",
]
