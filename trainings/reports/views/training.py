"""The one-training report: its page and its exports (XLSX, CSV, PDF).

Scoped by ``access.training_or_404``: outsiders get 404; supervisors and
overseeing agencies read everything; a regency operator invited to the training
reads only the people of their regency's quota cells
(``access.report_cell_region``). NIKs are masked unless the user holds
``participants.view_full_nik``, and every whole NIK shown or exported is put on
the audit trail. A big export goes to the task queue
(``views.jobs.export_or_queue``).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from participants.permissions import can_view_full_nik
from trainings import access, nik_audit
from trainings.reports.attendance import status_legend
from trainings.reports.pdf import report_pdf_filename, training_report_pdf
from trainings.reports.sheets import SEPARATORS
from trainings.reports.training_report import training_report as build_report
from trainings.reports.views.common import download
from trainings.reports.views.jobs import export_or_queue


def _scope(request, pk: int):
    training = access.training_or_404(request.user, pk=pk)
    return training, access.report_cell_region(request.user)


@require_safe
@access.staff_required
def training_report(request, pk: int):
    training, cell_region = _scope(request, pk)
    report = build_report(training, now=timezone.now(), cell_region=cell_region)
    return render(
        request,
        "reports/training.html",
        {
            "training": training,
            "report": report,
            "summary": report.summary,
            "breakdowns": report.breakdowns,
            "legend": status_legend(),
            "operator": cell_region is not None,
            "charts": True,
        },
    )


@require_safe
@access.staff_required
def training_attendance_xlsx(request, pk: int):
    return export_or_queue(request, "attendance", {"training": pk}, "xlsx")


@require_safe
@access.staff_required
def training_attendance_csv(request, pk: int):
    separator = request.GET.get("sep") or ","
    if separator not in SEPARATORS:
        raise Http404
    return export_or_queue(request, "attendance", {"training": pk, "sep": separator}, "csv")


@require_safe
@access.staff_required
def training_report_pdf_view(request, pk: int):
    training, cell_region = _scope(request, pk)
    full_nik = can_view_full_nik(request.user)
    document = training_report_pdf(
        training, now=timezone.now(), cell_region=cell_region, full_nik=full_nik
    )
    if full_nik:
        nik_audit.note_full_niks_shown(request, document.people)
    return download(
        document.content, content_type="application/pdf", filename=report_pdf_filename(training)
    )
