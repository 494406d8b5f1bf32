"""axe-core finds no serious or critical violation on the public pages and the staff and
report pages, on a phone screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error, Page, expect

from tests.browser.accessibility import axe_violations, blocking, describe
from tests.browser.forms import sign_in
from trainings.demo import DEMO_PASSWORD
from trainings.models import Registration, Training

pytestmark = pytest.mark.browser


def test_axe_runs_with_the_sites_csp_in_force(page: Page, transactional_db):
    """The check below is worth something only if the pages keep their CSP while axe runs."""
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    with pytest.raises(Error, match="violates the following Content Security Policy"):
        page.add_script_tag(content="window.inlineRan = true")

    violations = axe_violations(page)

    assert isinstance(violations, list)
    assert page.evaluate("[typeof window.inlineRan, axe.version]") == ["undefined", "4.14.1"]


def test_public_pages_have_no_serious_or_critical_axe_violations(page: Page, demo):
    training = demo
    code = Registration.objects.filter(training=training).order_by("code").first().code
    pages = {
        "catalogue": ("/", "Pelatihan pilar sosial"),
        "training": (f"/trainings/{training.slug}/", training.title),
        "register": (f"/trainings/{training.slug}/register/", "Pendaftaran peserta"),
        "status": (f"/registrations/{code}/", "Status pendaftaran"),
        "lost code": ("/registrations/lost/", "Lupa kode pendaftaran"),
        "cancel": (f"/registrations/{code}/cancel/", "Batalkan pendaftaran"),
    }
    found = {}
    for name, (path, heading) in pages.items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        found[name] = blocking(axe_violations(page))
    # The register form again, as it is shown after a refused submission (error messages).
    page.goto(pages["register"][0])
    # Skip the browser's own checks of required fields so that the server's messages show.
    page.locator("form.pilar-form").evaluate("(form) => { form.noValidate = true; }")
    page.get_by_role("button", name="Daftar", exact=True).click()
    expect(page.locator("#div_id_nik .invalid-feedback")).to_be_visible()
    found["register with errors"] = blocking(axe_violations(page))

    assert found == {name: [] for name in found}, "\n".join(
        f"{name}:\n{describe(violations)}" for name, violations in found.items() if violations
    )


def test_staff_and_report_pages_have_no_serious_or_critical_axe_violations(page: Page, demo):
    """The pages a training's staff and supervisors open most, on the demo's past training
    (attendance recorded) and its upcoming one."""
    past = Training.objects.get(slug="pelatihan-pilar-sosial-barito-utara-2025")
    pages = {
        "dashboard": f"/staff/trainings/{demo.pk}/",
        "registrations": f"/staff/trainings/{demo.pk}/registrations/",
        "reports": "/reports/",
        "training report": f"/reports/trainings/{past.pk}/",
        "period summary": f"/reports/period/?year={past.fiscal_year}",
        "period filter error": "/reports/period/?year=dua",
    }
    sign_in(page, "staf.barut", pages["dashboard"], password=DEMO_PASSWORD)
    found = {}
    for name, path in pages.items():
        page.goto(path)
        found[name] = blocking(axe_violations(page))

    assert found == {name: [] for name in found}, "\n".join(
        f"{name}:\n{describe(violations)}" for name, violations in found.items() if violations
    )
