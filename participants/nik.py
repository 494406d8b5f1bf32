"""Indonesian NIK (Nomor Induk Kependudukan): parsing, soft checks, masking.

Layout of the 16 digits: ``PPRRDD DDMMYY SSSS``

* ``PPRRDD`` Kemendagri kecamatan code where the NIK was *first* registered
  (never the current domicile; pre-2022 Papua NIKs keep codes that no longer exist);
* ``DDMMYY`` birth date, with 40 added to the day for women;
* ``SSSS`` serial, starting at ``0001``. There is no check digit.

Pure Python on purpose (no Django imports); region data is read lazily from
``data/regions/*.csv`` next to this file.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

try:
    from django.core.exceptions import ImproperlyConfigured
except ImportError:  # pragma: no cover
    ImproperlyConfigured = RuntimeError

REGIONS_DIR = Path(__file__).parent / "data" / "regions"
_ASCII_DIGITS = re.compile(r"[0-9]+")  # never \d: it matches Arabic-Indic, fullwidth, ...
_REGION_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")
_NIK_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")  # not part of a longer number
_SEX_LABEL = {"L": "laki-laki", "P": "perempuan"}


def _(message: str) -> str:
    """Django's gettext when Django is set up; the Indonesian text as written otherwise.

    The module stays usable without Django (scripts, the pure tests), and its
    messages still reach the translation catalogue (``makemessages`` reads ``_``).
    """
    try:
        from django.utils.translation import gettext
    except ImportError:  # pragma: no cover - Django is a dependency of the project
        return message
    try:
        return gettext(message)
    except ImproperlyConfigured:
        return message


def ngettext(singular: str, plural: str, number: int) -> str:
    """Django's ngettext when Django is set up; the Indonesian text as written otherwise
    (Indonesian has one form: ``singular``), like ``_`` above."""
    try:
        from django.utils.translation import ngettext as django_ngettext
    except ImportError:  # pragma: no cover - Django is a dependency of the project
        return singular
    try:
        return django_ngettext(singular, plural, number)
    except ImproperlyConfigured:
        return singular


def _sex_label(sex: str) -> str:
    return _("laki-laki") if sex == "L" else _("perempuan")


class NIKError(ValueError):
    """A NIK that cannot be valid. ``message`` is Indonesian and user-facing."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code  # "length", "digits", "day", "month", "date" or "serial"


@dataclass(frozen=True)
class ParsedNIK:
    """The decoded parts of a structurally valid NIK."""

    nik: str
    district_prefix: str  # "620505"
    province_code: str  # "62"
    regency_code: str  # "62.05"
    district_code: str  # "62.05.05"
    birth_date: date
    sex: str  # "L" (laki-laki) or "P" (perempuan)
    serial: str  # "0001"


@dataclass(frozen=True)
class NIKWarning:
    """A soft mismatch the user may confirm; ``code`` is one of
    "birth_date", "sex", "region", "unknown_prefix"."""

    code: str
    message: str


