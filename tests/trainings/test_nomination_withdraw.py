"""A regency operator withdraws their own nominee, optionally naming a pengganti in one step.

The world (tests/personas.py): Dinsos Kalsel's bimtek has, for Kabupaten Banjar (63.03),
one seat of "Pendamping sosial" and one of "Petugas Dinas Sosial"; ``banjar_operator``
fills them. It requires approval; the tests of the direct seat switch approval off.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from participants.models import Participant, Region
from participants.nik import build_nik
from tests.factories import ParticipantFactory, RegistrationFactory
from tests.forms import MARTAPURA, SITI, SITI_NIK, person_post, placement, written
from tests.personas import make_staff
from tests.registrations import tasks_queued
from trainings.models import AuditEvent, Membership, Quota, Registration, Training
from trainings.selectors.nominations import nomination_review_cells
from trainings.selectors.registrations import RegistrationFilters, staff_registrations
from trainings.services import InvalidTransition, PersonDetails, registration_confirm
from trainings.services.nominations import NominationError, nomination_submit
from trainings.services.withdrawal import Replacement, nomination_withdraw

BIRTH = datetime.date(1988, 5, 17)
REASON = "Pindah tugas ke kecamatan lain."


# --- helpers and fixtures ---------------------------------------------------------------------


def banjar_person(name: str, serial: int, *, district: str = MARTAPURA) -> Participant:
    return ParticipantFactory(
        full_name=name,
        nik=build_nik(district_code=district, birth_date=BIRTH, sex="L", serial=serial),
        birth_date=BIRTH,
        birth_place="Martapura",
        home_region=Region.objects.get(code=district),
    )


def siti(**overrides) -> PersonDetails:
    values = {
        "nik": SITI_NIK,
        "full_name": "Siti Aminah",
        "sex": "P",
        "birth_date": BIRTH,
        "birth_place": "Martapura",
        "phone": "+6281355550001",
        "email": "siti@example.org",
        "home_region_id": MARTAPURA,
    }
    return PersonDetails(**{**values, **overrides})


def events() -> list[tuple[str, str, str, dict]]:
    return [
        (event.action, event.object_id, event.actor_label, event.changes)
        for event in AuditEvent.objects.order_by("pk")
    ]


def rows(training) -> list[tuple[str, str, int | None, str]]:
    """Every registration: name, status, waiting position, reason — in order of arrival."""
    return list(
        Registration.objects.filter(training=training)
        .order_by("pk")
        .values_list("participant__full_name", "status", "waitlist_position", "decision_reason")
    )


def counters(training, cell) -> tuple[int, int]:
    return (
        Training.objects.get(pk=training.pk).seats_taken,
        Quota.objects.get(pk=cell.pk).seats_taken,
    )


@pytest.fixture
def training(world):
    return world.kalsel_training


@pytest.fixture
def direct(training):
    """The same training without approval: nominations take seats by the seat rule."""
    Training.objects.filter(pk=training.pk).update(requires_approval=False)
    training.refresh_from_db()
    return training


@pytest.fixture
def operator(world):
    return world.banjar_operator


@pytest.fixture
def cell(training):
    return training.quotas.get(region_id="63.03", role_group__name="Pendamping sosial")


@pytest.fixture
def role(roles):
    return roles["pendamping-sosial"]


def nominate(operator, training, cell, person, role) -> Registration:
    return nomination_submit(
        actor=operator, training=training, quota=cell, person=person, role=role
    ).registration


def clear_trail() -> None:
    """Forget the set-up's events and tasks: each test asserts what its action wrote."""
    from django_tasks_db.models import DBTaskResult

    AuditEvent.objects.all().delete()
    DBTaskResult.objects.all().delete()


# --- without approval: the freed seat ---------------------------------------------------------


