"""The printable daftar hadir (the package trainings/documents/attendance/ and its staff views).

The PDFs of the two demo trainings (``seed_demo``) are read back with poppler's
``pdftotext -layout``: which names stand on which page, masked NIKs, the day
and times in the training's zone and in Indonesian, page counts on A4 and F4,
the staggered signature cells, the officer's signature block, and the speakers'
and committee's sheets. Scope and query budgets use the personas of
tests/personas.py.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image
from weasyprint.urls import FatalURLFetchingError

from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
)
from trainings.documents.attendance import (
    Paper,
    SheetKind,
    SheetNotFound,
    attendance_sheet_html,
    attendance_sheet_pdf,
    day_scope,
    session_scope,
    training_days,
)
from trainings.documents.pdf import LocalFetcher
from trainings.formatting import national_phone
from trainings.models import Attendance, CommitteeMember, Guest, Registration, Training

pytestmark = pytest.mark.django_db

BARUT_2025 = "pelatihan-pilar-sosial-barito-utara-2025"
KALSEL_2024 = "bimtek-pendamping-sosial-kalsel-2024"
ROW = re.compile(r"^\s*(\d+)\s{2,}(\S.*?)\s{2,}([0-9]{4}\*{8}[0-9]{4})\b", re.MULTILINE)
SIGNATURE_NUMBER = re.compile(r"^[0-9]+\.$")
# Rows per page of the Barito Utara day sheet (50 people, letterhead on page 1 only).
A4_PAGES = [range(1, 22), range(22, 48), range(48, 51)]
F4_PAGES = [range(1, 26), range(26, 51)]


# --- helpers ------------------------------------------------------------------------------


def _poppler(tool: str, *args: str, pdf: bytes) -> str:
    assert shutil.which(tool), f"{tool} is missing: apt-get install poppler-utils"
    result = subprocess.run([tool, *args, "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, laid out as printed."""
    return _poppler("pdftotext", "-layout", pdf=pdf).split("\f")[:-1]


def page_rows(page: str) -> list[tuple[int, str, str]]:
    """(number, name, masked NIK) of each participant row on a page."""
    return [(int(number), name, nik) for number, name, nik in ROW.findall(page)]


def one_line(text: str) -> str:
    return " ".join(text.split())


def html_rows(training, kind, *, day=None, session=None) -> list[list[str]]:
    """The text of each cell of each body row of the sheet's tables (before PDF)."""
    scope = session_scope(training, session.pk) if session else day_scope(training, day)
    document = attendance_sheet_html(training=training, kind=kind, scope=scope)
    return [
        [
            one_line(unescape(re.sub(r"<[^>]+>", " ", cell)))
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
        ]
        for body in re.findall(r"<tbody>(.*?)</tbody>", document, re.DOTALL)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
    ]


def _render(training, kind, *, day=None, session=None, paper=Paper.A4) -> bytes:
    scope = session_scope(training, session.pk) if session else day_scope(training, day)
    return attendance_sheet_pdf(training=training, kind=kind, scope=scope, paper=paper)


@pytest.fixture
def seeded(regions, reference_data):
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())


@pytest.fixture
def barut(seeded) -> Training:
    return Training.objects.select_related("organizer").get(slug=BARUT_2025)


@pytest.fixture
def kalsel(seeded) -> Training:
    return Training.objects.select_related("organizer").get(slug=KALSEL_2024)


def _confirmed_in_print_order(training) -> list[Registration]:
    return list(
        training.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("participant")
        .order_by(Upper("participant__full_name"), "pk")
    )


# --- the participants' sheet of the demo trainings ----------------------------------------


