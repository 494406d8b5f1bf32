"""Σ quota seats ≤ capacity: a rule across rows, held by the services under the training lock."""

import pytest

from participants.models import Region
from tests.factories import QuotaFactory, RoleGroupFactory, TrainingFactory, UserFactory
from trainings.errors import CapacityError
from trainings.models import AuditEvent, Quota, Training
from trainings.services import quota_save, training_change_capacity

pytestmark = pytest.mark.django_db


def test_quota_save_creates_cells_up_to_the_capacity_and_audits(regions, roles):
    staff = UserFactory(username="panitia")
    training = TrainingFactory(capacity=3)
    group = RoleGroupFactory(name="TKSK", roles=[roles["tksk"]])

    first = quota_save(
        actor=staff, training=training, seats=2, region=Region.objects.get(code="62.05")
    )
    second = quota_save(actor=staff, training=training, seats=1, role_group=group)

    assert list(training.quotas.order_by("pk").values_list("seats", "region", "role_group")) == [
        (2, "62.05", None),
        (1, None, group.pk),
    ]
    assert list(
        AuditEvent.objects.order_by("pk").values_list("actor_label", "action", "object_id", "changes")
    ) == [
        ("panitia", "quota.create", str(first.pk), {"seats": [None, 2], "region": "62.05", "role_group": None}),
        ("panitia", "quota.create", str(second.pk), {"seats": [None, 1], "region": None, "role_group": "TKSK"}),
    ]  # fmt: skip


def test_quota_save_refuses_seats_beyond_the_capacity_and_writes_nothing(regions):
    training = TrainingFactory(capacity=34)
    quota_save(actor=None, training=training, seats=30)

    with pytest.raises(CapacityError) as error:
        quota_save(actor=None, training=training, seats=5, region=Region.objects.get(code="63"))

    assert error.value.message == "Jumlah kursi kuota (35) melebihi kapasitas pelatihan (34)."
    assert Quota.objects.count() == 1
    assert AuditEvent.objects.count() == 1


def test_quota_save_update_counts_the_other_cells_only(regions):
    training = TrainingFactory(capacity=10)
    quota = quota_save(actor=None, training=training, seats=6)
    quota_save(actor=None, training=training, seats=4, region=Region.objects.get(code="62.05"))

    updated = quota_save(actor=None, training=training, seats=5, quota=quota)

    assert updated.seats == 5
    with pytest.raises(CapacityError, match=r"\(11\) melebihi kapasitas pelatihan \(10\)"):
        quota_save(actor=None, training=training, seats=7, quota=quota)


def test_quota_save_cannot_shrink_below_the_seats_taken(regions):
    quota = QuotaFactory(seats=3, seats_taken=2)

    with pytest.raises(CapacityError) as error:
        quota_save(actor=None, training=quota.training, seats=1, quota=quota)

    assert error.value.message == (
        "Kuota ini sudah terisi 2 kursi; kursinya tidak bisa dikurangi menjadi 1."
    )
    quota.refresh_from_db()
    assert quota.seats == 3


def test_training_change_capacity_keeps_room_for_quotas_and_taken_seats(regions):
    training = TrainingFactory(capacity=34, seats_taken=5)
    QuotaFactory(training=training, seats=26)

    with pytest.raises(CapacityError) as error:
        training_change_capacity(actor=None, training=training, capacity=25)
    changed = training_change_capacity(actor=None, training=training, capacity=26)

    assert error.value.message == (
        "Kapasitas 25 terlalu kecil: kuota berjumlah 26 kursi dan 5 kursi sudah terisi."
    )
    assert Training.objects.get(pk=changed.pk).capacity == 26
    assert list(AuditEvent.objects.values_list("action", "changes")) == [
        ("training.capacity", {"capacity": [34, 26]})
    ]
