"""Kabupaten Banjar's operator nominates two people; Dinsos Kalsel confirms one, sends one back.

Both sign in on the staff login page, each in their own browser context, on a
phone-sized screen (the fixtures of tests/browser/conftest.py).
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from participants.models import Participant, Region, RoleHeld
from participants.nik import build_nik, mask_nik
from tests.browser.accessibility import axe_violations, blocking, describe
from tests.browser.forms import field, fill_person, sign_in
from tests.factories import ParticipantFactory
from tests.forms import SITI, SITI_NIK
from trainings.models import AuditEvent, Registration

pytestmark = pytest.mark.browser

BIRTH = datetime.date(1988, 5, 17)
AMIR_NIK = build_nik(district_code="63.03.05", birth_date=BIRTH, sex="L", serial=11)
REASON = "Bukan petugas Dinas Sosial; usulkan pengganti."


@pytest.fixture
def kalsel(transactional_db, fresh_rate_limits, request):
    """The personas' world with Amir, a pendamping sosial of Martapura, in the registry."""
    world = request.getfixturevalue("world")
    amir = ParticipantFactory(
        full_name="Amir Hamzah", nik=AMIR_NIK, birth_date=BIRTH, birth_place="Martapura",
        home_region=Region.objects.get(code="63.03.05"),
    )  # fmt: skip
    RoleHeld.objects.create(
        participant=amir,
        role=world.kalsel_training.eligible_roles.get(code="pendamping-sosial"),
        sk_number="188.45/0123/KUM/2024",
        year_appointed=2024,
        duty_region=Region.objects.get(code="63.03.05"),
    )
    return world


def _no_blocking_axe_violations(page: Page) -> None:
    # Over this feature's own content (``main``): the staff header belongs to the staff
    # base template, which its own tests check.
    found = blocking(axe_violations(page, within="main"))
    assert found == [], describe(found)


def _row(page: Page, name: str):
    """The nominee ``name`` in a cell's list."""
    return page.locator(".pilar-nominee").filter(has=page.get_by_text(name, exact=True))


