"""Regions by name or code, roles by name or abbreviation: loaded once per file.

Names are compared by their letters and digits only, case-insensitively
("Barito-Utara", "BARITO UTARA", "Kab. Barito Utara" all find Kabupaten
Barito Utara). A name that fits several regions is refused with the
candidates and their codes; the person then writes the code.

Queries: one for the provinces, regencies and districts (a few thousand
rows), one for the village codes a file names, one per district whose
villages are looked up by name, one for the roles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.models import Region, SocialRole
from trainings.imports.cells import check_excel_error, is_blank, shown
from trainings.imports.problems import CellError

LEVEL = Region.Level
_DOTTED = {
    LEVEL.REGENCY: re.compile(r"([0-9]{2})\.?([0-9]{2})"),
    LEVEL.DISTRICT: re.compile(r"([0-9]{2})\.?([0-9]{2})\.?([0-9]{2})"),
    LEVEL.VILLAGE: re.compile(r"([0-9]{2})\.?([0-9]{2})\.?([0-9]{2})\.?([0-9]{4})"),
}
_PROVINCE_CODE = re.compile(r"[0-9]{2}")
_KABUPATEN_PREFIX = re.compile(r"^(kabupaten\s+|kab\.\s*|kab\s+)")
_KOTA_PREFIX = re.compile(r"^(kota\s*madya\s+|kodya\.?\s+|kota\s+)")
_DISTRICT_PREFIX = re.compile(r"^(kecamatan\s+|kec\.\s*|kec\s+)")
_VILLAGE_PREFIX = re.compile(r"^(desa\s+|ds\.\s*|kelurahan\s+|kel\.\s*|kel\s+)")
MAX_CANDIDATES = 5
NOT_FOUND = {
    "regency": gettext_lazy('Kabupaten/kota "%(value)s" tidak ditemukan.'),
    "district": gettext_lazy('Kecamatan "%(value)s" tidak ditemukan.'),
    "district_in": gettext_lazy('Kecamatan "%(value)s" tidak ditemukan di %(where)s.'),
    "district_scope_in": gettext_lazy(
        'Kecamatan "%(value)s" tidak ditemukan di wilayah %(where)s.'
    ),
    "village_in": gettext_lazy(
        'Desa/kelurahan "%(value)s" tidak ditemukan di Kecamatan %(where)s.'
    ),
    "area": gettext_lazy('Wilayah "%(value)s" tidak ditemukan.'),
    "area_in": gettext_lazy('Wilayah "%(value)s" tidak ditemukan di wilayah %(where)s.'),
}
AMBIGUOUS = {
    "regency": gettext_lazy(
        '"%(value)s" cocok dengan lebih dari satu kabupaten/kota: %(candidates)s. Tulis kodenya.'
    ),
    "district": gettext_lazy(
        '"%(value)s" cocok dengan lebih dari satu kecamatan: %(candidates)s. Tulis kodenya.'
    ),
    "village": gettext_lazy(
        '"%(value)s" cocok dengan lebih dari satu desa/kelurahan: %(candidates)s. Tulis kodenya.'
    ),
    "area": gettext_lazy(
        '"%(value)s" cocok dengan lebih dari satu wilayah: %(candidates)s. Tulis kodenya.'
    ),
}
AMBIGUOUS["district_scope"] = AMBIGUOUS["district"]


def name_key(value: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", value.lower())


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str
    parent: str | None

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


def _code(value: str) -> tuple[str, str] | None:
    """(dotted code, level) if ``value`` is written like a region code."""
    compact = value.replace(" ", "")
    if _PROVINCE_CODE.fullmatch(compact):
        return compact, LEVEL.PROVINCE
    for level, shape in _DOTTED.items():
        if match := shape.fullmatch(compact):
            return ".".join(match.groups()), level
    return None


def _cell_text(value) -> str:
    check_excel_error(value)
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return " ".join(str(value).split())


class RegionIndex:
    """The official regions above village level in memory, villages on demand."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.regencies: dict[str, list[Place]] = defaultdict(list)  # name key → regencies
        self.districts: dict[str, list[Place]] = defaultdict(list)  # name key → districts
        for code, name, level, parent in Region.objects.exclude(level=LEVEL.VILLAGE).values_list(
            "code", "name", "level", "parent_id"
        ):
            place = Place(code, name, level, parent)
            self.places[code] = place
            if level == LEVEL.REGENCY:
                self.regencies[name_key(name)].append(place)
                bare = _KOTA_PREFIX.sub("", _KABUPATEN_PREFIX.sub("", name.lower()))
                if name_key(bare) != name_key(name):
                    self.regencies[name_key(bare)].append(place)
            elif level == LEVEL.DISTRICT:
                self.districts[name_key(name)].append(place)
        self._villages_of: dict[str, dict[str, list[Place]]] = {}

    def get(self, code: str) -> Place | None:
        return self.places.get(code)

    def label(self, code: str) -> str:
        place = self.places.get(code)
        return str(place) if place else code

    def prefetch_villages(self, values) -> None:
        """Load, in one query, every village a list of cell values names by code."""
        codes = set()
        for value in values:
            if isinstance(value, str) and (found := _code(value)) and found[1] == LEVEL.VILLAGE:
                codes.add(found[0])
        codes -= self.places.keys()
        if codes:
            for code, name, parent in Region.objects.filter(
                code__in=codes, level=LEVEL.VILLAGE
            ).values_list("code", "name", "parent_id"):
                self.places[code] = Place(code, name, LEVEL.VILLAGE, parent)

    def _villages(self, district: Place) -> dict[str, list[Place]]:
        if district.code not in self._villages_of:
            villages = defaultdict(list)
            for code, name in Region.objects.filter(parent_id=district.code).values_list(
                "code", "name"
            ):
                place = Place(code, name, LEVEL.VILLAGE, district.code)
                self.places.setdefault(code, place)
                villages[name_key(name)].append(place)
            self._villages_of[district.code] = villages
        return self._villages_of[district.code]

    # --- shared checks --------------------------------------------------------------------

    def _by_code(self, code: str, levels: tuple[str, ...]) -> Place:
        place = self.places.get(code)
        if place is None:
            raise CellError(
                _("Kode wilayah %(code)s tidak ada dalam daftar Kemendagri.") % {"code": code}
            )
        if place.level not in levels:
            message = (
                _("%(place)s bukan kabupaten/kota.")
                if levels == (LEVEL.REGENCY,)
                else _("%(place)s bukan kecamatan atau desa/kelurahan.")
            )
            raise CellError(message % {"place": place})
        return place

    def _one(self, value: str, found: list[Place], *, kind: str, where: str = "") -> Place:
        """The one place found, or the message for none (``NOT_FOUND``) or several
        (``AMBIGUOUS``, listing the candidates with their codes)."""
        unique = list(dict.fromkeys(found))
        if len(unique) == 1:
            return unique[0]
        if not unique:
            key = f"{kind}_in" if where else kind
            raise CellError(str(NOT_FOUND[key]) % {"value": shown(value), "where": where})
        candidates = ", ".join(self.describe(place) for place in unique[:MAX_CANDIDATES])
        if len(unique) > MAX_CANDIDATES:
            candidates += ", …"
        raise CellError(str(AMBIGUOUS[kind]) % {"value": shown(value), "candidates": candidates})

    def describe(self, place: Place) -> str:
        """A place with its code and parent, enough to tell two apart:
        "Teweh Tengah (62.05.05, Kabupaten Barito Utara)"."""
        if place.level in (LEVEL.DISTRICT, LEVEL.VILLAGE):
            parent = self.places.get(place.parent or "")
            if parent is not None:
                return f"{place.name} ({place.code}, {parent.name})"
        return str(place)

    def inside(self, place: Place, scope: str | None) -> bool:
        return scope is None or place.code == scope or place.code.startswith(scope + ".")

    def check_scope(self, place: Place, scope: str | None) -> Place:
        if not self.inside(place, scope):
            raise CellError(
                _("%(place)s berada di luar wilayah lembaga Anda (%(scope)s).")
                % {"place": self.describe(place), "scope": self.label(scope or "")}
            )
        return place

    # --- lookups per column ---------------------------------------------------------------

    def regency(self, value) -> Place | None:
        """A regency/city by name ("Kabupaten Barito Utara", "Barito Utara", "Kab.
        Barito Utara") or code ("62.05", "6205"); None when blank."""
        if is_blank(value):
            return None
        typed = _cell_text(value)
        if found := _code(typed):
            return self._by_code(found[0], (LEVEL.REGENCY,))
        key = name_key(_regency_words(typed))
        return self._one(typed, self.regencies.get(key, []), kind="regency")

    def home(self, value, *, regency: Place | None = None, scope: str | None = None):
        """A district or village: a code, a district name (within ``regency``, else within
        ``scope``, else anywhere) or "district / village". None when blank."""
        if is_blank(value):
            return None
        typed = _cell_text(value)
        if found := _code(typed):
            place = self._by_code(found[0], (LEVEL.DISTRICT, LEVEL.VILLAGE))
            if regency is not None and not self.inside(place, regency.code):
                raise CellError(
                    _("%(place)s tidak berada di %(regency)s.")
                    % {"place": self.describe(place), "regency": regency}
                )
            return self.check_scope(place, scope)
        district_part, _sep, village_part = _split(typed)
        district = self._district(district_part, regency=regency, scope=scope)
        if not village_part:
            return district
        key = name_key(_VILLAGE_PREFIX.sub("", village_part.lower()))
        return self._one(
            village_part, self._villages(district).get(key, []), kind="village", where=district.name
        )

    def _district(self, typed: str, *, regency: Place | None, scope: str | None) -> Place:
        key = name_key(_DISTRICT_PREFIX.sub("", typed.lower()))
        found = self.districts.get(key, [])
        if regency is not None:
            found = [place for place in found if place.parent == regency.code]
            return self._one(typed, found, kind="district", where=regency.name)
        if scope is not None:
            found = [place for place in found if self.inside(place, scope)]
            return self._one(typed, found, kind="district_scope", where=self.label(scope))
        return self._one(typed, found, kind="district")

    def area(self, value, *, scope: str | None = None) -> Place | None:
        """A duty region of any level: a code, or the name of a regency or a district
        (within ``scope``), or "district / village". None when blank."""
        if is_blank(value):
            return None
        typed = _cell_text(value)
        if found := _code(typed):
            place = self._by_code(
                found[0], (LEVEL.PROVINCE, LEVEL.REGENCY, LEVEL.DISTRICT, LEVEL.VILLAGE)
            )
            return self.check_scope(place, scope)
        if "/" in typed or "," in typed:
            return self.home(typed, scope=scope)
        regency_key = name_key(_regency_words(typed))
        district_key = name_key(_DISTRICT_PREFIX.sub("", typed.lower()))
        found = [
            place
            for place in [
                *self.regencies.get(regency_key, []),
                *self.districts.get(district_key, []),
            ]
            if self.inside(place, scope)
        ]
        return self._one(typed, found, kind="area", where=self.label(scope) if scope else "")


