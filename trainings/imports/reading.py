"""Reading an uploaded .xlsx within bounds: what it costs is what is in it, up to a budget.

openpyxl alone trusts the file. In read-only mode ``iter_rows`` pads every row
to the sheet's declared ``max_column`` (``A1:XFD1048576``: 16,384 values a row)
and yields an empty row for every gap up to the last row present (one formatted
cell in row 1,048,576: a million rows, seconds per file), and ``reset_dimensions``
removes only the first; opening a workbook scans each sheet for its dimension
and parses a sheet without one whole; nothing limits what a zip member expands
to. Here:

* ``check_archive`` reads the zip's central directory before anything is
  parsed: the parts together may unpack to at most ``PILAR_IMPORT_MAX_UNPACKED_MB``
  and no part bigger than 1 MiB may expand more than ``PILAR_IMPORT_MAX_RATIO``
  times (a compression bomb is refused here, in milliseconds). ``zipfile`` never
  yields more than a part's declared size, so the check bounds the reads below.
* ``Book`` opens the workbook without touching a worksheet, and
  ``present_rows`` streams one sheet's XML itself (openpyxl's cell parser, not
  its row padding), yields only the cells present, drops each parsed element
  (memory stays flat), and counts as it parses: every ``<c>`` and every ``<row>``
  (a formatted blank row costs like a cell; before the data, every element)
  against ``PILAR_IMPORT_MAX_CELLS``,
  the bytes read against the unpacked budget, the time against
  ``PILAR_IMPORT_MAX_SECONDS``. The first budget exceeded stops the read with
  ``FileRefused``, whose message names the limit.

Declared dimensions are never read: rows and columns are what the XML holds.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._reader import CELL_TAG, DATA_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.functions import iterparse

MIB = 1024 * 1024
RATIO_CHECKED_FROM = MIB  # small parts (styles, themes) compress well and cost nothing


class FileRefused(Exception):
    """The file exceeds a reading budget; ``message`` is for the person who uploaded it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    cells: int
    seconds: int
    unpacked_bytes: int
    ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            cells=settings.PILAR_IMPORT_MAX_CELLS,
            seconds=settings.PILAR_IMPORT_MAX_SECONDS,
            unpacked_bytes=settings.PILAR_IMPORT_MAX_UNPACKED_MB * MIB,
            ratio=settings.PILAR_IMPORT_MAX_RATIO,
        )


def thousands(number: int) -> str:
    """20000 → "20.000", as Indonesian writes numbers (the English catalogue keeps it)."""
    return f"{number:,}".replace(",", ".")


