"""The admin is scoped like the staff pages: another agency's objects are a 404 on every
object URL of every registered admin, changelists and autocompletes leave them out,
readers get a read-only view, regency operators never get in."""

from __future__ import annotations

import datetime
import json

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from participants.models import Participant, Region, RoleGroup, RoleHeld, SocialRole
from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    QuotaFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    TrainingFactory,
)
from trainings.models import (
    AuditEvent,
    Certificate,
    Membership,
    Organization,
    Quota,
    Registration,
    Session,
    Training,
)

pytestmark = pytest.mark.django_db

# Reference data every staff user reads: not "another agency's".
SHARED = {"participants.Region", "participants.SocialRole", "participants.RoleGroup"}


def _label(model) -> str:
    return model._meta.label


REGISTERED = sorted(admin.site._registry, key=_label)
SCOPED = [model for model in REGISTERED if _label(model) not in SHARED]


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _object_urls(model, obj) -> list[str]:
    """Every named URL of the model's admin that takes an object id (change, delete,
    history, and extras such as a user's password or a training's quota matrix)."""
    urls = []
    for pattern in admin.site._registry[model].get_urls():
        converters = getattr(pattern.pattern, "converters", {})
        if pattern.name and len(converters) == 1:
            (argument,) = converters
            urls.append(reverse(f"admin:{pattern.name}", kwargs={argument: quote(obj.pk)}))
    return urls


# --- Barito Utara's rows, one per registered model ------------------------------------