def test_barito_utara_day_sheet_puts_each_name_on_its_page_with_header_and_page_numbers(barut):
    people = _confirmed_in_print_order(barut)
    assert len(people) == 50

    pages = pdf_pages(_render(barut, SheetKind.PARTICIPANTS, day=datetime.date(2025, 10, 23)))

    assert len(pages) == 3
    for page, numbers in zip(pages, A4_PAGES, strict=True):
        assert page_rows(page) == [
            (n, people[n - 1].participant.full_name, people[n - 1].participant.masked_nik)
            for n in numbers
        ]
    header = ["No.", "Nama", "NIK", "Unsur/Pilar", "Asal", "No. HP", "Tanda tangan"]
    for number, page in enumerate(pages, start=1):
        assert re.search(r"\s+".join(map(re.escape, header)), page), f"no header on {number}"
        assert f"Halaman {number} dari 3" in page
    first = pages[0]
    assert "PEMERINTAH KABUPATEN BARITO UTARA" in first
    assert "DINAS SOSIAL PEMBERDAYAAN MASYARAKAT DAN DESA" in first
    assert "DAFTAR HADIR PESERTA" in first
    assert "Pelatihan Peningkatan Kapasitas Pilar-Pilar Sosial Tahun 2025" in first
    facts = one_line(first)
    assert "Hari, tanggal : Kamis, 23 Oktober 2025 · 08.00–15.15 WIB" in facts
    assert "Tempat : Aula Bappedarida, Muara Teweh, Kabupaten Barito Utara" in facts
    # The letterhead is printed once; later pages carry a running heading instead.
    assert "PEMERINTAH KABUPATEN" not in pages[1]
    assert (
        "Pelatihan Peningkatan Kapasitas Pilar-Pilar Sosial Tahun 2025 · Kamis, 23 Oktober 2025"
        in pages[1]
    )


def test_sheet_never_shows_a_whole_nik(barut):
    text = "".join(pdf_pages(_render(barut, SheetKind.PARTICIPANTS, day=barut.starts_on)))

    people = _confirmed_in_print_order(barut)
    assert [p.participant.nik for p in people if p.participant.nik in text] == []
    assert all(p.participant.masked_nik in text for p in people)
    assert re.findall(r"[0-9]{16}", text) == []
    assert (
        people[0].participant.masked_nik
        == people[0].participant.nik[:4] + "********" + (people[0].participant.nik[-4:])
    )


def test_f4_paper_holds_the_same_list_on_fewer_pages(barut):
    a4 = pdf_pages(_render(barut, SheetKind.PARTICIPANTS, day=barut.starts_on, paper=Paper.A4))
    f4 = pdf_pages(_render(barut, SheetKind.PARTICIPANTS, day=barut.starts_on, paper=Paper.F4))

    assert (len(a4), len(f4)) == (3, 2)
    assert [[n for n, *_ in page_rows(page)] for page in f4] == [list(r) for r in F4_PAGES]
    assert "Halaman 2 dari 2" in f4[1]