def _read_csv(name: str) -> list[dict[str, str]]:
    with (REGIONS_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def _names() -> dict[str, str]:
    """Dotted province/regency/district code -> current name."""
    names = {row["code"]: row["name"] for row in _read_csv("provinces.csv")}
    for file in ("regencies.csv", "districts.csv"):
        names.update((row["code"], row["name"]) for row in _read_csv(file))
    return names


@cache
def _legacy() -> dict[str, tuple[str, str]]:
    """Old dotted code -> (new dotted code, level) from legacy_codes.csv."""
    return {r["old_code"]: (r["new_code"], r["level"]) for r in _read_csv("legacy_codes.csv")}


def _current_code(district_code: str) -> str:
    """Map a (possibly legacy) dotted district code to its current code.

    Falls back to mapping only the regency part, then to the code itself."""
    legacy = _legacy()
    if district_code in legacy:
        return legacy[district_code][0]
    regency = legacy.get(district_code[:5])
    return regency[0] + district_code[5:] if regency else district_code


def _label(code: str) -> str:
    name = _names().get(code)
    return f"{name}, {code}" if name else code


def _ddmmyy(d: date) -> str:
    return f"{d.day:02d}{d.month:02d}{d.year % 100:02d}"


def _fmt(d: date) -> str:
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def parse_nik(
    value: str, *, today: date | None = None, declared_birth_date: date | None = None
) -> ParsedNIK:
    """Parse and validate a NIK; raise :class:`NIKError` if it cannot be valid.

    Only surrounding whitespace is tolerated. The two-digit year means 19YY when it
    is greater than today's YY, else 20YY (or 19YY if 20YY would lie in the future).
    With ``declared_birth_date`` the century closest to it is preferred. A
    calendar-invalid candidate (29 Feb 1900) gives way to the other century.
    The region prefix is *not* checked here; see :func:`nik_warnings`.
    """
    if not isinstance(value, str):
        raise TypeError(f"NIK must be str, not {type(value).__name__}")
    nik = value.strip()
    if len(nik) != 16:
        raise NIKError(
            ngettext(
                "NIK harus tepat 16 digit angka (0–9); yang diisi %(count)d karakter.",
                "NIK harus tepat 16 digit angka (0–9); yang diisi %(count)d karakter.",
                len(nik),
            )
            % {"count": len(nik)},
            code="length",
        )
    if not _ASCII_DIGITS.fullmatch(nik):
        raise NIKError(_("NIK hanya boleh berisi angka 0–9."), code="digits")
    raw_day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if not (1 <= raw_day <= 31 or 41 <= raw_day <= 71):
        raise NIKError(
            _(
                "Digit ke-7 dan ke-8 NIK (tanggal lahir) harus 01–31 untuk laki-laki atau "
                "41–71 untuk perempuan; tertulis %(digits)s."
            )
            % {"digits": nik[6:8]},
            code="day",
        )
    if not 1 <= month <= 12:
        raise NIKError(
            _("Digit ke-9 dan ke-10 NIK (bulan lahir) harus 01–12; tertulis %(digits)s.")
            % {"digits": nik[8:10]},
            code="month",
        )
    sex, day = ("P", raw_day - 40) if raw_day > 40 else ("L", raw_day)
    today = today or date.today()
    years = [1900 + yy, 2000 + yy]
    if declared_birth_date is not None:
        years.sort(key=lambda y: abs(y - declared_birth_date.year))
    elif (2000 + yy, month, day) <= (today.year, today.month, today.day):
        years.reverse()  # 20YY unless that lies in the future
    birth_date = None
    for year in years:
        try:
            birth_date = date(year, month, day)
            break
        except ValueError:
            continue
    if birth_date is None:
        raise NIKError(
            _("Tanggal lahir dalam NIK tidak ada di kalender: %(date)s.")
            % {"date": f"{day:02d}-{nik[8:10]}-{nik[10:12]}"},
            code="date",
        )
    if nik[12:] == "0000":
        raise NIKError(_("Empat digit terakhir NIK (nomor urut) tidak boleh 0000."), code="serial")
    return ParsedNIK(
        nik=nik,
        district_prefix=nik[:6],
        province_code=nik[:2],
        regency_code=f"{nik[:2]}.{nik[2:4]}",
        district_code=f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}",
        birth_date=birth_date,
        sex=sex,
        serial=nik[12:],
    )


def is_valid_nik(value: object) -> bool:
    """True if ``value`` is a string :func:`parse_nik` accepts."""
    if not isinstance(value, str):
        return False
    try:
        parse_nik(value)
    except NIKError:
        return False
    return True


