"""Nominations: a regency operator proposes people into their cells; the province decides.

The world (tests/personas.py): Dinsos Kalsel's bimtek requires approval and has,
for Kabupaten Banjar (63.03) and Barito Kuala (63.04), one seat of "Pendamping
sosial" and one of "Petugas Dinas Sosial"; ``banjar_operator`` fills 63.03's.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from participants.models import Participant, Region, RoleHeld
from participants.nik import build_nik, mask_nik
from tests.factories import (
    ParticipantFactory,
    QuotaFactory,
    RegistrationFactory,
    RoleGroupFactory,
)
from tests.forms import MARTAPURA, new_person_post, placement, written
from tests.personas import make_staff
from tests.registrations import tasks_queued
from trainings import access
from trainings.errors import CapacityError
from trainings.models import AuditEvent, Membership, Registration
from trainings.services import InvalidTransition, PersonDetails, registration_confirm
from trainings.services.nominations import NominationError, nomination_return, nomination_submit

BIRTH = datetime.date(1988, 5, 17)


# --- helpers and fixtures ---------------------------------------------------------------------


def audit() -> list[tuple[str, str, str, dict]]:
    return [
        (event.action, event.object_id, event.actor_label, event.changes)
        for event in AuditEvent.objects.order_by("pk")
    ]


def banjar_person(name: str, serial: int, *, district: str = MARTAPURA, **kwargs) -> Participant:
    return ParticipantFactory(
        full_name=name,
        nik=build_nik(district_code=district, birth_date=BIRTH, sex="L", serial=serial),
        birth_date=BIRTH,
        birth_place="Martapura",
        home_region=Region.objects.get(code=district),
        **kwargs,
    )


@pytest.fixture
def training(world):
    return world.kalsel_training


@pytest.fixture
def operator(world):
    return world.banjar_operator


@pytest.fixture
def cells(training):
    def cell(region: str, group: str):
        return training.quotas.get(region_id=region, role_group__name=group)

    return {
        "pendamping": cell("63.03", "Pendamping sosial"),
        "petugas": cell("63.03", "Petugas Dinas Sosial"),
        "batola_pendamping": cell("63.04", "Pendamping sosial"),
    }


@pytest.fixture
def amir(world, roles):
    person = banjar_person("Amir Hamzah", 11, email="amir@example.org")
    RoleHeld.objects.create(
        participant=person,
        role=roles["pendamping-sosial"],
        sk_number="188.45/0123/KUM/2024",
        year_appointed=2024,
        duty_region=Region.objects.get(code=MARTAPURA),
    )
    return person


@pytest.fixture
def budi(world):
    return banjar_person("Budi Santoso", 12)


def nominate(operator, training, cell, person, role, **kwargs) -> Registration:
    return nomination_submit(
        actor=operator, training=training, quota=cell, person=person, role=role, **kwargs
    ).registration


def new_person(serial: int = 21, **overrides) -> PersonDetails:
    values = {
        "nik": build_nik(district_code=MARTAPURA, birth_date=BIRTH, sex="P", serial=serial),
        "full_name": "Siti Aminah",
        "sex": "P",
        "birth_date": BIRTH,
        "birth_place": "Martapura",
        "phone": "+6281355550001",
        "email": "siti@example.org",
        "home_region_id": MARTAPURA,
        "organization_unit": "Dinas Sosial Kabupaten Banjar",
    }
    return PersonDetails(**{**values, **overrides})


# --- nomination_submit --------------------------------------------------------------------------


def test_nomination_submit_registry_person_goes_pending_in_the_operators_cell(
    training, operator, cells, amir, roles
):
    registration = nominate(
        operator, training, cells["pendamping"], amir, roles["pendamping-sosial"]
    )

    registration.refresh_from_db()
    assert (
        registration.participant_id,
        registration.status,
        registration.source,
        registration.quota_id,
        registration.region_represented_id,
        registration.role.code,
        registration.consent_at,
        registration.replaces_id,
        registration.phone,
        registration.email,
    ) == (
        amir.pk,
        "pending",
        "nomination",
        cells["pendamping"].pk,
        "63.03",
        "pendamping-sosial",
        None,
        None,
        amir.phone,
        "amir@example.org",
    )
    assert audit() == [
        (
            "registration.submit",
            str(registration.pk),
            "operator.banjar",
            {
                "status": "pending",
                "quota": cells["pendamping"].pk,
                "waitlist_position": None,
                "source": "nomination",
                "participant_created": False,
            },
        )
    ]
    assert tasks_queued() == [
        ("send_registration_notice", {"registration_id": registration.pk, "kind": "received"})
    ]
    cells["pendamping"].refresh_from_db()
    assert cells["pendamping"].seats_taken == 0


def test_nomination_submit_new_person_is_created_through_the_same_path(
    training, operator, cells, roles
):
    registration = nominate(
        operator, training, cells["petugas"], new_person(), roles["petugas-dinsos"]
    )

    person = Participant.objects.get(nik=new_person().nik)
    assert (
        person.full_name,
        person.sex,
        person.birth_date,
        person.phone,
        person.email,
        person.home_region_id,
        person.organization_unit,
    ) == (
        "Siti Aminah",
        "P",
        BIRTH,
        "+6281355550001",
        "siti@example.org",
        MARTAPURA,
        "Dinas Sosial Kabupaten Banjar",
    )
    assert (registration.participant_id, registration.status, registration.quota_id) == (
        person.pk,
        "pending",
        cells["petugas"].pk,
    )
    assert [event[3]["participant_created"] for event in audit()] == [True]


def test_nomination_submit_into_another_regencys_cell_is_refused_and_writes_nothing(
    training, operator, cells, amir, roles
):
    before = written()

    with pytest.raises(NominationError) as error:
        nominate(operator, training, cells["batola_pendamping"], amir, roles["pendamping-sosial"])

    assert error.value.message == "Sel kuota ini bukan milik kabupaten/kota Anda."
    assert written() == before


def test_nomination_submit_by_provincial_staff_is_refused(world, training, cells, amir, roles):
    with pytest.raises(NominationError):
        nominate(
            world.kalsel_staff, training, cells["pendamping"], amir, roles["pendamping-sosial"]
        )

    assert Registration.objects.count() == 0


def test_nomination_submit_role_outside_the_cells_group_is_refused(
    training, operator, cells, amir, roles
):
    with pytest.raises(NominationError) as error:
        nominate(operator, training, cells["pendamping"], amir, roles["petugas-dinsos"])

    assert error.value.message == (
        "Unsur Petugas Dinas Sosial tidak sesuai dengan sel kuota "
        "Kabupaten Banjar · Pendamping sosial · 1."
    )
    assert Registration.objects.count() == 0


def test_nomination_submit_role_of_the_group_but_not_eligible_is_refused(
    training, operator, amir, roles
):
    group = RoleGroupFactory(
        name="TKSK dan pendamping", roles=[roles["tksk"], roles["pendamping-sosial"]]
    )
    cell = QuotaFactory(
        training=training, region=Region.objects.get(code="63.03"), role_group=group, seats=2,
        label="Sel campuran",
    )  # fmt: skip

    with pytest.raises(NominationError) as error:
        nominate(operator, training, cell, amir, roles["tksk"])

    assert (
        error.value.message
        == "Unsur Tenaga Kesejahteraan Sosial Kecamatan tidak sesuai dengan sel kuota Sel campuran."
    )


def test_nomination_submit_beyond_the_seats_stays_pending_and_the_province_confirms_up_to_them(
    world, training, operator, cells, amir, budi, roles
):
    first = nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    second = nominate(operator, training, cells["pendamping"], budi, roles["pendamping-sosial"])
    assert (first.status, second.status) == ("pending", "pending")

    registration_confirm(actor=world.kalsel_staff, registration=first)
    with pytest.raises(CapacityError):
        registration_confirm(actor=world.kalsel_staff, registration=second)

    assert list(
        Registration.objects.order_by("pk").values_list("participant__full_name", "status")
    ) == [("Amir Hamzah", "confirmed"), ("Budi Santoso", "pending")]
    cells["pendamping"].refresh_from_db()
    assert cells["pendamping"].seats_taken == 1


def test_nomination_submit_someone_already_registered_is_refused_without_a_reminder(
    training, operator, cells, amir, roles
):
    nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    before = written()

    with pytest.raises(NominationError) as error:
        nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])

    assert error.value.message == (
        "Amir Hamzah sudah terdaftar pada pelatihan ini (menunggu persetujuan)."
    )
    assert written() == before  # no second audit event, no code reminder queued


# --- nomination_return --------------------------------------------------------------------------


def test_nomination_return_rejects_with_the_reason_audit_and_notice(
    world, training, operator, cells, amir, roles
):
    registration = nominate(
        operator, training, cells["pendamping"], amir, roles["pendamping-sosial"]
    )
    AuditEvent.objects.all().delete()
    DBTaskResult.objects.all().delete()

    promoted = nomination_return(
        actor=world.kalsel_staff, registration=registration, reason="  SK pendamping sudah habis. "
    )

    registration.refresh_from_db()
    assert promoted is None
    assert (
        registration.status,
        registration.decision_reason,
        registration.decided_by,
        registration.decided_at is not None,
    ) == ("rejected", "SK pendamping sudah habis.", world.kalsel_staff, True)
    assert audit() == [
        (
            "nomination.return",
            str(registration.pk),
            "staf.kalsel",
            {"status": ["pending", "rejected"], "reason": "SK pendamping sudah habis."},
        )
    ]
    assert tasks_queued() == [
        ("send_registration_notice", {"registration_id": registration.pk, "kind": "rejected"})
    ]


def test_nomination_return_of_a_confirmed_nomination_frees_its_seat(
    world, training, operator, cells, amir, roles
):
    registration = nominate(
        operator, training, cells["pendamping"], amir, roles["pendamping-sosial"]
    )
    registration_confirm(actor=world.kalsel_staff, registration=registration)

    nomination_return(actor=world.kalsel_staff, registration=registration, reason="Berhalangan.")

    cells["pendamping"].refresh_from_db()
    training.refresh_from_db()
    assert (cells["pendamping"].seats_taken, training.seats_taken) == (0, 0)


def test_nomination_return_needs_a_reason_and_a_nomination(
    world, training, operator, cells, amir, roles
):
    registration = nominate(
        operator, training, cells["pendamping"], amir, roles["pendamping-sosial"]
    )
    online = RegistrationFactory(
        training=training,
        role=roles["pendamping-sosial"],
        status="pending",
        quota=cells["pendamping"],
    )

    with pytest.raises(NominationError) as no_reason:
        nomination_return(actor=world.kalsel_staff, registration=registration, reason="  ")
    with pytest.raises(InvalidTransition) as not_nomination:
        nomination_return(actor=world.kalsel_staff, registration=online, reason="Bukan usulan.")

    assert (no_reason.value.message, not_nomination.value.message) == (
        "Alasan pengembalian wajib diisi.",
        "Hanya usulan kabupaten/kota yang dapat dikembalikan.",
    )
    assert sorted(Registration.objects.values_list("status", flat=True)) == ["pending", "pending"]


def test_nomination_return_of_an_ended_nomination_is_refused(
    world, training, operator, cells, amir, roles
):
    registration = nominate(
        operator, training, cells["pendamping"], amir, roles["pendamping-sosial"]
    )
    nomination_return(actor=world.kalsel_staff, registration=registration, reason="Tidak sesuai.")

    with pytest.raises(InvalidTransition) as error:
        nomination_return(actor=world.kalsel_staff, registration=registration, reason="Lagi.")

    assert error.value.message == "Pendaftaran ini sudah berstatus ditolak."


# --- replacements (pengganti) ---------------------------------------------------------------------


@pytest.fixture
def sent_back(world, training, operator, cells, amir, roles):
    registration = nominate(
        operator, training, cells["pendamping"], amir, roles["pendamping-sosial"]
    )
    nomination_return(actor=world.kalsel_staff, registration=registration, reason="SK habis.")
    registration.refresh_from_db()
    AuditEvent.objects.all().delete()
    DBTaskResult.objects.all().delete()
    return registration


def test_replacement_links_to_the_sent_back_nomination_which_keeps_its_history(
    training, operator, cells, sent_back, budi, roles
):
    replacement = nominate(
        operator,
        training,
        cells["pendamping"],
        budi,
        roles["pendamping-sosial"],
        replaces=sent_back,
    )

    sent_back.refresh_from_db()
    assert (replacement.replaces_id, replacement.status, replacement.source) == (
        sent_back.pk,
        "pending",
        "nomination",
    )
    assert (sent_back.status, sent_back.decision_reason, list(sent_back.replaced_by.all())) == (
        "rejected",
        "SK habis.",
        [replacement],
    )
    assert [(action, object_id, changes) for action, object_id, _actor, changes in audit()] == [
        (
            "registration.submit",
            str(replacement.pk),
            {
                "status": "pending",
                "quota": cells["pendamping"].pk,
                "waitlist_position": None,
                "source": "nomination",
                "participant_created": False,
            },
        ),
        (
            "nomination.replace",
            str(replacement.pk),
            {"replaces": sent_back.code, "replaced_status": "rejected"},
        ),
    ]


def test_replacement_for_a_cancelled_nomination_is_allowed(
    training, operator, cells, amir, budi, roles
):
    from trainings.services import registration_cancel

    old = nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    registration_cancel(actor=None, registration=old, reason="Sakit.")
    old.refresh_from_db()

    replacement = nominate(
        operator, training, cells["pendamping"], budi, roles["pendamping-sosial"], replaces=old
    )

    assert (replacement.replaces_id, old.status) == (old.pk, "cancelled")


def test_replacement_is_refused_twice_for_pending_for_another_cell_and_for_the_same_person(
    training, operator, cells, sent_back, amir, budi, roles
):
    carla = banjar_person("Carla Dewi", 13)
    nominate(
        operator,
        training,
        cells["pendamping"],
        budi,
        roles["pendamping-sosial"],
        replaces=sent_back,
    )
    pending = Registration.objects.get(participant=budi)
    before = written()
    attempts = [
        dict(
            quota=cells["pendamping"],
            person=carla,
            role=roles["pendamping-sosial"],
            replaces=sent_back,
        ),
        dict(
            quota=cells["pendamping"],
            person=carla,
            role=roles["pendamping-sosial"],
            replaces=pending,
        ),
        dict(
            quota=cells["petugas"], person=carla, role=roles["petugas-dinsos"], replaces=sent_back
        ),
    ]
    messages = []
    for attempt in attempts:
        with pytest.raises(NominationError) as error:
            nomination_submit(actor=operator, training=training, **attempt)
        messages.append(error.value.message)

    assert messages == [
        "Usulan ini sudah memiliki pengganti.",
        "Hanya usulan yang dikembalikan atau dibatalkan yang dapat diganti.",
        "Pengganti harus diusulkan ke sel kuota yang sama.",
    ]
    assert written() == before


def test_replacement_by_the_same_person_is_refused(
    training, operator, cells, sent_back, amir, roles
):
    with pytest.raises(NominationError) as error:
        nominate(
            operator,
            training,
            cells["pendamping"],
            amir,
            roles["pendamping-sosial"],
            replaces=sent_back,
        )

    assert error.value.message == (
        "Pengganti harus orang lain. Untuk mengusulkan orang yang sama, usulkan ulang."
    )


# --- the operator's page ----------------------------------------------------------------------


def page_url(training, name: str = "nominations") -> str:
    return reverse(f"staff:{name}", kwargs={"pk": training.pk})


def cell_rows(response) -> list[tuple[str, int, int, int, list[tuple[str, str, str]]]]:
    """Each cell shown: label, seats, confirmed, pending, and its (name, status, reason)."""
    return [
        (
            cell.role_group.name,
            cell.seats,
            cell.confirmed,
            cell.pending,
            [(r.participant.full_name, r.status, r.decision_reason) for r in cell.entries],
        )
        for cell in response.context["cells"]
    ]


def test_operator_page_shows_only_their_cells_with_counts_people_and_reasons(
    client, world, training, operator, cells, amir, budi, roles
):
    old = nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    nomination_return(actor=world.kalsel_staff, registration=old, reason="SK habis.")
    nominate(
        operator, training, cells["pendamping"], budi, roles["pendamping-sosial"], replaces=old
    )
    batola = banjar_person("Dewi Batola", 31, district="63.04.01")
    RegistrationFactory(
        participant=batola, training=training, role=roles["pendamping-sosial"],
        quota=cells["batola_pendamping"], status="pending", source="nomination",
    )  # fmt: skip
    client.force_login(operator)

    response = client.get(page_url(training))

    assert response.status_code == 200
    assert cell_rows(response) == [
        (
            "Pendamping sosial",
            1,
            0,
            1,
            [("Amir Hamzah", "rejected", "SK habis."), ("Budi Santoso", "pending", "")],
        ),
        ("Petugas Dinas Sosial", 1, 0, 0, []),
    ]
    html = response.content.decode()
    assert "Alasan dikembalikan: SK habis." in html
    assert f"Pengganti untuk Amir Hamzah ({mask_nik(amir.nik)}, ditolak)" in html
    assert f"Digantikan oleh Budi Santoso ({mask_nik(budi.nik)}, menunggu persetujuan)" in html
    assert mask_nik(amir.nik) in html
    for person in (amir, budi, batola):
        assert person.nik not in html
    assert "Dewi Batola" not in html
    # The sent-back nomination already has its replacement: no second one offered.
    assert "?pengganti=" not in html


def test_operator_search_by_exact_nik_shows_roles_held_and_registration_here(
    client, training, operator, cells, amir, roles
):
    nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    client.force_login(operator)

    response = client.post(page_url(training), {"q": amir.nik[:8] + " " + amir.nik[8:]})

    people = response.context["people"]
    assert [(p.full_name, p.status_here, p.active_here) for p in people] == [
        ("Amir Hamzah", "pending", True)
    ]
    html = response.content.decode()
    assert "Pendamping Sosial — SK 188.45/0123/KUM/2024 (2024), wilayah tugas Martapura" in html
    assert "Sudah terdaftar pada pelatihan ini (menunggu persetujuan)." in html
    assert amir.nik not in html


def test_operator_search_by_nik_in_the_url_is_refused(client, training, operator, amir):
    client.force_login(operator)

    response = client.get(page_url(training), {"q": amir.nik})

    assert (response.status_code, response.context["people"]) == (400, [])
    assert response.context["search"].errors == {
        "q": [
            "NIK tidak boleh dikirim lewat alamat halaman. Ketik NIK di kotak pencarian, lalu "
            "tekan Cari."
        ]
    }
    assert "Amir Hamzah" not in response.content.decode()


def test_operator_search_box_posts_and_no_form_puts_the_query_into_a_url(
    client, training, operator, cells, amir, roles
):
    client.force_login(operator)

    page = client.get(page_url(training)).content.decode()
    found = client.post(page_url(training), {"q": amir.nik})

    html = found.content.decode()
    assert f'<form method="post" action="{page_url(training)}" role="search"' in page
    assert [p.full_name for p in found.context["people"]] == ["Amir Hamzah"]
    nominate_url = reverse("staff:nomination_nominate", kwargs={"pk": training.pk})
    new_url = reverse("staff:nomination_new", kwargs={"pk": training.pk})
    assert f'action="{nominate_url}"' in html and f'action="{new_url}"' in html
    assert "?q=" not in html


def test_operator_search_by_name_finds_only_people_in_their_scope(
    client, training, operator, amir, budi
):
    banjar_person("Amir Batola", 32, district="63.04.01")  # Barito Kuala: not theirs
    client.force_login(operator)

    response = client.get(page_url(training), {"q": "amir"})

    assert [(p.full_name, p.suggested) for p in response.context["people"]] == [
        ("Amir Hamzah", f"{response.context['choices'][0].value}")
    ]
    assert [c.label for c in response.context["choices"]] == [
        "Pendamping sosial — Pendamping Sosial",
        "Petugas Dinas Sosial — Petugas Dinsos",
    ]


def test_operator_search_too_short_shows_its_error(client, training, operator, amir):
    client.force_login(operator)

    response = client.get(page_url(training), {"q": "am"})

    assert (response.context["people"], response.context["search"].errors) == (
        [],
        {"q": ["Ketik NIK lengkap atau minimal 3 huruf nama."]},
    )


def test_operator_nominates_a_found_person(client, training, operator, cells, amir, roles):
    client.force_login(operator)

    response = client.post(
        reverse("staff:nomination_nominate", kwargs={"pk": training.pk}),
        {
            "participant": amir.pk,
            "placement": placement(cells["pendamping"], roles["pendamping-sosial"]),
        },
    )

    assert (response.status_code, response["Location"]) == (
        302,
        f"{page_url(training)}#sel-{cells['pendamping'].pk}",
    )
    assert list(
        Registration.objects.values_list(
            "participant__full_name", "status", "source", "quota", "region_represented"
        )
    ) == [("Amir Hamzah", "pending", "nomination", cells["pendamping"].pk, "63.03")]


def test_operator_adds_a_new_person_and_nominates_them(client, training, operator, cells, roles):
    client.force_login(operator)

    response = client.post(
        reverse("staff:nomination_new", kwargs={"pk": training.pk}),
        new_person_post(cells["petugas"], roles["petugas-dinsos"]),
    )

    assert response.status_code == 302
    assert list(
        Registration.objects.values_list(
            "participant__nik",
            "participant__full_name",
            "participant__phone",
            "participant__home_region",
            "status",
            "source",
            "quota",
            "consent_at",
        )
    ) == [
        (
            new_person().nik,
            "Siti Aminah",
            "+6281355550001",
            MARTAPURA,
            "pending",
            "nomination",
            cells["petugas"].pk,
            None,
        )
    ]


def test_operator_new_person_outside_their_regency_is_a_form_error(
    client, training, operator, cells, roles
):
    client.force_login(operator)
    before = written()

    response = client.post(
        reverse("staff:nomination_new", kwargs={"pk": training.pk}),
        new_person_post(cells["petugas"], roles["petugas-dinsos"], district="63.04.01"),
    )

    assert response.status_code == 400
    assert response.context["new_form"].errors == {
        "district": ["Pilih kecamatan di Kabupaten Banjar."]
    }
    assert written() == before


def test_operator_new_person_with_nik_warnings_must_confirm(
    client, training, operator, cells, roles
):
    client.force_login(operator)
    url = reverse("staff:nomination_new", kwargs={"pk": training.pk})
    data = new_person_post(cells["petugas"], roles["petugas-dinsos"], sex="L")

    refused = client.post(url, data)
    shown = refused.context["new_form"].warnings_digest
    accepted = client.post(
        url, {**data, "new-confirm_warnings": "on", "new-warnings_digest": shown}
    )

    assert (refused.status_code, [w.code for w in refused.context["new_form"].nik_warnings]) == (
        400,
        ["sex"],
    )
    assert accepted.status_code == 302
    assert list(Participant.objects.filter(nik=new_person().nik).values_list("sex", flat=True)) == [
        "L"
    ]


def test_operator_post_naming_another_regencys_cell_or_person_writes_nothing(
    client, training, operator, cells, amir, roles
):
    batola = banjar_person("Dewi Batola", 31, district="63.04.01")
    client.force_login(operator)
    url = reverse("staff:nomination_nominate", kwargs={"pk": training.pk})
    before = written()

    foreign_cell = client.post(
        url,
        {
            "participant": amir.pk,
            "placement": placement(cells["batola_pendamping"], roles["pendamping-sosial"]),
        },
    )
    foreign_person = client.post(
        url,
        {
            "participant": batola.pk,
            "placement": placement(cells["pendamping"], roles["pendamping-sosial"]),
        },
    )
    wrong_role = client.post(
        url,
        {
            "participant": amir.pk,
            "placement": placement(cells["pendamping"], roles["petugas-dinsos"]),
        },
    )

    assert [
        (r.status_code, r.context["errors"]) for r in (foreign_cell, foreign_person, wrong_role)
    ] == [
        (400, ["Pilih salah satu sel kuota kabupaten/kota Anda."]),
        (400, ["Orang ini tidak ditemukan di registri Anda."]),
        (400, ["Pilih salah satu sel kuota kabupaten/kota Anda."]),
    ]
    assert written() == before


def test_operator_replacement_flow_through_the_page(
    client, world, training, operator, cells, sent_back, budi, roles
):
    client.force_login(operator)
    page = client.get(page_url(training))
    assert f"?pengganti={sent_back.code}" in page.content.decode()

    replacing = client.get(page_url(training), {"pengganti": sent_back.code, "q": "budi"})
    assert (replacing.context["replacing"], [c.value for c in replacing.context["choices"]]) == (
        sent_back,
        [placement(cells["pendamping"], roles["pendamping-sosial"])],
    )
    response = client.post(
        reverse("staff:nomination_nominate", kwargs={"pk": training.pk})
        + f"?pengganti={sent_back.code}&q=budi",
        {
            "participant": budi.pk,
            "placement": placement(cells["pendamping"], roles["pendamping-sosial"]),
            "replaces": sent_back.code,
        },
    )

    assert response.status_code == 302
    assert list(
        Registration.objects.order_by("pk").values_list(
            "participant__full_name", "status", "replaces"
        )
    ) == [("Amir Hamzah", "rejected", None), ("Budi Santoso", "pending", sent_back.pk)]


def test_operator_replacement_of_a_pending_nomination_is_404(
    client, training, operator, cells, amir, roles
):
    pending = nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    client.force_login(operator)

    assert client.get(page_url(training), {"pengganti": pending.code}).status_code == 404


# --- scope ---------------------------------------------------------------------------------------


@pytest.fixture
def batola_operator(world):
    return make_staff(
        "operator.batola", world.banjar, Membership.Role.REGENCY_OPERATOR,
        region=Region.objects.get(code="63.04"),
    )  # fmt: skip


def test_operator_of_an_uninvited_regency_gets_404(client, world, training, cells, amir, roles):
    tala = make_staff(
        "operator.tala", world.banjar, Membership.Role.REGENCY_OPERATOR,
        region=Region.objects.get(code="63.01"),
    )  # fmt: skip
    client.force_login(tala)
    before = written()

    responses = [
        client.get(page_url(training)),
        client.post(
            reverse("staff:nomination_nominate", kwargs={"pk": training.pk}),
            {
                "participant": amir.pk,
                "placement": placement(cells["pendamping"], roles["pendamping-sosial"]),
            },
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404]
    assert written() == before


def test_operator_of_another_regency_sees_only_theirs_and_cannot_fill_banjars(
    client, training, operator, batola_operator, cells, amir, roles
):
    nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    client.force_login(batola_operator)
    before = written()

    page = client.get(page_url(training))
    post = client.post(
        reverse("staff:nomination_nominate", kwargs={"pk": training.pk}),
        {
            "participant": amir.pk,
            "placement": placement(cells["pendamping"], roles["pendamping-sosial"]),
        },
    )
    review = client.get(page_url(training, "nomination_review"))
    decide = client.post(
        reverse(
            "staff:nomination_confirm",
            kwargs={"pk": training.pk, "code": Registration.objects.get().code},
        )
    )

    assert [c.region_id for c in page.context["cells"]] == ["63.04", "63.04"]
    assert "Amir Hamzah" not in page.content.decode()
    assert [post.status_code, review.status_code, decide.status_code] == [400, 404, 404]
    assert written() == before


def test_operator_never_reaches_admin(client, operator):
    client.force_login(operator)

    index = client.get("/admin/")
    changelist = client.get("/admin/trainings/registration/")

    assert [(r.status_code, r["Location"]) for r in (index, changelist)] == [
        (302, "/admin/login/?next=/admin/"),
        (302, "/admin/login/?next=/admin/trainings/registration/"),
    ]


def test_other_staff_are_sent_from_the_operator_page_to_the_review(client, world, training):
    client.force_login(world.kalsel_staff)

    response = client.get(page_url(training))

    assert (response.status_code, response["Location"]) == (
        302,
        page_url(training, "nomination_review"),
    )


@pytest.mark.parametrize(
    "persona", ["kalteng_staff", "barut_staff", "barut_supervisor", "kapuas_staff"]
)
def test_review_outside_the_scope_is_404(
    client, world, training, operator, cells, amir, roles, persona
):
    registration = nominate(
        operator, training, cells["pendamping"], amir, roles["pendamping-sosial"]
    )
    client.force_login(getattr(world, persona))
    before = written()

    responses = [
        client.get(page_url(training)),
        client.get(page_url(training, "nomination_review")),
        client.post(
            reverse(
                "staff:nomination_confirm", kwargs={"pk": training.pk, "code": registration.code}
            )
        ),
        client.post(
            reverse(
                "staff:nomination_return", kwargs={"pk": training.pk, "code": registration.code}
            ),
            {"reason": "x"},
        ),
        client.post(
            reverse("staff:nomination_nominate", kwargs={"pk": training.pk}),
            {
                "participant": amir.pk,
                "placement": placement(cells["pendamping"], roles["pendamping-sosial"]),
            },
        ),
    ]

    assert [r.status_code for r in responses] == [404] * 5
    assert written() == before


def test_supervisor_reads_the_review_but_cannot_decide(
    client, world, training, operator, cells, amir, roles
):
    registration = nominate(
        operator, training, cells["pendamping"], amir, roles["pendamping-sosial"]
    )
    supervisor = make_staff("kabid.kalsel", world.kalsel, Membership.Role.SUPERVISOR)
    client.force_login(supervisor)
    before = written()

    page = client.get(page_url(training, "nomination_review"))
    confirm = client.post(
        reverse("staff:nomination_confirm", kwargs={"pk": training.pk, "code": registration.code})
    )
    send_back = client.post(
        reverse("staff:nomination_return", kwargs={"pk": training.pk, "code": registration.code}),
        {"reason": "Tidak sesuai."},
    )

    nominate_post = client.post(
        reverse("staff:nomination_nominate", kwargs={"pk": training.pk}),
        {
            "participant": amir.pk,
            "placement": placement(cells["pendamping"], roles["pendamping-sosial"]),
        },
    )
    new_post = client.post(
        reverse("staff:nomination_new", kwargs={"pk": training.pk}),
        new_person_post(cells["petugas"], roles["petugas-dinsos"]),
    )

    assert (page.status_code, page.context["may_decide"]) == (200, False)
    assert "Konfirmasi" not in page.content.decode()
    assert [r.status_code for r in (confirm, send_back, nominate_post, new_post)] == [403] * 4
    assert written() == before


# --- the organiser's review -------------------------------------------------------------------


def test_review_groups_nominations_by_regency_and_cell(
    client, world, training, operator, batola_operator, cells, amir, budi, roles
):
    nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    nominate(operator, training, cells["petugas"], budi, roles["petugas-dinsos"])
    dewi = banjar_person("Dewi Batola", 31, district="63.04.01")
    nominate(
        batola_operator, training, cells["batola_pendamping"], dewi, roles["pendamping-sosial"]
    )
    RegistrationFactory(  # an online registration in a cell: counted, not listed as a nomination
        participant=banjar_person("Eka Online", 14), training=training,
        role=roles["petugas-dinsos"], quota=cells["petugas"], status="pending",
    )  # fmt: skip
    client.force_login(world.kalsel_staff)

    response = client.get(page_url(training, "nomination_review"))

    assert [
        (c.region.name, *row)
        for c, row in zip(response.context["cells"], cell_rows(response), strict=True)
    ] == [
        ("Kabupaten Banjar", "Pendamping sosial", 1, 0, 1, [("Amir Hamzah", "pending", "")]),
        ("Kabupaten Banjar", "Petugas Dinas Sosial", 1, 0, 2, [("Budi Santoso", "pending", "")]),
        ("Kabupaten Barito Kuala", "Pendamping sosial", 1, 0, 1, [("Dewi Batola", "pending", "")]),
        ("Kabupaten Barito Kuala", "Petugas Dinas Sosial", 1, 0, 0, []),
    ]
    html = response.content.decode()
    assert response.context["may_decide"] is True
    assert html.count('Konfirmasi<span class="visually-hidden">') == 3
    for person in (amir, budi, dewi):
        assert mask_nik(person.nik) in html
        assert person.nik not in html


def test_review_confirm_and_send_back(client, world, training, operator, cells, amir, budi, roles):
    first = nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    second = nominate(operator, training, cells["petugas"], budi, roles["petugas-dinsos"])
    AuditEvent.objects.all().delete()
    DBTaskResult.objects.all().delete()
    client.force_login(world.kalsel_staff)

    confirmed = client.post(
        reverse("staff:nomination_confirm", kwargs={"pk": training.pk, "code": first.code})
    )
    returned = client.post(
        reverse("staff:nomination_return", kwargs={"pk": training.pk, "code": second.code}),
        {"reason": "Bukan petugas Dinas Sosial."},
    )

    assert [(r.status_code, r["Location"]) for r in (confirmed, returned)] == [
        (302, f"{page_url(training, 'nomination_review')}#sel-{cells['pendamping'].pk}"),
        (302, f"{page_url(training, 'nomination_review')}#sel-{cells['petugas'].pk}"),
    ]
    assert list(
        Registration.objects.order_by("pk").values_list("status", "decision_reason", "decided_by")
    ) == [
        ("confirmed", "", world.kalsel_staff.pk),
        ("rejected", "Bukan petugas Dinas Sosial.", world.kalsel_staff.pk),
    ]
    assert [(action, object_id, actor) for action, object_id, actor, _changes in audit()] == [
        ("registration.confirm", str(first.pk), "staf.kalsel"),
        ("nomination.return", str(second.pk), "staf.kalsel"),
    ]
    assert tasks_queued() == [
        ("send_registration_notice", {"registration_id": first.pk, "kind": "confirmed"}),
        ("send_registration_notice", {"registration_id": second.pk, "kind": "rejected"}),
    ]
    page = client.get(page_url(training, "nomination_review"))
    html = page.content.decode()
    assert "Usulan Budi Santoso dikembalikan ke kabupaten/kota." in html
    assert "Alasan dikembalikan: Bukan petugas Dinas Sosial." in html


def test_review_send_back_without_reason_and_confirm_into_a_full_cell_change_nothing(
    client, world, training, operator, cells, amir, budi, roles
):
    first = nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    second = nominate(operator, training, cells["pendamping"], budi, roles["pendamping-sosial"])
    registration_confirm(actor=world.kalsel_staff, registration=first)
    client.force_login(world.kalsel_staff)
    before = written()

    no_reason = client.post(
        reverse("staff:nomination_return", kwargs={"pk": training.pk, "code": second.code}),
        {"reason": " "},
    )
    full = client.post(
        reverse("staff:nomination_confirm", kwargs={"pk": training.pk, "code": second.code}),
        follow=True,
    )

    assert no_reason.status_code == 302
    assert [str(m) for m in full.context["messages"]] == [
        "Tulis alasan usulan dikembalikan (paling banyak 250 huruf).",
        "Kursi untuk Kabupaten Banjar · Pendamping sosial · 1 sudah penuh; konfirmasi tidak dapat dilakukan.",
    ]
    assert written() == before


# --- query budgets ------------------------------------------------------------------------------


def nominate_many(operator, training, cell, role, count: int) -> None:
    for serial in range(count):
        person = banjar_person(f"Calon {serial:02d}", 100 + serial)
        nominate(operator, training, cell, person, role)


@pytest.mark.parametrize("count", [1, 20])
def test_operator_page_query_budget(
    client, world, training, operator, cells, roles, django_assert_num_queries, count
):
    nominate_many(operator, training, cells["pendamping"], roles["pendamping-sosial"], count)
    first = Registration.objects.order_by("pk").first()
    nomination_return(actor=world.kalsel_staff, registration=first, reason="SK habis.")
    replacement = banjar_person("Pengganti", 90)
    nominate(
        operator,
        training,
        cells["pendamping"],
        replacement,
        roles["pendamping-sosial"],
        replaces=first,
    )
    client.force_login(operator)
    client.get(page_url(training))  # warm the session and content types

    with django_assert_num_queries(15):
        response = client.get(page_url(training), {"q": "calon"})
    with django_assert_num_queries(15):
        posted = client.post(page_url(training), {"q": "calon"})

    assert len(response.context["cells"][0].entries) == count + 1
    assert len(response.context["people"]) == len(posted.context["people"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_review_page_query_budget(
    client, world, training, operator, cells, roles, django_assert_num_queries, count
):
    nominate_many(operator, training, cells["pendamping"], roles["pendamping-sosial"], count)
    client.force_login(world.kalsel_staff)
    client.get(page_url(training, "nomination_review"))

    with django_assert_num_queries(10):
        response = client.get(page_url(training, "nomination_review"))

    assert len(response.context["cells"][0].entries) == count


def test_operator_adds_a_new_person_as_a_replacement(client, training, operator, cells, roles):
    old = nominate(
        operator, training, cells["petugas"], banjar_person("Fajar", 15), roles["petugas-dinsos"]
    )
    nomination_return(actor=None, registration=old, reason="Pindah tugas.")
    client.force_login(operator)
    page = client.get(page_url(training), {"pengganti": old.code})
    assert f'name="new-replaces" value="{old.code}"' in page.content.decode()

    response = client.post(
        reverse("staff:nomination_new", kwargs={"pk": training.pk}) + f"?pengganti={old.code}",
        new_person_post(cells["petugas"], roles["petugas-dinsos"], replaces=old.code),
    )

    assert response.status_code == 302
    assert list(
        Registration.objects.order_by("pk").values_list(
            "participant__full_name", "status", "replaces"
        )
    ) == [("Fajar", "rejected", None), ("Siti Aminah", "pending", old.pk)]


# --- nominating only people in the operator's scope ------------------------------------------------

NIK_OUTSIDE_SCOPE = (
    "NIK ini tidak dapat digunakan di sini. Hubungi dinas sosial di wilayah asal orang tersebut."
)


def post_new_person(client, training, data):
    """Post the new-person form, confirming the NIK's warnings when it asks to."""
    url = reverse("staff:nomination_new", kwargs={"pk": training.pk})
    response = client.post(url, data)
    form = response.context["new_form"] if response.status_code == 400 else None
    if form is not None and form.nik_warnings:
        response = client.post(
            url,
            {**data, "new-confirm_warnings": "on", "new-warnings_digest": form.warnings_digest},
        )
    return response