def test_signature_cells_alternate_odd_left_even_right(barut):
    pdf = _render(barut, SheetKind.PARTICIPANTS, day=barut.starts_on)
    words = re.findall(
        r'<word xMin="([0-9.]+)"[^>]*>([^<]*)</word>',
        _poppler("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf=pdf),
    )
    marks = {int(text[:-1]): float(x) for x, text in words if SIGNATURE_NUMBER.match(text)}

    assert sorted(marks) == list(range(1, 22))
    odd = {round(x) for n, x in marks.items() if n % 2}
    even = {round(x) for n, x in marks.items() if not n % 2}
    assert len(odd) == 1 and len(even) == 1
    # Half of the signature column (2 × 11 % of 182 mm ≈ 20 mm ≈ 57 pt) to the right.
    assert 50 < even.pop() - odd.pop() < 65


def test_signature_block_names_the_organisers_officer(barut):
    last = pdf_pages(_render(barut, SheetKind.PARTICIPANTS, day=barut.starts_on))[-1]

    block = one_line(last.split("50    Yusran Effendi")[1])
    assert (
        "Muara Teweh, 23 Oktober 2025 Kepala Dinas Sosial Pemberdayaan Masyarakat dan Desa "
        "Kabupaten Barito Utara, Suparmi A. Aspian NIP. ........................................"
    ) in block


def test_signature_block_without_signatory_leaves_dotted_lines(kalsel):
    last = pdf_pages(_render(kalsel, SheetKind.PARTICIPANTS, day=kalsel.starts_on))[-1]

    dots = "." * 40
    assert f"Banjarmasin, 31 Januari 2024 {dots} {dots} NIP. {dots}" in one_line(last)


def test_nip_is_printed_in_its_groups(barut):
    barut.organizer.signatory_nip = "197001011990031001"
    barut.organizer.save()

    last = pdf_pages(_render(barut, SheetKind.PARTICIPANTS, day=barut.starts_on))[-1]

    assert "NIP. 19700101 199003 1 001" in last


def test_kalsel_sheets_are_in_wita_on_each_of_its_two_days(kalsel):
    first = pdf_pages(_render(kalsel, SheetKind.PARTICIPANTS, day=datetime.date(2024, 1, 31)))
    second = pdf_pages(_render(kalsel, SheetKind.PARTICIPANTS, day=datetime.date(2024, 2, 1)))

    assert "Hari, tanggal : Rabu, 31 Januari 2024 · 08.00–16.45 WITA" in one_line(first[0])
    assert "Hari, tanggal : Kamis, 1 Februari 2024 · 08.00–15.00 WITA" in one_line(second[0])
    assert "PEMERINTAH PROVINSI KALIMANTAN SELATAN" in first[0]
    assert len(first) == 2
    assert [n for page in first for n, *_ in page_rows(page)] == list(range(1, 35))


def test_rows_show_role_origin_and_the_staggered_signature_number(kalsel):
    rows = html_rows(kalsel, SheetKind.PARTICIPANTS, day=kalsel.starts_on)

    # A regency's nominee comes from the regency represented; the provincial agency's own
    # staff (representing the organiser's province) from their home kecamatan.
    assert rows[:3] == [
        ["1", "Ahmad Fahmi", "6303********0122", "Pendamping UEP-P", "Kab. Banjar", "", "1.", ""],
        ["2", "Akhmad Zaini", "6309********0395", "Pendamping Sosial", "Kab. Tabalong", "", "",
         "2."],
        ["3", "Anang Kosim", "6372********0044", "Petugas Dinsos", "Kec. Landasan Ulin", "",
         "3.", ""],
    ]  # fmt: skip
    assert len(rows) == 34


def test_phone_numbers_are_written_nationally():
    assert national_phone("+6281234567890") == "0812-3456-7890"
    assert national_phone("+628123456789") == "0812-3456-789"
    assert national_phone("") == ""


def test_sheet_is_indonesian_in_the_trainings_zone_whatever_the_callers(kalsel):
    with translation.override("en"), timezone.override(datetime.UTC):
        page = pdf_pages(_render(kalsel, SheetKind.PARTICIPANTS, day=kalsel.starts_on))[0]

    assert "Rabu, 31 Januari 2024 · 08.00–16.45 WITA" in page
    assert "DAFTAR HADIR PESERTA" in page
    assert "Halaman 1 dari 2" in page


def test_session_sheet_names_the_session_and_its_times(barut):
    session = barut.sessions.get(topic__startswith="Materi 2")

    page = pdf_pages(_render(barut, SheetKind.PARTICIPANTS, session=session))[0]

    assert "Hari, tanggal : Kamis, 23 Oktober 2025 · 10.45–12.15 WIB" in one_line(page)
    assert "Sesi : Materi 2: Kebijakan dan program kesejahteraan sosial" in one_line(page)


# --- who checked in -------------------------------------------------------------------------


def test_check_in_sheet_shows_each_status_and_the_counts(barut):
    session = barut.sessions.get(topic__startswith="Registrasi")
    people = _confirmed_in_print_order(barut)
    recorded = dict(
        Attendance.objects.filter(session=session).values_list("registration_id", "status")
    )
    with translation.override("id"):  # sheets are Indonesian whatever a request left active
        label = {value: str(text) for value, text in Attendance.Status.choices}

    pages = pdf_pages(_render(barut, SheetKind.CHECK_IN, session=session))

    status_of = {}
    for page in pages:
        for match in re.finditer(
            r"^\s*(\d+)\s{2,}\S.*?(Hadir|Terlambat|Izin|Sakit|Alpa)(?:\s+([0-9]{2}\.[0-9]{2}))?\s*$",
            page,
            re.MULTILINE,
        ):
            status_of[int(match[1])] = match[2]
    assert status_of == {n: label[recorded[person.pk]] for n, person in enumerate(people, start=1)}
    counts = {value: list(recorded.values()).count(value) for value in Attendance.Status.values}
    summary = " · ".join(f"{label[value]}: {counts[value]}" for value in Attendance.Status.values)
    assert summary in one_line(pages[-1])
    assert sum(counts.values()) == 50
    assert "Rekap kehadiran menurut pencatatan panitia" in pages[0]
    assert re.search(r"1\s+Abdul Rasyid\s+6205\*{8}0683\s+Tagana.*Hadir\s+07\.56", pages[0])


def test_check_in_day_sheet_has_one_sheet_per_session(kalsel):
    pages = pdf_pages(_render(kalsel, SheetKind.CHECK_IN, day=datetime.date(2024, 2, 1)))

    sessions = [one_line(p).split("Sesi : ")[1].split(" Tempat")[0] for p in pages if "Sesi" in p]
    assert sessions == [
        "Penyusunan rencana kerja pendamping",
        "Penyusunan laporan lapangan dan dokumentasi",
        "Presentasi rencana kerja peserta dan diskusi",
        "Evaluasi dan penutupan",
    ]
    assert "Kamis, 1 Februari 2024 · 08.00–09.30 WITA" in pages[0]
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]


