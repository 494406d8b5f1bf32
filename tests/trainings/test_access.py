"""The scope rules of trainings.access, persona by persona."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.factories import ParticipantFactory, RegistrationFactory, TrainingFactory, UserFactory
from trainings import access

pytestmark = pytest.mark.django_db


def titles(queryset) -> list[str]:
    return sorted(queryset.values_list("title", flat=True))


def test_each_persona_sees_exactly_its_trainings(world):
    draft_in_kalsel = TrainingFactory(organizer=world.kalsel, title="Draf Kalsel", status="draft")
    draft_in_kalsel.quotas.create(region_id="63.03", seats=1)
    barut, kalsel = "Pelatihan Pilar Sosial Barito Utara", "Bimtek Pendamping Sosial Kalsel"

    assert titles(access.visible_trainings(world.barut_admin)) == [barut]
    assert titles(access.visible_trainings(world.barut_supervisor)) == [barut]
    assert titles(access.visible_trainings(world.kalteng_staff)) == [barut]  # its province
    assert titles(access.visible_trainings(world.kapuas_staff)) == []
    assert titles(access.visible_trainings(world.kalsel_staff)) == [kalsel, "Draf Kalsel"]
    assert titles(access.visible_trainings(world.banjar_operator)) == [kalsel]  # invited, published
    assert titles(access.visible_trainings(UserFactory())) == []


def test_partners_see_but_do_not_edit(world):
    world.barut_training.partners.add(world.kapuas)

    assert titles(access.visible_trainings(world.kapuas_staff)) == [
        "Pelatihan Pilar Sosial Barito Utara"
    ]
    assert titles(access.editable_trainings(world.kapuas_staff)) == []
    assert titles(access.editable_trainings(world.kalteng_staff)) == []
    assert titles(access.editable_trainings(world.barut_staff)) == [
        "Pelatihan Pilar Sosial Barito Utara"
    ]
    assert titles(access.editable_trainings(world.barut_supervisor)) == []


def test_training_or_404_hides_outsiders_and_refuses_writes_to_readers(world):
    pk = world.barut_training.pk

    assert access.training_or_404(world.barut_staff, pk=pk, write=True) == world.barut_training
    with pytest.raises(Http404):
        access.training_or_404(world.kapuas_staff, pk=pk)
    with pytest.raises(PermissionDenied):
        access.training_or_404(world.barut_supervisor, pk=pk, write=True)


def test_operator_sees_only_the_cells_and_registrations_of_their_regency(world, roles):
    cells = access.operator_cells(world.banjar_operator, world.kalsel_training)
    banjar_cell = cells.first()
    other_cell = world.kalsel_training.quotas.exclude(region_id="63.03").first()
    mine = RegistrationFactory(training=world.kalsel_training, quota=banjar_cell)
    RegistrationFactory(training=world.kalsel_training, quota=other_cell)

    assert sorted(cells.values_list("region_id", flat=True)) == ["63.03", "63.03"]
    assert list(access.visible_registrations(world.banjar_operator)) == [mine]


def test_participants_visible_by_registration_or_by_region(world, roles):
    registered = RegistrationFactory(training=world.barut_training).participant  # lives in 62.05.05
    elsewhere = ParticipantFactory(home_region_id="63.71.05")

    assert set(access.visible_participants(world.barut_staff)) == {registered}
    assert set(access.visible_participants(world.kalsel_staff)) == {elsewhere}
    assert set(access.visible_participants(world.kapuas_staff)) == set()
