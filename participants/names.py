"""People's names: what a typed name must be, and when two spellings are one person's name.

Two rules live here, next to each other because both read a name the same way
(Unicode NFKC, then letters only):

* ``clean_person_name`` — a name typed into a form or an import: it must hold at
  least two letters once normalised, and no bidirectional control characters
  (which make a name display as something else than what is stored, e.g.
  ``U+202E`` turning "Ani" into "inA"). Zero-width characters are dropped.
* ``names_match`` — whether a name typed on the public form is the stored
  person's name, for the identity check of a known NIK
  (``trainings.services.identity``). Equal after folding case, spaces and
  punctuation, leaving out the honorifics and degrees Indonesians write around a
  name (``Dr. Hj. Sunarty, S.M.Pd`` is ``Sunarty``), and reading the usual
  spellings of Muhammad as one (``M. Yusuf`` is ``Muhammad Yusuf``, as a KTP
  and a school certificate often differ in just that). Nothing looser: two
  different people with the same birth date must not pass as one.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

MIN_NAME_LETTERS = 2

# Bidirectional formatting and marks (Unicode "Bidi_Control"): they reorder text
# on screen, so a stored name could display as another.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Invisible joiners and spaces that NFKC keeps: dropped from any name.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# Written before a name: religious, academic and courtesy titles (lower case, no dots).
_TITLES_BEFORE = frozenset(
    {
        "h", "hj", "haji", "hajah", "hajjah", "kh", "ust", "ustadz", "ustadzah", "dr", "drs",
        "dra", "drg", "ir", "prof", "ns", "apt", "bpk", "bapak", "ibu", "ny", "nn", "tn", "sdr",
        "sdri",
    }
)  # fmt: skip
# A degree written after a name without the comma: dotted letters (S.Pd, S.M.Pd, A.Md.Kep).
_DOTTED_DEGREE = re.compile(r"^[a-z]{1,3}(\.[a-z]{1,4})+\.?$")
_MUHAMMAD = frozenset(
    {
        "m", "md", "muh", "moh", "moch", "mochd", "mohd", "muhd", "muhamad", "muhammad",
        "mohamad", "mohammad", "mohammed", "muhammed", "mochamad", "mochammad", "muchamad",
        "muchammad",
    }
)  # fmt: skip


class PersonNameError(ValueError):
    """A typed name that cannot be a person's name; ``message`` is user-facing."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def clean_person_name(value: str) -> str:
    """The name as it will be stored: NFKC, zero-width characters dropped, spaces folded.

    Raises ``PersonNameError`` (code ``bidi`` or ``letters``) for a name with
    bidirectional control characters or fewer than two letters.
    """
    normalised = unicodedata.normalize("NFKC", value).translate(_ZERO_WIDTH)
    if any(char in _BIDI_CONTROLS for char in normalised):
        raise PersonNameError(
            _("Nama memuat karakter pengatur arah tulisan yang tidak diperbolehkan."),
            code="bidi",
        )
    name = " ".join(normalised.split())
    if sum(1 for char in name if unicodedata.category(char).startswith("L")) < MIN_NAME_LETTERS:
        raise PersonNameError(_("Nama harus memuat paling sedikit dua huruf."), code="letters")
    return name


def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_key(name: str) -> tuple[str, ...]:
    """The words of a name that identify the person, in order, folded for comparison."""
    text = _without_marks(unicodedata.normalize("NFKC", name).translate(_ZERO_WIDTH)).casefold()
    text = text.split(",", 1)[0]  # degrees follow the first comma: "Sunarty, S.M.Pd"
    words = text.split()
    while words and _DOTTED_DEGREE.match(words[-1]):
        words.pop()
    folded = [re.sub(r"[^\w]|_", "", word) for word in words]
    folded = [word for word in folded if word]
    while len(folded) > 1 and folded[0] in _TITLES_BEFORE:
        folded.pop(0)
    return tuple("muhammad" if word in _MUHAMMAD else word for word in folded)


def names_match(typed: str, stored: str) -> bool:
    """Whether ``typed`` is ``stored`` written another way (see the module docstring)."""
    key = name_key(typed)
    return bool(key) and key == name_key(stored)