def test_check_in_sheet_says_who_is_not_recorded_yet(world):
    training = world.barut_training
    session = SessionFactory(training=training)
    recorded = RegistrationFactory(
        training=training, participant=ParticipantFactory(full_name="Ani")
    )
    RegistrationFactory(training=training, participant=ParticipantFactory(full_name="Budi"))
    AttendanceFactory(registration=recorded, session=session, status=Attendance.Status.SICK)
    training = Training.objects.select_related("organizer").get(pk=training.pk)

    page = pdf_pages(_render(training, SheetKind.CHECK_IN, session=session))[0]

    assert re.search(r"1\s+Ani\s.*Sakit", page)
    assert re.search(r"2\s+Budi\s.*—", page)
    assert "Hadir: 0 · Terlambat: 0 · Izin: 0 · Sakit: 1 · Alpa: 0 · Belum dicatat: 1" in (
        one_line(page)
    )


# --- speakers, committee and guests ---------------------------------------------------------


def test_speakers_sheet_lists_each_speaker_once_with_their_sessions(barut):
    rows = html_rows(barut, SheetKind.SPEAKERS, day=barut.starts_on)
    text = one_line(pdf_pages(_render(barut, SheetKind.SPEAKERS, day=barut.starts_on))[0])

    discussion = "13.15–14.45 Diskusi dan tanya jawab"
    assert rows == [
        ["1", "Hendri Kurniawan", "BBPPKS Banjarmasin",
         "09.00–10.30 Materi 1: Peran pilar-pilar sosial dalam penyelenggaraan kesejahteraan "
         f"sosial {discussion}", "1.", ""],
        ["2", "Dr. Hj. Sunarty, S.M.Pd",
         "Sekretaris Dinas Sosial PMD Kabupaten Barito Utara Dinas Sosial PMD Kabupaten Barito "
         "Utara",
         "10.45–12.15 Materi 2: Kebijakan dan program kesejahteraan sosial Kabupaten Barito "
         f"Utara {discussion}", "", "2."],
    ]  # fmt: skip
    assert "DAFTAR HADIR NARASUMBER" in text
    assert text.count("Hendri Kurniawan") == 1
    assert "Dr. Hj. Sunarty, S.M.Pd" in text
    assert "Hari, tanggal : Kamis, 23 Oktober 2025 · 08.00–15.15 WIB" in text


def test_speakers_sheet_of_a_session_has_only_its_speakers(barut):
    session = barut.sessions.get(topic__startswith="Materi 1")

    rows = html_rows(barut, SheetKind.SPEAKERS, session=session)

    assert [row[1] for row in rows] == ["Hendri Kurniawan"]


def test_speakers_sheet_without_speakers_gives_rows_to_fill_by_hand(kalsel):
    rows = html_rows(kalsel, SheetKind.SPEAKERS, day=kalsel.starts_on)
    page = pdf_pages(_render(kalsel, SheetKind.SPEAKERS, day=kalsel.starts_on))[0]

    assert [row[:4] for row in rows] == [[str(n), "", "", ""] for n in range(1, 6)]
    assert re.findall(r"^\s*([0-9])\s*$", page, re.MULTILINE) == ["1", "2", "3", "4", "5"]