@pytest.fixture
def barut_rows(world) -> dict[str, object]:
    """An object of Dinsos PMD Barito Utara for each scoped admin (Kapuas's staff must
    not reach any of them)."""
    training = world.barut_training
    registration = RegistrationFactory(training=training)  # lives in Teweh Tengah, Barut
    session = SessionFactory(training=training)
    speaker = SpeakerFactory(organization=world.barut)
    certificate = Certificate.objects.create(
        registration=registration,
        organization=world.barut,
        number="001/STTP/DINSOS-BARUT/XII/2026",
        issued_on=datetime.date(2026, 12, 11),
        verification_code="V" * 32,
    )
    event = AuditEvent.objects.create(
        actor=world.barut_staff,
        actor_label="staf.barut",
        action="training.capacity",
        content_type=ContentType.objects.get_for_model(Training),
        object_id=str(training.pk),
        object_repr=str(training),
        changes={"capacity": [30, 40]},
        organization=world.barut,
        training=training,
    )
    task_result = apps.get_model("django_tasks_database", "DBTaskResult").objects.create(
        args_kwargs={"args": [], "kwargs": {"registration_id": registration.pk}},
        task_path="trainings.notifications.send_registration_notice",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    return {
        "trainings.Training": training,
        "trainings.Session": session,
        "trainings.Speaker": speaker,
        "trainings.Quota": QuotaFactory(training=training, seats=2),
        "trainings.Registration": registration,
        "trainings.Attendance": AttendanceFactory(registration=registration, session=session),
        "trainings.Certificate": certificate,
        "trainings.AuditEvent": event,
        "trainings.Organization": world.barut,
        "trainings.Membership": world.barut_admin.membership,
        "participants.Participant": registration.participant,
        "participants.RoleHeld": RoleHeld.objects.create(
            participant=registration.participant,
            role=SocialRole.objects.get(code="tksk"),
            duty_region_id="62.05.05",
        ),
        "auth.User": world.barut_admin,
        "auth.Group": Group.objects.get(name="Admin dinas"),
        "django_tasks_database.DBTaskResult": task_result,
    }


def test_every_scoped_admin_has_a_row_of_another_agency(barut_rows):
    assert set(barut_rows) == {_label(model) for model in SCOPED}


def test_every_object_url_of_another_agencys_rows_is_404(client, world, barut_rows):
    """One request per URL of every scoped admin (one test: the world is costly to build)."""
    urls = {
        url: model for model in SCOPED for url in _object_urls(model, barut_rows[_label(model)])
    }
    client.force_login(world.kapuas_staff)

    got = {url: client.get(url).status_code for url in urls}
    posted = {url: client.post(url, {"post": "yes"}).status_code for url in urls}

    for model in SCOPED:
        pk = quote(barut_rows[_label(model)].pk)
        assert {_url(model, view, pk) for view in ("change", "delete", "history")} <= set(urls)
    assert got == {url: 404 for url in urls}
    assert posted == {url: 404 for url in urls}
    assert [
        label
        for label, obj in barut_rows.items()
        if not type(obj).objects.filter(pk=obj.pk).exists()
    ] == []


def test_a_missing_object_is_a_404_not_a_redirect_for_superusers_too(admin_client, regions):
    responses = [
        admin_client.get(_url(Training, view, 999999)) for view in ("change", "delete", "history")
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]


# What Kapuas's training staff may list at all (their group's view permissions).
LISTABLE = {
    "participants.Participant",
    "participants.RoleHeld",
    "trainings.Attendance",
    "trainings.Certificate",
    "trainings.Organization",
    "trainings.Quota",
    "trainings.Registration",
    "trainings.Session",
    "trainings.Speaker",
    "trainings.Training",
}


def test_changelists_leave_out_another_agencys_rows(client, admin_client, world, barut_rows):
    listed_for_superuser, status, leaked = {}, {}, {}
    client.force_login(world.kapuas_staff)
    for model in SCOPED:
        label, obj, url = _label(model), barut_rows[_label(model)], _url(model, "changelist")
        everything = admin_client.get(url).context["cl"].result_list
        response = client.get(url)
        listed_for_superuser[label] = obj.pk in {row.pk for row in everything}
        status[label] = response.status_code
        if response.status_code == 200:
            rows = {row.pk for row in response.context["cl"].result_list}
            link = _url(model, "change", quote(obj.pk))
            leaked[label] = obj.pk in rows or link in response.content.decode()

    assert listed_for_superuser == {_label(model): True for model in SCOPED}
    assert status == {_label(model): 200 if _label(model) in LISTABLE else 403 for model in SCOPED}
    assert leaked == {label: False for label in LISTABLE}


def test_kapuas_staff_list_their_own_and_nothing_else(client, world, barut_rows):
    own = TrainingFactory(organizer=world.kapuas, title="Pelatihan TKSK Kapuas")
    client.force_login(world.kapuas_staff)

    trainings = client.get(_url(Training, "changelist")).context["cl"].result_list
    organizations = client.get(_url(Organization, "changelist")).context["cl"].result_list

    assert list(trainings) == [own]
    assert list(organizations) == [world.kapuas]


def test_a_provincial_agency_reads_its_province_but_changes_only_itself(client, world, barut_rows):
    client.force_login(world.kalteng_staff)

    organizations = client.get(_url(Organization, "changelist")).context["cl"].result_list
    training_page = client.get(_url(Training, "change", world.barut_training.pk))
    training_post = client.post(_url(Training, "change", world.barut_training.pk), {})

    assert sorted(org.code for org in organizations) == [
        "dinsos-barut",
        "dinsos-kalteng",
        "dinsos-kapuas",
    ]
    assert training_page.status_code == 200
    assert 'name="_save"' not in training_page.content.decode()
    assert training_post.status_code == 403


# --- Autocompletes ----------------------------------------------------------------------


def _autocomplete_ids(client, app_label: str, model_name: str, field_name: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": ""},
    )
    assert response.status_code == 200
    return [row["id"] for row in json.loads(response.content)["results"]]


def test_autocompletes_offer_only_what_the_user_may_pick(client, world, barut_rows):
    own = TrainingFactory(organizer=world.kapuas, title="Pelatihan TKSK Kapuas")
    own_registration = RegistrationFactory(
        training=own, participant=ParticipantFactory(home_region_id="62.03.01")
    )
    client.force_login(world.kapuas_staff)

    trainings = _autocomplete_ids(client, "trainings", "quota", "training")
    registrations = _autocomplete_ids(client, "trainings", "attendance", "registration")
    participants = _autocomplete_ids(client, "participants", "roleheld", "participant")

    assert trainings == [str(own.pk)]
    assert registrations == [str(own_registration.pk)]
    assert participants == [str(own_registration.participant.pk)]


def test_training_autocomplete_offers_partners_trainings_only_for_reading(client, world):
    world.barut_training.partners.add(world.kapuas)
    client.force_login(world.kapuas_staff)

    # Kapuas sees the training as a partner, but may not add sessions or quotas to it.
    assert _autocomplete_ids(client, "trainings", "session", "training") == []
    assert client.get(_url(Training, "change", world.barut_training.pk)).status_code == 200


def test_partners_autocomplete_names_any_agency(client, world):
    client.force_login(world.barut_staff)

    partners = _autocomplete_ids(client, "trainings", "training", "partners")
    organizers = _autocomplete_ids(client, "trainings", "training", "organizer")

    assert len(partners) == Organization.objects.count() == 5
    assert organizers == [str(world.barut.pk)]


# --- Read only for readers, writes only within the scope -------------------------------


def test_a_supervisor_views_but_cannot_change(client, world, barut_rows):
    client.force_login(world.barut_supervisor)
    training, session = world.barut_training, barut_rows["trainings.Session"]

    page = client.get(_url(Training, "change", training.pk))
    post = client.post(_url(Training, "change", training.pk), {"title": "Diubah"})
    session_post = client.post(_url(Session, "change", session.pk), {"topic": "Diubah"})
    delete = client.post(_url(Training, "delete", training.pk), {"post": "yes"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (post.status_code, session_post.status_code, delete.status_code) == (403, 403, 403)
    training.refresh_from_db()
    assert training.title == "Pelatihan Pilar Sosial Barito Utara"


def test_staff_cannot_add_a_quota_to_another_agencys_training(client, world):
    client.force_login(world.kalsel_staff)

    response = client.post(
        _url(Quota, "add"),
        {"training": world.barut_training.pk, "region": "62.05", "seats": "1", "label": ""},
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["training"]
    assert not world.barut_training.quotas.exists()


def test_delete_selected_refuses_trainings_the_user_only_reads(client, world):
    admin_of_province = world.kalteng_staff
    admin_of_province.groups.set([Group.objects.get(name="Admin dinas")])
    client.force_login(admin_of_province)

    response = client.post(
        _url(Training, "changelist"),
        {"action": "delete_selected", "_selected_action": [world.barut_training.pk], "post": "yes"},
    )

    assert response.status_code == 403
    assert Training.objects.filter(pk=world.barut_training.pk).exists()


def test_participant_history_shows_only_registrations_in_scope(client, world, roles):
    person = ParticipantFactory(home_region_id="63.71.05")  # lives in Banjarmasin (Kalsel)
    elsewhere = RegistrationFactory(training=world.barut_training, participant=person)
    kalsel = RegistrationFactory(
        training=world.kalsel_training, participant=person, role=roles["pendamping-sosial"]
    )
    client.force_login(world.kalsel_staff)

    html = client.get(_url(Participant, "change", person.pk)).content.decode()

    assert kalsel.code in html
    assert elsewhere.code not in html
    assert world.barut_training.title not in html


# --- Organisations, memberships, accounts -----------------------------------------------


def test_an_agency_admin_cannot_change_what_decides_the_scope(client, world):
    client.force_login(world.barut_admin)

    html = client.get(_url(Organization, "change", world.barut.pk)).content.decode()
    add = client.get(_url(Organization, "add"))

    assert 'name="letterhead"' in html
    assert [name for name in ("code", "kind", "region") if f'name="{name}"' in html] == []
    assert add.status_code == 403


def test_an_agency_admin_adds_staff_to_their_own_agency_only(client, world):
    client.force_login(world.barut_admin)

    form = client.get(_url(User, "add")).content.decode()
    response = client.post(
        _url(User, "add"),
        {
            "username": "operator.barut",
            "usable_password": "true",
            "password1": "kata-sandi-yang-panjang-1",
            "password2": "kata-sandi-yang-panjang-1",
            "role": Membership.Role.REGENCY_OPERATOR,
            "region": "62.05",
        },
    )

    user = User.objects.get(username="operator.barut")
    assert response.status_code == 302
    assert 'name="is_superuser"' not in form
    assert (user.membership.organization, user.membership.role, user.membership.region_id) == (
        world.barut,
        "regency_operator",
        "62.05",
    )
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert list(user.groups.values_list("name", flat=True)) == ["Operator kabupaten/kota"]


def test_an_operator_regency_must_lie_within_the_agency(client, world):
    client.force_login(world.barut_admin)

    response = client.post(
        _url(User, "add"),
        {
            "username": "operator.lain",
            "usable_password": "true",
            "password1": "kata-sandi-yang-panjang-1",
            "password2": "kata-sandi-yang-panjang-1",
            "role": Membership.Role.REGENCY_OPERATOR,
            "region": "63.03",  # Banjar, Kalsel: not Barito Utara's to hand out
        },
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["region"]
    assert not User.objects.filter(username="operator.lain").exists()


def test_an_agency_admin_sees_no_superuser_and_grants_no_superpowers(client, world):
    boss = User.objects.create_superuser("root", "root@example.org", "x")
    Membership.objects.create(user=boss, organization=world.barut, role="agency_admin")
    client.force_login(world.barut_admin)

    users = client.get(_url(User, "changelist")).context["cl"].result_list
    page = client.get(_url(User, "change", world.barut_staff.pk)).content.decode()
    boss_page = client.get(_url(User, "change", boss.pk))

    assert sorted(user.username for user in users) == ["admin.barut", "kabid.barut", "staf.barut"]
    assert boss_page.status_code == 404
    assert [
        field for field in ("is_superuser", "is_staff", "groups") if f'name="{field}"' in page
    ] == []
    # Not even whole NIKs: only a superuser grants that (they could widen their own view).
    assert 'name="user_permissions"' not in page
    assert page.count("<option value=") == 0


def test_changing_a_staff_role_changes_their_group_and_admin_access(client, world):
    membership = world.barut_staff.membership
    client.force_login(world.barut_admin)

    response = client.post(
        _url(Membership, "change", membership.pk), {"role": "supervisor", "region": ""}
    )

    world.barut_staff.refresh_from_db()
    assert response.status_code == 302
    assert list(world.barut_staff.groups.values_list("name", flat=True)) == ["Supervisor"]
    assert world.barut_staff.membership.role == "supervisor"


def test_the_audit_trail_masks_niks_without_the_permission(client, world):
    person = ParticipantFactory()
    event = AuditEvent.objects.create(
        actor_label="staf.barut",
        action="participant.merge",
        content_type=ContentType.objects.get_for_model(Participant),
        object_id=str(person.pk),
        object_repr=str(person),
        changes={"removed": {"nik": person.nik}},
        organization=world.barut,
    )
    client.force_login(world.barut_admin)

    html = client.get(_url(AuditEvent, "change", event.pk)).content.decode()

    assert person.nik not in html
    assert person.masked_nik in html


# --- Regency operators never reach /admin/ ---------------------------------------------


@pytest.mark.parametrize("is_staff", [False, True], ids=["as-made", "is_staff-set-by-mistake"])
def test_regency_operators_are_refused_at_the_door(client, world, is_staff):
    operator = world.banjar_operator
    User.objects.filter(pk=operator.pk).update(is_staff=is_staff)
    client.force_login(operator)

    index = client.get(reverse("admin:index"))
    changelist = client.get(_url(Training, "changelist"))
    change = client.get(_url(Training, "change", world.kalsel_training.pk))

    login = reverse("admin:login")
    assert [r.status_code for r in (index, changelist, change)] == [302, 302, 302]
    assert [r["Location"].split("?")[0] for r in (index, changelist, change)] == [login] * 3


# --- Query budgets under scoping ---------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "queries"),
    [(Training, 10), (Registration, 9), (Participant, 9)],
    ids=lambda value: value if isinstance(value, int) else _label(value),
)
def test_scoped_changelists_cost_the_same_for_1_and_20_rows(
    client, world, django_assert_num_queries, model, queries
):
    client.force_login(world.barut_staff)
    rows = []
    for count in (1, 19):
        for _ in range(count):
            training = TrainingFactory(organizer=world.barut)
            rows.append(RegistrationFactory(training=training))

        with django_assert_num_queries(queries):
            response = client.get(_url(model, "changelist"))

        assert response.status_code == 200
        assert response.context["cl"].result_count == len(rows) + (model is Training)


def test_only_reference_data_is_left_unscoped():
    assert {_label(model) for model in REGISTERED} - {_label(model) for model in SCOPED} == {
        _label(Region),
        _label(SocialRole),
        _label(RoleGroup),
    }


def test_an_identity_claim_is_not_in_the_admin_of_the_training_staff(client, world, roles):
    """A held claim names a stored Banjar resident: Barito Utara's staff decide it on the
    staff page, which shows her only to users who had her in scope, never in the admin."""
    from participants.nik import build_nik
    from trainings.services import PersonDetails, registration_submit

    birth = datetime.date(1985, 10, 23)
    stored = ParticipantFactory(
        nik=build_nik(district_code="63.03.03", birth_date=birth, sex="P", serial=61),
        full_name="Siti Tercatat",
        sex="P",
        birth_date=birth,
        home_region=Region.objects.get(code="63.03.03"),
    )
    claim = registration_submit(
        actor=None, training=world.barut_training, role=roles["tksk"], region_represented=None,
        consent=True, person=PersonDetails(nik=stored.nik, full_name="Orang Lain", sex="P",
                                           birth_date=birth),
    ).registration  # fmt: skip
    client.force_login(world.barut_staff)

    changelist = client.get(_url(Registration, "changelist"))
    change = client.get(_url(Registration, "change", claim.pk))

    assert claim.status == "held"
    assert list(changelist.context["cl"].result_list) == []
    assert "Siti Tercatat" not in changelist.content.decode()
    assert change.status_code == 404
