"""A training's registrations in a browser, on a phone: Barito Utara's staff search a NIK with
the search box (the address bar never shows it), open "Perlu verifikasi data", compare a claim
with the person on record and reject another one whose person is out of their scope — with no
serious or critical axe violation, under the site's CSP.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from participants.models import Region
from participants.nik import build_nik
from tests.browser.accessibility import axe_violations, blocking, describe
from tests.browser.forms import sign_in
from tests.factories import ParticipantFactory
from trainings.models import Registration
from trainings.services import PersonDetails, registration_submit

pytestmark = pytest.mark.browser

BIRTH = datetime.date(1985, 10, 23)
RUDI_NIK = build_nik(district_code="62.05.05", birth_date=BIRTH, sex="L", serial=7)
SITI_NIK = build_nik(district_code="63.03.03", birth_date=BIRTH, sex="P", serial=77)


@pytest.fixture
def claims(transactional_db, fresh_rate_limits, request):
    """Two held claims in Barito Utara's training: on Rudi's NIK (a Barito Utara resident)
    and on Siti's (a Banjar resident, out of Barito Utara's scope)."""
    world = request.getfixturevalue("world")
    roles = request.getfixturevalue("roles")
    ParticipantFactory(nik=RUDI_NIK, full_name="Rudi Hartono", birth_date=BIRTH)
    ParticipantFactory(
        nik=SITI_NIK, full_name="Siti Rahmawati", sex="P", birth_date=BIRTH,
        home_region=Region.objects.get(code="63.03.03"),
    )  # fmt: skip
    for nik, name, sex in ((RUDI_NIK, "Rudi H.", "L"), (SITI_NIK, "Siti R.", "P")):
        registration_submit(
            actor=None, training=world.barut_training, role=roles["tksk"], consent=True,
            region_represented=None,
            person=PersonDetails(nik=nik, full_name=name, sex=sex, birth_date=BIRTH,
                                 phone="+6285700001111"),
        )  # fmt: skip
    return world.barut_training


def test_staff_search_a_nik_and_verify_claims_on_a_phone(page: Page, claims):
    training = claims
    registrations = f"/staff/trainings/{training.pk}/registrations/"
    sign_in(page, "staf.barut", registrations)

    page.get_by_role("searchbox", name="Cari").fill(SITI_NIK)
    page.get_by_role("searchbox", name="Cari").press("Enter")

    expect(page).to_have_url(re.compile(re.escape(registrations) + r"\?cari=1$"))
    expect(page.locator(".pilar-name")).to_have_text(["Siti R."])
    expect(page.get_by_role("searchbox", name="Cari")).to_have_value(SITI_NIK)

    page.get_by_role("link", name="Perlu verifikasi data 2").click()

    expect(page).to_have_url(re.compile(re.escape(registrations) + r"\?status=held$"))
    expect(page.locator(".pilar-name")).to_have_text(["Rudi H.", "Siti R."])
    rudi, siti = page.locator(".pilar-claim").all()
    expect(rudi.get_by_role("row", name=re.compile("^Nama lengkap"))).to_have_text(
        re.compile(r"Rudi H.\s+Rudi Hartono\s+Berbeda")
    )
    expect(siti.get_by_role("button", name="Terima sebagai orang yang tercatat")).to_have_count(0)
    found = blocking(axe_violations(page))
    assert found == [], describe(found)

    siti.locator("summary").press("Enter")  # the keyboard opens "Tolak"
    siti.get_by_label("Alasan penolakan").fill("Bukan orang yang sama")
    siti.get_by_label("Alasan penolakan").press("Enter")

    expect(page.get_by_role("alert").or_(page.locator(".alert"))).to_contain_text(
        "atas nama Siti R. ditolak."
    )
    expect(page.locator(".pilar-name")).to_have_text(["Rudi H."])
    assert "Siti Rahmawati" not in page.content()
    assert Registration.objects.get(participant__nik=SITI_NIK, status="rejected").decided_by_id
