"""A big export in the browser: asked from the report, written by the task worker while its
page polls (htmx), then downloaded — with no serious or critical axe violation on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import axe_violations, blocking, describe
from tests.browser.forms import sign_in
from trainings.demo import DEMO_PASSWORD
from trainings.models import ExportJob, Training
from trainings.reports.jobs import run_export_job

pytestmark = pytest.mark.browser


def test_a_big_export_waits_on_its_page_and_is_downloaded(page: Page, demo, settings, tmp_path):
    settings.PILAR_EXPORT_INLINE_ROWS = 1
    settings.MEDIA_ROOT = tmp_path / "media"
    past = Training.objects.get(slug="pelatihan-pilar-sosial-barito-utara-2025")
    sign_in(page, "staf.barut", f"/reports/trainings/{past.pk}/", password=DEMO_PASSWORD)

    page.get_by_role("link", name="Unduh Excel (.xlsx)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ekspor: Kehadiran satu pelatihan")
    expect(page.get_by_role("status").first).to_contain_text("Menunggu giliran")
    waiting = blocking(axe_violations(page))
    job = ExportJob.objects.get()
    run_export_job.call(job_id=job.pk)
    link = page.get_by_role("link", name="Unduh kehadiran-pelatihan-pilar-sosial-barito-utara")
    expect(link).to_be_visible()  # the poll saw the job done and reloaded the page
    done = blocking(axe_violations(page))
    with page.expect_download() as download:
        link.click()

    assert download.value.suggested_filename == f"kehadiran-{past.slug}.xlsx"
    assert (waiting, done) == ([], []), describe(waiting + done)
