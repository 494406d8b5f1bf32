"""Kabupaten Banjar's operator withdraws a confirmed nominee and names a pengganti, on a phone.

Amir was nominated and confirmed by Dinsos Kalsel (through the services); the operator
opens "Tarik / ganti" on him, first forgets the reason (the error is tied to its field and
nothing typed is lost), then withdraws him with Siti as the pengganti. The outcome is
announced inside Amir's cell, where the page lands.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from participants.models import Region
from participants.nik import build_nik
from tests.browser.accessibility import axe_violations, blocking, describe
from tests.browser.forms import field, fill_person, sign_in
from tests.factories import ParticipantFactory
from tests.forms import SITI
from trainings.models import AuditEvent, Registration
from trainings.services import registration_confirm
from trainings.services.nominations import nomination_submit

pytestmark = pytest.mark.browser

BIRTH = datetime.date(1988, 5, 17)
REASON = "Pindah tugas ke kecamatan lain."


@pytest.fixture
def kalsel(transactional_db, fresh_rate_limits, request):
    """The personas' world with Amir nominated into Banjar's pendamping cell and confirmed."""
    world = request.getfixturevalue("world")
    training = world.kalsel_training
    amir = ParticipantFactory(
        full_name="Amir Hamzah",
        nik=build_nik(district_code="63.03.05", birth_date=BIRTH, sex="L", serial=11),
        birth_date=BIRTH,
        birth_place="Martapura",
        home_region=Region.objects.get(code="63.03.05"),
    )
    cell = training.quotas.get(region_id="63.03", role_group__name="Pendamping sosial")
    registration = nomination_submit(
        actor=world.banjar_operator,
        training=training,
        quota=cell,
        person=amir,
        role=training.eligible_roles.get(code="pendamping-sosial"),
    ).registration
    registration_confirm(actor=world.kalsel_staff, registration=registration)
    return world


def _no_blocking_axe_violations(page: Page) -> None:
    found = blocking(axe_violations(page, within="main"))
    assert found == [], describe(found)


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _row(page: Page, name: str):
    return page.locator(".pilar-nominee").filter(has=page.get_by_text(name, exact=True))


def test_operator_withdraws_a_confirmed_nominee_and_names_a_pengganti(page: Page, kalsel):
    training = kalsel.kalsel_training
    nominations = f"/staff/trainings/{training.pk}/nominations/"
    sign_in(page, "operator.banjar", nominations)
    expect(_row(page, "Amir Hamzah").locator(".pilar-status")).to_have_text("Terdaftar")

    page.get_by_role("link", name="Tarik / ganti Amir Hamzah").click()
    expect(page).to_have_url(re.compile(r"\?tarik=[0-9A-Z]{8}#tarik-[0-9A-Z]{8}$"))
    form = page.get_by_role("form", name="Tarik atau ganti Amir Hamzah")
    expect(form).to_be_in_viewport()
    expect(form.get_by_label("Sel kuota dan unsur").locator("option:checked")).to_have_text(
        "Pendamping sosial — Pendamping Sosial"
    )
    _no_blocking_axe_violations(page)
    _no_sideways_scroll(page)

    # The pengganti typed, the reason forgotten: refused, everything kept, the error at its field.
    fill_person(page, SITI)
    field(page, "Kecamatan tempat tinggal").select_option(label="Martapura")
    form.get_by_role("button", name="Tarik / ganti Amir Hamzah").click()
    reason = field(page, "Alasan penarikan")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_tarik-reason_error")).to_have_text("Tulis alasan penarikan.")
    expect(field(page, "Nama lengkap")).to_have_value(SITI["full_name"])
    expect(field(page, "Kecamatan tempat tinggal").locator("option:checked")).to_have_text(
        "Martapura"
    )
    expect(page.get_by_role("form", name="Tarik atau ganti Amir Hamzah")).to_be_in_viewport()
    _no_blocking_axe_violations(page)
    _no_sideways_scroll(page)

    reason.fill(REASON)
    page.get_by_role("button", name="Tarik / ganti Amir Hamzah").click()

    notice = page.get_by_role("status").filter(has_text="ditarik")
    expect(notice).to_have_text(
        "Usulan Amir Hamzah ditarik; penggantinya, Siti Aminah, diusulkan (menunggu persetujuan)."
    )
    expect(notice).to_be_in_viewport()
    cell = page.locator("article.card").filter(has=notice)
    expect(cell.locator("h3")).to_have_text("Pendamping sosial")
    expect(cell.locator(".pilar-cell-counts")).to_have_text(
        "Kursi 1 · terkonfirmasi 0 · menunggu 1"
    )
    expect(_row(page, "Amir Hamzah").locator(".pilar-status")).to_have_text("Dibatalkan")
    expect(_row(page, "Amir Hamzah").locator(".pilar-reason")).to_have_text(
        f"Alasan dibatalkan/ditarik: {REASON}"
    )
    expect(_row(page, "Siti Aminah").locator(".pilar-status")).to_have_text("Menunggu persetujuan")
    expect(_row(page, "Siti Aminah").locator(".pilar-chain")).to_contain_text(
        "Pengganti untuk Amir Hamzah"
    )
    _no_blocking_axe_violations(page)
    _no_sideways_scroll(page)

    assert list(
        Registration.objects.order_by("pk").values_list(
            "participant__full_name",
            "status",
            "decision_reason",
            "replaces__participant__full_name",
        )
    ) == [
        ("Amir Hamzah", "cancelled", REASON, None),
        ("Siti Aminah", "pending", "", "Amir Hamzah"),
    ]
    assert list(
        AuditEvent.objects.filter(actor_label="operator.banjar")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "registration.submit",
        "nomination.withdraw",
        "registration.submit",
        "nomination.replace",
    ]
