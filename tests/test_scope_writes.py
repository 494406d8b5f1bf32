"""No action of a user widens what that user may see.

Every write that can attach a person to an agency — a public registration into
its training (typed as the stored person, or as someone else), a regency
operator's nomination (a new person, or one found in the registry), a registry
import, a registrations import, a merge, accepting an identity claim — is
driven as each staff persona of ``tests/personas.py`` that can perform it, with
the NIK of a person inside the persona's scope, of a person outside it, and a
new NIK. After the action, what the persona sees
(``access.visible_participants``) may have grown only by the people the action
created; an outsider's NIK is refused (by every write a user performs) and the
refusal leaves everything as it was. One combination is still open and marked
so: ``PUBLIC_SAME_IDENTITY_OF_AN_OUTSIDER``.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from participants.models import Participant, Region, RoleHeld
from participants.nik import build_nik
from tests.factories import ParticipantFactory, TrainingFactory
from trainings import access
from trainings.errors import PilarError
from trainings.imports.jobs import apply_plan, plan_file
from trainings.models import AuditEvent, Organization, Registration, Training
from trainings.services import PersonDetails, registration_submit
from trainings.services.identity import registration_identity_decide
from trainings.services.nominations import nomination_submit
from trainings.services.participants import participant_merge

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1987, 3, 14)
TEWEH_TENGAH, SELAT, MARTAPURA = "62.05.05", "62.03.01", "63.03.05"
# Per persona: the kecamatan of a resident inside their scope, and of one outside it.
HOMES = {
    "barut_admin": (TEWEH_TENGAH, MARTAPURA),
    "barut_staff": (TEWEH_TENGAH, MARTAPURA),
    "barut_supervisor": (TEWEH_TENGAH, MARTAPURA),
    "kalteng_staff": (TEWEH_TENGAH, MARTAPURA),
    "kapuas_staff": (SELAT, TEWEH_TENGAH),  # another agency of the same province
    "kalsel_staff": (MARTAPURA, TEWEH_TENGAH),
    "banjar_operator": (MARTAPURA, TEWEH_TENGAH),
}
PERSONAS = tuple(HOMES)
WRITERS = ("barut_admin", "barut_staff", "kalteng_staff", "kapuas_staff", "kalsel_staff")
OPERATORS = ("banjar_operator",)
KINDS = ("inside", "outside", "new")
STORED = ("inside", "outside")


@dataclass
class Case:
    """One persona's world for one action: their training (and what a registration into
    it represents, as which role) and the person of the NIK's kind."""

    user: object
    organization: Organization
    training: Training
    role_code: str
    represented: str
    nik: str
    person: Participant | None  # None for a new NIK
    inside_home: str

    def details(self, **overrides) -> PersonDetails:
        """The person as typed: the stored identity (or a new one), with ``overrides``."""
        values = {
            "nik": self.nik,
            "full_name": self.person.full_name if self.person else "Orang Baru",
            "sex": "P",
            "birth_date": BIRTH,
            "birth_place": "Muara Teweh",
            "phone": "+6281200001111",
            "email": "ketik@example.org",
        }
        return PersonDetails(**{**values, **overrides})


def _resident(district: str, serial: int, name: str) -> Participant:
    return ParticipantFactory(
        nik=build_nik(district_code=district, birth_date=BIRTH, sex="P", serial=serial),
        full_name=name,
        sex="P",
        birth_date=BIRTH,
        birth_place="Tersimpan",
        email=f"{serial}@example.org",
        home_region=Region.objects.get(code=district),
    )


def _own_training(world, persona: str, roles) -> tuple[Training, str, str]:
    """The training a persona's registrations go into, its role and the region represented:
    their organisation's (one is made for agencies that have none in the world); the
    regency operator's is the training that invited their regency."""
    if persona in ("kalsel_staff", "banjar_operator"):
        return world.kalsel_training, "pendamping-sosial", "63.03"
    if persona.startswith("barut_"):
        return world.barut_training, "tksk", "62.05"
    organization = getattr(world, persona.removesuffix("_staff"))
    training = TrainingFactory(organizer=organization, eligible_roles=[roles["tksk"]])
    return training, "tksk", organization.region_id


