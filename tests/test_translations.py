"""The English catalogue (locale/en/LC_MESSAGES/django.po): complete, faithful to its
placeholders, compiled, in step with the source, and actually used by the pages.

Source strings (msgids) are Indonesian; English is the second language. When
strings are added or changed in the code or templates, regenerate and translate:

    DJANGO_DEBUG=1 .venv/bin/python manage.py makemessages -l en --ignore=.venv \
        --ignore=var --ignore=bench --ignore=node_modules --no-obsolete
    # translate every new or fuzzy entry in locale/en/LC_MESSAGES/django.po, then
    DJANGO_DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=var

``make test`` compiles the .mo (``make messages``) before the suite runs. The .po
is read here with a small reader of its own (no polib in the test dependencies).
"""

from __future__ import annotations

import gettext as gnu_gettext
import io
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation

BASE_DIR = Path(django_settings.BASE_DIR)
PO_FILE = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
# The same ignores as the makemessages command above (plus Django's defaults).
IGNORED_DIRS = {".venv", "var", "bench", "node_modules", "locale", "__pycache__"}
SCANNED_SUFFIXES = {".py", ".html", ".txt"}  # makemessages' defaults for the django domain

# Entries whose English is, rightly, the same as the Indonesian: acronyms, proper
# names, words both languages share. Anything else left as a copy of its msgid is
# an untranslated entry in disguise (e.g. filled in by msgen).
SAME_IN_BOTH = {
    "English",
    "NIK",
    "NIP",
    "JP",
    "%(jp)s JP",
    "WIB (UTC+7)",
    "WITA (UTC+8)",
    "WIT (UTC+9)",
    "PSKS (Permensos 08/2012)",
    "Moderator:",
    "moderator",
    "Agenda",
    "Label",
    "Status",
    "status",
    "Username",
    "Supervisor",
    "logo",
    "slug",
    "SK %(sk)s",
    # English msgids (Django admin's own wording; Django's catalogue gives the Indonesian).
    "Home",
    "Personal info",
    "Important dates",
}


