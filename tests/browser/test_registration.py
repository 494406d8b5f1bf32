"""A newcomer registers from a phone and cancels with what only they know; a malformed NIK is
refused next to its field."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import Page, expect

from participants.models import Participant
from participants.nik import build_nik
from tests.browser.forms import field, fill_person
from trainings.models import AuditEvent, Registration, Training

pytestmark = pytest.mark.browser

BIRTH_DATE = datetime.date(1990, 2, 14)
# Teweh Tengah, born 14-02-1990, a woman (day + 40): agrees with the form, so no warnings.
NIK = build_nik(district_code="62.05.05", birth_date=BIRTH_DATE, sex="P", serial=9001)
PHONE_WIDTH = 360
TKSK = "TKSK — Tenaga Kesejahteraan Sosial Kecamatan"
NEWCOMER = {
    "full_name": "Siti  Rahmawati",
    "sex": "P",
    "birth_place": "Muara Teweh",
    "birth_date": BIRTH_DATE.isoformat(),
    "phone": "0812 3456 7890",
    "organization_unit": "TKSK Kecamatan Teweh Tengah",
}


def _fill_form(page: Page, *, nik: str) -> None:
    """Fill the form as a person does, the home region through the dependent selects."""
    fill_person(page, {"nik": nik, **NEWCOMER})

    province, regency, district = (
        field(page, "Provinsi"),
        field(page, "Kabupaten/kota"),
        field(page, "Kecamatan"),
    )
    # The form opens on the venue's province; another province loads its own regencies.
    expect(province).to_have_value("62")
    province.select_option("63")
    regency.select_option(label="Kota Banjarmasin")  # waits for htmx's <option>s
    expect(district.locator("option", has_text="Banjarmasin Tengah")).to_have_count(1)
    province.select_option(label="Kalimantan Tengah")
    expect(district.locator("option")).to_have_text(["— Pilih kecamatan —"])  # emptied
    regency.select_option(label="Kabupaten Barito Utara")
    district.select_option(label="Teweh Tengah")

    field(page, "Unsur pilar sosial").select_option(label=TKSK)
    field(page, "Mewakili kabupaten/kota atau lembaga").select_option("62.05")
    page.get_by_label(re.compile(r"^\s*Saya menyetujui pemrosesan data pribadi")).check()


def _page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _open_register_form(page: Page, training: Training) -> None:
    page.goto("/")
    page.get_by_role("link", name=training.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(training.title)
    page.get_by_role("link", name="Daftar sekarang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pendaftaran peserta")


def test_newcomer_on_a_phone_finds_the_demo_training_registers_and_cancels(page: Page, demo):
    training = demo
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    kalsel = Training.objects.filter(slug__startswith="bimtek-pendamping-sosial-kalsel-").latest(
        "starts_on"
    )
    expect(page.locator("main li.card h2")).to_have_text([training.title, kalsel.title])
    seats_before = training.seats_taken

    _open_register_form(page, training)
    assert _page_width(page) == PHONE_WIDTH  # nothing to scroll sideways on a phone
    _fill_form(page, nik=NIK)
    page.get_by_role("button", name="Daftar", exact=True).click()

    expect(page).to_have_url(re.compile(r"/registrations/[0-9A-Z]{8}/\?baru=1$"))
    assert _page_width(page) == PHONE_WIDTH
    registration = Registration.objects.select_related("participant", "role").get(
        training=training, participant__nik=NIK
    )
    code = registration.code
    expect(
        page.get_by_role("status").filter(has_text="Pendaftaran Anda sudah kami terima.")
    ).to_be_visible()
    code_section = page.get_by_role("region", name="Kode pendaftaran")
    expect(code_section.locator(".pilar-code")).to_have_text(code)
    expect(code_section.get_by_role("img", name=f"Kode QR pendaftaran {code}")).to_be_visible()
    expect(code_section.locator("svg")).to_have_count(1)
    expect(page.locator("#registration-status")).to_have_text("Terdaftar")
    participant = registration.participant
    assert (
        participant.full_name,
        participant.sex,
        participant.birth_date,
        participant.phone,
        participant.home_region_id,
        registration.role.code,
        registration.region_represented_id,
        registration.status,
    ) == (
        "Siti Rahmawati",
        "P",
        BIRTH_DATE,
        "+6281234567890",
        "62.05.05",
        "tksk",
        "62.05",
        Registration.Status.CONFIRMED,
    )
    training.refresh_from_db()
    assert training.seats_taken == seats_before + 1

    # Cancelling asks what only the registrant knows (a wrong answer says not which part),
    # then asks again; only the last button cancels.
    page.get_by_role("link", name="Batalkan pendaftaran").click()
    expect(page).to_have_url(re.compile(rf"/registrations/{code}/cancel/$"))
    assert _page_width(page) == PHONE_WIDTH
    field(page, "Tanggal lahir").fill(BIRTH_DATE.isoformat())
    field(page, "4 angka terakhir nomor HP").fill("7891")
    page.get_by_role("button", name="Lanjut").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Tanggal lahir atau 4 angka terakhir nomor HP tidak cocok."
    )
    field(page, "4 angka terakhir nomor HP").fill("7890")
    page.get_by_role("button", name="Lanjut").click()
    expect(page.get_by_role("alert")).to_contain_text("Yakin batalkan pendaftaran ini?")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    page.get_by_role("button", name="Ya, batalkan").click()

    expect(page).to_have_url(re.compile(rf"/registrations/{code}/$"))
    expect(
        page.get_by_role("status").filter(has_text="Pendaftaran Anda telah dibatalkan.")
    ).to_be_visible()
    expect(page.locator("#registration-status")).to_have_text("Dibatalkan")
    expect(page.get_by_role("img", name=f"Kode QR pendaftaran {code}")).to_have_count(0)
    expect(page.get_by_role("button", name="Batalkan pendaftaran")).to_have_count(0)
    registration.refresh_from_db()
    training.refresh_from_db()
    assert (registration.status, training.seats_taken) == (
        Registration.Status.CANCELLED,
        seats_before,
    )
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration), object_id=str(registration.pk)
    )
    assert list(events.order_by("pk").values_list("action", flat=True)) == [
        "registration.submit",
        "registration.cancel_refused",
        "registration.cancel",
    ]


def test_malformed_nik_shows_its_indonesian_error_next_to_the_field(page: Page, demo):
    training = demo
    counts = (Participant.objects.count(), Registration.objects.count())
    _open_register_form(page, training)
    _fill_form(page, nik=NIK[:15])
    page.get_by_role("button", name="Daftar", exact=True).click()

    nik = field(page, "NIK")
    message = "NIK harus tepat 16 digit angka (0–9); yang diisi 15 karakter."
    error = page.locator("#div_id_nik .invalid-feedback")
    expect(error).to_have_text(message)
    expect(nik).to_have_attribute("aria-invalid", "true")
    expect(nik).to_have_accessible_description(re.compile(re.escape(message)))
    expect(nik).to_have_value(NIK[:15])
    expect(field(page, "Nama lengkap")).to_have_value("Siti  Rahmawati")
    expect(page.get_by_role("alert")).to_have_text(
        "Ada isian yang perlu diperbaiki; lihat keterangan merah di bawah."
    )
    expect(page.locator(".invalid-feedback")).to_have_count(1)
    assert (Participant.objects.count(), Registration.objects.count()) == counts
