"""Daftar hadir (attendance sheets) as PDF, for a session or a whole day of a training.

Four kinds (``SheetKind``): the participants' sheet to sign on paper, the record of
who checked in (each participant's Attendance status), the speakers' sheet and
the committee-and-guests sheet. Each is printed on A4 or F4/Folio, under the
organiser's letterhead, with the day and times in the training's zone (WIB,
WITA, WIT) and in Indonesian, whatever the request's language and zone; NIKs are
always masked. A day covers every session that starts on that local day.

Reads cost a constant number of queries whatever the class size: the sessions,
the registrations with their people, roles and regions, and per kind the
attendance, the speakers, or the committee and guests.

The modules: ``scope`` (days, sessions, file names), ``rows`` (what a sheet is
made of), one per kind (``participants``, ``speakers``, ``committee``) and
``letterhead`` (the frame around every sheet). This package's names below are
the ones to import.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from trainings.documents.attendance.committee import committee_sheet
from trainings.documents.attendance.letterhead import letterhead, logo_src, signatory
from trainings.documents.attendance.participants import check_in_sheets, participants_sheet
from trainings.documents.attendance.scope import (
    SheetNotFound,
    SheetScope,
    TrainingDay,
    day_scope,
    session_scope,
    sheet_filename,
    training_days,
)
from trainings.documents.attendance.speakers import speakers_sheet
from trainings.formatting import long_date, long_datetime
from trainings.models import Training

__all__ = [
    "Paper",
    "SheetKind",
    "SheetNotFound",
    "SheetScope",
    "TrainingDay",
    "attendance_sheet_html",
    "attendance_sheet_pdf",
    "day_scope",
    "session_scope",
    "sheet_filename",
    "training_days",
]


class SheetKind(models.TextChoices):
    PARTICIPANTS = "peserta", gettext_lazy("Daftar hadir peserta (tanda tangan)")
    CHECK_IN = "kehadiran", gettext_lazy("Rekap kehadiran peserta (hasil pencatatan)")
    SPEAKERS = "narasumber", gettext_lazy("Daftar hadir narasumber")
    COMMITTEE = "panitia", gettext_lazy("Daftar hadir panitia dan tamu undangan")


class Paper(models.TextChoices):
    # Paper names are the same in every language.
    A4 = "a4", "A4 (210 × 297 mm)"
    F4 = "f4", "F4/Folio (215 × 330 mm)"


PAGE_SIZES = {Paper.A4: "210mm 297mm", Paper.F4: "215mm 330mm"}

SHEET_BUILDERS = {
    SheetKind.PARTICIPANTS: participants_sheet,
    SheetKind.CHECK_IN: check_in_sheets,
    SheetKind.SPEAKERS: speakers_sheet,
    SheetKind.COMMITTEE: committee_sheet,
}


def attendance_sheet_html(
    *,
    training: Training,
    kind: str,
    scope: SheetScope,
    paper: str = Paper.A4,
    printed_at: datetime.datetime | None = None,
) -> str:
    """The sheet as an HTML document, rendered in Indonesian and the training's zone."""
    kind, paper = SheetKind(kind), Paper(paper)
    with timezone.override(training.tz), translation.override("id"):
        sheets = SHEET_BUILDERS[kind](training, scope)
        return render_to_string(
            "documents/attendance_sheet.html",
            {
                "training": training,
                "kind": kind.value,
                "sheets": sheets,
                "page_size": PAGE_SIZES[paper],
                "letterhead": letterhead(training),
                "logo_src": logo_src(training),
                "venue": ", ".join(
                    part for part in (training.venue_name, training.venue_address) if part
                ),
                "signatory": signatory(training, scope.day),
                "printed": long_datetime(printed_at or timezone.now(), training),
                "running": f"{training.title} · {long_date(scope.day)}",
            },
        )


def attendance_sheet_pdf(
    *,
    training: Training,
    kind: str,
    scope: SheetScope,
    paper: str = Paper.A4,
    printed_at: datetime.datetime | None = None,
) -> bytes:
    """The daftar hadir of ``kind`` for ``scope`` on ``paper``, as PDF bytes.

    ``training`` should come with its organiser (``select_related("organizer")``).
    Reads only; no side effects. Raises ``ValueError`` for an unknown kind or paper.
    """
    # Imported here: WeasyPrint and its native libraries load on the first PDF, not with
    # every process that merely imports the staff URLs.
    from trainings.documents.pdf import html_to_pdf

    html = attendance_sheet_html(
        training=training, kind=kind, scope=scope, paper=paper, printed_at=printed_at
    )
    return html_to_pdf(html)