def test_withdraw_without_replacement_gives_the_seat_to_the_first_waiting(
    direct, operator, cell, role
):
    amir = nominate(operator, direct, cell, banjar_person("Amir Hamzah", 11), role)
    budi = nominate(operator, direct, cell, banjar_person("Budi Santoso", 12), role)
    clear_trail()

    result = nomination_withdraw(actor=operator, registration=amir, reason=f"  {REASON} ")

    assert (result.withdrawn.pk, result.replacement, result.promoted.pk) == (
        amir.pk,
        None,
        budi.pk,
    )
    assert rows(direct) == [
        ("Amir Hamzah", "cancelled", None, REASON),
        ("Budi Santoso", "confirmed", None, ""),
    ]
    amir.refresh_from_db()
    assert (amir.decided_by, amir.get_status_display()) == (operator, "Dibatalkan")
    assert counters(direct, cell) == (1, 1)
    assert events() == [
        (
            "nomination.withdraw",
            str(amir.pk),
            "operator.banjar",
            {"status": ["confirmed", "cancelled"], "reason": REASON, "with_replacement": False},
        ),
        (
            "registration.promote",
            str(budi.pk),
            "operator.banjar",
            {"status": ["waitlisted", "confirmed"], "waitlist_position": [1, None]},
        ),
    ]
    assert tasks_queued() == [
        ("send_registration_notice", {"registration_id": amir.pk, "kind": "withdrawn"}),
        ("send_registration_notice", {"registration_id": budi.pk, "kind": "promoted"}),
    ]


def test_withdraw_with_replacement_takes_the_freed_seat_ahead_of_the_waiting_list(
    direct, operator, cell, role
):
    amir = nominate(operator, direct, cell, banjar_person("Amir Hamzah", 11), role)
    nominate(operator, direct, cell, banjar_person("Budi Santoso", 12), role)
    clear_trail()

    result = nomination_withdraw(
        actor=operator,
        registration=amir,
        reason=REASON,
        replacement=Replacement(person=siti(), role=role),
    )

    pengganti = result.replacement
    assert (result.promoted, pengganti.replaces_id, pengganti.quota_id) == (None, amir.pk, cell.pk)
    assert rows(direct) == [
        ("Amir Hamzah", "cancelled", None, REASON),
        ("Budi Santoso", "waitlisted", 1, ""),
        ("Siti Aminah", "confirmed", None, ""),
    ]
    assert counters(direct, cell) == (1, 1)
    assert [(action, object_id) for action, object_id, _actor, _changes in events()] == [
        ("nomination.withdraw", str(amir.pk)),
        ("registration.submit", str(pengganti.pk)),
        ("nomination.replace", str(pengganti.pk)),
    ]
    assert events()[0][3]["with_replacement"] is True
    assert tasks_queued() == [
        ("send_registration_notice", {"registration_id": amir.pk, "kind": "withdrawn"}),
        ("send_registration_notice", {"registration_id": pengganti.pk, "kind": "received"}),
    ]


def test_replacement_of_a_waitlisted_nominee_keeps_the_nominees_place(direct, operator, cell, role):
    nominate(operator, direct, cell, banjar_person("Amir Hamzah", 11), role)
    budi = nominate(operator, direct, cell, banjar_person("Budi Santoso", 12), role)
    nominate(operator, direct, cell, banjar_person("Candra", 13), role)
    clear_trail()

    result = nomination_withdraw(
        actor=operator,
        registration=budi,
        reason=REASON,
        replacement=Replacement(person=siti(), role=role),
    )

    assert rows(direct) == [
        ("Amir Hamzah", "confirmed", None, ""),
        ("Budi Santoso", "cancelled", None, REASON),
        ("Candra", "waitlisted", 2, ""),
        ("Siti Aminah", "waitlisted", 1, ""),
    ]
    assert counters(direct, cell) == (1, 1)
    assert events()[-1] == (
        "nomination.keep_place",
        str(result.replacement.pk),
        "operator.banjar",
        {"waitlist_position": [3, 1]},
    )


# --- with approval: the approval queue ----------------------------------------------------------


def test_replacement_goes_first_in_the_approval_queue_and_the_freed_seat_waits_for_it(
    world, training, operator, cell, role
):
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    registration_confirm(actor=world.kalsel_staff, registration=amir)
    nominate(operator, training, cell, banjar_person("Budi Santoso", 12), role)
    nominate(operator, training, cell, banjar_person("Candra", 13), role)
    clear_trail()

    result = nomination_withdraw(
        actor=operator,
        registration=amir,
        reason=REASON,
        replacement=Replacement(person=siti(), role=role),
    )

    assert (result.replacement.status, result.promoted) == ("pending", None)
    assert counters(training, cell) == (0, 0)
    review = nomination_review_cells(training)
    assert [(r.participant.full_name, r.status) for r in review[0].entries] == [
        ("Siti Aminah", "pending"),
        ("Amir Hamzah", "cancelled"),
        ("Budi Santoso", "pending"),
        ("Candra", "pending"),
    ]
    queue = staff_registrations(
        training=training, user=world.kalsel_staff, filters=RegistrationFilters(status="pending")
    )
    assert [r.participant.full_name for r in queue] == ["Siti Aminah", "Budi Santoso", "Candra"]
    registration_confirm(actor=world.kalsel_staff, registration=result.replacement)
    assert counters(training, cell) == (1, 1)


