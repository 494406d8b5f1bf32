"""Merging two records of one person (data ganda): registrations, registry and audit trail
kept; only staff who may see full NIKs and change data get to do it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse

from participants.models import Participant, RoleHeld
from tests.factories import ParticipantFactory, RegistrationFactory, TrainingFactory
from trainings.models import AuditEvent, Registration
from trainings.services.participants import MergeRefused, participant_merge

pytestmark = pytest.mark.django_db

MERGE_URL = "/staff/participants/merge/"


def _grant_full_nik(*users) -> None:
    permission = Permission.objects.get(codename="view_full_nik")
    for user in users:
        user.user_permissions.add(permission)


@pytest.fixture
def twins(world, roles):
    """Siti Rahmah, recorded twice: once as typed by Barito Utara's staff (the record
    kept), once from an older import with a typo in her name and another NIK."""
    keep = ParticipantFactory(
        full_name="Siti Rahmah",
        sex="P",
        birth_date=datetime.date(1985, 10, 23),
        nik="6205056310850001",
        phone="+6281234500001",
        email="",
    )
    remove = ParticipantFactory(
        full_name="Siti Rahma",
        sex="P",
        birth_date=datetime.date(1985, 10, 23),
        nik="6205056310850002",
        phone="+6281234500002",
        email="siti@example.org",
        organization_unit="Karang Taruna Melati",
    )
    RoleHeld.objects.create(participant=keep, role=roles["tksk"])
    RoleHeld.objects.create(
        participant=remove,
        role=roles["tksk"],
        sk_number="400/12/Dinsos/2023",
        year_appointed=2023,
        duty_region_id="62.05.05",
    )
    RoleHeld.objects.create(participant=remove, role=roles["psm"], sk_number="400/7/2022")
    other_training = TrainingFactory(organizer=world.barut, title="Bimtek TKSK Barito Utara")
    return {
        "keep": keep,
        "remove": remove,
        "kept_registration": RegistrationFactory(training=world.barut_training, participant=keep),
        "moved_registration": RegistrationFactory(training=other_training, participant=remove),
        "other_training": other_training,
    }


def _roles(participant) -> list[tuple[str, str, int | None]]:
    return list(
        participant.roles_held.order_by("role__code").values_list(
            "role__code", "sk_number", "year_appointed"
        )
    )


# --- The service -------------------------------------------------------------------------


def test_merge_moves_registrations_and_the_registry(world, twins):
    keep, remove = twins["keep"], twins["remove"]

    survivor = participant_merge(
        actor=world.barut_staff, keep=keep, remove=remove, field_choices={}
    )

    assert survivor.pk == keep.pk
    assert not Participant.objects.filter(pk=remove.pk).exists()
    assert sorted(Registration.objects.filter(participant=keep).values_list("code", flat=True)) == (
        sorted([twins["kept_registration"].code, twins["moved_registration"].code])
    )
    # TKSK: the removed record's row says more (SK, year, duty region), so it stays.
    assert _roles(survivor) == [("psm", "400/7/2022", None), ("tksk", "400/12/Dinsos/2023", 2023)]


def test_merge_takes_the_chosen_values_even_the_nik(world, twins):
    keep, remove = twins["keep"], twins["remove"]

    survivor = participant_merge(
        actor=world.barut_staff,
        keep=keep,
        remove=remove,
        field_choices={"nik": "remove", "email": "remove", "full_name": "keep"},
    )

    survivor.refresh_from_db()
    assert (survivor.nik, survivor.full_name, survivor.email, survivor.phone) == (
        "6205056310850002",
        "Siti Rahmah",
        "siti@example.org",
        "+6281234500001",
    )


def test_merge_writes_one_exact_audit_event(world, twins):
    keep, remove = twins["keep"], twins["remove"]
    remove_id = remove.pk

    participant_merge(
        actor=world.barut_staff, keep=keep, remove=remove, field_choices={"email": "remove"}
    )

    event = AuditEvent.objects.get()
    shared = {
        "sex": "P",
        "birth_place": "Muara Teweh",
        "birth_date": "1985-10-23",
        "home_region": "62.05.05",
        "nip": "",
        "rank": "",
        "position": "",
    }
    before = {
        **shared,
        "nik": "6205056310850001",
        "full_name": "Siti Rahmah",
        "phone": "+6281234500001",
        "email": "",
        "organization_unit": "",
    }
    assert (event.actor, event.action, event.object_id, event.organization, event.training) == (
        world.barut_staff,
        "participant.merge",
        str(keep.pk),
        world.barut,
        None,
    )
    assert event.object_repr == "Siti Rahmah (6205********0001)"
    assert event.changes == {
        "removed_id": remove_id,
        "removed": {
            **shared,
            "nik": "6205056310850002",
            "full_name": "Siti Rahma",
            "phone": "+6281234500002",
            "email": "siti@example.org",
            "organization_unit": "Karang Taruna Melati",
        },
        "fields": {"email": ["", "siti@example.org"]},
        "before": before,
        "after": {**before, "email": "siti@example.org"},
        "registrations_moved": [twins["moved_registration"].code],
        "registrations_dropped": [],
        "roles_moved": ["psm"],
        "roles_merged": {"tksk": "remove"},
    }


def test_merge_refuses_two_active_registrations_in_one_training(world, twins):
    keep, remove = twins["keep"], twins["remove"]
    RegistrationFactory(training=world.barut_training, participant=remove)
    RegistrationFactory(training=twins["other_training"], participant=keep)

    with pytest.raises(MergeRefused) as error:
        participant_merge(actor=world.barut_staff, keep=keep, remove=remove, field_choices={})

    assert error.value.message == (
        "Kedua data masih terdaftar aktif pada pelatihan yang sama: Bimtek TKSK Barito Utara; "
        "Pelatihan Pilar Sosial Barito Utara. Satu orang hanya boleh punya satu pendaftaran "
        "per pelatihan: batalkan salah satunya dulu, lalu gabungkan."
    )
    assert Participant.objects.filter(pk=remove.pk).exists()
    assert Registration.objects.filter(participant=remove).count() == 2
    assert not AuditEvent.objects.exists()


def test_merge_drops_a_cancelled_duplicate_registration(world, twins):
    keep, remove = twins["keep"], twins["remove"]
    cancelled = RegistrationFactory(
        training=world.barut_training,
        participant=remove,
        status=Registration.Status.CANCELLED,
    )

    participant_merge(actor=world.barut_staff, keep=keep, remove=remove, field_choices={})

    assert not Registration.objects.filter(pk=cancelled.pk).exists()
    assert Registration.objects.get(training=world.barut_training).participant == keep
    assert AuditEvent.objects.get().changes["registrations_dropped"] == [cancelled.code]


def test_merge_keeps_the_audit_trail_of_the_removed_record(world, twins):
    remove = twins["remove"]
    remove_id = remove.pk
    earlier = AuditEvent.objects.create(
        actor_label="staf.barut",
        action="registration.submit",
        content_type=ContentType.objects.get_for_model(Participant),
        object_id=str(remove.pk),
        object_repr=str(remove),
        organization=world.barut,
    )

    participant_merge(actor=world.barut_staff, keep=twins["keep"], remove=remove, field_choices={})

    earlier.refresh_from_db()
    assert not Participant.objects.filter(pk=remove_id).exists()
    assert (earlier.object_id, earlier.object_repr) == (
        str(remove_id),
        "Siti Rahma (6205********0002)",
    )


def test_merge_refuses_one_record_and_unknown_fields(world, twins):
    keep = twins["keep"]

    with pytest.raises(MergeRefused) as same:
        participant_merge(actor=None, keep=keep, remove=keep, field_choices={})
    with pytest.raises(MergeRefused) as unknown:
        participant_merge(
            actor=None, keep=keep, remove=twins["remove"], field_choices={"created_at": "remove"}
        )

    assert same.value.message == "Pilih dua data peserta yang berbeda."
    assert unknown.value.message == "Pilihan isian tidak dikenal: created_at."


@pytest.mark.parametrize("outsider_kept", [False, True], ids=["outsider-removed", "outsider-kept"])
def test_merge_refuses_a_record_outside_the_actors_scope(world, twins, roles, outsider_kept):
    outsider = ParticipantFactory(
        full_name="Siti Rahmah", sex="P", birth_date=datetime.date(1985, 10, 23),
        nik="6303056310850003", home_region_id="63.03.05", email="siti.banjar@example.org",
    )  # fmt: skip
    RoleHeld.objects.create(participant=outsider, role=roles["psm"], duty_region_id="63.03.05")
    keep, remove = (outsider, twins["keep"]) if outsider_kept else (twins["keep"], outsider)

    def state():
        return (
            list(Participant.objects.order_by("pk").values_list("pk", "nik", "updated_at")),
            list(Registration.objects.order_by("pk").values_list("pk", "participant")),
            list(RoleHeld.objects.order_by("pk").values_list("pk", "participant")),
            AuditEvent.objects.count(),
        )

    before = state()

    with pytest.raises(MergeRefused) as error:
        participant_merge(actor=world.barut_staff, keep=keep, remove=remove, field_choices={})

    assert error.value.message == (
        "NIK ini tidak dapat digunakan di sini. Hubungi dinas sosial di wilayah asal orang "
        "tersebut."
    )
    assert state() == before


# --- The staff page ----------------------------------------------------------------------


def test_only_writers_with_full_nik_reach_the_merge_page(client, world):
    _grant_full_nik(world.barut_staff, world.barut_supervisor, world.banjar_operator)
    outcomes = {}
    for user in (
        world.barut_staff,
        world.barut_admin,  # no view_full_nik
        world.barut_supervisor,  # full NIK, but reads only
        world.banjar_operator,
    ):
        client.force_login(user)
        outcomes[user.username] = (
            client.get(MERGE_URL).status_code,
            client.post(MERGE_URL).status_code,
        )
    client.logout()
    anonymous = client.get(MERGE_URL)

    assert reverse("staff:participant_merge") == MERGE_URL
    assert outcomes == {
        "staf.barut": (200, 200),
        "admin.barut": (404, 404),
        "kabid.barut": (404, 404),
        "operator.banjar": (404, 404),
    }
    assert anonymous.status_code == 302


def test_merge_page_flow_pick_compare_confirm(client, world, twins):
    keep, remove = twins["keep"], twins["remove"]
    _grant_full_nik(world.barut_staff)
    client.force_login(world.barut_staff)

    compare = client.post(MERGE_URL, {"step": "pick", "nik_a": keep.nik, "nik_b": remove.nik})
    form = compare.context["form"]
    data = {
        "step": "merge",
        "a": keep.pk,
        "b": remove.pk,
        "keep": "a",
        **{name: form[name].value() for name in form.fields if name.startswith("field_")},
        "field_email": "b",
    }
    merged = client.post(MERGE_URL, data)

    html = compare.content.decode()
    assert compare.status_code == 200
    assert keep.nik in html and remove.nik in html  # full NIKs, side by side
    assert merged.status_code == 302
    assert merged["Location"] == MERGE_URL
    assert [str(m) for m in get_messages(merged.wsgi_request)] == [
        "Data peserta digabung menjadi Siti Rahmah (6205********0001)."
    ]
    keep.refresh_from_db()
    assert (keep.email, keep.organization_unit) == ("siti@example.org", "Karang Taruna Melati")
    assert not Participant.objects.filter(pk=remove.pk).exists()


def test_merge_page_shows_the_refusal(client, world, twins):
    keep, remove = twins["keep"], twins["remove"]
    RegistrationFactory(training=world.barut_training, participant=remove)
    _grant_full_nik(world.barut_staff)
    client.force_login(world.barut_staff)
    data = {"step": "merge", "a": keep.pk, "b": remove.pk, "keep": "b"}
    data.update({f"field_{name}": "a" for name in ("nik", "full_name", "sex", "birth_place")})
    data.update(
        {
            f"field_{name}": "b"
            for name in ("birth_date", "phone", "email", "home_region", "organization_unit")
        }
    )
    data.update({f"field_{name}": "b" for name in ("nip", "rank", "position")})

    response = client.post(MERGE_URL, data)

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Kedua data masih terdaftar aktif pada pelatihan yang sama: Pelatihan Pilar Sosial "
        "Barito Utara. Satu orang hanya boleh punya satu pendaftaran per pelatihan: batalkan "
        "salah satunya dulu, lalu gabungkan."
    ]
    assert Participant.objects.filter(pk=remove.pk).exists()


def test_merge_page_finds_only_people_in_scope(client, world, twins):
    _grant_full_nik(world.kapuas_staff)
    client.force_login(world.kapuas_staff)

    response = client.post(
        MERGE_URL, {"step": "pick", "nik_a": twins["keep"].nik, "nik_b": twins["remove"].nik}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "nik_a": ["Tidak ada peserta dengan NIK ini dalam cakupan Anda."],
        "nik_b": ["Tidak ada peserta dengan NIK ini dalam cakupan Anda."],
    }
    assert "Siti" not in response.content.decode()


def test_merge_page_refuses_ids_out_of_scope(client, world, twins):
    _grant_full_nik(world.kapuas_staff)
    client.force_login(world.kapuas_staff)
    data = {"step": "merge", "a": twins["keep"].pk, "b": twins["remove"].pk, "keep": "a"}

    response = client.post(MERGE_URL, data)

    assert response.status_code == 404
    assert Participant.objects.filter(pk=twins["remove"].pk).exists()


def test_the_admin_action_opens_the_comparison(client, world, twins):
    _grant_full_nik(world.barut_staff)
    client.force_login(world.barut_staff)
    changelist = reverse("admin:participants_participant_changelist")

    response = client.post(
        changelist,
        {
            "action": "merge_duplicates",
            "_selected_action": [twins["keep"].pk, twins["remove"].pk],
        },
    )
    compare = client.get(MERGE_URL)

    assert (response.status_code, response["Location"]) == (302, MERGE_URL)
    assert compare.context["people"] == {"a": twins["keep"], "b": twins["remove"]}
    assert twins["remove"].nik in compare.content.decode()


def test_the_admin_action_is_offered_only_to_those_who_may_merge(client, world, twins):
    changelist = reverse("admin:participants_participant_changelist")
    _grant_full_nik(world.barut_staff)
    offered = {}
    for user in (world.barut_staff, world.barut_admin):
        client.force_login(user)
        offered[user.username] = "merge_duplicates" in client.get(changelist).content.decode()

    assert offered == {"staf.barut": True, "admin.barut": False}


def test_masking_still_holds_after_a_merge(client, world, twins):
    keep, remove = twins["keep"], twins["remove"]
    removed_nik = remove.nik
    participant_merge(actor=world.barut_staff, keep=keep, remove=remove, field_choices={})
    client.force_login(world.barut_admin)  # sees the audit trail, not full NIKs
    event = AuditEvent.objects.get(action="participant.merge")

    pages = {
        "admin participant": reverse("admin:participants_participant_change", args=[keep.pk]),
        "admin participants": reverse("admin:participants_participant_changelist"),
        "admin audit event": reverse("admin:trainings_auditevent_change", args=[event.pk]),
        "admin audit trail": reverse("admin:trainings_auditevent_changelist"),
        "staff audit trail": reverse("staff:audit"),
    }
    responses = {name: client.get(url) for name, url in pages.items()}

    assert {name: r.status_code for name, r in responses.items()} == {name: 200 for name in pages}
    leaks = {
        name: [nik for nik in (keep.nik, removed_nik) if nik in r.content.decode()]
        for name, r in responses.items()
    }
    assert leaks == {name: [] for name in pages}
    assert "6205********0002" in responses["admin audit event"].content.decode()
