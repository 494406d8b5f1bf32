"""The quota matrix: "N seats of group R for every kabupaten/kota of P, plus M for the
organiser" in one step — the Kalsel bimtek's 13 × (1 + 1) + 8 = 34."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from participants.models import Region, RoleGroup
from tests.factories import QuotaFactory, TrainingFactory
from trainings.errors import CapacityError
from trainings.models import AuditEvent, Quota
from trainings.services.quota_matrix import quota_matrix_fill

pytestmark = pytest.mark.django_db

KALSEL_REGENCIES = (
    "63.01", "63.02", "63.03", "63.04", "63.05", "63.06", "63.07",
    "63.08", "63.09", "63.10", "63.11", "63.71", "63.72",
)  # fmt: skip
PENDAMPING, PETUGAS = "Pendamping sosial", "Petugas Dinas Sosial"


def _cells(training) -> list[tuple[str | None, str | None, int]]:
    return [
        (quota.region_id, quota.role_group.name if quota.role_group_id else None, quota.seats)
        for quota in training.quotas.select_related("role_group").order_by(
            "region_id", "role_group__name"
        )
    ]


def _kalsel_bimtek(world, capacity: int = 34):
    return TrainingFactory(
        organizer=world.kalsel,
        title="Bimtek Pendamping Sosial RS-RTLH, UEP-P dan Sembako",
        venue_region=Region.objects.get(code="63.71.05"),
        capacity=capacity,
    )


def _fill(world, training, *, pendamping=1, petugas=1, organizer=8):
    return quota_matrix_fill(
        actor=world.kalsel_staff,
        training=training,
        province=Region.objects.get(code="63"),
        seats_by_group={
            RoleGroup.objects.get(name=PENDAMPING): pendamping,
            RoleGroup.objects.get(name=PETUGAS): petugas,
        },
        organizer_seats=organizer,
    )


def test_the_kalsel_matrix_is_27_cells_of_34_seats(world):
    training = _kalsel_bimtek(world)

    result = _fill(world, training)

    expected = [(code, group, 1) for code in KALSEL_REGENCIES for group in (PENDAMPING, PETUGAS)]
    assert _cells(training) == [("63", None, 8), *expected]
    assert (len(result.cells), result.seats, result.quota_total) == (27, 34, 34)
    assert (result.created, result.updated) == (27, 0)


def test_the_matrix_audit_event_lists_every_cell_written(world):
    training = _kalsel_bimtek(world)

    _fill(world, training)

    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_id, event.training, event.organization) == (
        world.kalsel_staff,
        "quota.matrix",
        str(training.pk),
        training,
        world.kalsel,
    )
    assert event.changes == {
        "province": "63",
        "seats_by_group": {PENDAMPING: 1, PETUGAS: 1},
        "organizer_seats": 8,
        "cells": [
            *(
                {"region": code, "role_group": group, "seats": [None, 1]}
                for code in KALSEL_REGENCIES
                for group in (PENDAMPING, PETUGAS)
            ),
            {"region": "63", "role_group": None, "seats": [None, 8]},
        ],
        "quota_total": [0, 34],
    }


def test_running_the_matrix_twice_changes_nothing(world):
    training = _kalsel_bimtek(world)
    _fill(world, training)
    before = list(training.quotas.order_by("pk").values())

    again = _fill(world, training)

    assert list(training.quotas.order_by("pk").values()) == before
    assert (again.created, again.updated, len(again.cells), again.changed) == (0, 0, 27, [])
    assert AuditEvent.objects.count() == 1


def test_the_matrix_keeps_existing_cells_and_only_adds_the_missing(world):
    training = world.kalsel_training  # already has Banjar's and Barito Kuala's cells
    existing = set(training.quotas.values_list("pk", flat=True))

    result = _fill(world, training)

    assert (result.created, result.updated) == (23, 0)
    assert existing < set(training.quotas.values_list("pk", flat=True))
    assert training.quotas.count() == 27


def test_the_matrix_updates_cells_whose_seats_change(world):
    training = _kalsel_bimtek(world, capacity=50)
    _fill(world, training)

    result = _fill(world, training, pendamping=2)

    assert (result.created, result.updated, result.quota_total) == (0, 13, 47)
    assert AuditEvent.objects.order_by("pk").last().changes["cells"] == [
        {"region": code, "role_group": PENDAMPING, "seats": [1, 2]} for code in KALSEL_REGENCIES
    ]


def test_the_matrix_refuses_to_exceed_the_capacity_and_writes_nothing(world):
    training = _kalsel_bimtek(world)
    QuotaFactory(training=training, seats=3, label="Undangan khusus")  # any region, any role

    with pytest.raises(CapacityError) as error:
        _fill(world, training)

    assert error.value.message == (
        "Matriks kuota memerlukan 34 kursi; bersama kuota lain (3 kursi) jumlahnya 37, "
        "melebihi kapasitas pelatihan (34)."
    )
    assert _cells(training) == [(None, None, 3)]
    assert not AuditEvent.objects.exists()


def test_the_matrix_refuses_fewer_seats_than_taken_and_writes_nothing(world):
    training = _kalsel_bimtek(world, capacity=50)
    _fill(world, training, pendamping=2)
    Quota.objects.filter(training=training, region_id="63.03", role_group__name=PENDAMPING).update(
        seats_taken=2
    )

    with pytest.raises(CapacityError) as error:
        _fill(world, training, pendamping=1)

    assert error.value.message == (
        "Kursi tidak boleh kurang dari yang sudah terisi: Kabupaten Banjar · Pendamping sosial (2)."
    )
    assert {seats for _region, group, seats in _cells(training) if group == PENDAMPING} == {2}
    assert AuditEvent.objects.count() == 1


# --- The admin page ----------------------------------------------------------------------


def _page(training) -> str:
    return reverse("admin:trainings_training_quota_matrix", args=[training.pk])


def _form(**overrides) -> dict[str, str]:
    data = {
        "province": "63",
        "group_1": str(RoleGroup.objects.get(name=PENDAMPING).pk),
        "seats_1": "1",
        "group_2": str(RoleGroup.objects.get(name=PETUGAS).pk),
        "seats_2": "1",
        "organizer_seats": "8",
    }
    return {**data, **overrides}


def test_the_admin_form_fills_the_matrix(client, world):
    training = _kalsel_bimtek(world)
    client.force_login(world.kalsel_staff)
    change_url = reverse("admin:trainings_training_change", args=[training.pk])

    change_form = client.get(change_url).content.decode()
    page = client.get(_page(training))
    response = client.post(_page(training), _form())

    assert f'href="{_page(training)}"' in change_form
    assert page.status_code == 200
    assert page.context["form"]["province"].value() == "63"  # the organiser's province
    assert response.status_code == 302
    assert response["Location"] == change_url
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Matriks kuota: 27 sel, 34 kursi (27 sel baru, 0 diubah). Jumlah semua kuota 34 dari "
        "kapasitas 34."
    ]
    assert len(_cells(training)) == 27


def test_the_admin_form_shows_the_capacity_error_and_writes_nothing(client, world):
    training = _kalsel_bimtek(world, capacity=30)
    client.force_login(world.kalsel_staff)

    response = client.post(_page(training), _form())

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Matriks kuota memerlukan 34 kursi; bersama kuota lain (0 kursi) jumlahnya 34, "
        "melebihi kapasitas pelatihan (30)."
    ]
    assert not training.quotas.exists()


def test_the_changelist_action_leads_to_the_page_for_one_training(client, world):
    training = _kalsel_bimtek(world)
    client.force_login(world.kalsel_staff)
    changelist = reverse("admin:trainings_training_changelist")

    one = client.post(
        changelist, {"action": "fill_quota_matrix", "_selected_action": [training.pk]}
    )
    two = client.post(
        changelist,
        {
            "action": "fill_quota_matrix",
            "_selected_action": [training.pk, world.kalsel_training.pk],
        },
    )

    assert (one.status_code, one["Location"]) == (302, _page(training))
    assert two.status_code == 302
    assert [str(m) for m in get_messages(two.wsgi_request)] == [
        "Pilih tepat satu pelatihan untuk diisi matriks kuotanya."
    ]


def test_only_writers_of_the_training_reach_the_page(client, world):
    training = world.barut_training
    outcomes = {}
    for user in (
        world.kapuas_staff,
        world.kalteng_staff,
        world.barut_supervisor,
        world.barut_staff,
    ):
        client.force_login(user)
        outcomes[user.username] = client.get(_page(training)).status_code

    assert outcomes == {
        "staf.kapuas": 404,  # outside the scope
        "staf.kalteng": 403,  # the province reads its regencies' trainings
        "kabid.barut": 403,  # supervisors only read
        "staf.barut": 200,
    }


def test_readers_see_no_matrix_button(client, world):
    client.force_login(world.barut_supervisor)

    html = client.get(
        reverse("admin:trainings_training_change", args=[world.barut_training.pk])
    ).content.decode()

    assert _page(world.barut_training) not in html
