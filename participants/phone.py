"""Indonesian mobile numbers: what people type → E.164 (``+628…``).

Accepted: ``0812 3456 7890``, ``0812-3456-7890``, ``+62 812 3456 7890``,
``62 812…``, ``+62 (0)812…``, ``0062 812…`` — spaces, dashes, dots and
brackets are ignored. A mobile number is 8 followed by 8 to 11 digits after
the country code (``08xx`` plus 6 to 9 digits when written nationally);
landlines (``021…``, ``0519…``) and numbers of other countries are refused:
Pilar sends codes and reminders to mobiles only. :func:`national_phone` writes a
stored number back the way people read it (``0812-3456-7890``).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_SEPARATORS = re.compile(r"[\s\-.()/]+")
_ASCII_DIGITS = re.compile(r"\+?[0-9]+")  # never \d: it matches Arabic-Indic, fullwidth, ...
_NATIONAL_MIN, _NATIONAL_MAX = 9, 12  # digits after +62, the leading 8 included


class PhoneError(ValueError):
    """Not an Indonesian mobile number. ``message`` is translated and user-facing;
    ``code`` is one of "characters", "country", "landline", "length"."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def normalize_mobile(value: str) -> str:
    """Return ``value`` as E.164 (``+6281234567890``) or raise :class:`PhoneError`."""
    compact = _SEPARATORS.sub("", value)
    if not _ASCII_DIGITS.fullmatch(compact):
        raise PhoneError(
            _("Nomor HP hanya boleh berisi angka 0–9, spasi, tanda hubung, dan + di depan."),
            code="characters",
        )
    if compact.startswith("+62"):
        national = compact[3:]
    elif compact.startswith("0062"):
        national = compact[4:]
    elif compact.startswith("62"):
        national = compact[2:]
    elif compact.startswith("0"):
        national = compact[1:]
    elif compact.startswith("+"):
        raise PhoneError(_("Gunakan nomor HP Indonesia (diawali 08 atau +62 8)."), code="country")
    else:
        national = compact
    if national.startswith("0"):
        national = national[1:]  # "+62 (0)812…": the trunk 0 written after the country code
    if not national.startswith("8"):
        raise PhoneError(
            _(
                "Masukkan nomor HP (seluler) yang diawali 08, mis. 0812 3456 7890. "
                "Nomor telepon rumah atau kantor tidak dapat dipakai."
            ),
            code="landline",
        )
    digits = len(national) + 1  # as written nationally, with the leading 0
    if len(national) < _NATIONAL_MIN:
        raise PhoneError(
            ngettext(
                "Nomor HP terlalu pendek: nomor HP Indonesia berisi 10–13 angka bila "
                "ditulis dengan 08 di depan (yang diisi %(count)d angka).",
                "Nomor HP terlalu pendek: nomor HP Indonesia berisi 10–13 angka bila "
                "ditulis dengan 08 di depan (yang diisi %(count)d angka).",
                digits,
            )
            % {"count": digits},
            code="length",
        )
    if len(national) > _NATIONAL_MAX:
        raise PhoneError(
            ngettext(
                "Nomor HP terlalu panjang: nomor HP Indonesia berisi 10–13 angka bila "
                "ditulis dengan 08 di depan (yang diisi %(count)d angka).",
                "Nomor HP terlalu panjang: nomor HP Indonesia berisi 10–13 angka bila "
                "ditulis dengan 08 di depan (yang diisi %(count)d angka).",
                digits,
            )
            % {"count": digits},
            code="length",
        )
    return "+62" + national


def national_phone(number: str) -> str:
    """``+6281234567890`` as people write it: ``0812-3456-7890``. Anything not in E.164
    for Indonesia (empty, or an older value) is returned as it is."""
    if not number.startswith("+62"):
        return number
    national = "0" + number[3:]
    return "-".join(part for part in (national[:4], national[4:8], national[8:]) if part)
