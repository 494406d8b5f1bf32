"""The .xlsx side: the downloadable templates, and reading an uploaded file into rows.

Reading goes through ``reading``: openpyxl's read-only mode with values only,
the sheet's XML streamed within a budget of cells, bytes and seconds (memory
stays flat, and a file costs what is in it, never what it declares). The
Python type of a value tells what Excel stored (``str`` for Text cells,
``int``/``float`` for Number cells, ``datetime`` for dates), which is all
``cells`` needs to catch a NIK stored as a number.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import CellCoordinatesException, InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from participants.models import SocialRole
from trainings.imports.columns import REGISTRATION_COLUMNS, REGISTRY_COLUMNS, Column, header_key
from trainings.imports.problems import Problem
from trainings.imports.reading import (
    Book,
    FileRefused,
    Limits,
    check_archive,
    present_rows,
    thousands,
)

MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10
INSTRUCTIONS_SHEET = "Petunjuk"
DATA_SHEET = {"registrations": "Peserta", "participants": "Registri"}
COLUMNS = {"registrations": REGISTRATION_COLUMNS, "participants": REGISTRY_COLUMNS}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows
    values: dict[str, Any]


@dataclass
class Sheet:
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_map(cells: dict[int, Any], columns: tuple[Column, ...]) -> dict[int, str]:
    """{column number: column key} for the header cells that name a column of the import."""
    names = {}
    for column in columns:
        for name in (header_key(column.header), *column.aliases):
            names.setdefault(name, column.key)
    found: dict[int, str] = {}
    for number in sorted(cells):
        key = names.get(header_key(cells[number]))
        if key and key not in found.values():
            found[number] = key
    return found


def _whole_file(message: str) -> Problem:
    return Problem(None, "", message)


def _unreadable() -> Problem:
    return _whole_file(
        _(
            "Berkas ini bukan berkas Excel (.xlsx) yang dapat dibaca. Buka di Excel, "
            'lalu simpan sebagai "Excel Workbook (.xlsx)".'
        )
    )


# What a damaged or hand-made file raises while it is parsed (SyntaxError: the XML parser).
_MALFORMED = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    CellCoordinatesException,
    SyntaxError,
    EOFError,
    zlib.error,
)


def read_sheet(file: IO[bytes], columns: tuple[Column, ...], limits: Limits | None = None) -> Sheet:
    """The data rows of the first sheet that is not "Petunjuk", keyed by column.

    Problems of the whole file (not an .xlsx, beyond a reading budget of
    ``reading.Limits`` — the settings' unless given —, no header row, a required
    column missing, too many rows) come back in ``Sheet.problems`` with no rows.
    Only the cells present in the file are read (``reading.present_rows``).
    """
    limits = limits or Limits.from_settings()
    sheet = Sheet()
    try:
        check_archive(file, limits)
        book = Book(file)
    except FileRefused as refused:
        sheet.problems.append(_whole_file(refused.message))
        return sheet
    except _MALFORMED:
        sheet.problems.append(_unreadable())
        return sheet
    try:
        parts = [part for name, part in book.sheets if name != INSTRUCTIONS_SHEET]
        if not parts:
            sheet.problems.append(_whole_file(_("Berkas tidak berisi lembar data.")))
            return sheet
        _read_rows(present_rows(book, parts[0], limits), columns, sheet)
    except FileRefused as refused:
        sheet.rows.clear()
        sheet.problems[:] = [_whole_file(refused.message)]
    except _MALFORMED:
        sheet.rows.clear()
        sheet.problems[:] = [_unreadable()]
    finally:
        book.close()
    return sheet


def _read_rows(rows, columns: tuple[Column, ...], sheet: Sheet) -> None:
    header_row, mapping = 0, {}
    for number, cells in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        if any(header_key(cell) == "nik" for cell in cells.values()):
            header_row, mapping = number, _header_map(cells, columns)
            break
    if not header_row:
        sheet.problems.append(
            _whole_file(
                _(
                    "Baris judul kolom tidak ditemukan: salah satu dari %(count)d baris "
                    "pertama harus berisi judul kolom seperti pada templat (NIK, Nama "
                    "Lengkap, …)."
                )
                % {"count": HEADER_SEARCH_ROWS}
            )
        )
        return
    present = set(mapping.values())
    for column in columns:
        if column.required and column.key not in present:
            sheet.problems.append(
                _whole_file(
                    _("Kolom %(column)s tidak ditemukan pada baris judul (baris %(row)d).")
                    % {"column": column.label, "row": header_row}
                )
            )
    if sheet.problems:
        return
    for number, cells in rows:
        if not cells:
            continue  # an empty or merely formatted row: the common case in a padded sheet
        values = {key: cells.get(index) for index, key in mapping.items()}
        if all(_blank(value) for key, value in values.items() if key != "no"):
            continue
        if len(sheet.rows) == MAX_ROWS:
            sheet.rows.clear()
            sheet.problems.append(
                _whole_file(
                    _("Berkas berisi lebih dari %(max)s baris; bagi menjadi beberapa berkas.")
                    % {"max": thousands(MAX_ROWS)}
                )
            )
            return
        sheet.rows.append(SheetRow(number, values))
    if not sheet.rows:
        sheet.problems.append(_whole_file(_("Tidak ada baris data di bawah baris judul kolom.")))


# --- templates ---------------------------------------------------------------------------


def _instructions(ws, kind: str, columns: tuple[Column, ...]) -> None:
    bold = Font(bold=True)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 100
    if kind == "registrations":
        title = _("Petunjuk pengisian: impor pendaftaran peserta pelatihan")
        general = [
            _('Isi satu peserta per baris pada lembar "%(sheet)s", mulai baris 2.')
            % {"sheet": DATA_SHEET[kind]},
            _(
                "Peserta didaftarkan menurut aturan kursi yang sama dengan formulir daring: "
                "kuota yang cocok, kursi umum, atau daftar tunggu bila penuh."
            ),
            _(
                "Data diri peserta yang NIK-nya sudah ada di Pilar tidak diubah. Peserta yang "
                "sudah terdaftar pada pelatihan ini dilewati; mengimpor berkas yang sama dua "
                "kali tidak mengubah apa pun."
            ),
        ]
    else:
        title = _("Petunjuk pengisian: impor registri pilar sosial")
        general = [
            _(
                'Isi satu unsur per baris pada lembar "%(sheet)s", mulai baris 2. Orang yang '
                "memegang dua unsur ditulis dalam dua baris dengan NIK yang sama."
            )
            % {"sheet": DATA_SHEET[kind]},
            _(
                "NIK yang sudah ada: data SK (nomor, tahun, wilayah tugas, aktif) diperbarui; "
                "No. HP, e-mail, tempat lahir dan domisili hanya diisi bila masih kosong; "
                "nama, tanggal lahir dan jenis kelamin tidak pernah diubah. Sel kosong tidak "
                "menghapus isian lama."
            ),
        ]
    general += [
        _(
            "Berkas diperiksa seluruhnya lebih dulu. Bila ada baris yang salah, tidak ada "
            "yang disimpan: perbaiki baris-baris yang disebut lalu unggah lagi. Nomor baris "
            "dalam pesan adalah nomor baris Excel."
        ),
    ]
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    for line in general:
        ws.append([f"• {line}"])
    ws.append([])
    ws.append([_("Kolom"), _("Wajib"), _("Keterangan")])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for column in columns:
        ws.append([column.header, _("ya") if column.required else "", str(column.help)])
        ws.cell(ws.max_row, 3).alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([])
    ws.append([_("Unsur"), "", _("Nama lengkap")])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for role in SocialRole.objects.filter(active=True).order_by("sort_order", "name"):
        ws.append([role.abbreviation, "", role.name])


def build_template(kind: str) -> bytes:
    """The empty import file of ``kind`` ("registrations" or "participants") as .xlsx bytes.

    One query (the roles listed on the "Petunjuk" sheet).
    """
    columns = COLUMNS[kind]
    workbook = Workbook()
    ws = workbook.active
    ws.title = DATA_SHEET[kind]
    ws.append([column.header for column in columns])
    ws.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = ws.cell(1, index)
        header.font = Font(bold=True)
        header.fill = _HEADER_FILL
        ws.column_dimensions[letter].width = column.width
        if column.text:
            # Excel gives new entries of the column the Text format: a NIK keeps its 16 digits.
            ws.column_dimensions[letter].number_format = "@"
        choices = {"sex": '"L,P"', "active": '"Ya,Tidak"'}.get(column.key)
        if choices:
            validation = DataValidation(type="list", formula1=choices, allow_blank=True)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            ws.add_data_validation(validation)
    _instructions(workbook.create_sheet(INSTRUCTIONS_SHEET), kind, columns)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


TEMPLATE_FILENAMES = {
    "registrations": "templat-impor-pendaftaran.xlsx",
    "participants": "templat-impor-registri.xlsx",
}