def test_withdraw_a_pending_nominee_frees_no_seat(training, operator, cell, role):
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    clear_trail()

    result = nomination_withdraw(actor=operator, registration=amir, reason=REASON)

    assert (result.promoted, rows(training)) == (None, [("Amir Hamzah", "cancelled", None, REASON)])
    assert counters(training, cell) == (0, 0)
    assert events()[0][3]["status"] == ["pending", "cancelled"]


# --- until the training's first day, in its own zone ------------------------------------------


@pytest.mark.parametrize(
    ("zone", "label"),
    [("Asia/Jakarta", "WIB"), ("Asia/Makassar", "WITA"), ("Asia/Jayapura", "WIT")],
)
def test_withdraw_is_refused_from_the_first_day_on_in_the_trainings_zone(
    training, operator, cell, role, zone, label
):
    Training.objects.filter(pk=training.pk).update(time_zone=zone)
    training.refresh_from_db()
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    first_day = datetime.datetime.combine(training.starts_on, datetime.time.min, ZoneInfo(zone))
    before = written()

    with pytest.raises(NominationError) as refused:
        nomination_withdraw(actor=operator, registration=amir, reason=REASON, now=first_day)
    assert refused.value.message == (
        "Usulan hanya dapat ditarik sebelum hari pertama pelatihan "
        f"(Kamis, 10 Desember 2026, 00.00 {label})."
    )
    assert written() == before

    result = nomination_withdraw(
        actor=operator,
        registration=amir,
        reason=REASON,
        now=first_day - datetime.timedelta(seconds=1),
    )
    assert result.withdrawn.status == "cancelled"


# --- scope, and what is refused ----------------------------------------------------------------


@pytest.fixture
def batola_operator(world):
    return make_staff(
        "operator.batola", world.banjar, Membership.Role.REGENCY_OPERATOR,
        region=Region.objects.get(code="63.04"),
    )  # fmt: skip


def test_only_the_operator_of_the_cells_regency_withdraws_only_nominations(
    world, training, operator, batola_operator, cell, role
):
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    public = RegistrationFactory(
        participant=banjar_person("Dewi", 14), training=training, role=role, quota=cell,
        status="pending", source="online",
    )  # fmt: skip
    before = written()
    own_only = "Hanya usulan kabupaten/kota Anda sendiri yang dapat ditarik."

    refusals = []
    for actor, registration in [
        (batola_operator, amir),
        (world.kalsel_staff, amir),
        (operator, public),
    ]:
        with pytest.raises(NominationError) as refused:
            nomination_withdraw(actor=actor, registration=registration, reason=REASON)
        refusals.append(refused.value.message)

    assert refusals == [own_only] * 3
    assert written() == before


def test_withdraw_needs_a_reason_and_an_active_nomination(training, operator, cell, role):
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    with pytest.raises(NominationError) as no_reason:
        nomination_withdraw(actor=operator, registration=amir, reason="   ")
    nomination_withdraw(actor=operator, registration=amir, reason=REASON)
    before = written()

    with pytest.raises(InvalidTransition) as again:
        nomination_withdraw(actor=operator, registration=amir, reason=REASON)

    assert (no_reason.value.message, again.value.message) == (
        "Alasan penarikan wajib diisi.",
        "Usulan ini sudah berstatus dibatalkan.",
    )
    assert written() == before


def test_a_refused_replacement_withdraws_nothing(direct, operator, cell, role):
    """A pengganti stored outside the operator's scope is refused as on any nomination,
    and the nominee keeps the seat."""
    amir = nominate(operator, direct, cell, banjar_person("Amir Hamzah", 11), role)
    outsider = banjar_person("Dewi Batola", 31, district="63.04.01")
    before = written()

    with pytest.raises(NominationError) as refused:
        nomination_withdraw(
            actor=operator,
            registration=amir,
            reason=REASON,
            replacement=Replacement(person=siti(nik=outsider.nik), role=role),
        )

    assert refused.value.message == (
        "NIK ini tidak dapat digunakan di sini. Hubungi dinas sosial di wilayah asal orang "
        "tersebut."
    )
    assert written() == before
    assert rows(direct) == [("Amir Hamzah", "confirmed", None, "")]
    assert counters(direct, cell) == (1, 1)