def test_committee_sheet_lists_committee_then_guests(barut):
    rows = html_rows(barut, SheetKind.COMMITTEE, day=barut.starts_on)
    text = one_line(pdf_pages(_render(barut, SheetKind.COMMITTEE, day=barut.starts_on))[0])

    assert rows[:4] == [
        ["Panitia"],
        ["1", "Hj. Nor Ratna Kumala Dewi",
         "Kepala Bidang Rehabilitasi Sosial, Pemberdayaan dan Komunitas Adat Terpencil "
         "Dinas Sosial PMD Kabupaten Barito Utara", "Penanggung jawab", "1.", ""],
        ["Tamu undangan"],
        ["2", "Camat Montallat", "Camat Kecamatan Montallat", "Tamu undangan", "", "2."],
    ]  # fmt: skip
    assert rows[-1] == [
        "11", "Pejabat struktural dan fungsional", "Pemerintah Kabupaten Barito Utara",
        "Tamu undangan", "11.", "",
    ]  # fmt: skip
    assert len(rows) == 13
    assert "DAFTAR HADIR PANITIA DAN TAMU UNDANGAN" in text
    assert text.index("Hj. Nor Ratna Kumala Dewi") < text.index("Camat Montallat")
    assert "Suparmi A. Aspian" in text


# --- the logo and the fetcher -------------------------------------------------------------


def test_logo_is_read_from_the_default_storage(barut, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (120, 140), "navy").save(buffer, format="PNG")
    barut.organizer.logo.save("logo-barut.png", ContentFile(buffer.getvalue()))

    pdf = _render(barut, SheetKind.SPEAKERS, day=barut.starts_on)

    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True)
    images = listing.stdout.decode().splitlines()[2:]
    assert [line.split()[3:5] for line in images] == [["120", "140"]]


def test_fetcher_refuses_the_network_and_fails_on_a_missing_stylesheet():
    fetcher = LocalFetcher()
    with pytest.raises(ValueError, match="Only /static/ and /media/"):
        fetcher.fetch("https://example.org/logo.png")
    with pytest.raises(ValueError, match="Only /static/ and /media/"):
        fetcher.fetch("http://pilar.invalid/etc/passwd")
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch("http://pilar.invalid/static/documents/missing.css")
    css = fetcher.fetch("http://pilar.invalid/static/documents/attendance_sheet.css")
    assert b"table-header-group" in css.read()
    css.close()


# --- scope helpers ----------------------------------------------------------------------


def test_training_days_group_sessions_by_local_day(kalsel):
    days = training_days(kalsel)

    assert [(d.number, d.day, len(d.sessions)) for d in days] == [
        (1, datetime.date(2024, 1, 31), 5),
        (2, datetime.date(2024, 2, 1), 4),
    ]


def test_scope_outside_the_training_is_not_found(barut, kalsel):
    with pytest.raises(SheetNotFound):
        day_scope(barut, datetime.date(2025, 10, 24))
    with pytest.raises(SheetNotFound):
        session_scope(barut, kalsel.sessions.first().pk)


# --- the staff views --------------------------------------------------------------------