def test_operator_new_person_with_another_regencys_nominee_nik_reveals_nothing(
    client, training, operator, batola_operator, cells, amir, roles
):
    """The finding: the NIK of Banjar's nominee, typed as a "new person" by another
    regency's operator, answered with his name and that he is registered."""
    nominate(operator, training, cells["pendamping"], amir, roles["pendamping-sosial"])
    client.force_login(batola_operator)
    before = written()

    response = post_new_person(
        client,
        training,
        new_person_post(
            cells["batola_pendamping"], roles["pendamping-sosial"], nik=amir.nik,
            district="63.04.01",
        ),
    )  # fmt: skip

    html = response.content.decode()
    assert (response.status_code, response.context["new_form"].non_field_errors()) == (
        400,
        [NIK_OUTSIDE_SCOPE],
    )
    for stored in ("Amir Hamzah", "terdaftar pada pelatihan ini", "menunggu persetujuan"):
        assert stored not in html
    assert written() == before


def test_operator_new_person_with_a_resident_of_another_regency_is_not_nominated(
    client, training, operator, cells, roles
):
    """The finding: a Barito Kuala resident's NIK typed as a "new person" nominated him
    into Banjar's cell, listed under his stored name."""
    resident = banjar_person("Dewi Batola", 31, district="63.04.01")
    client.force_login(operator)
    before = written()

    response = post_new_person(
        client,
        training,
        new_person_post(cells["petugas"], roles["petugas-dinsos"], nik=resident.nik),
    )

    assert (response.status_code, response.context["new_form"].non_field_errors()) == (
        400,
        [NIK_OUTSIDE_SCOPE],
    )
    assert "Dewi Batola" not in response.content.decode()
    assert written() == before
    assert not access.visible_participants(operator).filter(pk=resident.pk).exists()


