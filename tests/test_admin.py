"""The admin: every changelist costs the same queries for 1 and 20 rows, Region fields
are autocompletes, and a full NIK shows only to those allowed to see it."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from participants.models import Participant, Region, RoleGroup, RoleHeld, SocialRole
from tests.factories import (
    AttendanceFactory,
    MembershipFactory,
    OrganizationFactory,
    ParticipantFactory,
    QuotaFactory,
    RegistrationFactory,
    RoleGroupFactory,
    SessionFactory,
    SpeakerFactory,
    TrainingFactory,
    UserFactory,
)
from trainings.models import (
    Attendance,
    AuditEvent,
    Certificate,
    Membership,
    Organization,
    Quota,
    Registration,
    Session,
    Speaker,
    Training,
)
from trainings.permissions import TRAINING_STAFF

# WhiteNoise warns at start-up that STATIC_ROOT (var/staticfiles) does not exist;
# tests never collect static files. To go once settings stop the warning.

TEWEH_TENGAH = "62.05.05"


def _region(code: str) -> Region:
    return Region.objects.get(code=code)


# --- Rows for each registered model ------------------------------------------
# Each builder adds ``n`` rows (called twice: 1 row, then 19 more) and returns them.


def _regions(n: int) -> list[Region]:
    # Without the regions fixture: a province, then regencies under it.
    start = Region.objects.count()
    rows = []
    for i in range(start, start + n):
        if i == 0:
            rows.append(
                Region(code="91", name="Papua Contoh", level="province", timezone="Asia/Jayapura")
            )
        else:
            rows.append(
                Region(
                    code=f"91.{i:02d}",
                    name=f"Kabupaten Contoh {i}",
                    level="regency",
                    parent_id="91",
                    kind="kabupaten",
                )
            )
    return Region.objects.bulk_create(rows)


def _social_roles(n: int) -> list[SocialRole]:
    start = SocialRole.objects.count()
    return [
        SocialRole.objects.create(code=f"unsur-{i}", abbreviation=f"U{i}", name=f"Unsur {i}")
        for i in range(start, start + n)
    ]


def _role_groups(n: int) -> list[RoleGroup]:
    roles = list(SocialRole.objects.filter(code__in=["tksk", "psm"]))
    return RoleGroupFactory.create_batch(n, roles=roles)


def _participants(n: int) -> list[Participant]:
    return ParticipantFactory.create_batch(n)


def _roles_held(n: int) -> list[RoleHeld]:
    tksk = SocialRole.objects.get(code="tksk")
    return [
        RoleHeld.objects.create(
            participant=ParticipantFactory(),
            role=tksk,
            sk_number=f"400/{i}/Dinsos/2025",
            year_appointed=2025,
            duty_region=_region(TEWEH_TENGAH),
        )
        for i in range(n)
    ]


def _organizations(n: int) -> list[Organization]:
    return OrganizationFactory.create_batch(n)


def _memberships(n: int) -> list[Membership]:
    return MembershipFactory.create_batch(
        n, role=Membership.Role.REGENCY_OPERATOR, region=_region("62.05")
    )


def _trainings(n: int) -> list[Training]:
    return TrainingFactory.create_batch(n)


def _speakers(n: int) -> list[Speaker]:
    return SpeakerFactory.create_batch(n)


def _sessions(n: int) -> list[Session]:
    training = Training.objects.first() or TrainingFactory()
    speaker = SpeakerFactory(organization=training.organizer)
    sessions = SessionFactory.create_batch(n, training=training)
    for session in sessions:
        session.speakers.add(speaker)
    return sessions


def _quotas(n: int) -> list[Quota]:
    group = RoleGroupFactory(roles=list(SocialRole.objects.filter(code="tksk")))
    return QuotaFactory.create_batch(n, region=_region("62.05"), role_group=group)


def _registrations(n: int) -> list[Registration]:
    rows = []
    for _ in range(n):
        quota = QuotaFactory(region=_region("62.05"))
        rows.append(
            RegistrationFactory(
                training=quota.training, quota=quota, region_represented=quota.region
            )
        )
    return rows


def _attendances(n: int) -> list[Attendance]:
    session = Session.objects.first() or SessionFactory()
    recorder = UserFactory()
    return [
        AttendanceFactory(
            registration=RegistrationFactory(training=session.training),
            session=session,
            recorded_by=recorder,
        )
        for _ in range(n)
    ]


def _certificates(n: int) -> list[Certificate]:
    start = Certificate.objects.count()
    rows = []
    for i in range(start, start + n):
        registration = RegistrationFactory()
        rows.append(
            Certificate.objects.create(
                registration=registration,
                organization=registration.training.organizer,
                number=f"{i + 1:03d}/STTP/DINSOS/XII/2026",
                issued_on=datetime.date(2026, 12, 11),
                verification_code=f"VERIFIKASI{i:022d}",
            )
        )
    return rows


def _audit_events(n: int) -> list[AuditEvent]:
    training = Training.objects.first() or TrainingFactory()
    actor = UserFactory()
    content_type = ContentType.objects.get_for_model(Training)
    return [
        AuditEvent.objects.create(
            actor=actor,
            actor_label=actor.username,
            action="training.update",
            content_type=content_type,
            object_id=str(training.pk),
            object_repr=str(training),
            changes={"capacity": [30, 30 + i]},
            organization=training.organizer,
            training=training,
        )
        for i in range(n)
    ]


def _groups(n: int) -> list[Group]:
    start = Group.objects.count()
    return [Group.objects.create(name=f"Grup {i}") for i in range(start, start + n)]


def _users(n: int) -> list[User]:
    return UserFactory.create_batch(n)


def _task_results(n: int) -> list:
    task_result = apps.get_model("django_tasks_database", "DBTaskResult")
    return [
        task_result.objects.create(
            args_kwargs={"args": [], "kwargs": {"registration_id": i, "kind": "confirmed"}},
            task_path="trainings.notifications.send_registration_notice",
            backend_name="default",
            run_after=timezone.now(),
            exception_class_path="",
            traceback="",
        )
        for i in range(n)
    ]


BUILDERS: dict[str, Callable[[int], list]] = {
    "participants.Region": _regions,
    "participants.SocialRole": _social_roles,
    "participants.RoleGroup": _role_groups,
    "participants.Participant": _participants,
    "participants.RoleHeld": _roles_held,
    "trainings.Organization": _organizations,
    "trainings.Membership": _memberships,
    "trainings.Training": _trainings,
    "trainings.Speaker": _speakers,
    "trainings.Session": _sessions,
    "trainings.Quota": _quotas,
    "trainings.Registration": _registrations,
    "trainings.Attendance": _attendances,
    "trainings.Certificate": _certificates,
    "trainings.AuditEvent": _audit_events,
    "auth.Group": _groups,
    "auth.User": _users,
    "django_tasks_database.DBTaskResult": _task_results,
}
# Regions, roles and groups are the rows themselves: built without the fixtures.
WITHOUT_FIXTURES = {"participants.Region", "participants.SocialRole", "auth.Group"}

# Queries per changelist, the same for 1 and for 20 rows (superuser).
CHANGELIST_QUERIES = {
    "participants.Region": 4,
    "participants.SocialRole": 5,
    "participants.RoleGroup": 6,
    "participants.Participant": 8,  # + the full-NIK view on the trail (a superuser sees them)
    "participants.RoleHeld": 6,
    "trainings.Organization": 5,
    "trainings.Membership": 6,
    "trainings.Training": 7,
    "trainings.Speaker": 5,
    "trainings.Session": 6,
    "trainings.Quota": 5,
    "trainings.Registration": 6,
    "trainings.Attendance": 4,
    "trainings.Certificate": 5,
    "trainings.AuditEvent": 8,
    "auth.Group": 5,
    "auth.User": 6,
    "django_tasks_database.DBTaskResult": 7,
}


def _label(model) -> str:
    return model._meta.label


REGISTERED = sorted(admin.site._registry, key=_label)


def _changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])


def test_every_registered_model_has_rows_and_a_query_budget():
    registered = {_label(model) for model in admin.site._registry}
    assert set(BUILDERS) == registered == set(CHANGELIST_QUERIES)


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_num_queries, request, model
):
    if _label(model) not in WITHOUT_FIXTURES:
        request.getfixturevalue("regions")
        request.getfixturevalue("reference_data")
    elif model is Region:
        request.getfixturevalue("no_regions")
    build = BUILDERS[_label(model)]
    url = _changelist_url(model)
    shown = []
    # A page that shows whole NIKs writes a trail event about its user; the content type
    # of User comes from Django's per-process cache, warm or not depending on test order.
    ContentType.objects.get_for_model(User)
    for count in (1, 19):
        shown += build(count)

        with django_assert_num_queries(CHANGELIST_QUERIES[_label(model)]):
            response = admin_client.get(url)

        assert response.status_code == 200
        changelist = response.context["cl"]
        assert changelist.result_count == model.objects.count()
        assert {obj.pk for obj in shown} <= {obj.pk for obj in changelist.result_list}
        html = response.content.decode()
        assert [obj.pk for obj in shown if _change_url(obj) not in html] == []


# --- Regions: autocomplete, never a full <select> -------------------------------


def _autocomplete(client, model_name: str, field_name: str, term: str, app_label="participants"):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return json.loads(response.content)


def test_region_autocomplete_finds_districts_by_name(admin_client, regions):
    result = _autocomplete(admin_client, "participant", "home_region", "teweh")

    assert result == {
        "results": [
            {"id": "62.05.07", "text": "Teweh Baru (62.05.07)"},
            {"id": "62.05.08", "text": "Teweh Selatan (62.05.08)"},
            {"id": "62.05.05", "text": "Teweh Tengah (62.05.05)"},
            {"id": "62.05.04", "text": "Teweh Timur (62.05.04)"},
        ],
        "pagination": {"more": False},
    }


def test_region_autocomplete_by_code_prefix_as_dotted_or_nik_digits(admin_client, regions):
    by_digits = _autocomplete(admin_client, "participant", "home_region", "620505")
    by_code = _autocomplete(admin_client, "training", "venue_region", "62.05", "trainings")

    assert by_digits["results"] == [{"id": "62.05.05", "text": "Teweh Tengah (62.05.05)"}]
    assert [row["id"] for row in by_code["results"]][:3] == ["62.05", "62.05.01", "62.05.02"]


def test_region_autocomplete_offers_only_the_levels_the_field_accepts(admin_client, regions):
    for_organization = _autocomplete(admin_client, "organization", "region", "barito", "trainings")
    for_participant = _autocomplete(admin_client, "participant", "home_region", "barito")

    assert [row["text"] for row in for_organization["results"]] == [
        "Kabupaten Barito Kuala (63.04)",
        "Kabupaten Barito Selatan (62.04)",
        "Kabupaten Barito Timur (62.13)",
        "Kabupaten Barito Utara (62.05)",
    ]
    assert all(len(row["id"]) >= 8 for row in for_participant["results"])


def test_region_autocomplete_ignores_one_letter(admin_client, regions):
    assert _autocomplete(admin_client, "participant", "home_region", "a")["results"] == []


def test_registration_autocomplete_queries_do_not_grow(
    admin_client, django_assert_num_queries, regions, reference_data
):
    training = TrainingFactory()
    for count in (1, 19):
        RegistrationFactory.create_batch(count, training=training)

        with django_assert_num_queries(4):
            result = _autocomplete(
                admin_client, "attendance", "registration", "peserta", "trainings"
            )

    assert len(result["results"]) == 20
    assert result["results"][0]["text"].endswith(f" · {training.title}")


def test_region_changelist_renders_no_select(admin_client, regions):
    response = admin_client.get(_changelist_url(Region), {"q": "62"})

    assert response.status_code == 200
    assert (
        response.context["cl"].result_count == Region.objects.filter(code__startswith="62").count()
    )
    assert "<select" not in response.content.decode()


_REGION_OPTION = re.compile(r'<option value="([0-9]{2}\.[0-9.]+)"')


def _region_options(html: str) -> list[str]:
    """Regencies, districts or villages offered in a <select> (an autocomplete
    renders only the chosen one; an empty form renders none)."""
    return _REGION_OPTION.findall(html)


def test_participant_change_form_uses_autocomplete_for_regions(admin_client, regions):
    participant = ParticipantFactory()

    html = admin_client.get(_change_url(participant)).content.decode()

    assert re.search(r'<select [^>]*name="home_region"[^>]*class="admin-autocomplete', html)
    assert _region_options(html) == [TEWEH_TENGAH]  # the chosen one only


# Admins where rows come from elsewhere (the region list, the services, the task worker).
WITHOUT_ADD = {
    "participants.Region",
    "trainings.Registration",
    "trainings.Certificate",
    "trainings.AuditEvent",
    "django_tasks_database.DBTaskResult",
}


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_add_and_change_forms_render_without_listing_regions(admin_client, request, model):
    request.getfixturevalue("regions")
    request.getfixturevalue("reference_data")
    opts = model._meta
    obj = _region(TEWEH_TENGAH) if model is Region else BUILDERS[_label(model)](1)[0]

    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    change = admin_client.get(_change_url(obj))

    assert add.status_code == (403 if _label(model) in WITHOUT_ADD else 200)
    assert change.status_code == 200
    assert _region_options(add.content.decode()) == []
    # An autocomplete renders only the region already chosen, if any.
    assert len(_region_options(change.content.decode())) <= 1


# --- NIK: masked unless the user may see it ----------------------------------------


def _staff(*, full_nik: bool) -> User:
    """Training staff of an agency in Barito Utara, where the factory participants live."""
    user = UserFactory(is_staff=True)
    MembershipFactory(user=user, organization=OrganizationFactory(region=_region("62.05")))
    user.groups.add(Group.objects.get(name=TRAINING_STAFF))
    if full_nik:
        user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    return user


def test_participant_changelist_masks_nik_without_permission(client, regions, reference_data):
    participants = ParticipantFactory.create_batch(3)
    client.force_login(_staff(full_nik=False))

    response = client.get(_changelist_url(Participant))

    html = response.content.decode()
    assert response.status_code == 200
    assert [p.nik for p in participants if p.nik in html] == []
    assert [p.masked_nik for p in participants if p.masked_nik not in html] == []


def test_participant_changelist_shows_full_nik_with_permission(client, regions, reference_data):
    participants = ParticipantFactory.create_batch(3)
    client.force_login(_staff(full_nik=True))

    html = client.get(_changelist_url(Participant)).content.decode()

    assert [p.nik for p in participants if p.nik not in html] == []


def test_participant_change_form_masks_nik_without_permission(client, regions, reference_data):
    participant = ParticipantFactory()
    client.force_login(_staff(full_nik=False))

    html = client.get(_change_url(participant)).content.decode()

    assert participant.nik not in html
    assert participant.masked_nik in html
    assert 'name="nik"' not in html


def test_participant_search_matches_the_exact_nik_only(admin_client, regions):
    wanted, _other = ParticipantFactory.create_batch(2)

    exact = admin_client.get(_changelist_url(Participant), {"q": wanted.nik})
    prefix = admin_client.get(_changelist_url(Participant), {"q": wanted.nik[:12]})
    by_name = admin_client.get(_changelist_url(Participant), {"q": wanted.full_name})

    assert list(exact.context["cl"].result_list) == [wanted]
    assert list(prefix.context["cl"].result_list) == []
    assert list(by_name.context["cl"].result_list) == [wanted]


# --- What the admin refuses -----------------------------------------------------


def test_audit_trail_is_read_only_even_for_superusers(admin_client, regions):
    event = _audit_events(1)[0]
    opts = AuditEvent._meta

    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    change = admin_client.post(_change_url(event), {"action": "diubah"})
    delete = admin_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[event.pk]),
        {"post": "yes"},
    )

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    event.refresh_from_db()
    assert event.action == "training.update"


def test_quota_admin_refuses_quotas_beyond_the_capacity(admin_client, regions, reference_data):
    training = TrainingFactory(capacity=10)
    QuotaFactory(training=training, seats=6)

    response = admin_client.post(
        reverse("admin:trainings_quota_add"),
        {"training": training.pk, "region": "62.05", "seats": "5", "label": ""},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Jumlah kursi kuota (11) melebihi kapasitas pelatihan (10)."
    ]
    assert training.quotas.count() == 1


def test_quota_admin_refuses_fewer_seats_than_taken(admin_client, regions, reference_data):
    quota = QuotaFactory(seats=3)
    Quota.objects.filter(pk=quota.pk).update(seats_taken=2)

    response = admin_client.post(
        _change_url(quota), {"training": quota.training_id, "seats": "1", "label": ""}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "seats": ["Kursi tidak boleh kurang dari yang sudah terisi (2)."]
    }


def test_participant_admin_refuses_an_impossible_nik(admin_client, regions):
    response = admin_client.post(
        reverse("admin:participants_participant_add"),
        {
            "nik": "6205052313850001",  # month 13
            "full_name": "Peserta Contoh",
            "sex": "L",
            "birth_date": "23-10-1985",
            "roles_held-TOTAL_FORMS": "0",
            "roles_held-INITIAL_FORMS": "0",
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "nik": ["Digit ke-9 dan ke-10 NIK (bulan lahir) harus 01–12; tertulis 13."]
    }
    assert not Participant.objects.exists()


def test_registrations_cannot_be_added_or_deleted_in_the_admin(
    admin_client, regions, reference_data
):
    registration = RegistrationFactory()

    add = admin_client.get(reverse("admin:trainings_registration_add"))
    delete = admin_client.post(
        reverse("admin:trainings_registration_delete", args=[registration.pk]), {"post": "yes"}
    )
    change = admin_client.get(_change_url(registration))

    assert (add.status_code, delete.status_code, change.status_code) == (403, 403, 200)
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert list(change.context["adminform"].form.fields) == ["organization_unit", "phone", "email"]