def _too_big(limits: Limits) -> FileRefused:
    return FileRefused(
        _(
            "Berkas ini terlalu besar setelah dibuka: batasnya %(max)s MB isi tanpa kompresi "
            "per berkas. Hapus lembar, gambar, serta baris dan kolom kosong yang tidak perlu, "
            "atau bagi menjadi beberapa berkas, lalu unggah lagi."
        )
        % {"max": thousands(limits.unpacked_bytes // MIB)}
    )


def check_archive(file: IO[bytes], limits: Limits) -> None:
    """Refuse, from the central directory alone, a file that would unpack beyond the budget.

    Raises ``FileRefused``; ``zipfile.BadZipFile`` when it is no zip at all.
    Leaves ``file`` at its start.
    """
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        parts = archive.infolist()
    file.seek(0)
    if sum(part.file_size for part in parts) > limits.unpacked_bytes:
        raise _too_big(limits)
    for part in parts:
        if part.file_size > RATIO_CHECKED_FROM and part.file_size > limits.ratio * max(
            part.compress_size, 1
        ):
            raise FileRefused(
                _(
                    "Berkas ini tidak dibaca: salah satu bagiannya mengembang lebih dari "
                    "%(max)s kali lipat saat dibuka (batas per berkas), seperti berkas yang "
                    "sengaja dibuat untuk membebani server. Buka di Excel, simpan sebagai "
                    '"Excel Workbook (.xlsx)", lalu unggah lagi.'
                )
                % {"max": thousands(limits.ratio)}
            )


class _CountingReader:
    """A file-like view of a zip part that refuses to read past the unpacked budget."""

    def __init__(self, source: IO[bytes], limits: Limits):
        self.source, self.limits, self.count = source, limits, 0

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.count += len(data)
        if self.count > self.limits.unpacked_bytes:
            raise _too_big(self.limits)
        return data


class Book:
    """An opened .xlsx: its worksheets' names and parts, and what reading a cell needs.

    openpyxl's ``load_workbook`` is not used: in read-only mode it scans every
    worksheet for its declared dimension as it opens the file, and a sheet
    without one is parsed whole, outside any budget. Here the workbook part,
    shared strings and styles are read (their size bounded by ``check_archive``)
    and worksheets only when ``present_rows`` streams one. Close it after use.
    """

    def __init__(self, file: IO[bytes]):
        reader = ExcelReader(file, read_only=True, data_only=True)
        self.archive = reader.archive
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self.sheets: list[tuple[str, str]] = [
                (sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
        except BaseException:
            self.archive.close()
            raise
        self.shared_strings = reader.shared_strings
        self.epoch = reader.wb.epoch
        self.date_formats = reader.wb._date_formats
        self.timedelta_formats = reader.wb._timedelta_formats

    def close(self) -> None:
        self.archive.close()


def present_rows(
    book: Book, part_name: str, limits: Limits
) -> Iterator[tuple[int, dict[int, Any]]]:
    """(Excel row number, {column number: value}) for every row element of the sheet,
    in file order, with only the cells that hold a value; no padding, no invented rows.

    Raises ``FileRefused`` at the first budget exceeded, and what a malformed sheet
    raises (``SyntaxError`` from the XML parser, ``ValueError``, ``IndexError``,
    ``KeyError``, ``zipfile.BadZipFile``, ``EOFError``, ``zlib.error``).
    """
    parser = WorkSheetParser(
        None,
        book.shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book.date_formats,
        timedelta_formats=book.timedelta_formats,
    )
    deadline = time.monotonic() + limits.seconds
    counted = 0
    sheet_data = row = None
    values: dict[int, Any] = {}
    with book.archive.open(part_name) as part:
        for event, element in iterparse(_CountingReader(part, limits), events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == ROW_TAG:
                    row, values = element, {}
                    parser.row_counter = _row_number(element.get("r"), parser.row_counter)
                    parser.col_counter = 0
                elif tag == DATA_TAG:
                    sheet_data = element
                continue
            if tag == CELL_TAG:
                cell = parser.parse_cell(element)
                if cell["value"] is not None:
                    values[cell["column"]] = cell["value"]
                if row is not None:
                    del row[:]  # the parsed cell: memory stays flat, even in a 16,384-cell row
            elif tag == DATA_TAG:
                return
            elif sheet_data is not None and tag != ROW_TAG:
                continue  # a cell's value, string or formula, counted with its cell
            counted += 1  # a cell, a row, or (before the data) any other element
            if counted > limits.cells or time.monotonic() > deadline:
                raise _over_budget(limits, counted)
            if tag == ROW_TAG:
                yield parser.row_counter, values
                row = None
                if sheet_data is not None:
                    del sheet_data[:]
            elif sheet_data is None:
                element.clear()


def _row_number(attribute: str | None, previous: int) -> int:
    if attribute is None:
        return previous + 1
    number = float(attribute)
    if not number.is_integer() or number < 1:
        raise ValueError(f"{attribute} is not a row number")
    return int(number)


def _over_budget(limits: Limits, counted: int) -> FileRefused:
    if counted > limits.cells:
        return FileRefused(
            _(
                "Lembar data berisi lebih dari %(max)s sel (sel dan baris kosong yang diberi "
                "format ikut dihitung). Hapus baris dan kolom kosong di bawah dan di kanan "
                "data, atau bagi menjadi beberapa berkas, lalu unggah lagi."
            )
            % {"max": thousands(limits.cells)}
        )
    return FileRefused(
        _(
            "Pembacaan berkas dihentikan karena melewati batas waktu %(seconds)s detik per "
            "berkas. Hapus baris dan kolom kosong di bawah dan di kanan data, atau bagi "
            "menjadi beberapa berkas, lalu unggah lagi."
        )
        % {"seconds": thousands(limits.seconds)}
    )