def test_operator_new_person_with_a_nik_in_their_registry_nominates_that_person(
    client, training, operator, cells, amir, roles
):
    client.force_login(operator)

    response = post_new_person(
        client,
        training,
        new_person_post(cells["pendamping"], roles["pendamping-sosial"], nik=amir.nik),
    )

    assert response.status_code == 302
    assert list(
        Registration.objects.values_list("participant", "participant__full_name", "quota")
    ) == [(amir.pk, "Amir Hamzah", cells["pendamping"].pk)]


def test_nomination_submit_of_a_registry_person_outside_the_scope_is_refused(
    training, operator, cells, roles
):
    resident = banjar_person("Dewi Batola", 31, district="63.04.01")
    before = written()

    with pytest.raises(NominationError) as error:
        nominate(operator, training, cells["pendamping"], resident, roles["pendamping-sosial"])

    assert error.value.message == NIK_OUTSIDE_SCOPE
    assert written() == before


def test_nomination_submit_of_a_new_nik_stored_elsewhere_meanwhile_is_refused(
    training, operator, cells, roles, monkeypatch
):
    resident = banjar_person("Dewi Batola", 31, district="63.04.01")
    # As if the NIK were stored between the scope check and the registration.
    monkeypatch.setattr(access, "stored_niks_in_scope", lambda user, niks: {})
    before = written()

    with pytest.raises(NominationError) as error:
        nominate(
            operator, training, cells["pendamping"], new_person(nik=resident.nik),
            roles["pendamping-sosial"],
        )  # fmt: skip

    assert error.value.message == NIK_OUTSIDE_SCOPE
    assert written() == before