def nik_warnings(
    parsed: ParsedNIK,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    region_code: str | None = None,
) -> list[NIKWarning]:
    """Soft mismatches between a parsed NIK and declared data (Indonesian messages).

    ``sex`` is "L"/"P"; ``region_code`` a dotted Kemendagri code of any level,
    compared at regency level (province level for a province code) after mapping a
    legacy (pre-2022 Papua) NIK prefix to its current code. Empty values are skipped.
    """
    warnings: list[NIKWarning] = []

    def warn(code: str, message: str) -> None:
        warnings.append(NIKWarning(code, message))

    nik_date = parsed.birth_date
    if birth_date and _ddmmyy(nik_date) != _ddmmyy(birth_date):  # century-agnostic
        warn(
            "birth_date",
            _(
                "Tanggal lahir dalam NIK (%(nik)s) berbeda dengan tanggal lahir "
                "yang diisi (%(declared)s). Cocokkan keduanya dengan KTP: salah satunya "
                "mungkin salah ketik."
            )
            % {"nik": _fmt(nik_date), "declared": _fmt(birth_date)},
        )
    if sex and sex not in _SEX_LABEL:
        raise ValueError(f"sex must be 'L' or 'P', not {sex!r}")
    if sex and sex != parsed.sex:
        warn(
            "sex",
            _(
                "Jenis kelamin dalam NIK (%(nik)s) berbeda dengan "
                "jenis kelamin yang diisi (%(declared)s). Pada NIK perempuan, tanggal "
                "lahir ditambah 40; periksa NIK dan jenis kelamin pada KTP."
            )
            % {"nik": _sex_label(parsed.sex), "declared": _sex_label(sex)},
        )
    if region_code and not _REGION_CODE.fullmatch(region_code):
        raise ValueError(f"not a dotted Kemendagri region code: {region_code!r}")
    if region_code:
        level = 2 if len(region_code) == 2 else 5  # province, else regency
        current = _current_code(parsed.district_code)[:level]
        if current != region_code[:level]:
            warn(
                "region",
                _(
                    "Wilayah asal NIK (%(nik)s) berbeda dengan wilayah yang diisi "
                    "(%(declared)s). Ini wajar bila peserta pindah domisili, karena NIK "
                    "tetap memakai kode wilayah tempat pertama kali didaftarkan."
                )
                % {"nik": _label(current), "declared": _label(region_code[:level])},
            )
    legacy = _legacy().get(parsed.district_code)
    if parsed.district_code not in _names() and not (legacy and legacy[1] == "district"):
        warn(
            "unknown_prefix",
            _(
                "Kode wilayah NIK (%(code)s) tidak ditemukan dalam daftar kecamatan "
                "Kemendagri, baik kode yang berlaku maupun kode lama. Periksa kembali NIK."
            )
            % {"code": parsed.district_code},
        )
    return warnings


def mask_nik(nik: str) -> str:
    """Mask a NIK for lists and exports: ``6205********0001``.

    Other lengths keep only the first and last 2 characters (all masked below 8),
    so a value is never shown whole."""
    nik = nik.strip()
    if len(nik) == 16:
        return nik[:4] + "*" * 8 + nik[-4:]
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:2] + "*" * (len(nik) - 4) + nik[-2:]


def nik_for(nik: str, *, full: bool) -> str:
    """The NIK as a reader may see it: whole when ``full`` (the caller decided the reader
    may), else masked with :func:`mask_nik`."""
    return nik if full else mask_nik(nik)


def mask_niks_in(text: str) -> str:
    """``text`` with every run of exactly 16 digits masked as a NIK (free text such as
    an audit record's changes may quote one)."""
    return _NIK_IN_TEXT.sub(lambda match: mask_nik(match.group()), text)


def count_niks_in(text: str) -> int:
    """How many runs of exactly 16 digits (NIKs, as ``mask_niks_in`` sees them) ``text`` has."""
    return len(_NIK_IN_TEXT.findall(text))


def build_nik(*, district_code: str, birth_date: date, sex: str, serial: int) -> str:
    """Compose a NIK (for demo data and tests); round-trips with :func:`parse_nik`
    given ``declared_birth_date=birth_date``. The code need not exist in the tables."""
    if not re.fullmatch(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}", district_code):
        raise ValueError(f"district_code must look like '62.05.05', not {district_code!r}")
    if sex not in _SEX_LABEL:
        raise ValueError(f"sex must be 'L' or 'P', not {sex!r}")
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1..9999, not {serial}")
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{district_code.replace('.', '')}{day:02d}{_ddmmyy(birth_date)[2:]}{serial:04d}"
