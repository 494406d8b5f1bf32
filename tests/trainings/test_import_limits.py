"""Reading an uploaded .xlsx within bounds (trainings/imports/reading.py): a file costs
what it holds, never what it declares, and a file beyond a budget is refused with a
message that names the limit.

The compression bomb is built here without ever holding its expansion: one deflate
segment of 1 MiB of ``<row/>`` (fully flushed, so it stands alone) written 1,024 times
into a hand-written zip — 1 GiB of sheet XML in a 1.5 MB file.
"""

from __future__ import annotations

import datetime
import io
import re
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from trainings.imports import workbook
from trainings.imports.columns import REGISTRATION_COLUMNS
from trainings.imports.jobs import import_job_create, validate_import_job
from trainings.imports.problems import Problem
from trainings.imports.reading import MIB, Limits
from trainings.imports.workbook import SheetRow, read_sheet
from trainings.models import ImportJob, Registration

HEADERS = [column.header for column in REGISTRATION_COLUMNS]
KEYS = [column.key for column in REGISTRATION_COLUMNS]
SHEET = "xl/worksheets/sheet1.xml"
GIB = 1024 * MIB

TOO_BIG = (
    "Berkas ini terlalu besar setelah dibuka: batasnya 50 MB isi tanpa kompresi per berkas. "
    "Hapus lembar, gambar, serta baris dan kolom kosong yang tidak perlu, atau bagi menjadi "
    "beberapa berkas, lalu unggah lagi."
)
TOO_BIG_EN = (
    "This file is too large once unpacked: the limit is 50 MB of uncompressed content per "
    "file. Remove sheets, pictures and empty rows and columns you do not need, or split it "
    "into several files, then upload it again."
)
INFLATES = (
    "Berkas ini tidak dibaca: salah satu bagiannya mengembang lebih dari 100 kali lipat saat "
    "dibuka (batas per berkas), seperti berkas yang sengaja dibuat untuk membebani server. "
    'Buka di Excel, simpan sebagai "Excel Workbook (.xlsx)", lalu unggah lagi.'
)


def too_many_cells(limit: str) -> str:
    return (
        f"Lembar data berisi lebih dari {limit} sel (sel dan baris kosong yang diberi format "
        "ikut dihitung). Hapus baris dan kolom kosong di bawah dan di kanan data, atau bagi "
        "menjadi beberapa berkas, lalu unggah lagi."
    )


def person(n: int) -> list:
    return [n, f"62050523108500{n:02d}", f"Warga {n}", "L", "Muara Teweh",
            "23-10-1985", f"0812 3456 {n:04d}", None, "Teweh Tengah", "Barito Utara", "TKSK",
            None, "Barito Utara"]  # fmt: skip


