"""The one-training report: its page and its exports.

Scoped like the staff pages (``trainings.access``): outsiders and regency
operators get 404; supervisors and overseeing agencies read. NIKs are masked
unless the user holds ``participants.view_full_nik``, and every whole NIK shown
or exported is put on the audit trail.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from participants.permissions import can_view_full_nik
from trainings import access, nik_audit
from trainings.reports.attendance import attendance_summary, status_legend
from trainings.reports.breakdowns import breakdowns
from trainings.reports.exports import attendance_csv, attendance_filename, attendance_xlsx
from trainings.reports.sheets import CSV_CONTENT_TYPE, SEPARATORS, XLSX_CONTENT_TYPE
from trainings.reports.views.common import download


@require_safe
@access.staff_required
def training_report(request, pk: int):
    training = access.staff_training_or_404(request.user, pk=pk)
    summary = attendance_summary(training, now=timezone.now())
    return render(
        request,
        "reports/training.html",
        {
            "training": training,
            "summary": summary,
            "breakdowns": breakdowns(summary),
            "legend": status_legend(),
        },
    )


def _export(request, pk: int):
    training = access.staff_training_or_404(request.user, pk=pk)
    summary = attendance_summary(training, now=timezone.now())
    full_nik = can_view_full_nik(request.user)
    if full_nik:
        nik_audit.note_full_niks_shown(request, len(summary.people))
    return summary, full_nik


@require_safe
@access.staff_required
def training_attendance_xlsx(request, pk: int):
    summary, full_nik = _export(request, pk)
    return download(
        attendance_xlsx(summary, full_nik=full_nik),
        content_type=XLSX_CONTENT_TYPE,
        filename=attendance_filename(summary, "xlsx"),
    )


@require_safe
@access.staff_required
def training_attendance_csv(request, pk: int):
    separator = request.GET.get("sep") or ","
    if separator not in SEPARATORS:
        raise Http404
    summary, full_nik = _export(request, pk)
    return download(
        attendance_csv(summary, full_nik=full_nik, separator=separator),
        content_type=CSV_CONTENT_TYPE,
        filename=attendance_filename(summary, "csv"),
    )
