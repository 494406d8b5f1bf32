"""The one-training report as a PDF (``/reports/trainings/<pk>/laporan.pdf``), WeasyPrint.

Printed like the daftar hadir (``trainings.documents.attendance``): the organiser's
letterhead and signatory from ``documents.attendance.letterhead``, its stylesheet
for the letterhead, facts and signature block, DejaVu Sans only, and in Indonesian
with every time in the training's zone whatever the request's language and zone.
Portrait pages carry the facts, totals, per-session and per-day tables, the
breakdowns, the charts (``charts.svg``), the roster's changes and the speakers' JP;
the attendance matrix follows on landscape pages whose header row repeats, its
sessions numbered as in the per-session table. "Halaman x dari y" on every page.

NIKs are whole only for a user granted ``participants.view_full_nik``; the caller
puts them on the audit trail (``ReportPdf.people`` says how many were printed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation

from participants.models import Region
from trainings.documents.attendance.letterhead import letterhead, logo_src, signatory
from trainings.formatting import long_datetime, nik_for, time_range, training_dates
from trainings.models import Training
from trainings.reports.attendance import status_legend
from trainings.reports.charts import svg
from trainings.reports.training_report import TrainingReport, training_report

# Page width left for a chart on portrait A4 (210 mm less the margins), in CSS pixels.
CHART_WIDTH = 640


@dataclass(frozen=True)
class ReportPdf:
    content: bytes
    people: int  # rows of the matrix, each with one NIK


def _matrix_rows(report: TrainingReport, *, full_nik: bool) -> list[dict]:
    return [
        {
            "number": number,
            "name": person.registration.shown_name,
            "nik": nik_for(person.registration.participant.nik, full=full_nik),
            "codes": person.codes,
            "person": person,
        }
        for number, person in enumerate(report.summary.people, start=1)
    ]


def training_report_html(
    report: TrainingReport, *, full_nik: bool, printed_at: datetime.datetime
) -> str:
    """The report as an HTML document for WeasyPrint (call inside the overrides of
    ``training_report_pdf``: Indonesian, the training's zone)."""
    training = report.training
    return render_to_string(
        "reports/training_report_pdf.html",
        {
            "training": training,
            "report": report,
            "summary": report.summary,
            "dates": training_dates(training),
            "venue": ", ".join(
                part for part in (training.venue_name, training.venue_address) if part
            ),
            "session_rows": [
                (column, time_range(column.session.starts_at, column.session.ends_at, training))
                for column in report.summary.sessions
            ],
            "matrix": _matrix_rows(report, full_nik=full_nik),
            "legend": status_legend(),
            "cell_region_name": (
                Region.objects.get(pk=report.cell_region).name if report.cell_region else ""
            ),
            "charts": [(chart, svg(chart, width=CHART_WIDTH)) for chart in report.charts],
            "letterhead": letterhead(training),
            "logo_src": logo_src(training),
            "signatory": signatory(training, timezone.localtime(printed_at, training.tz).date()),
            "printed": long_datetime(printed_at, training),
        },
    )


def training_report_pdf(
    training: Training,
    *,
    now: datetime.datetime,
    cell_region: str | None,
    full_nik: bool,
) -> ReportPdf:
    """The report of ``training`` at ``now`` as PDF bytes (reads only; ``training`` with
    its organiser). ``cell_region`` restricts it to a regency's quota cells."""
    # Imported here: WeasyPrint and its native libraries load on the first PDF only.
    from trainings.documents.pdf import html_to_pdf

    with timezone.override(training.tz), translation.override("id"):
        report = training_report(training, now=now, cell_region=cell_region)
        html = training_report_html(report, full_nik=full_nik, printed_at=now)
    return ReportPdf(content=html_to_pdf(html), people=len(report.summary.people))


def report_pdf_filename(training: Training) -> str:
    return f"laporan-{training.slug}.pdf"