def _pdf_url(training, kind, **query) -> str:
    url = reverse("staff:attendance_sheet_pdf", kwargs={"pk": training.pk, "kind": kind})
    return url + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_pdf_view_sends_an_attachment_never_cached(client, barut):
    _login(client, "staf.barut")

    response = client.get(_pdf_url(barut, "peserta", day="2025-10-23", paper="f4"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="daftar-hadir-{BARUT_2025}-2025-10-23-peserta.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert len(pdf_pages(response.content)) == 2


def test_pdf_view_of_a_session_names_its_start_in_the_file(client, barut):
    _login(client, "staf.barut")
    session = barut.sessions.get(topic__startswith="Materi 1")

    response = client.get(_pdf_url(barut, "narasumber", session=session.pk))

    assert response["Content-Disposition"] == (
        f'attachment; filename="daftar-hadir-{BARUT_2025}-2025-10-23-0900-narasumber.pdf"'
    )


def test_pdf_view_is_indonesian_for_an_english_speaking_user(client, barut):
    _login(client, "staf.barut")
    client.cookies["django_language"] = "en"

    response = client.get(_pdf_url(barut, "peserta", day="2025-10-23"))

    assert "Kamis, 23 Oktober 2025 · 08.00–15.15 WIB" in pdf_pages(response.content)[0]


@pytest.mark.parametrize(
    "query",
    [
        {"day": "2025-10-24"},  # not a day of the training
        {"day": "23-10-2025"},
        {"session": "abc"},
        {"session": "999999"},
        {"day": "2025-10-23", "session": "1"},
        {},
        {"day": "2025-10-23", "paper": "a3"},
    ],
)
def test_pdf_view_refuses_what_is_not_the_trainings(client, barut, query):
    _login(client, "staf.barut")

    assert client.get(_pdf_url(barut, "peserta", **query)).status_code == 404


def test_pdf_view_refuses_an_unknown_kind_and_another_trainings_session(client, barut, kalsel):
    _login(client, "staf.barut")
    other = kalsel.sessions.first()

    assert client.get(_pdf_url(barut, "semua", day="2025-10-23")).status_code == 404
    assert client.get(_pdf_url(barut, "peserta", session=other.pk)).status_code == 404


def test_scope_other_agencies_and_operators_get_404_supervisors_may_print(client, barut, kalsel):
    pages = {
        "barut": (
            _pdf_url(barut, "peserta", day="2025-10-23"),
            reverse("staff:attendance_sheets", kwargs={"pk": barut.pk}),
        ),
        "kalsel": (
            _pdf_url(kalsel, "panitia", day="2024-01-31"),
            reverse("staff:attendance_sheets", kwargs={"pk": kalsel.pk}),
        ),
    }
    expected = {
        "staf.barut": {"barut": 200, "kalsel": 404},
        "supervisor.kalsel": {"barut": 404, "kalsel": 200},
        "operator.banjar": {"barut": 404, "kalsel": 404},
    }
    seen = {}
    for username in expected:
        _login(client, username)
        seen[username] = {}
        for training, urls in pages.items():
            codes = {client.get(url).status_code for url in urls}
            assert len(codes) == 1, (username, training, codes)
            seen[username][training] = codes.pop()
    assert seen == expected
    client.logout()
    response = client.get(pages["barut"][0])
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_sheets_page_lists_each_day_and_session_with_paper_choice(client, kalsel):
    _login(client, "supervisor.kalsel")

    response = client.get(
        reverse("staff:attendance_sheets", kwargs={"pk": kalsel.pk}), {"paper": "f4"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    day_links = re.findall(r'href="([^"]*\.pdf\?day=[^"]*)"', html)
    assert day_links == [
        _pdf_url(kalsel, kind, day=day, paper="f4").replace("&", "&amp;")
        for day in ("2024-01-31", "2024-02-01")
        for kind in SheetKind.values
    ]
    session_links = re.findall(r'href="([^"]*\.pdf\?session=[^"]*)"', html)
    assert len(session_links) == 9 * 3
    assert "08.00–09.00 WITA" in html
    assert 'href="?paper=a4"' in html
    assert client.get(response.request["PATH_INFO"], {"paper": "b5"}).status_code == 404


# --- query budgets ----------------------------------------------------------------------


def _grow(training, session, organizer, count: int) -> None:
    """``count`` more of everyone a sheet lists: participants (with attendance), speakers,
    committee members and guests."""
    for _ in range(count):
        registration = RegistrationFactory(training=training)
        AttendanceFactory(registration=registration, session=session)
        session.speakers.add(SpeakerFactory(organization=organizer))
        CommitteeMember.objects.create(training=training, name="Panitia", duty="Sekretaris")
        Guest.objects.create(training=training, name="Camat", institution="Kecamatan")


@pytest.mark.parametrize(
    ("kind", "queries", "listed"),
    # The committee sheet numbers the 20 committee members and then the 20 guests.
    [("peserta", 7, 20), ("kehadiran", 8, 20), ("narasumber", 7, 20), ("panitia", 8, 40)],
)
def test_pdf_query_count_does_not_grow_with_people(
    client, world, django_assert_num_queries, kind, queries, listed
):
    training = world.barut_training
    session = SessionFactory(training=training)
    client.force_login(world.barut_staff)
    url = _pdf_url(training, kind, day=training.starts_on.isoformat())

    _grow(training, session, world.barut, 1)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow(training, session, world.barut, 19)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    printed = "\n".join(pdf_pages(response.content))
    numbers = re.findall(
        r"^ {0,3}(\d{1,3}) {2,}(?:Peserta|Narasumber|Panitia|Camat)\b", printed, re.MULTILINE
    )
    assert [int(number) for number in numbers] == list(range(1, listed + 1))


def test_sheets_page_query_count_does_not_grow_with_sessions(
    client, world, django_assert_num_queries
):
    training = world.barut_training
    client.force_login(world.barut_supervisor)
    url = reverse("staff:attendance_sheets", kwargs={"pk": training.pk})
    SessionFactory(training=training)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    for hour in (10, 13, 15):
        SessionFactory(
            training=training,
            starts_at=datetime.datetime.combine(training.ends_on, datetime.time(hour), training.tz),
        )
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count("?session=") == 4 * 3