def _regency_words(typed: str) -> str:
    """Prefixes written out: "Kab. Barito Utara" → "kabupaten barito utara"."""
    lowered = " ".join(typed.lower().split())
    return _KOTA_PREFIX.sub("kota ", _KABUPATEN_PREFIX.sub("kabupaten ", lowered))


def _split(typed: str) -> tuple[str, str, str]:
    parts = re.split(r"\s*[/,]\s*", typed, maxsplit=1)
    return (parts[0], "/", parts[1]) if len(parts) == 2 else (parts[0], "", "")


class RoleIndex:
    """Roles by name, abbreviation or code (case and punctuation ignored). One query."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[SocialRole]] = defaultdict(list)
        self.roles = list(SocialRole.objects.order_by("sort_order", "name"))
        for role in self.roles:
            for text in {role.name, role.abbreviation, role.code}:
                if text and role not in self.by_key[name_key(text)]:
                    self.by_key[name_key(text)].append(role)

    def role(self, value, *, choices: list[SocialRole]) -> SocialRole:
        """The role named by ``value``; ``choices`` are offered in the message when it is
        unknown."""
        if is_blank(value):
            raise CellError(_("Wajib diisi."))
        typed = _cell_text(value)
        found = self.by_key.get(name_key(typed), [])
        if len(found) == 1:
            return found[0]
        offered = ", ".join(role.abbreviation or role.name for role in choices)
        if not found:
            raise CellError(
                _('Unsur "%(value)s" tidak dikenal. Tulis nama atau singkatannya: %(choices)s.')
                % {"value": shown(typed), "choices": offered}
            )
        raise CellError(
            _('"%(value)s" cocok dengan lebih dari satu unsur: %(roles)s.')
            % {"value": shown(typed), "roles": ", ".join(role.name for role in found)}
        )