def test_withdrawn_notice_tells_the_person_why(training, operator, cell, role, mailoutbox):
    from trainings.notifications import send_registration_notice

    amir = nominate(operator, training, cell, siti(), role)
    nomination_withdraw(actor=operator, registration=amir, reason=REASON)

    send_registration_notice.call(registration_id=amir.pk, kind="withdrawn")

    (mail,) = mailoutbox
    assert mail.subject == f"Usulan ditarik, pendaftaran dibatalkan: {training.title}"
    assert mail.body.splitlines()[2] == (
        "Usulan Anda untuk pelatihan ini ditarik oleh dinas sosial kabupaten/kota yang "
        f"mengusulkan Anda, sehingga pendaftaran Anda dibatalkan. Alasan: {REASON}"
    )
    assert "Ditolak" not in mail.body and "tidak diterima" not in mail.body


# --- the operator's page ------------------------------------------------------------------------


def page_url(training) -> str:
    return reverse("staff:nominations", kwargs={"pk": training.pk})


def withdraw_url(training, registration) -> str:
    return reverse(
        "staff:nomination_withdraw", kwargs={"pk": training.pk, "code": registration.code}
    )


def replacement_post(cell, role, **overrides) -> dict[str, str]:
    own = {"placement": placement(cell, role)}
    return person_post(SITI, prefix="pengganti-", **{**own, **overrides})


def test_page_offers_tarik_ganti_on_each_active_nomination_only(
    client, world, training, operator, cell, role
):
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    registration_confirm(actor=world.kalsel_staff, registration=amir)
    budi = nominate(operator, training, cell, banjar_person("Budi Santoso", 12), role)
    gone = nominate(operator, training, cell, banjar_person("Candra", 13), role)
    nomination_withdraw(actor=operator, registration=gone, reason=REASON)
    client.force_login(operator)

    html = client.get(page_url(training)).content.decode()

    assert html.count(">Tarik / ganti<") == 2
    for registration in (amir, budi):
        assert f'href="{page_url(training)}?tarik={registration.code}#tarik-' in html
    assert f"?tarik={gone.code}" not in html
    assert f"Alasan dibatalkan/ditarik: {REASON}" in html
    assert "Usulan dapat ditarik atau diganti sampai sebelum Kamis, 10 Desember 2026" in html


def test_tarik_of_a_code_not_the_operators_is_404(
    client, training, operator, batola_operator, cell, role
):
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    client.force_login(batola_operator)

    page = client.get(page_url(training), {"tarik": amir.code})
    posted = client.post(withdraw_url(training, amir), {"tarik-reason": REASON})

    assert (page.status_code, posted.status_code) == (404, 404)
    assert Registration.objects.get(pk=amir.pk).status == "pending"


def test_staff_posting_a_withdrawal_is_refused(client, world, training, operator, cell, role):
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    client.force_login(world.kalsel_staff)

    response = client.post(withdraw_url(training, amir), {"tarik-reason": REASON})

    assert response.status_code == 403
    assert Registration.objects.get(pk=amir.pk).status == "pending"


