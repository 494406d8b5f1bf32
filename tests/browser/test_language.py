"""The language switch on every page: Indonesian by default, English on request, and back."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.factories import OrganizationFactory, TrainingFactory

pytestmark = pytest.mark.browser


def _gettext(language: str, message: str) -> str:
    # The live server runs in this process, with the same catalogues: whatever
    # locale/en holds when the suite runs (translations are still being written).
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def training(transactional_db, regions, reference_data):
    return TrainingFactory(
        title="Pelatihan Pilar Sosial Barito Utara",
        organizer=OrganizationFactory(name="Dinas Sosial PMD Barito Utara"),
        fiscal_year=2031,
        starts_on=datetime.date(2031, 10, 23),
        ends_on=datetime.date(2031, 10, 23),
    )


def _switch_to(page: Page, language: str) -> None:
    switch = page.get_by_role("navigation").locator("form")
    switch.get_by_role("combobox").select_option(language)
    switch.get_by_role("button").click()


def test_language_switch_changes_the_pages_to_english_and_back(page: Page, training, base_url):
    heading = "Pelatihan pilar sosial"
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    card = page.locator("main li.card")
    expect(card.locator("dd").first).to_have_text("Kamis, 23 Oktober 2031 · WIB")

    _switch_to(page, "en")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{base_url}/")  # back where the switch was used
    expect(page.get_by_role("heading", level=1)).to_have_text(_gettext("en", heading))
    expect(card.locator("dd").first).to_have_text("Thursday, 23 October 2031 · WIB")
    expect(page.locator("#language-switch")).to_have_value("en")
    # The choice is kept (a cookie) on the next page.
    card.get_by_role("link", name=training.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(training.title)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main dl.pilar-facts dd").first).to_have_text(
        "Thursday, 23 October 2031 · WIB"
    )

    _switch_to(page, "id")

    expect(page).to_have_url(f"{base_url}/trainings/{training.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("main dl.pilar-facts dd").first).to_have_text(
        "Kamis, 23 Oktober 2031 · WIB"
    )
    expect(page.get_by_role("link", name="← Semua pelatihan")).to_be_visible()
