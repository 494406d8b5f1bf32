"""The one-training attendance report as a spreadsheet: XLSX (openpyxl, write-only) and
CSV (UTF-8 with a BOM so Excel reads it as UTF-8; ``;`` for Indonesian Excel).

One row per counted person: the session statuses, attended, excused, total (in
the training's completion basis), the rate as a percentage and whether the
completion rule is met. Headers follow the active language.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some
read a leading tab or CR the same way) as a formula. Every text cell is written
so that it stays text: in XLSX as a string cell (openpyxl would otherwise store
a value starting with "=" as a formula), in CSV with a leading apostrophe. NIKs
and phone numbers are always text (a 16-digit NIK loses digits as a number).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from trainings.formatting import local_date, local_time, nik_for
from trainings.reports.attendance import PersonAttendance, TrainingAttendance
from trainings.reports.breakdowns import regency_of

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";")
NUMBER_HEADING = "No."  # the same abbreviation in Indonesian and English
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Text(str):
    """A value to be written as text whatever it looks like (NIK, phone)."""


def session_heading(summary: TrainingAttendance, column) -> str:
    """A session's column heading: its local day and time with the zone, and its topic."""
    session = column.session
    start = session.starts_at
    return (
        f"{local_date(start, summary.training)} {local_time(start, summary.training)} "
        f"· {session.topic}"
    )


def headers(summary: TrainingAttendance) -> list[str]:
    return [
        NUMBER_HEADING,
        _("Nama"),
        _("NIK"),
        _("Jenis kelamin"),
        _("Unsur"),
        _("Kabupaten/kota"),
        _("Lembaga/unit"),
        _("Nomor HP"),
        *(session_heading(summary, column) for column in summary.sessions),
        _("Hadir"),
        _("Izin/sakit"),
        _("Jumlah dihitung"),
        _("Persentase kehadiran"),
        _("Memenuhi syarat kelulusan"),
    ]


def _completed(person: PersonAttendance) -> str:
    if person.completed is None:
        return ""
    return _("Ya") if person.completed else _("Tidak")


def person_rows(summary: TrainingAttendance, *, full_nik: bool) -> Iterator[list]:
    """The rows under ``headers``; the rate is a fraction (or None), text is ``str``."""
    for number, person in enumerate(summary.people, start=1):
        registration = person.registration
        participant = registration.participant
        regency = regency_of(registration)
        yield [
            number,
            registration.shown_name,
            Text(nik_for(participant.nik, full=full_nik)),
            participant.get_sex_display(),
            registration.role.name,
            regency.name if regency is not None else "",
            registration.organization_unit or participant.organization_unit,
            Text(registration.phone or participant.phone),
            *person.codes,
            person.attended,
            person.excused,
            person.total,
            None if person.rate is None else person.rate / 100,
            _completed(person),
        ]


def spreadsheet_text(value: str) -> str:
    """``value`` as CSV text a spreadsheet shows and never runs: a leading apostrophe
    before anything that would start a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _xlsx_cell(sheet, value, *, is_rate: bool):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if isinstance(value, Text):
            cell.number_format = "@"
    elif is_rate and value is not None:
        cell.number_format = "0.0%"
    return cell


def attendance_xlsx(summary: TrainingAttendance, *, full_nik: bool) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Kehadiran"))
    heading = headers(summary)
    rate_column = len(heading) - 2
    sheet.append([_xlsx_cell(sheet, str(text), is_rate=False) for text in heading])
    for row in person_rows(summary, full_nik=full_nik):
        sheet.append(
            [
                _xlsx_cell(
                    sheet,
                    float(value) if isinstance(value, Decimal) else value,
                    is_rate=index == rate_column,
                )
                for index, value in enumerate(row)
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):  # the rate, as a percentage in the reader's language
        return f"{formats.number_format(value * 100, 1)}%"
    if isinstance(value, str):
        return spreadsheet_text(value)
    return str(value)


def attendance_csv(summary: TrainingAttendance, *, full_nik: bool, separator: str = ",") -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([spreadsheet_text(str(text)) for text in headers(summary)])
    for row in person_rows(summary, full_nik=full_nik):
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def attendance_filename(summary: TrainingAttendance, extension: str) -> str:
    return f"kehadiran-{summary.training.slug}.{extension}"