def _case(world, roles, persona: str, kind: str) -> Case:
    inside_home, outside_home = HOMES[persona]
    stored = {
        "inside": _resident(inside_home, 101, "Warga Dalam"),
        "outside": _resident(outside_home, 102, "Warga Luar"),
    }
    user = getattr(world, persona)
    training, role_code, represented = _own_training(world, persona, roles)
    person = stored.get(kind)
    nik = (
        person.nik
        if person
        else build_nik(district_code=inside_home, birth_date=BIRTH, sex="P", serial=103)
    )
    organization = access.membership_of(user).organization
    return Case(user, organization, training, role_code, represented, nik, person, inside_home)


# --- the write paths ---------------------------------------------------------------------------


def public_registration(case: Case, roles, *, same_identity: bool) -> None:
    """The public form's call: no actor, consent given."""
    typed = case.details() if same_identity else case.details(full_name="Nama Lain Sekali")
    registration_submit(
        actor=None,
        training=case.training,
        person=typed,
        role=roles[case.role_code],
        region_represented=Region.objects.get(code=case.represented),
        consent=True,
    )


def public_same_identity(case: Case, roles) -> None:
    public_registration(case, roles, same_identity=True)


def public_other_identity(case: Case, roles) -> None:
    public_registration(case, roles, same_identity=False)


def _operator_cell(case: Case):
    return case.training.quotas.get(
        region_id=access.membership_of(case.user).region_id, role_group__name="Pendamping sosial"
    )


def nominate_new_person(case: Case, roles) -> None:
    nomination_submit(
        actor=case.user,
        training=case.training,
        quota=_operator_cell(case),
        person=case.details(home_region_id=MARTAPURA),
        role=roles["pendamping-sosial"],
    )


def nominate_registry_person(case: Case, roles) -> None:
    nomination_submit(
        actor=case.user,
        training=case.training,
        quota=_operator_cell(case),
        person=case.person,
        role=roles["pendamping-sosial"],
    )


def _xlsx(headers: list[str], row: list) -> io.BytesIO:
    workbook = Workbook()
    workbook.active.append(headers)
    workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def _import(case: Case, kind: str, file: io.BytesIO, **where) -> None:
    """Check the file as the uploader's job does, and apply it when it is valid."""
    plan = plan_file(kind=kind, file=file, user=case.user, **where)
    if not plan.is_valid:
        raise PilarError("; ".join(str(problem) for problem in plan.errors))
    apply_plan(kind=kind, plan=plan, actor=case.user, **where)


def registry_import(case: Case, roles) -> None:
    typed = case.details()
    headers = ["NIK", "Nama Lengkap", "Jenis Kelamin", "Tanggal Lahir", "Unsur", "Wilayah Tugas"]
    row = [typed.nik, typed.full_name, "P", BIRTH.isoformat(), "TKSK", case.organization.region_id]
    _import(case, "participants", _xlsx(headers, row), organization=case.organization)


def registrations_import(case: Case, roles) -> None:
    typed = case.details()
    headers = ["NIK", "Nama Lengkap", "Jenis Kelamin", "Tanggal Lahir", "Unsur", "Mewakili"]
    row = [typed.nik, typed.full_name, "P", BIRTH.isoformat(), case.role_code, case.represented]
    _import(case, "registrations", _xlsx(headers, row), training=case.training)


def twin_record(case: Case, roles) -> Participant:
    """A second record of the person, made by the persona's agency (inside their scope)."""
    case.user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    return _resident(case.inside_home, 104, case.person.full_name)


def merge(case: Case, roles, twin: Participant) -> None:
    participant_merge(actor=case.user, keep=twin, remove=case.person, field_choices={})