def test_operator_nominates_two_and_the_province_confirms_one_and_sends_back_the_other(
    page: Page, browser: Browser, browser_context_args, kalsel
):
    training = kalsel.kalsel_training
    nominations = f"/staff/trainings/{training.pk}/nominations/"
    review = f"{nominations}review/"

    # --- the regency operator ---------------------------------------------------------------
    sign_in(page, "operator.banjar", nominations)
    expect(page.get_by_role("heading", level=1)).to_have_text("Usulan peserta")
    cells = page.locator("article.card")
    expect(cells.locator("h3")).to_have_text(["Pendamping sosial", "Petugas Dinas Sosial"])
    expect(cells.locator(".pilar-cell-counts")).to_have_text(
        ["Kursi 1 · terkonfirmasi 0 · menunggu 0"] * 2
    )
    _no_blocking_axe_violations(page)

    # One from the registry: the search shows the masked NIK and the SK.
    page.get_by_role("searchbox", name="Cari di registri").fill(AMIR_NIK)
    page.get_by_role("button", name="Cari", exact=True).click()
    result = page.get_by_role("list", name="Hasil pencarian").get_by_role("listitem").first
    expect(result).to_contain_text(f"Amir Hamzah · {mask_nik(AMIR_NIK)}")
    expect(result.get_by_role("list", name="Unsur yang dipegang")).to_have_text(
        "Pendamping Sosial — SK 188.45/0123/KUM/2024 (2024), wilayah tugas Martapura"
    )
    expect(result.get_by_label("Sel kuota dan unsur untuk Amir Hamzah")).to_have_value(
        re.compile(r"^[0-9]+-[0-9]+$")
    )
    expect(
        result.get_by_label("Sel kuota dan unsur untuk Amir Hamzah").locator("option:checked")
    ).to_have_text("Pendamping sosial — Pendamping Sosial")
    _no_blocking_axe_violations(page)
    result.get_by_role("button", name="Usulkan Amir Hamzah").click()
    expect(page.get_by_role("status").filter(has_text="Amir Hamzah diusulkan")).to_have_text(
        "Amir Hamzah diusulkan ke Pendamping sosial — Pendamping Sosial (menunggu persetujuan)."
    )

    # One new person, added through the form.
    fill_person(page, SITI)
    field(page, "Kecamatan tempat tinggal").select_option(label="Martapura")
    field(page, "Sel kuota dan unsur").select_option(label="Petugas Dinas Sosial — Petugas Dinsos")
    page.get_by_role("button", name="Tambah dan usulkan").click()
    expect(page.get_by_role("status").filter(has_text="Siti Aminah diusulkan")).to_be_visible()
    expect(cells.locator(".pilar-cell-counts")).to_have_text(
        ["Kursi 1 · terkonfirmasi 0 · menunggu 1"] * 2
    )
    expect(_row(page, "Amir Hamzah").locator(".pilar-status")).to_have_text("Menunggu persetujuan")
    expect(_row(page, "Siti Aminah")).to_contain_text(mask_nik(SITI_NIK))
    assert AMIR_NIK not in page.content() and SITI_NIK not in page.content()

    # --- the provincial staff member, in their own context --------------------------------------
    province = browser.new_context(**browser_context_args)
    staff = province.new_page()
    sign_in(staff, "staf.kalsel", review)
    expect(staff.get_by_role("heading", level=1)).to_have_text("Usulan kabupaten/kota")
    expect(staff.get_by_role("heading", level=2)).to_have_text(
        ["Kabupaten Banjar", "Kabupaten Barito Kuala"]
    )
    _no_blocking_axe_violations(staff)
    staff.get_by_role("button", name="Konfirmasi Amir Hamzah").click()
    expect(staff.get_by_role("status").filter(has_text="dikonfirmasi")).to_have_text(
        "Usulan Amir Hamzah dikonfirmasi."
    )
    expect(_row(staff, "Amir Hamzah").locator(".pilar-status")).to_have_text("Terdaftar")
    staff.get_by_label("Alasan dikembalikan (Siti Aminah)").fill(REASON)
    staff.get_by_role("button", name="Kembalikan Siti Aminah").click()
    expect(staff.get_by_role("status").filter(has_text="dikembalikan")).to_have_text(
        "Usulan Siti Aminah dikembalikan ke kabupaten/kota."
    )
    expect(_row(staff, "Siti Aminah").locator(".pilar-status")).to_have_text("Ditolak")
    expect(_row(staff, "Siti Aminah").locator(".pilar-reason")).to_have_text(
        f"Alasan dikembalikan: {REASON}"
    )
    province.close()

    # --- back to the operator: the outcome, and a replacement offered -----------------------
    page.reload()
    expect(_row(page, "Amir Hamzah").locator(".pilar-status")).to_have_text("Terdaftar")
    expect(_row(page, "Siti Aminah").locator(".pilar-status")).to_have_text("Ditolak")
    expect(_row(page, "Siti Aminah").locator(".pilar-reason")).to_have_text(
        f"Alasan dikembalikan: {REASON}"
    )
    expect(cells.locator(".pilar-cell-counts")).to_have_text(
        ["Kursi 1 · terkonfirmasi 1 · menunggu 0", "Kursi 1 · terkonfirmasi 0 · menunggu 0"]
    )
    page.get_by_role("link", name="Usulkan pengganti untuk Siti Aminah").click()
    expect(page.get_by_role("status").filter(has_text="pengganti")).to_contain_text(
        "Anda mengusulkan pengganti untuk Siti Aminah."
    )
    expect(field(page, "Sel kuota dan unsur").locator("option")).to_have_text(
        ["— Pilih sel kuota dan unsur —", "Petugas Dinas Sosial — Petugas Dinsos"]
    )

    siti = Participant.objects.get(nik=SITI_NIK)
    assert (siti.full_name, siti.sex, siti.phone, siti.home_region_id) == (
        "Siti Aminah",
        "P",
        "+6281355550001",
        "63.03.05",
    )
    assert list(
        Registration.objects.order_by("pk").values_list(
            "participant__full_name",
            "role__code",
            "quota__role_group__name",
            "region_represented",
            "source",
            "status",
            "decision_reason",
            "decided_by__username",
            "replaces",
        )
    ) == [
        ("Amir Hamzah", "pendamping-sosial", "Pendamping sosial", "63.03", "nomination", "confirmed", "", "staf.kalsel", None),
        ("Siti Aminah", "petugas-dinsos", "Petugas Dinas Sosial", "63.03", "nomination", "rejected", REASON, "staf.kalsel", None),
    ]  # fmt: skip
    amir_code, siti_code = (
        Registration.objects.get(participant__nik=nik).code for nik in (AMIR_NIK, SITI_NIK)
    )
    assert list(
        AuditEvent.objects.order_by("pk").values_list("action", "actor_label", "object_repr")
    ) == [
        ("registration.submit", "operator.banjar", f"{amir_code} · Amir Hamzah · {training.title}"),
        ("registration.submit", "operator.banjar", f"{siti_code} · Siti Aminah · {training.title}"),
        ("registration.confirm", "staf.kalsel", f"{amir_code} · Amir Hamzah · {training.title}"),
        ("nomination.return", "staf.kalsel", f"{siti_code} · Siti Aminah · {training.title}"),
    ]
