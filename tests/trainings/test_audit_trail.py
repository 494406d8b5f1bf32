"""The audit trail page (/staff/audit/): agency admins read their organisation's events,
filtered, newest first, in the training's zone, with NIKs masked; everyone else: 404."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from participants.nik import mask_nik
from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    TrainingFactory,
    UserFactory,
)
from tests.personas import make_staff
from trainings.audit import audit_record
from trainings.models import AuditEvent, Membership

URL = reverse("staff:audit")
UTC = datetime.UTC


def at(event: AuditEvent, when: datetime.datetime) -> AuditEvent:
    """``created_at`` is auto_now_add: move it where the test needs it."""
    AuditEvent.objects.filter(pk=event.pk).update(created_at=when)
    event.refresh_from_db()
    return event


def shown(response) -> list[tuple[str, str, str, str]]:
    """(time with zone, actor, action, object) of each row on the page."""
    return [
        (
            f"{row.event.created_at.astimezone(UTC):%Y-%m-%d %H:%M}Z {row.zone_label}",
            row.actor_name,
            row.action_label,
            row.object_name,
        )
        for row in response.context["rows"]
    ]


@pytest.fixture
def trail(world):
    """Events of Barut (two trainings' worth of actions) and of Kalsel."""
    barut_reg = RegistrationFactory(
        training=world.barut_training,
        participant=ParticipantFactory(full_name="Siti Rahmah"),
        code="BRT00001",
    )
    kalsel_reg = RegistrationFactory(
        training=world.kalsel_training,
        participant=ParticipantFactory(full_name="Ahmad Fauzi"),
        code="KSR00001",
    )
    events = {
        "submit": at(
            audit_record(
                actor=None,
                action="registration.submit",
                obj=barut_reg,
                training=world.barut_training,
                changes={"status": "confirmed", "source": "online"},
            ),
            datetime.datetime(2026, 11, 1, 1, 0, tzinfo=UTC),
        ),
        "capacity": at(
            audit_record(
                actor=world.barut_admin,
                action="training.capacity",
                obj=world.barut_training,
                training=world.barut_training,
                changes={"capacity": [30, 50]},
            ),
            datetime.datetime(2026, 11, 2, 3, 0, tzinfo=UTC),
        ),
        "confirm": at(
            audit_record(
                actor=world.barut_staff,
                action="registration.confirm",
                obj=barut_reg,
                training=world.barut_training,
                changes={"status": ["pending", "confirmed"]},
            ),
            datetime.datetime(2026, 11, 3, 2, 30, tzinfo=UTC),
        ),
        "kalsel": at(
            audit_record(
                actor=world.kalsel_staff,
                action="registration.reject",
                obj=kalsel_reg,
                training=world.kalsel_training,
                changes={"status": ["pending", "rejected"], "reason": "Kuota penuh"},
            ),
            datetime.datetime(2026, 11, 2, 0, 0, tzinfo=UTC),
        ),
    }
    return events


def test_agency_admin_sees_only_their_organisations_events_newest_first(client, world, trail):
    client.force_login(world.barut_admin)

    response = client.get(URL)

    assert response.status_code == 200
    assert shown(response) == [
        (
            "2026-11-03 02:30Z WIB",
            "staf.barut",
            "Pendaftaran dikonfirmasi",
            "BRT00001 · Siti Rahmah · Pelatihan Pilar Sosial Barito Utara",
        ),
        (
            "2026-11-02 03:00Z WIB",
            "admin.barut",
            "Kapasitas diubah",
            "Pelatihan Pilar Sosial Barito Utara",
        ),
        (
            "2026-11-01 01:00Z WIB",
            "Publik (tanpa akun)",
            "Pendaftaran masuk",
            "BRT00001 · Siti Rahmah · Pelatihan Pilar Sosial Barito Utara",
        ),
    ]
    html = response.content.decode()
    assert "Ahmad Fauzi" not in html
    assert "KSR00001" not in html


def test_each_event_is_shown_in_its_trainings_zone_with_its_changes(client, world, trail):
    kalsel_admin = make_staff("admin.kalsel", world.kalsel, Membership.Role.AGENCY_ADMIN)
    event = audit_record(
        actor=kalsel_admin, action="quota.update", obj=world.kalsel, organization=world.kalsel,
        changes={"seats": [1, 2], "role_group": "Pendamping sosial"},
    )  # fmt: skip
    at(event, datetime.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    client.force_login(kalsel_admin)

    response = client.get(URL)

    html = response.content.decode()
    rows = response.context["rows"]
    assert [(row.zone_name, row.zone_label) for row in rows] == [
        ("Asia/Jakarta", "WIB"),  # no training: the site's zone
        ("Asia/Makassar", "WITA"),  # the Kalsel bimtek
    ]
    assert [[(c.field, c.before, c.after) for c in row.changes] for row in rows] == [
        [("Kursi", "1", "2"), ("Kelompok unsur", None, "Pendamping sosial")],
        [("Status", "Menunggu persetujuan", "Ditolak"), ("Alasan", None, "Kuota penuh")],
    ]
    assert "2 Nov 2026 08.00</time> WIB" in html  # 01:00 UTC
    assert "2 Nov 2026 08.00</time> WITA" in html  # 00:00 UTC
    assert "Menunggu persetujuan" in html
    assert "Kuota penuh" in html


@pytest.mark.parametrize(
    "persona",
    ["barut_staff", "barut_supervisor", "kalteng_staff", "kalsel_staff", "banjar_operator"],
)
def test_audit_trail_is_a_404_for_everyone_but_agency_admins(client, world, trail, persona):
    client.force_login(getattr(world, persona))

    assert client.get(URL).status_code == 404


def test_the_permission_alone_is_not_enough(client, world, trail):
    staff = world.barut_staff
    staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client.force_login(staff)

    assert client.get(URL).status_code == 404


def test_a_user_without_membership_gets_404_and_anonymous_the_login(client, world, trail):
    anonymous = client.get(URL)
    client.force_login(UserFactory(username="tanpa.lembaga"))
    stranger = client.get(URL)

    assert (anonymous.status_code, anonymous["Location"]) == (
        302,
        f"{reverse('staff:login')}?next={URL}",
    )
    assert stranger.status_code == 404


def test_superuser_sees_every_organisations_events(client, world, trail):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    response = client.get(URL)

    assert [row.event.pk for row in response.context["rows"]] == [
        trail["confirm"].pk,
        trail["capacity"].pk,
        trail["kalsel"].pk,
        trail["submit"].pk,
    ]


def _ids(response) -> list[int]:
    return [row.event.pk for row in response.context["rows"]]


def test_filters_by_training_action_actor_and_dates(client, world, trail):
    other_training = TrainingFactory(
        organizer=world.barut, title="Bimtek Tagana Barito Utara", slug="bimtek-tagana-barut"
    )
    elsewhere = at(
        audit_record(
            actor=world.barut_admin, action="training.capacity", obj=other_training,
            training=other_training, changes={"capacity": [10, 12]},
        ),
        datetime.datetime(2026, 11, 4, 0, 0, tzinfo=UTC),
    )  # fmt: skip
    client.force_login(world.barut_admin)

    by_training = client.get(URL, {"training": other_training.pk})
    by_action = client.get(URL, {"action": "training.capacity"})
    by_actor = client.get(URL, {"actor": world.barut_staff.pk})
    by_public = client.get(URL, {"actor": "public"})
    # 2 Nov 2026 in WIB: 1 Nov 17:00 UTC up to 2 Nov 17:00 UTC.
    by_day = client.get(URL, {"date_from": "2026-11-02", "date_to": "2026-11-02"})
    from_day = client.get(URL, {"date_from": "2026-11-03"})
    combined = client.get(URL, {"action": "training.capacity", "training": world.barut_training.pk})

    assert _ids(by_training) == [elsewhere.pk]
    assert _ids(by_action) == [elsewhere.pk, trail["capacity"].pk]
    assert _ids(by_actor) == [trail["confirm"].pk]
    assert _ids(by_public) == [trail["submit"].pk]
    assert _ids(by_day) == [trail["capacity"].pk]
    assert _ids(from_day) == [elsewhere.pk, trail["confirm"].pk]
    assert _ids(combined) == [trail["capacity"].pk]


def test_another_organisations_training_is_not_a_filter_choice(client, world, trail):
    client.force_login(world.barut_admin)

    response = client.get(URL, {"training": world.kalsel_training.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["training"]
    assert world.kalsel_training.title not in html
    assert _ids(response) == [trail["confirm"].pk, trail["capacity"].pk, trail["submit"].pk]


def test_a_reversed_date_range_is_refused_with_a_message(client, world, trail):
    client.force_login(world.barut_admin)

    response = client.get(URL, {"date_from": "2026-11-03", "date_to": "2026-11-01"})

    assert response.context["form"].errors["date_to"] == [
        "Tanggal akhir tidak boleh sebelum tanggal awal."
    ]


# --- NIKs in the changes --------------------------------------------------------


@pytest.fixture
def nik_event(world):
    participant = ParticipantFactory(full_name="Siti Rahmah")
    old_nik = participant.nik[:-4] + "9999"
    return (
        participant,
        old_nik,
        audit_record(
            actor=world.barut_admin,
            action="participant.merge",
            obj=participant,
            organization=world.barut,
            changes={
                "nik": [old_nik, participant.nik],
                "note": f"duplikat {old_nik} digabung",
                "removed": {"nik": old_nik, "full_name": "Siti Rahma"},
            },
        ),
    )


def test_niks_in_the_trail_are_masked_without_view_full_nik(client, world, nik_event):
    participant, old_nik, _event = nik_event
    client.force_login(world.barut_admin)

    response = client.get(URL)

    html = response.content.decode()
    (row,) = response.context["rows"]
    assert [(c.field, c.before, c.after) for c in row.changes] == [
        ("NIK", mask_nik(old_nik), mask_nik(participant.nik)),
        ("Data yang dihapus", None, f'{{"full_name": "Siti Rahma", "nik": "{mask_nik(old_nik)}"}}'),
        ("note", None, f"duplikat {mask_nik(old_nik)} digabung"),
    ]
    assert row.object_name == f"Siti Rahmah ({mask_nik(participant.nik)})"
    assert participant.nik not in html
    assert old_nik not in html


def test_niks_in_the_trail_are_whole_with_view_full_nik(client, world, nik_event):
    participant, old_nik, _event = nik_event
    admin = world.barut_admin
    admin.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    client.force_login(admin)

    response = client.get(URL)

    grant, row = response.context["rows"]  # newest first: the grant was made just now
    assert (grant.event.action, grant.actor_name, grant.full_niks) == (
        "nik.permission_grant",
        "sistem",
        0,
    )
    assert [(c.field, c.before, c.after) for c in row.changes] == [
        ("NIK", old_nik, participant.nik),
        ("Data yang dihapus", None, f'{{"full_name": "Siti Rahma", "nik": "{old_nik}"}}'),
        ("note", None, f"duplikat {old_nik} digabung"),
    ]
    assert old_nik in response.content.decode()
    # Showing them is on the trail too: one event for the page, with how many it showed.
    viewed = AuditEvent.objects.get(action="nik.full_view")
    assert (viewed.actor, viewed.changes) == (
        admin,
        {"path": URL, "method": "GET", "niks": row.full_niks},
    )
    assert row.full_niks == 4  # old and new NIK, the removed record, the note


# --- pages and query budget -----------------------------------------------------


def _events(world, n: int) -> None:
    """n events alternating between a WIB training, a WITA one and none."""
    trainings = [world.barut_training, world.kalsel_training, None]
    for i in range(n):
        training = trainings[i % 3]
        audit_record(
            actor=world.barut_staff if i % 2 else None,
            action="training.capacity",
            obj=training or world.barut,
            training=training,
            organization=world.barut,
            changes={"capacity": [30 + i, 31 + i], "note": "6205054310850001"},
        )


@pytest.mark.parametrize("n", [1, 20])
def test_audit_trail_query_count_is_constant(client, django_assert_num_queries, world, n):
    _events(world, n)
    client.force_login(world.barut_admin)

    with django_assert_num_queries(9):
        response = client.get(URL)

    assert len(response.context["rows"]) == n


def test_audit_trail_pages_by_fifty_and_keeps_the_filters(client, world):
    _events(world, 51)
    client.force_login(world.barut_admin)

    first = client.get(URL, {"action": "training.capacity"})
    second = client.get(URL, {"action": "training.capacity", "page": 2})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 1
    assert "?action=training.capacity&amp;page=2" in first.content.decode()
    assert second.context["rows"][0].event.pk == min(
        AuditEvent.objects.values_list("pk", flat=True)
    )