def held_claim(case: Case, roles) -> Registration:
    """Someone typed the stored person's NIK with another name: a held claim."""
    return registration_submit(
        actor=None,
        training=case.training,
        person=case.details(full_name="Nama Lain Sekali"),
        role=roles[case.role_code],
        region_represented=Region.objects.get(code=case.represented),
        consent=True,
    ).registration


def accept_identity_claim(case: Case, roles, claim: Registration) -> None:
    registration_identity_decide(actor=case.user, registration=claim, accept=True)


@dataclass(frozen=True)
class WritePath:
    action: Callable[..., None]
    personas: tuple[str, ...]  # those who can perform it
    kinds: tuple[str, ...] = KINDS  # the NIK kinds it takes
    prepare: Callable[[Case, object], object] | None = None  # made before the action
    public: bool = False  # the public form: no user acts, every NIK is answered alike
    # Refuses an outsider with ``access.NIK_OUTSIDE_SCOPE`` (accepting a claim has its own
    # text: the claim is already the staff's to see).
    neutral: bool = True


PATHS = {
    "public-same-identity": WritePath(public_same_identity, PERSONAS, public=True),
    "public-other-identity": WritePath(public_other_identity, PERSONAS, public=True),
    "nominate-new-person": WritePath(nominate_new_person, OPERATORS),
    "nominate-registry-person": WritePath(nominate_registry_person, OPERATORS, STORED),
    "registry-import": WritePath(registry_import, WRITERS),
    "registrations-import": WritePath(registrations_import, WRITERS),
    "merge": WritePath(merge, WRITERS, STORED, prepare=twin_record),
    "accept-identity-claim": WritePath(accept_identity_claim, WRITERS, STORED, prepare=held_claim),
}


# The one write that may bring a stored person into an agency's scope: the person
# registering themselves on the agency's public form, typed exactly as stored (NIK, name,
# birth date). The rule for identity claims lets the agency see the person it registered
# when the typed identity matched; anything typed otherwise is a held claim and shows
# nothing (``public-other-identity``). No staff write may do the same.
MATCHED_PUBLIC_REGISTRATION = "public-same-identity"


def _cases():
    for name, write in PATHS.items():
        for persona in write.personas:
            for kind in write.kinds:
                yield pytest.param(name, persona, kind, id=f"{name}-{persona}-{kind}")


def _visible(user) -> set[int]:
    return set(access.visible_participants(user).values_list("pk", flat=True))


def _everything() -> tuple:
    return (
        list(Participant.objects.order_by("pk").values_list("pk", "nik", "updated_at")),
        list(
            RoleHeld.objects.order_by("pk").values_list(
                "pk", "participant", "role", "duty_region", "updated_at"
            )
        ),
        list(
            Registration.objects.order_by("pk").values_list(
                "pk", "participant", "status", "identity_check", "updated_at"
            )
        ),
        AuditEvent.objects.count(),
        DBTaskResult.objects.count(),
    )


@pytest.mark.parametrize(("path", "persona", "kind"), list(_cases()))
def test_no_write_widens_what_its_user_sees(world, roles, path, persona, kind):
    case = _case(world, roles, persona, kind)
    write = PATHS[path]
    prepared = () if write.prepare is None else (write.prepare(case, roles),)
    seen, people = _visible(case.user), set(Participant.objects.values_list("pk", flat=True))
    before = _everything()

    try:
        write.action(case, roles, *prepared)
    except PilarError as error:
        refusal = error.message
    else:
        refusal = None

    created = set(Participant.objects.values_list("pk", flat=True)) - people
    allowed = created
    if path == MATCHED_PUBLIC_REGISTRATION and case.person is not None:
        allowed = created | {case.person.pk}
    assert _visible(case.user) - seen <= allowed
    if write.public:
        assert refusal is None  # the public form answers every NIK alike
    elif kind == "outside":
        assert refusal is not None and (str(access.NIK_OUTSIDE_SCOPE) in refusal) == write.neutral
        assert _everything() == before
    else:
        assert (refusal, _everything() != before) == (None, True)
