"""The one-training report: its page and its exports.

Scoped like the staff pages (``trainings.access``): outsiders and regency
operators get 404; supervisors and overseeing agencies read. NIKs are masked
unless the user holds ``participants.view_full_nik``, and every whole NIK shown
or exported is put on the audit trail. A big export goes to the task queue
(``views.jobs.export_or_queue``).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from trainings import access
from trainings.reports.attendance import attendance_summary, status_legend
from trainings.reports.breakdowns import breakdowns
from trainings.reports.sheets import SEPARATORS
from trainings.reports.views.jobs import export_or_queue


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
