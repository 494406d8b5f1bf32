"""Personas: an agency's staff in every role, and outsiders who must get 404.

The world: Dinsos PMD Barito Utara (a regency agency in Kalimantan Tengah)
organises ``barut_training``; Dinsos Provinsi Kalimantan Tengah oversees it;
Dinsos Kabupaten Kapuas is another agency of the same province; Dinsos
Provinsi Kalimantan Selatan organises ``kalsel_training`` with a quota cell
for Kabupaten Banjar, whose operator nominates into it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from participants.models import Region
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    QuotaFactory,
    RoleGroupFactory,
    TrainingFactory,
    UserFactory,
)
from trainings import permissions
from trainings.models import Membership, Organization, Training

GROUP_OF = {
    Membership.Role.AGENCY_ADMIN: permissions.AGENCY_ADMIN,
    Membership.Role.TRAINING_STAFF: permissions.TRAINING_STAFF,
    Membership.Role.REGENCY_OPERATOR: permissions.REGENCY_OPERATOR,
    Membership.Role.SUPERVISOR: permissions.SUPERVISOR,
}


def make_staff(username: str, organization: Organization, role: str, *, region=None):
    """A staff user in the group of their role; ``is_staff`` (admin access) except operators."""
    user = UserFactory(username=username, is_staff=role != Membership.Role.REGENCY_OPERATOR)
    MembershipFactory(user=user, organization=organization, role=role, region=region)
    user.groups.add(Group.objects.get(name=GROUP_OF[role]))
    return user


@dataclass
class World:
    barut: Organization
    kalteng: Organization
    kapuas: Organization
    kalsel: Organization
    banjar: Organization
    barut_training: Training
    kalsel_training: Training
    barut_admin: object
    barut_staff: object
    barut_supervisor: object
    kalteng_staff: object
    kapuas_staff: object
    kalsel_staff: object
    banjar_operator: object


@pytest.fixture
def world(regions, roles) -> World:
    region = Region.objects.get
    barut = OrganizationFactory(
        name="Dinas Sosial PMD Kabupaten Barito Utara",
        short_name="Dinsos PMD Barut",
        code="dinsos-barut",
        region=region(code="62.05"),
    )
    kalteng = OrganizationFactory(
        name="Dinas Sosial Provinsi Kalimantan Tengah",
        short_name="Dinsos Kalteng",
        code="dinsos-kalteng",
        kind=Organization.Kind.DINSOS_PROVINCE,
        region=region(code="62"),
    )
    kapuas = OrganizationFactory(
        name="Dinas Sosial Kabupaten Kapuas",
        short_name="Dinsos Kapuas",
        code="dinsos-kapuas",
        region=region(code="62.03"),
    )
    kalsel = OrganizationFactory(
        name="Dinas Sosial Provinsi Kalimantan Selatan",
        short_name="Dinsos Kalsel",
        code="dinsos-kalsel",
        kind=Organization.Kind.DINSOS_PROVINCE,
        region=region(code="63"),
    )
    banjar = OrganizationFactory(
        name="Dinas Sosial Kabupaten Banjar", short_name="Dinsos Banjar",
        code="dinsos-banjar", region=region(code="63.03"),
    )  # fmt: skip
    barut_training = TrainingFactory(
        organizer=barut,
        title="Pelatihan Pilar Sosial Barito Utara",
        slug="pelatihan-barut",
        eligible_roles=[roles["tksk"], roles["psm"]],
    )
    kalsel_training = TrainingFactory(
        organizer=kalsel, title="Bimtek Pendamping Sosial Kalsel", slug="bimtek-kalsel",
        venue_region=region(code="63.71.05"), capacity=34, requires_approval=True,
        eligible_roles=[roles["pendamping-sosial"], roles["petugas-dinsos"]],
    )  # fmt: skip
    pendamping = RoleGroupFactory(name="Pendamping sosial", roles=[roles["pendamping-sosial"]])
    petugas = RoleGroupFactory(name="Petugas Dinas Sosial", roles=[roles["petugas-dinsos"]])
    for code in ("63.03", "63.04"):
        QuotaFactory(
            training=kalsel_training, region=region(code=code), role_group=pendamping, seats=1
        )
        QuotaFactory(
            training=kalsel_training, region=region(code=code), role_group=petugas, seats=1
        )
    role = Membership.Role
    return World(
        barut=barut,
        kalteng=kalteng,
        kapuas=kapuas,
        kalsel=kalsel,
        banjar=banjar,
        barut_training=barut_training,
        kalsel_training=kalsel_training,
        barut_admin=make_staff("admin.barut", barut, role.AGENCY_ADMIN),
        barut_staff=make_staff("staf.barut", barut, role.TRAINING_STAFF),
        barut_supervisor=make_staff("kabid.barut", barut, role.SUPERVISOR),
        kalteng_staff=make_staff("staf.kalteng", kalteng, role.TRAINING_STAFF),
        kapuas_staff=make_staff("staf.kapuas", kapuas, role.TRAINING_STAFF),
        kalsel_staff=make_staff("staf.kalsel", kalsel, role.TRAINING_STAFF),
        banjar_operator=make_staff(
            "operator.banjar", banjar, role.REGENCY_OPERATOR, region=region(code="63.03")
        ),
    )