def xlsx(rows: list[list] | dict[int, list]) -> bytes:
    """The header in row 1, then ``rows`` (a list: from row 2; a dict: at those rows)."""
    book = Workbook()
    book.active.title = "Peserta"
    book.active.append(HEADERS)
    numbered = rows if isinstance(rows, dict) else dict(enumerate(rows, start=2))
    for number, row in numbered.items():
        for column, value in enumerate(row, start=1):
            book.active.cell(number, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_sheet(content: bytes, change) -> bytes:
    """``content`` with its first sheet's XML passed through ``change``."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part)
            target.writestr(part.filename, change(data) if part.filename == SHEET else data)
    return out.getvalue()


def expected(rows: dict[int, list]) -> list[SheetRow]:
    return [SheetRow(number, dict(zip(KEYS, row, strict=True))) for number, row in rows.items()]


def timed_read(content: bytes, limits: Limits | None = None):
    """(the sheet, CPU seconds, peak bytes allocated while reading it): timed in one read
    and measured in another, since tracing every allocation slows Python several times.
    CPU time, not wall-clock: the test machine is shared, and the budget is this work's."""
    started = time.process_time()
    sheet = read_sheet(io.BytesIO(content), REGISTRATION_COLUMNS, limits)
    seconds = time.process_time() - started
    tracemalloc.start()
    try:
        again = read_sheet(io.BytesIO(content), REGISTRATION_COLUMNS, limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert again == sheet
    return sheet, seconds, peak


def whole_file(message: str) -> list[Problem]:
    return [Problem(None, "", message)]


# --- a file costs what it holds ----------------------------------------------------------


def test_a_sheet_declaring_every_cell_of_excel_is_read_as_the_rows_it_holds():
    """Declared A1:XFD1048576, with a formatted empty cell in Excel's very last cell: openpyxl
    alone yields a million rows for it (seconds per file); here, the four rows present."""

    def padded(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        last = b'<row r="1048576" s="0" customFormat="1"><c r="XFD1048576" s="0"/></row>'
        return xml.replace(b"</sheetData>", last + b"</sheetData>")

    content = rewrite_sheet(xlsx([person(1), person(2), person(3)]), padded)

    sheet, seconds, _ = timed_read(content)

    assert b'<dimension ref="A1:XFD1048576"/>' in zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    assert sheet.problems == []
    assert sheet.rows == expected({2: person(1), 3: person(2), 4: person(3)})
    assert seconds < 1


def test_thousands_of_formatted_blank_rows_are_passed_over_quickly():
    """5,000 formatted empty rows of 13 styled cells between the data and one more person."""
    blank = b"".join(
        b'<row r="%d" spans="1:13" s="0" customFormat="1">' % number
        + b"".join(
            b'<c r="%s%d" s="0"/>' % (letter, number)
            for letter in b"A B C D E F G H I J K L M".split()
        )
        + b"</row>"
        for number in range(4, 5_004)
    )

    content = rewrite_sheet(
        xlsx({2: person(1), 5004: person(2)}),
        lambda xml: xml.replace(b'<row r="5004"', blank + b'<row r="5004"'),
    )

    sheet, seconds, _ = timed_read(content)

    assert sheet.problems == []
    assert sheet.rows == expected({2: person(1), 5004: person(2)})
    assert seconds < 1


def test_a_file_over_the_cell_budget_is_refused_with_the_limit(settings):
    settings.PILAR_IMPORT_MAX_CELLS = 40  # the header and 3 rows: 4 rows of 13 cells

    sheet = read_sheet(io.BytesIO(xlsx([person(1), person(2), person(3)])), REGISTRATION_COLUMNS)

    assert (sheet.rows, sheet.problems) == ([], whole_file(too_many_cells("40")))


def test_a_file_over_the_row_cap_is_refused_and_one_at_the_cap_is_read(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)

    over = read_sheet(io.BytesIO(xlsx([person(n) for n in range(1, 5)])), REGISTRATION_COLUMNS)
    at = read_sheet(io.BytesIO(xlsx([person(n) for n in range(1, 4)])), REGISTRATION_COLUMNS)

    assert (over.rows, over.problems) == (
        [],
        whole_file("Berkas berisi lebih dari 3 baris; bagi menjadi beberapa berkas."),
    )
    assert (at.rows, at.problems) == (expected({2: person(1), 3: person(2), 4: person(3)}), [])


def test_a_read_beyond_the_time_budget_stops_with_the_limit():
    limits = Limits(cells=1_000_000, seconds=0, unpacked_bytes=50 * MIB, ratio=100)

    sheet = read_sheet(io.BytesIO(xlsx([person(1)])), REGISTRATION_COLUMNS, limits)

    assert (sheet.rows, sheet.problems) == (
        [],
        whole_file(
            "Pembacaan berkas dihentikan karena melewati batas waktu 0 detik per berkas. Hapus "
            "baris dan kolom kosong di bawah dan di kanan data, atau bagi menjadi beberapa "
            "berkas, lalu unggah lagi."
        ),
    )


def test_a_sheet_that_is_not_xml_is_reported_as_unreadable():
    content = rewrite_sheet(xlsx([person(1)]), lambda xml: xml.replace(b"</row>", b"</rov>", 1))

    sheet = read_sheet(io.BytesIO(content), REGISTRATION_COLUMNS)

    assert (sheet.rows, [problem.message for problem in sheet.problems]) == (
        [],
        [
            "Berkas ini bukan berkas Excel (.xlsx) yang dapat dibaca. Buka di Excel, lalu "
            'simpan sebagai "Excel Workbook (.xlsx)".'
        ],
    )


# --- a compression bomb ------------------------------------------------------------------


def _zip(parts: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated parts: (name, raw deflate data, CRC-32, unpacked size)."""
    out, directory = io.BytesIO(), []
    for name, data, crc, size in parts:
        offset, encoded = out.tell(), name.encode()
        fields = struct.pack(
            "<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
        )
        out.write(b"PK\x03\x04" + fields + encoded + data)
        directory.append(
            b"PK\x01\x02" + struct.pack("<H", 20) + fields
            + struct.pack("<HHHII", 0, 0, 0, 0, offset) + encoded
        )  # fmt: skip
    start = out.tell()
    out.write(b"".join(directory))
    end = struct.pack("<HHHHIIH", 0, 0, len(parts), len(parts), out.tell() - start, start, 0)
    out.write(b"PK\x05\x06" + end)
    return out.getvalue()


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def bomb(unpacked: int = GIB) -> bytes:
    """A real import file (header row) whose sheet goes on with ``unpacked`` bytes of ``<row/>``."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([])))
    head, tail = source.read(SHEET).split(b"</sheetData>")
    tail = b"</sheetData>" + tail
    unit = b"<row/>" * (MIB // 6)
    times = unpacked // len(unit)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    segment = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(tail, crc)
    sheet = (
        SHEET,
        start + segment * times + end,
        crc,
        len(head) + len(unit) * times + len(tail),
    )
    others = [(part.filename, *_deflated(source.read(part))) for part in source.infolist()]
    return _zip([sheet if name == SHEET else (name, *rest) for name, *rest in others])


@pytest.fixture(scope="module")
def gigabyte_bomb() -> bytes:
    return bomb()


def test_the_bomb_is_a_tiny_valid_zip_that_unpacks_to_a_gigabyte(gigabyte_bomb):
    (part,) = [
        p for p in zipfile.ZipFile(io.BytesIO(gigabyte_bomb)).infolist() if p.filename == SHEET
    ]

    assert len(gigabyte_bomb) < 2 * MIB
    assert part.file_size > GIB - MIB
    with zipfile.ZipFile(io.BytesIO(gigabyte_bomb)).open(SHEET) as stream:
        assert stream.read(2 * MIB).count(b"<row/>") > 300_000


def test_a_compression_bomb_is_refused_at_once_in_little_memory(gigabyte_bomb):
    started = time.perf_counter()
    sheet, seconds, peak = timed_read(gigabyte_bomb)
    wall_clock = time.perf_counter() - started  # two reads, one of them traced

    assert (sheet.rows, sheet.problems) == ([], whole_file(TOO_BIG))
    assert seconds < 1
    assert wall_clock < 1
    assert peak < MIB
    with translation.override("en"):
        english = read_sheet(io.BytesIO(gigabyte_bomb), REGISTRATION_COLUMNS)
    assert english.problems == whole_file(TOO_BIG_EN)


def test_a_part_inflating_beyond_the_ratio_is_refused_under_the_size_budget(gigabyte_bomb):
    roomy = Limits(cells=1_000_000, seconds=60, unpacked_bytes=2 * GIB, ratio=100)

    sheet, seconds, peak = timed_read(gigabyte_bomb, roomy)

    assert (sheet.rows, sheet.problems) == ([], whole_file(INFLATES))
    assert seconds < 1
    assert peak < MIB


def test_the_streaming_read_alone_stops_a_bomb_at_the_cell_budget(gigabyte_bomb):
    """With the central-directory checks lifted, counting as it parses still stops it."""
    unchecked = Limits(cells=100_000, seconds=60, unpacked_bytes=2 * GIB, ratio=10**9)

    sheet, seconds, peak = timed_read(gigabyte_bomb, unchecked)

    assert (sheet.rows, sheet.problems) == ([], whole_file(too_many_cells("100.000")))
    assert seconds < 1
    assert peak < 2 * MIB


@pytest.mark.django_db
def test_an_import_job_of_a_bomb_ends_invalid_with_the_message_and_applies_nothing(
    world, settings, tmp_path, gigabyte_bomb
):
    settings.MEDIA_ROOT = tmp_path / "media"
    job = import_job_create(
        actor=world.barut_staff,
        kind="registrations",
        upload=SimpleUploadedFile("peserta.xlsx", gigabyte_bomb),
        organization=world.barut,
        training=world.barut_training,
    )

    status = validate_import_job.call(job_id=job.pk)

    job.refresh_from_db()
    assert (status, job.status, job.total, job.error_count) == ("invalid", "invalid", 0, 1)
    assert job.errors == [{"row": None, "column": "", "message": TOO_BIG}]
    assert job.status == ImportJob.Status.INVALID
    assert Registration.objects.filter(training=world.barut_training).count() == 0


def test_dates_still_come_back_as_excel_stored_them():
    """The streaming read keeps openpyxl's cell typing: a date cell is a datetime."""
    row = person(1)
    row[5] = datetime.datetime(1985, 10, 23)

    sheet = read_sheet(io.BytesIO(xlsx([row])), REGISTRATION_COLUMNS)

    assert sheet.rows == expected({2: row})
