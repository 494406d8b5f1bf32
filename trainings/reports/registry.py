"""The exports a user can ask for, by kind: what each one reads and how it is written.

``EXPORTS`` maps a kind (the key an ``ExportJob`` keeps) to an ``ExportKind``:
its label and the function ``open(user, params) -> Export``, which checks the
scope *as that user* (raising ``Http404``/``PermissionDenied`` outside it, as
the pages do), loads what the export reads and hands back its tables (rows as
lazy iterators, written one at a time by ``sheets``), the file name and the
number of rows it will write. The same function serves an export answered at once
(``views.jobs.export_or_queue``) and one written later by the task queue
(``jobs.run_export_job``), so the worker applies the scope of the day it runs:
a user who lost access gets no file.

A new export registers here; ``params`` must be JSON (they are kept on the job).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.permissions import can_view_full_nik
from trainings import access
from trainings.reports.exports import attendance_filename, training_report_tables
from trainings.reports.sheets import SEPARATORS, Table
from trainings.reports.training_report import training_report

XLSX, CSV = "xlsx", "csv"


@dataclass
class Export:
    """One export, ready to write: nothing is read from ``tables`` before writing."""

    filename: str  # without the extension
    rows: int  # rows the tables will hold (the estimate the queue and progress use)
    tables: list[Table]
    full_niks: int = 0  # whole NIKs written (put on the audit trail)


@dataclass(frozen=True)
class ExportKind:
    label: Any  # a lazy translation
    open: Callable[[Any, dict], Export]
    formats: tuple[str, ...] = field(default=(XLSX, CSV))  # CSV writes the first table


def csv_separator(params: dict) -> str:
    separator = params.get("sep", ",")
    if separator not in SEPARATORS:
        raise Http404
    return separator


def _training_pk(params: dict) -> int:
    pk = params.get("training")
    if not isinstance(pk, int):
        raise Http404
    return pk


def attendance_export(user, params: dict) -> Export:
    """The one-training report (``exports.training_report_tables``: the matrix first, so
    the CSV is the matrix) for ``user`` — a regency operator gets their regency's quota
    cells only: params ``{"training": pk}``, and ``"sep"`` for CSV."""
    training = access.training_or_404(user, pk=_training_pk(params))
    report = training_report(
        training, now=timezone.now(), cell_region=access.report_cell_region(user)
    )
    full_nik = can_view_full_nik(user)
    people = len(report.summary.people)
    return Export(
        filename=attendance_filename(report.summary, "").removesuffix("."),
        rows=people,
        tables=training_report_tables(
            report.summary, report.roster, report.speakers, full_nik=full_nik
        ),
        full_niks=people if full_nik else 0,
    )


EXPORTS: dict[str, ExportKind] = {
    "attendance": ExportKind(label=_("Kehadiran satu pelatihan"), open=attendance_export),
}


def export_kind_or_404(kind: str) -> ExportKind:
    try:
        return EXPORTS[kind]
    except KeyError:
        raise Http404 from None
