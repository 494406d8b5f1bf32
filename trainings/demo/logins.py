"""One demo login per persona, with a fixed, obviously-demo password.

The demo's users are the ones it created: a user of a persona's name that
exists with another password (an administrator changed it, or made the account
by hand) is left exactly as it is — never given the published password, never
made superuser — and the printed table says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from trainings.models import Membership, Organization
from trainings.permissions import AGENCY_ADMIN, REGENCY_OPERATOR, SUPERVISOR, TRAINING_STAFF

DEMO_PASSWORD = "pilar-demo-2025"


@dataclass(frozen=True)
class Login:
    username: str
    persona: str
    organization: str
    area: str  # where the persona works
    demo_password: bool = True  # False: an existing account the demo left alone


@dataclass(frozen=True)
class _Persona:
    username: str
    persona: str
    org: str | None  # key into the organisations passed in
    role: str | None  # Membership.Role
    group: str | None
    area: str
    region: str | None = None
    superuser: bool = False


PERSONAS = [
    _Persona("admin", "Superuser", None, None, None, "/admin/", superuser=True),
    _Persona(
        "admin.barut", "Admin dinas", "barito_utara", Membership.Role.AGENCY_ADMIN,
        AGENCY_ADMIN, "/admin/",
    ),
    _Persona(
        "staf.barut", "Staf pelatihan", "barito_utara", Membership.Role.TRAINING_STAFF,
        TRAINING_STAFF, "/admin/",
    ),
    _Persona(
        "operator.banjar", "Operator kabupaten/kota", "banjar", Membership.Role.REGENCY_OPERATOR,
        REGENCY_OPERATOR, "— (tanpa /admin/)", region="63.03",
    ),
    _Persona(
        "supervisor.kalsel", "Supervisor", "kalsel", Membership.Role.SUPERVISOR, SUPERVISOR,
        "/admin/ (hanya baca)",
    ),
]  # fmt: skip


def ensure_logins(organizations: dict[str, Organization]) -> tuple[list[Login], dict[str, object]]:
    """Create or update the persona users, their Membership and group; returns the
    printable logins and the users by username."""
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.all()}
    logins, users = [], {}
    for persona in PERSONAS:
        user, created = User.objects.get_or_create(username=persona.username)
        if not created and not user.check_password(DEMO_PASSWORD):
            logins.append(
                Login(
                    username=persona.username,
                    persona=persona.persona,
                    organization="—",
                    area=persona.area,
                    demo_password=False,
                )
            )
            users[persona.username] = user
            continue
        user.email = f"{persona.username}@example.org"
        user.first_name = persona.persona
        user.last_name = "(demo)"
        user.is_active = True
        user.is_superuser = persona.superuser
        user.is_staff = persona.role != Membership.Role.REGENCY_OPERATOR  # never /admin/
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[persona.group]] if persona.group else [])
        org = organizations[persona.org] if persona.org else None
        if org is None:
            Membership.objects.filter(user=user).delete()
        else:
            Membership.objects.update_or_create(
                user=user,
                defaults={"organization": org, "role": persona.role, "region_id": persona.region},
            )
        users[persona.username] = user
        logins.append(
            Login(
                username=persona.username,
                persona=persona.persona,
                organization=org.short_name if org else "—",
                area=persona.area,
            )
        )
    return logins, users
