"""Staff pages: the printable daftar hadir of a training — a page listing the sheets of each
day and session, and the PDFs themselves.

Reading is enough: supervisors and the agencies overseeing a training may print
its sheets too. Outsiders, and regency operators (who see only their own
regency's cells), get 404, as do a session or a day that is not the training's.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from trainings import access
from trainings.documents.attendance import (
    Paper,
    SheetKind,
    attendance_sheet_pdf,
    sheet_filename,
    training_days,
)

# The sheets the page offers per session, by short names (the committee and guests sign
# once a day).
SESSION_KINDS = [
    (SheetKind.PARTICIPANTS, _("Peserta")),
    (SheetKind.CHECK_IN, _("Rekap kehadiran")),
    (SheetKind.SPEAKERS, _("Narasumber")),
]


def _paper(request) -> Paper:
    value = request.GET.get("paper") or Paper.A4
    if value not in Paper.values:
        raise Http404
    return Paper(value)


@require_safe
@access.staff_required
def attendance_sheets(request, pk: int):
    training = access.staff_training_or_404(request.user, pk=pk)
    paper = _paper(request)
    return render(
        request,
        "documents/staff_attendance_sheets.html",
        {
            "training": training,
            "days": training_days(training),
            "paper": paper,
            "papers": Paper.choices,
            "day_kinds": SheetKind.choices,
            "session_kinds": [(kind.value, label) for kind, label in SESSION_KINDS],
        },
    )


@require_safe
@access.staff_required
def attendance_sheet_pdf_view(request, pk: int, kind: str):
    training = access.staff_training_or_404(request.user, pk=pk)
    if kind not in SheetKind.values:
        raise Http404
    paper = _paper(request)
    scope = access.sheet_scope_or_404(request, training)
    pdf = attendance_sheet_pdf(training=training, kind=kind, scope=scope, paper=paper)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, sheet_filename(training=training, kind=kind, scope=scope)
    )
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("trainings/<int:pk>/daftar-hadir/", attendance_sheets, name="attendance_sheets"),
    path(
        "trainings/<int:pk>/daftar-hadir/<slug:kind>.pdf",
        attendance_sheet_pdf_view,
        name="attendance_sheet_pdf",
    ),
]