def test_withdraw_without_reason_keeps_everything_typed_and_ties_the_error_to_the_field(
    client, training, operator, cell, role
):
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    client.force_login(operator)
    before = written()

    response = client.post(
        withdraw_url(training, amir), {"tarik-reason": " ", **replacement_post(cell, role)}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert response.context["withdraw_form"].errors == {"reason": ["Tulis alasan penarikan."]}
    assert response.context["replacement_form"].errors == {}
    assert 'aria-describedby="id_tarik-reason_helptext id_tarik-reason_error"' in html
    assert f'value="{SITI_NIK}"' in html and 'value=" Siti   Aminah "' in html
    assert f'action="{withdraw_url(training, amir)}#tarik-{amir.code}"' in html
    assert written() == before


def test_withdraw_with_a_half_typed_replacement_names_the_missing_fields(
    client, training, operator, cell, role
):
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    client.force_login(operator)
    before = written()

    response = client.post(
        withdraw_url(training, amir),
        {
            "tarik-reason": REASON,
            "pengganti-full_name": "Siti Aminah",
            "pengganti-placement": placement(cell, role),  # preselected: always posted
        },
    )

    assert response.status_code == 400
    assert sorted(response.context["replacement_form"].errors) == [
        "birth_date",
        "birth_place",
        "district",
        "nik",
        "phone",
        "sex",
    ]
    assert written() == before


def test_withdraw_and_replace_redirects_to_the_cell_with_the_outcome_shown_there(
    client, world, training, operator, cell, role
):
    amir = nominate(operator, training, cell, banjar_person("Amir Hamzah", 11), role)
    registration_confirm(actor=world.kalsel_staff, registration=amir)
    client.force_login(operator)

    response = client.post(
        withdraw_url(training, amir), {"tarik-reason": REASON, **replacement_post(cell, role)}
    )
    page = client.get(response["Location"])

    assert (response.status_code, response["Location"]) == (
        302,
        f"{page_url(training)}#sel-{cell.pk}",
    )
    notice = (
        "Usulan Amir Hamzah ditarik; penggantinya, Siti Aminah, diusulkan (menunggu persetujuan)."
    )
    shown = {c.pk: [str(m) for m in c.notices] for c in page.context["cells"]}
    assert shown == {c.pk: ([notice] if c.pk == cell.pk else []) for c in page.context["cells"]}
    assert list(page.context["messages"]) == []
    html = page.content.decode()
    assert (
        f'<div class="alert alert-success mt-2 mb-0 pilar-cell-notice" role="status">{notice}'
        in html
    )
    assert rows(training) == [
        ("Amir Hamzah", "cancelled", None, REASON),
        ("Siti Aminah", "pending", None, ""),
    ]


def test_nominating_shows_the_outcome_inside_the_cell(client, training, operator, cell, role):
    amir = banjar_person("Amir Hamzah", 11)
    client.force_login(operator)

    response = client.post(
        reverse("staff:nomination_nominate", kwargs={"pk": training.pk}),
        {"participant": amir.pk, "placement": placement(cell, role)},
        follow=True,
    )

    notice = (
        "Amir Hamzah diusulkan ke Pendamping sosial — Pendamping Sosial (menunggu persetujuan)."
    )
    shown = {c.pk: [str(m) for m in c.notices] for c in response.context["cells"]}
    assert shown == {c.pk: ([notice] if c.pk == cell.pk else []) for c in response.context["cells"]}
    assert response.redirect_chain == [(f"{page_url(training)}#sel-{cell.pk}", 302)]
    html = response.content.decode()
    assert "pilar-messages" not in html
    cell_html = html[html.index(f'id="sel-{cell.pk}"') :]
    assert cell_html.index(notice) < cell_html.index("</article>")


@pytest.mark.parametrize("count", [1, 20])
def test_withdraw_form_page_query_budget(
    client, world, training, operator, cell, role, django_assert_num_queries, count
):
    first = nominate(operator, training, cell, banjar_person("Calon 00", 100), role)
    for serial in range(1, count):
        nominate(operator, training, cell, banjar_person(f"Calon {serial:02d}", 100 + serial), role)
    client.force_login(operator)
    client.get(page_url(training))  # warm the session and content types

    with django_assert_num_queries(14):
        response = client.get(page_url(training), {"tarik": first.code})

    assert response.context["withdrawing"].pk == first.pk
    assert len(response.context["cells"][0].entries) == count
    assert response.content.decode().count(">Tarik / ganti<") == count


def test_withdraw_with_the_replacement_left_blank_withdraws_only(
    client, direct, operator, cell, role
):
    amir = nominate(operator, direct, cell, banjar_person("Amir Hamzah", 11), role)
    nominate(operator, direct, cell, banjar_person("Budi Santoso", 12), role)
    client.force_login(operator)

    response = client.post(
        withdraw_url(direct, amir),
        {"tarik-reason": REASON, **replacement_post(cell, role, **dict.fromkeys(SITI, ""))},
        follow=True,
    )

    assert [str(m) for c in response.context["cells"] for m in c.notices] == [
        "Usulan Amir Hamzah ditarik."
    ]
    assert rows(direct) == [
        ("Amir Hamzah", "cancelled", None, REASON),
        ("Budi Santoso", "confirmed", None, ""),
    ]
