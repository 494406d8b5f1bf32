"""Whole NIKs: only a superuser grants the right to see them, and every grant and
revocation is on Pilar's audit trail, whoever or whatever made it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from participants.permissions import VIEW_FULL_NIK, can_view_full_nik
from trainings.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_nik():
    return Permission.objects.get(content_type__app_label="participants", codename="view_full_nik")


def trail() -> list[tuple[str, str, str]]:
    return list(
        AuditEvent.objects.filter(action__startswith="nik.permission")
        .order_by("created_at", "pk")
        .values_list("action", "actor_label", "object_repr")
    )


def _change_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def _change_post(user, **extra) -> dict:
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "08:00:00",
    }
    data.update(extra)
    return data


def test_an_agency_admin_cannot_grant_themselves_full_niks(client, world, full_nik):
    admin = world.barut_admin
    client.force_login(admin)

    response = client.post(
        _change_url(admin), _change_post(admin, user_permissions=[str(full_nik.pk)])
    )

    admin = User.objects.get(pk=admin.pk)  # a fresh object: no cached permissions
    assert response.status_code == 302
    assert can_view_full_nik(admin) is False
    assert trail() == []


def test_a_superuser_grant_and_revocation_in_the_admin_are_on_the_trail(client, world, full_nik):
    root = User.objects.create_superuser("root", "root@example.org", "x")
    staff = world.barut_staff
    client.force_login(root)

    granted = client.post(
        _change_url(staff),
        _change_post(staff, user_permissions=[str(full_nik.pk)], groups=[
            str(group.pk) for group in staff.groups.all()
        ]),
    )  # fmt: skip
    had = User.objects.get(pk=staff.pk).has_perm(VIEW_FULL_NIK)
    revoked = client.post(
        _change_url(staff),
        _change_post(staff, groups=[str(group.pk) for group in staff.groups.all()]),
    )

    assert (granted.status_code, revoked.status_code, had) == (302, 302, True)
    assert User.objects.get(pk=staff.pk).has_perm(VIEW_FULL_NIK) is False
    assert trail() == [
        ("nik.permission_grant", "root", "staf.barut"),
        ("nik.permission_revoke", "root", "staf.barut"),
    ]
    event = AuditEvent.objects.get(action="nik.permission_grant")
    assert (event.actor, event.organization) == (root, world.barut)


def test_grants_made_in_code_are_on_the_trail_as_the_system(world, full_nik):
    staff, supervisor = world.barut_staff, world.barut_supervisor
    group = Group.objects.create(name="Pemeriksa NIK")

    staff.user_permissions.add(full_nik)
    full_nik.user_set.add(supervisor)
    group.permissions.add(full_nik)
    staff.user_permissions.remove(full_nik)
    group.permissions.clear()
    staff.user_permissions.add(Permission.objects.get(codename="view_training"))  # not NIKs

    assert trail() == [
        ("nik.permission_grant", "sistem", "staf.barut"),
        ("nik.permission_grant", "sistem", "kabid.barut"),
        ("nik.permission_grant", "sistem", "Pemeriksa NIK"),
        ("nik.permission_revoke", "sistem", "staf.barut"),
        ("nik.permission_revoke", "sistem", "Pemeriksa NIK"),
    ]


def test_joining_a_group_that_carries_the_permission_is_a_grant(world, full_nik):
    group = Group.objects.create(name="Pemeriksa NIK")
    group.permissions.add(full_nik)

    world.barut_staff.groups.add(group)
    group.user_set.remove(world.barut_staff)
    world.barut_supervisor.groups.add(Group.objects.create(name="Tanpa NIK"))

    assert trail() == [
        ("nik.permission_grant", "sistem", "Pemeriksa NIK"),
        ("nik.permission_grant", "sistem", "staf.barut"),
        ("nik.permission_revoke", "sistem", "staf.barut"),
    ]
