"""Which roles a training accepts: the roles it names, or every active role when it names none
(``trainings.selectors.eligibility``), read alike by the forms, the services and the catalogue."""

from __future__ import annotations

import datetime

import pytest

from participants.models import Participant, SocialRole
from participants.nik import build_nik
from tests.factories import TrainingFactory
from trainings.models import Training
from trainings.selectors.eligibility import accepts_role, eligible_roles
from trainings.services import NotEligible, PersonDetails, registration_submit

pytestmark = pytest.mark.django_db
BIRTH = datetime.date(1990, 3, 14)


def codes(roles) -> list[str]:
    return sorted(role.code for role in roles)


def submit(training: Training, role: SocialRole):
    person = PersonDetails(
        nik=build_nik(district_code="62.05.05", birth_date=BIRTH, sex="P", serial=7),
        full_name="Siti Aminah",
        sex="P",
        birth_date=BIRTH,
        phone="+6281200000007",
        email="siti@example.org",
    )
    return registration_submit(
        actor=None,
        training=training,
        person=person,
        role=role,
        region_represented=None,
        consent=True,
    )


@pytest.fixture
def tagana_retired(roles) -> SocialRole:
    """Tagana, no longer offered (inactive)."""
    role = roles["tagana"]
    role.active = False
    role.save(update_fields=["active"])
    return role


def test_a_training_that_names_roles_accepts_exactly_those_even_an_inactive_one(
    roles, tagana_retired
):
    training = TrainingFactory(eligible_roles=[roles["tksk"], tagana_retired])

    assert codes(eligible_roles(training)) == ["tagana", "tksk"]


def test_a_training_that_names_none_accepts_every_active_role(roles, tagana_retired):
    training = TrainingFactory()

    assert codes(eligible_roles(training)) == sorted(
        code for code, role in roles.items() if code != "tagana"
    )


def test_accepts_role_says_of_every_training_what_eligible_roles_lists(roles, tagana_retired):
    trainings = [
        TrainingFactory(eligible_roles=[roles["tksk"], tagana_retired]),
        TrainingFactory(eligible_roles=[roles["psm"]]),
        TrainingFactory(),
    ]

    for training in trainings:
        accepted = [
            code
            for code in sorted(roles)
            if Training.objects.filter(accepts_role(code=code), pk=training.pk).exists()
        ]
        assert accepted == codes(eligible_roles(training)), training.title


def test_eligible_roles_is_one_query_whichever_applies(
    roles, tagana_retired, django_assert_num_queries
):
    named, open_to_all = TrainingFactory(eligible_roles=[roles["psm"]]), TrainingFactory()

    with django_assert_num_queries(1):
        assert codes(eligible_roles(named)) == ["psm"]
    with django_assert_num_queries(1):
        assert "tagana" not in codes(eligible_roles(open_to_all))


def test_submit_accepts_an_active_role_on_a_training_that_names_none(roles, regions):
    training = TrainingFactory()

    result = submit(training, roles["psm"])

    assert (result.registration.role.code, result.registration.status) == ("psm", "confirmed")


def test_submit_refuses_an_inactive_role_on_a_training_that_names_none(
    roles, regions, tagana_retired
):
    training = TrainingFactory()

    with pytest.raises(NotEligible) as error:
        submit(training, tagana_retired)

    assert error.value.message == "Pelatihan ini tidak terbuka untuk unsur Taruna Siaga Bencana."
    assert Participant.objects.count() == 0


def test_submit_accepts_an_inactive_role_the_training_names(roles, regions, tagana_retired):
    training = TrainingFactory(eligible_roles=[tagana_retired])

    result = submit(training, tagana_retired)

    assert (result.registration.role.code, result.registration.status) == ("tagana", "confirmed")
