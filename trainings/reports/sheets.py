"""Every report's spreadsheet writer: XLSX (openpyxl, write-only) and CSV (UTF-8 with a
BOM so Excel reads it as UTF-8; ``;`` for Indonesian Excel, which expects it).

A report hands over a ``Table``: a sheet title, headers and an iterable of rows.
Rows are consumed one at a time and written straight to the output, so an
export of any size runs in bounded memory (the background exports write to a
file). Values by type:

* ``str`` — text. Spreadsheets run a cell that starts with ``=``, ``+``, ``-``
  or ``@`` (and some read a leading tab or CR the same way) as a formula. In
  XLSX every text is a string cell (openpyxl would otherwise store "=…" as a
  formula); in CSV such a text gets a leading apostrophe.
* ``Text`` — text that must never become a number (NIK, phone: a 16-digit NIK
  loses digits as a number); XLSX also formats the cell as text ("@").
* ``Percent`` — a percentage (80.0 means 80 %): a fraction formatted ``0.0%`` in
  XLSX, "80,0%" (in the reader's number format) in CSV.
* ``datetime.date`` — a real date in XLSX (dd/mm/yyyy), "dd/mm/yyyy" in CSV.
* ``int``/``Decimal`` — numbers; ``None`` — an empty cell.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from django.utils import formats
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "DD/MM/YYYY"
# openpyxl's limit on a sheet title (Excel's own).
SHEET_TITLE_LENGTH = 31


class Text(str):
    """A value to be written as text whatever it looks like (NIK, phone)."""


class Percent(Decimal):
    """A percentage: ``Percent("80.0")`` is 80 %."""


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: Iterable[list]


def spreadsheet_text(value: str) -> str:
    """``value`` as CSV text a spreadsheet shows and never runs: a leading apostrophe
    before anything that would start a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value=float(value) / 100)
        cell.number_format = "0.0%"
        return cell
    if isinstance(value, Decimal):
        return WriteOnlyCell(sheet, value=float(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if isinstance(value, Text):
            cell.number_format = "@"
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def write_xlsx(tables: Iterable[Table], out: BinaryIO) -> None:
    """The tables as the sheets of one workbook, written to ``out``."""
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(str(table.title)[:SHEET_TITLE_LENGTH])
        sheet.append([_xlsx_cell(sheet, str(text)) for text in table.headers])
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(out)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Percent):
        return f"{formats.number_format(value, 1)}%"
    if isinstance(value, Decimal):
        return formats.number_format(value)
    if isinstance(value, str):
        return spreadsheet_text(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class _Encoder:
    """A text sink that writes UTF-8 into a binary file (``csv.writer`` needs text)."""

    def __init__(self, out: BinaryIO):
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text.encode("utf-8"))


def write_csv(table: Table, out: BinaryIO, *, separator: str = ",") -> None:
    """One table as CSV: a BOM, the headers, the rows (CRLF line ends, as Excel writes)."""
    sink = _Encoder(out)
    sink.write("\ufeff")
    writer = csv.writer(sink, delimiter=separator, lineterminator="\r\n")
    writer.writerow([spreadsheet_text(str(text)) for text in table.headers])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])


def xlsx_bytes(tables: Iterable[Table]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(tables, buffer)
    return buffer.getvalue()


def csv_bytes(table: Table, *, separator: str = ",") -> bytes:
    buffer = io.BytesIO()
    write_csv(table, buffer, separator=separator)
    return buffer.getvalue()
