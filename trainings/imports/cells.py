"""One cell at a time: what a person typed in Excel → a clean value, or a ``CellError``.

Each function takes the raw value openpyxl read (``str``, ``int``, ``float``,
``datetime``, ``bool`` or ``None``) and raises ``CellError`` with an Indonesian
message that says what is wrong and what to write instead.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from participants.names import PersonNameError, clean_person_name
from participants.nik import NIKError, parse_nik
from participants.phone import PhoneError, normalize_mobile
from trainings.imports.problems import CellError

EXCEL_ERRORS = frozenset(
    {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]+")
_DECIMAL_NIK = re.compile(r"([0-9]{16})[.,]0+")
_DMY = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T][0-9:.]+)?")
_D_MONTH_Y = re.compile(r"([0-9]{1,2})\s+([a-z]+)\.?\s+([0-9]{4})")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "peb", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "ags", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "des", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MALE = frozenset({"l", "lk", "laki", "lakilaki", "lelaki", "pria", "m", "male"})
_FEMALE = frozenset({"p", "pr", "perempuan", "wanita", "w", "f", "female"})
_YES = frozenset({"ya", "y", "yes", "aktif", "1", "true", "benar"})
_NO = frozenset({"tidak", "t", "tdk", "no", "n", "nonaktif", "tidakaktif", "0", "false", "salah"})


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any, limit: int = 40) -> str:
    """A value as the person sees it, shortened for a message."""
    if isinstance(value, datetime.datetime):
        text = value.strftime("%d-%m-%Y")
    elif isinstance(value, float) and value.is_integer():
        text = f"{value:.0f}"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_excel_error(value: Any) -> None:
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        raise CellError(_("Sel berisi galat rumus Excel (%(value)s).") % {"value": value.strip()})


def _key(value: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", value.lower())


def text(value: Any, *, max_length: int) -> str:
    """Free text, whitespace collapsed; numbers as Excel shows them."""
    if is_blank(value):
        return ""
    check_excel_error(value)
    if isinstance(value, datetime.datetime | datetime.date):
        result = value.strftime("%d-%m-%Y")
    elif isinstance(value, float) and value.is_integer():
        result = f"{value:.0f}"
    else:
        result = " ".join(str(value).split())
    if any(unicodedata.category(char) == "Cc" for char in result):
        raise CellError(_("Isian ini berisi karakter yang tidak diizinkan."))
    if len(result) > max_length:
        raise CellError(
            _("Isian terlalu panjang: paling banyak %(max)d karakter (yang diisi %(count)d).")
            % {"max": max_length, "count": len(result)}
        )
    return result


def required_text(value: Any, *, max_length: int) -> str:
    result = text(value, max_length=max_length)
    if not result:
        raise CellError(_("Wajib diisi."))
    return result


def person_name(value: Any) -> str:
    """A person's name, by the same rule as the forms (``participants.names``)."""
    try:
        return clean_person_name(required_text(value, max_length=150))
    except PersonNameError as error:
        raise CellError(error.message) from None


def nik_as_number(digits: str) -> CellError:
    return CellError(
        _(
            "NIK tersimpan sebagai angka sehingga digit terakhirnya hilang (%(digits)s). "
            "Format kolom NIK sebagai Teks lalu ketik ulang."
        )
        % {"digits": digits}
    )


def nik(value: Any) -> str:
    """A NIK typed as text; a NIK Excel stored as a number (it keeps 15 significant
    digits, so the 16th became 0) is refused with a message saying how to fix it."""
    if is_blank(value):
        raise CellError(_("Wajib diisi."))
    check_excel_error(value)
    if isinstance(value, bool):
        raise CellError(_("NIK harus 16 angka."))
    if isinstance(value, int):
        raise nik_as_number(str(value))
    if isinstance(value, float):
        raise nik_as_number(f"{value:.0f}")
    if not isinstance(value, str):
        raise CellError(_("NIK harus 16 angka."))
    compact = "".join(value.split()).lstrip("'")
    if _SCIENTIFIC.fullmatch(compact):
        raise nik_as_number(f"{float(compact.replace(',', '.')):.0f}")
    decimal = _DECIMAL_NIK.fullmatch(compact)
    if decimal:
        raise nik_as_number(decimal.group(1))
    try:
        return parse_nik(compact).nik
    except NIKError as error:
        raise CellError(error.message) from None


