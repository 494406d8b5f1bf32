"""Database constraints of participants.models, tested by bypassing forms."""

import datetime

import pytest
from django.db import DataError, IntegrityError, transaction

from participants.models import Participant, Region, RoleHeld
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _participant(**overrides) -> Participant:
    values = {
        "nik": "6205056310850001",
        "full_name": "Siti Aminah",
        "sex": "P",
        "birth_date": datetime.date(1985, 10, 23),
    }
    values.update(overrides)
    return Participant(**values)


def test_participant_nik_is_unique_in_the_database(regions):
    Participant.objects.bulk_create([_participant()])

    with pytest.raises(IntegrityError, match="participant_nik_unique"), transaction.atomic():
        Participant.objects.bulk_create([_participant(full_name="Siti A.")])


@pytest.mark.parametrize(
    "nik",
    ["620505631085001", "62050563108500a1", "６２０５０５６３１０８５０００１", " 620505631085001"],
)
def test_participant_nik_must_be_16_ascii_digits_in_the_database(nik):
    with pytest.raises(IntegrityError, match="participant_nik_16_digits"), transaction.atomic():
        Participant.objects.bulk_create([_participant(nik=nik)])


def test_participant_nik_longer_than_16_does_not_fit_the_column():
    with pytest.raises(DataError, match="character varying\\(16\\)"), transaction.atomic():
        Participant.objects.bulk_create([_participant(nik="62050563108500011")])


def test_participant_update_cannot_bypass_the_nik_check(regions):
    participant = ParticipantFactory()

    with pytest.raises(IntegrityError, match="participant_nik_16_digits"), transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(nik="12345")


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("phone", "08123456789", "participant_phone_empty_or_e164"),
        ("nip", "1985", "participant_nip_empty_or_18_digits"),
    ],
)
def test_participant_contact_formats_are_held_by_the_database(field, value, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Participant.objects.bulk_create([_participant(**{field: value})])


def test_roleheld_one_row_per_person_and_role(roles, regions):
    participant = ParticipantFactory()
    RoleHeld.objects.create(participant=participant, role=roles["tksk"], year_appointed=2020)

    with (
        pytest.raises(IntegrityError, match="roleheld_participant_role_unique"),
        transaction.atomic(),
    ):
        RoleHeld.objects.bulk_create([RoleHeld(participant=participant, role=roles["tksk"])])


def test_roleheld_year_must_be_plausible(roles, regions):
    participant = ParticipantFactory()

    with pytest.raises(IntegrityError, match="roleheld_year_plausible"), transaction.atomic():
        RoleHeld.objects.bulk_create(
            [RoleHeld(participant=participant, role=roles["psm"], year_appointed=23)]
        )


@pytest.mark.parametrize(
    ("code", "level", "parent", "timezone"),
    [
        ("6", "province", None, "Asia/Jakarta"),
        ("62.05", "province", None, "Asia/Jakarta"),
        ("62.99", "regency", None, ""),
        ("62.05.99", "district", "62", "Asia/Jakarta"),
    ],
)
def test_region_code_shape_and_zone_are_held_by_the_database(
    regions, code, level, parent, timezone
):
    with pytest.raises(IntegrityError, match="region_"), transaction.atomic():
        Region.objects.bulk_create(
            [Region(code=code, name="X", level=level, parent_id=parent, timezone=timezone)]
        )


def test_region_in_use_cannot_be_deleted(regions):
    ParticipantFactory()

    with pytest.raises(Exception, match="protected"):
        Region.objects.get(code="62.05.05").delete()


def test_social_roles_are_seeded_by_the_migration(roles):
    assert len(roles) == 18
    assert [code for code, role in roles.items() if role.is_psks] == [
        "peksos", "psm", "tagana", "lks", "karang-taruna", "lk3", "keluarga-pioner",
        "wksbm", "wpks", "penyuluh-sosial", "tksk", "dunia-usaha",
    ]  # fmt: skip
    assert roles["pendamping-uep-p"].name == "Pendamping Usaha Ekonomi Produktif Perorangan"