# --- a small .po reader ---------------------------------------------------------------------


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a singular entry
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def read_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header (msgid "") included, in file order."""
    entries: list[Entry] = []
    current: Entry | None = None
    seen: set[str] = set()  # keywords the current entry has had
    target: tuple[str, int] | None = None  # where a continuation line goes
    flags: set[str] = set()  # "#," flags waiting for their entry

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None
        seen.clear()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if "msgstr" in seen:
                finish()
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, text = match.group(1), match.group(2), _unescape(match.group(3))
            name = "msgstr" if keyword.startswith("msgstr") else keyword
            if name == "msgctxt" or (name == "msgid" and seen & {"msgid", "msgstr"}):
                finish()
            if current is None:
                current, flags = Entry(line=number, flags=flags, obsolete=obsolete), set()
            seen.add(name)
            slot = int(index) if index is not None else 0
            if name == "msgstr":
                current.msgstr[slot] = text
            else:
                setattr(current, name, text)
            target = (name, slot)
            continue
        match = _CONTINUATION.match(line)
        if match and current is not None and target is not None:
            name, slot = target
            text = _unescape(match.group(1))
            if name == "msgstr":
                current.msgstr[slot] += text
            else:
                setattr(current, name, (getattr(current, name) or "") + text)
            continue
        raise AssertionError(f"{path.name}:{number}: cannot read {raw!r}")
    finish()
    return entries


def split_header(entries: list[Entry]) -> tuple[Entry, list[Entry]]:
    live = [entry for entry in entries if not entry.obsolete]
    header = next(entry for entry in live if entry.msgid == "" and entry.msgctxt is None)
    return header, [entry for entry in live if entry is not header]


@pytest.fixture(scope="module")
def catalogue() -> tuple[Entry, list[Entry]]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing: run makemessages (see this module's doc)"
    return split_header(read_po(PO_FILE))


def test_the_reader_reads_plural_context_escapes_and_continuations(tmp_path):
    po = tmp_path / "sample.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        "#: a.py:1\n#, python-format\n"
        'msgctxt "button"\nmsgid "Kirim %(n)s"\nmsgstr "Send %(n)s"\n\n'
        'msgid "satu"\nmsgid_plural "banyak"\nmsgstr[0] "one"\nmsgstr[1] ""\n"many \\"x\\""\n\n'
        "#, fuzzy\n"
        'msgid ""\n"baris\\n"\n"dua"\nmsgstr "lines"\n\n'
        '#~ msgid "lama"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )

    header, entries = split_header(read_po(po))

    assert header.msgstr[0] == "Language: en\n"
    assert [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.flags) for e in entries] == [
        ("button", "Kirim %(n)s", None, {0: "Send %(n)s"}, {"python-format"}),
        (None, "satu", "banyak", {0: "one", 1: 'many "x"'}, set()),
        (None, "baris\ndua", None, {0: "lines"}, {"fuzzy"}),
    ]
    assert [e.msgid for e in read_po(po) if e.obsolete] == ["lama"]


# --- (a) complete: nothing empty, nothing fuzzy -----------------------------------------------


def _nplurals(header: Entry) -> int:
    match = re.search(r"Plural-Forms:\s*nplurals\s*=\s*(\d+)", header.msgstr[0])
    assert match, "the header has no Plural-Forms"
    return int(match.group(1))


def test_header_is_english_final_and_has_english_plural_forms(catalogue):
    header, _entries = catalogue

    assert "fuzzy" not in header.flags
    assert re.search(r"^Language: en$", header.msgstr[0], re.M)
    assert re.search(r"^Content-Type: text/plain; charset=UTF-8$", header.msgstr[0], re.M)
    assert "nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_catalogue_is_not_empty(catalogue):
    _header, entries = catalogue

    assert len(entries) > 300
    assert sum(1 for entry in entries if entry.msgid_plural) >= 5


def test_no_entry_is_fuzzy(catalogue):
    _header, entries = catalogue

    assert [str(entry) for entry in entries if "fuzzy" in entry.flags] == []


def test_every_entry_is_translated_in_every_plural_form(catalogue):
    header, entries = catalogue
    nplurals = _nplurals(header)

    untranslated = [
        str(entry)
        for entry in entries
        if any(not text.strip() for text in entry.msgstr.values())
        or (sorted(entry.msgstr) != list(range(nplurals)) if entry.msgid_plural else False)
        or (not entry.msgid_plural and list(entry.msgstr) != [0])
    ]

    assert untranslated == []


def test_no_entry_is_a_mere_copy_of_its_indonesian_msgid(catalogue):
    _header, entries = catalogue

    copies = {entry.msgid for entry in entries if entry.msgstr.get(0) == entry.msgid}

    assert copies - SAME_IN_BOTH == set()


# --- (b) placeholders and markup survive translation ------------------------------------------

_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_BRACES = re.compile(r"\{[A-Za-z_0-9]*(?:[.!:][^{}]*)?\}")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def placeholders(text: str) -> Counter:
    """printf (``%(name)s``, ``%d``, ``%%``), ``{name}`` and HTML tags, with their counts."""
    return Counter([*_PRINTF.findall(text), *_BRACES.findall(text), *_TAG.findall(text)])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sisa %(seats)s dari %(capacity)d; %(seconds).1f detik, 80%%",
         ["%(seats)s", "%(capacity)d", "%(seconds).1f", "%%"]),
        ('Klik <a href="%(url)s?x=%(slug)s">di sini</a> {name} {0}',
         ['<a href="%(url)s?x=%(slug)s">', "</a>", "%(url)s", "%(slug)s", "{name}", "{0}"]),
        ("kehadiran minimal (%)", []),
    ],
)  # fmt: skip
def test_placeholder_finder(text, expected):
    assert placeholders(text) == Counter(expected)


def test_every_placeholder_and_tag_of_the_msgid_is_kept_in_the_msgstr(catalogue):
    _header, entries = catalogue
    problems = []
    for entry in entries:
        for slot, text in entry.msgstr.items():
            source = entry.msgid if slot == 0 or entry.msgid_plural is None else entry.msgid_plural
            if placeholders(source) != placeholders(text):
                problems.append(f"{entry} [{slot}]: {dict(placeholders(text))}")

    assert problems == []


def test_python_format_entries_are_flagged_and_checked_by_msgfmt(catalogue):
    _header, entries = catalogue
    named = [entry for entry in entries if re.search(r"%\(\w+\)", entry.msgid)]

    assert [str(e) for e in named if "python-format" not in e.flags] == []
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    result = subprocess.run(
        [msgfmt, "--check-format", "--check-header", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- (b2) counted messages have plural forms ----------------------------------------------------
#
# The rule: a msgid "counts" when one of its printf placeholders names a count, that is
# (1) its name is one of COUNT_NAMES, whatever its conversion, or (2) it is an integer
# (``%(x)d``/``%(x)i``) and its name is not one of POSITION_NAMES. A counted msgid must be
# a plural entry (``ngettext``/``ngettext_lazy``, ``{% blocktranslate count %}``), so that
# English can say "1 row" and "2 rows". Only the msgids of NOT_A_COUNTED_NOUN escape it:
# each writes its numbers where no word agrees with them. Template placeholders reach the
# catalogue as ``%(name)s``, so one check covers Python and templates.

COUNT_NAMES = {
    "count", "counter", "n", "total", "max", "limit", "seats", "taken", "capacity",
    "quotas", "matrix", "others", "missing", "done", "created", "updated", "unchanged",
    "confirmed", "pending", "people", "rows", "jobs", "files", "days", "hours", "minutes",
    "jp_minutes", "seconds",
}  # fmt: skip
# Integers that are not counts: a row or page number, a rank, a year, JP of one session.
POSITION_NAMES = {"row", "number", "rank", "year", "jp"}

NOT_A_COUNTED_NOUN = {
    # "x of y" and "label: number" forms: no noun agrees with the number.
    "%(taken)s terisi dari %(capacity)s",
    "%(taken)s terisi dari %(seats)s",
    "Halaman %(number)s dari %(total)s",
    "Kursi %(seats)s · terkonfirmasi %(confirmed)s · menunggu %(pending)s",
    "Memeriksa baris: %(done)s dari %(total)s.",
    "Menulis baris: %(done)s dari %(total)s.",
    "Baru: %(created)s · diperbarui: %(updated)s · tidak berubah: %(unchanged)s.",
    # A total in parentheses after the noun it totals.
    "Jumlah kursi kuota (%(total)d) melebihi kapasitas pelatihan (%(capacity)d).",
    "Kursi tidak boleh kurang dari yang sudah terisi (%(taken)d).",
    "Kapasitas tidak boleh kurang dari kursi yang sudah terisi (%(taken)d).",
    # A capacity in parentheses, in the quota matrix form's help.
    "Buat atau perbarui sel kuota: kursi untuk setiap kabupaten/kota provinsi yang dipilih "
    "per kelompok unsur, ditambah kursi untuk lembaga penyelenggara. Sel yang sudah ada "
    "diperbarui, kuota lain tidak diubah. Jumlah semua kuota tidak boleh melebihi "
    "kapasitas (%(capacity)s).",
    # Limits of the upload reader in MB, a ratio and seconds: fixed settings, never 1.
    "Berkas ini terlalu besar setelah dibuka: batasnya %(max)s MB isi tanpa kompresi per "
    "berkas. Hapus lembar, gambar, serta baris dan kolom kosong yang tidak perlu, atau bagi "
    "menjadi beberapa berkas, lalu unggah lagi.",
    "Berkas ini tidak dibaca: salah satu bagiannya mengembang lebih dari %(max)s kali lipat "
    "saat dibuka (batas per berkas), seperti berkas yang sengaja dibuat untuk membebani "
    'server. Buka di Excel, simpan sebagai "Excel Workbook (.xlsx)", lalu unggah lagi.',
}

# Counted msgids in code that other work was changing at the same time (the admin, the
# imports, the reports, the check-in page): the rule holds them, and they leave this list
# as they are converted.
NOT_YET_PLURAL = {
    "%(jp)d JP (%(jp_minutes)d menit) lebih dari dua kali lama sesi (%(minutes)d menit). "
    "Periksa JP atau jam sesi.",
    "Sesi “%(topic)s”: %(jp)d JP (%(jp_minutes)d menit) lebih panjang dari sesinya "
    "(%(minutes)d menit). Periksa JP atau jam sesi.",
    "Matriks kuota: %(cells)d sel, %(seats)d kursi (%(created)d sel baru, %(updated)d "
    "diubah). Jumlah semua kuota %(total)d dari kapasitas %(capacity)d.",
    "Matriks kuota memerlukan %(matrix)d kursi; bersama kuota lain (%(others)d kursi) "
    "jumlahnya %(total)d, melebihi kapasitas pelatihan (%(capacity)d).",
    "Kapasitas %(capacity)d terlalu kecil: kuota berjumlah %(quotas)d kursi dan %(taken)d "
    "kursi sudah terisi.",
    "Belum hadir: <strong>%(missing)s</strong> dari %(total)s peserta",
    "Menerapkan %(total)s baris dalam satu transaksi… Hasilnya tampil di sini bila selesai.",
    "Impor selesai: %(total)s baris.",
    "Isian terlalu panjang: paling banyak %(max)d karakter (yang diisi %(count)d).",
    "Berkas tidak valid: %(count)d kesalahan. Tidak ada yang disimpan.",
    "Berkas valid: %(total)d baris siap diimpor (%(created)d baru, %(updated)d diperbarui, "
    "%(unchanged)d tidak berubah). Tidak ada yang disimpan (--dry-run).",
    "Selesai: %(total)d baris; %(created)d baru, %(updated)d diperbarui, %(unchanged)d "
    "tidak berubah.",
    "Lembar data berisi lebih dari %(max)s sel (sel dan baris kosong yang diberi format "
    "ikut dihitung). Hapus baris dan kolom kosong di bawah dan di kanan data, atau bagi "
    "menjadi beberapa berkas, lalu unggah lagi.",
    "Pembacaan berkas dihentikan karena melewati batas waktu %(seconds)s detik per berkas. "
    "Hapus baris dan kolom kosong di bawah dan di kanan data, atau bagi menjadi beberapa "
    "berkas, lalu unggah lagi.",
    "Baris judul kolom tidak ditemukan: salah satu dari %(count)d baris pertama harus "
    "berisi judul kolom seperti pada templat (NIK, Nama Lengkap, …).",
    "Berkas berisi lebih dari %(max)s baris; bagi menjadi beberapa berkas.",
    "Ekspor: %(jobs)s pekerjaan dan %(files)s berkas lebih tua dari %(days)s hari akan "
    "dihapus (uji coba, tidak ada yang dihapus).",
    "Ekspor: %(jobs)s pekerjaan dan %(files)s berkas lebih tua dari %(days)s hari dihapus.",
    "Wilayah dimuat: %(summary)s; %(created)s baru; %(seconds).1f detik.",
    "Data demo siap: %(trainings)s pelatihan, %(people)s orang; %(seconds).1f detik.",
}

_NAMED_PRINTF = re.compile(r"%\((\w+)\)[-#0 +]*(?:\d+|\*)?(?:\.\d+)?([diouxXeEfFgGcrsa])")


def counted(msgid: str) -> list[str]:
    """The placeholders of ``msgid`` that name a count (the rule above)."""
    return [
        name
        for name, conversion in _NAMED_PRINTF.findall(msgid)
        if name in COUNT_NAMES or (conversion in "di" and name not in POSITION_NAMES)
    ]


@pytest.mark.parametrize(
    "msgid, expected",
    [
        ("%(count)d dikonfirmasi", ["count"]),
        ("Sisa %(seats)s kursi dari %(capacity)d", ["seats", "capacity"]),
        ("%(cells)d sel", ["cells"]),  # any integer is a count unless it names a position
        ("Baris %(row)d, halaman %(number)s, tahun %(year)s: %(message)s", []),
        ("Kursi untuk %(cell)s; %(jp)d JP", []),
        ("Hadir minimal %(percent)s%%", []),
    ],
)
def test_counted_placeholders_are_found_by_name_or_integer_conversion(msgid, expected):
    assert counted(msgid) == expected


def test_every_counted_message_has_plural_forms(catalogue):
    _header, entries = catalogue

    singular = {entry.msgid for entry in entries if not entry.msgid_plural and counted(entry.msgid)}

    assert sorted(singular - NOT_A_COUNTED_NOUN - NOT_YET_PLURAL) == []
    # Neither list keeps a msgid that is gone or has become a plural entry.
    assert sorted((NOT_A_COUNTED_NOUN | NOT_YET_PLURAL) - singular) == []


# --- compiled and in step with the source -----------------------------------------------------


def test_compiled_mo_holds_exactly_the_po_translations(catalogue):
    _header, entries = catalogue
    assert MO_FILE.exists(), (
        f"{MO_FILE} is missing: run `make messages` (compilemessages), as `make test` does"
    )
    with MO_FILE.open("rb") as fh:
        compiled = gnu_gettext.GNUTranslations(fh)._catalog

    stale = []
    for entry in entries:
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        for slot, text in entry.msgstr.items():
            key = (msgid, slot) if entry.msgid_plural else msgid
            if compiled.get(key) != text:
                stale.append(f"{entry} [{slot}]")

    assert stale == [], "the .mo is older than the .po: run `make messages`"


def _copy_sources(destination: Path) -> None:
    """The files makemessages would scan (.py, .html, .txt), minus the ignored dirs."""
    for path in BASE_DIR.rglob("*"):
        relative = path.relative_to(BASE_DIR)
        if any(part in IGNORED_DIRS or part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix in SCANNED_SUFFIXES:
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_holds_every_translatable_string_of_the_source(
    catalogue, tmp_path, monkeypatch, settings
):
    """makemessages run on a copy of the sources finds no msgid the .po lacks.

    A failure lists strings added since the .po was last regenerated: rerun the
    makemessages command of this module's docstring and translate them.
    """
    _header, entries = catalogue
    copy = tmp_path / "src"
    _copy_sources(copy)
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [str(copy / "locale")]
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=sorted(IGNORED_DIRS - {"locale", "__pycache__"}),
        no_obsolete=True,
        verbosity=0,
        stdout=io.StringIO(),
    )
    _fresh_header, fresh = split_header(
        read_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    )

    ours = {entry.key for entry in entries}
    missing = sorted(
        repr(msgid) + (f" (plural {plural!r})" if plural else "") + (f" [{ctx}]" if ctx else "")
        for ctx, msgid, plural in {entry.key for entry in fresh} - ours
    )

    assert len(fresh) > 300
    assert not missing, (
        f"{len(missing)} msgid(s) of the source are not in {PO_FILE.name}: rerun makemessages "
        "(this module's docstring) and translate them:\n  " + "\n  ".join(missing)
    )


# --- (c) the running code translates ---------------------------------------------------------


def test_key_strings_come_out_in_english_under_english():
    from django.utils.translation import gettext, ngettext

    from participants.phone import PhoneError, normalize_mobile
    from trainings.models import Registration, Training

    with translation.override("en"):
        assert gettext("Daftar sekarang") == "Register now"
        assert gettext("Daftar") == "Register"
        assert gettext("Pelatihan pilar sosial") == "Social pillar training"
        assert str(Registration.Status.CONFIRMED.label) == "Confirmed"
        assert str(Registration.Status.WAITLISTED.label) == "Waiting list"
        assert str(Training.Kind.BIMTEK.label) == "Technical guidance (bimtek)"
        assert str(Training._meta.verbose_name) == "training"
        counts = [
            ngettext("%(counter)s pelatihan", "%(counter)s pelatihan", n) % {"counter": n}
            for n in (1, 3)
        ]
        assert counts == ["1 training", "3 trainings"]
        with pytest.raises(PhoneError) as error:
            normalize_mobile("0511 3301234")
        assert error.value.message.startswith("Enter a mobile number starting with 08")


def test_counted_messages_agree_with_their_number_in_english():
    from participants.nik import NIKError, parse_nik
    from trainings.views.staff.registrations import DONE

    def nik_message(value: str) -> str:
        with pytest.raises(NIKError) as error:
            parse_nik(value)
        return error.value.message

    with translation.override("en"):
        assert [nik_message("1"), nik_message("12")] == [
            "A NIK must be exactly 16 digits (0–9); you entered 1 character.",
            "A NIK must be exactly 16 digits (0–9); you entered 2 characters.",
        ]
        assert [str(DONE["confirm"] % {"count": n}) for n in (1, 4)] == [
            "1 confirmed",
            "4 confirmed",
        ]
    with translation.override("id"):
        assert nik_message("12") == ("NIK harus tepat 16 digit angka (0–9); yang diisi 2 karakter.")


def test_indonesian_stays_the_source_text():
    from django.utils.translation import gettext

    from trainings.models import Registration

    with translation.override("id"):
        assert gettext("Daftar sekarang") == "Daftar sekarang"
        assert str(Registration.Status.WAITLISTED.label) == "Daftar tunggu"


# --- (d) pages follow the language cookie -----------------------------------------------------


def test_catalogue_page_is_english_with_the_english_cookie(client, regions, reference_data):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/").content.decode()

    assert '<html lang="en">' in page
    assert "<title>Social pillar training · Pilar</title>" in page
    assert "Social pillar training</h1>" in page
    assert "Filter trainings" in page
    assert "Pelatihan pilar sosial" not in page
    assert "Saring pelatihan" not in page


def test_catalogue_page_is_indonesian_by_default(client, regions, reference_data):
    page = client.get("/").content.decode()

    assert '<html lang="id">' in page
    assert "Pelatihan pilar sosial</h1>" in page
    assert "Saring pelatihan" in page
    assert "Social pillar training" not in page