def _calendar_date(year: int, month: int, day: int, original: Any) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(
            _("Tanggal %(value)s tidak ada di kalender.") % {"value": shown(original)}
        ) from None


def date(value: Any, *, today: datetime.date) -> datetime.date:
    """A birth date from an Excel date, an Excel serial number or text (dd-mm-yyyy,
    dd/mm/yyyy, yyyy-mm-dd, "23 Oktober 1985"), between 1 Jan 1900 and today."""
    if is_blank(value):
        raise CellError(_("Wajib diisi."))
    check_excel_error(value)
    result = None
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 100_000:  # a date cell that lost its date format: a serial number
            result = from_excel(value).date()
    elif isinstance(value, str):
        compact = " ".join(value.lower().split())
        if match := _DMY.fullmatch(compact):
            day, month, year = (int(part) for part in match.groups())
            result = _calendar_date(year, month, day, value)
        elif match := _ISO.fullmatch(compact):
            year, month, day = (int(part) for part in match.groups())
            result = _calendar_date(year, month, day, value)
        elif (match := _D_MONTH_Y.fullmatch(compact)) and match.group(2) in MONTHS:
            day, year = int(match.group(1)), int(match.group(3))
            result = _calendar_date(year, MONTHS[match.group(2)], day, value)
    if result is None:
        raise CellError(
            _('Tanggal "%(value)s" tidak dapat dibaca; tulis hh-bb-tttt, mis. 23-10-1985.')
            % {"value": shown(value)}
        )
    if not datetime.date(1900, 1, 1) <= result <= today:
        raise CellError(_("Tanggal lahir harus antara 1 Januari 1900 dan hari ini."))
    return result


def sex(value: Any) -> str:
    if is_blank(value):
        raise CellError(_("Wajib diisi."))
    check_excel_error(value)
    key = _key(str(value))
    if key in _MALE:
        return "L"
    if key in _FEMALE:
        return "P"
    raise CellError(
        _('Tulis L (laki-laki) atau P (perempuan); tertulis "%(value)s".') % {"value": shown(value)}
    )


def phone(value: Any) -> str:
    """A mobile number in E.164, or "" when blank. A Number cell lost the leading 0,
    which ``normalize_mobile`` does without."""
    if is_blank(value):
        return ""
    check_excel_error(value)
    if isinstance(value, bool):
        raise CellError(
            _("Nomor HP hanya boleh berisi angka 0–9, spasi, tanda hubung, dan + di depan.")
        )
    if isinstance(value, int):
        typed = str(value)
    elif isinstance(value, float) and value.is_integer():
        typed = f"{value:.0f}"
    else:
        typed = str(value).strip().lstrip("'")
    try:
        return normalize_mobile(typed)
    except PhoneError as error:
        raise CellError(error.message) from None


def email(value: Any) -> str:
    if is_blank(value):
        return ""
    check_excel_error(value)
    address = str(value).strip()
    try:
        validate_email(address)
    except ValidationError:
        raise CellError(
            _('Alamat e-mail "%(value)s" tidak valid.') % {"value": shown(address)}
        ) from None
    if len(address) > 254:
        raise CellError(_("Alamat e-mail terlalu panjang."))
    return address


def year(value: Any, *, today: datetime.date) -> int | None:
    if is_blank(value):
        return None
    check_excel_error(value)
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"[0-9]{4}", value.strip()):
        number = int(value.strip())
    elif isinstance(value, datetime.datetime | datetime.date):
        number = value.year
    if number is None or not 1950 <= number <= today.year:
        raise CellError(
            _('Tulis tahun empat angka antara 1950 dan %(year)d; tertulis "%(value)s".')
            % {"year": today.year, "value": shown(value)}
        )
    return number


def yes_no(value: Any) -> bool | None:
    """True/False, or None when blank."""
    if is_blank(value):
        return None
    check_excel_error(value)
    if isinstance(value, bool):
        return value
    key = _key(str(value).replace(".0", "") if isinstance(value, float) else str(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(_('Tulis Ya atau Tidak; tertulis "%(value)s".') % {"value": shown(value)})
