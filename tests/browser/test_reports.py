"""A supervisor's morning on a phone: sign in, land on the reports, open a training's
report, see its charts drawn, download the Excel file and open it."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import axe_violations, blocking, describe
from tests.browser.forms import field
from trainings.demo import DEMO_PASSWORD
from trainings.demo.kalsel import PAST_SLUG
from trainings.models import Training

pytestmark = pytest.mark.browser

# How many pixels of a canvas are not transparent (a drawn chart has thousands).
PAINTED_PIXELS = """canvas => {
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
}"""


def test_supervisor_lands_on_the_reports_sees_the_charts_and_opens_the_excel_file(page: Page, demo):
    past = Training.objects.get(slug=PAST_SLUG)

    page.goto("/staff/login/")
    field(page, "Nama pengguna").fill("supervisor.kalsel")
    field(page, "Sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page).to_have_url(re.compile(r"/reports/$"))
    index_violations = blocking(axe_violations(page))
    # The demo's upcoming bimtek has the same title: take the 2024 one by its address.
    page.locator(f'a[href="/reports/trainings/{past.pk}/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan kehadiran dan kelulusan")
    canvases = page.locator("canvas[data-chart]")
    expect(canvases.first).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(c => Chart.getChart(c) !== undefined)"
    )
    painted = [canvas.evaluate(PAINTED_PIXELS) for canvas in canvases.all()]
    report_violations = blocking(axe_violations(page))
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh Excel (.xlsx)").click()
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))

    assert len(painted) >= 2 and min(painted) > 1000, painted
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in next(sheet.iter_rows(max_row=1))][:3] == ["No.", "Nama", "NIK"]
    assert sheet.max_row == 1 + past.registrations.filter(status="confirmed").count()
    assert (index_violations, report_violations) == ([], []), describe(
        index_violations + report_violations
    )
