"""Region choices for the public forms: one level under one parent, never a full list."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from participants.models import Region
from trainings.models import Organization, Training

_CODE_SHAPE = {
    Region.Level.PROVINCE: re.compile(r"[0-9]{2}"),
    Region.Level.REGENCY: re.compile(r"[0-9]{2}\.[0-9]{2}"),
    Region.Level.DISTRICT: re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}"),
}
_CHILD_LEVEL = {
    None: Region.Level.PROVINCE,
    Region.Level.PROVINCE: Region.Level.REGENCY,
    Region.Level.REGENCY: Region.Level.DISTRICT,
}
_PLACEHOLDER = {
    Region.Level.PROVINCE: _("— Pilih provinsi —"),
    Region.Level.REGENCY: _("— Pilih kabupaten/kota —"),
    Region.Level.DISTRICT: _("— Pilih kecamatan —"),
}
_NATIONAL_KINDS = (Organization.Kind.MINISTRY, Organization.Kind.BBPPKS)


def code_level(code: str | None) -> str | None:
    """The level a dotted code has the shape of (province/regency/district), else None."""
    if not isinstance(code, str):
        return None
    return next((level for level, shape in _CODE_SHAPE.items() if shape.fullmatch(code)), None)


def region_children(parent: str | None) -> tuple[str, list[tuple[str, str]]]:
    """The child level of ``parent`` (None: the provinces) and its (code, name) rows by name.

    One query. ``parent`` must be a province or regency code (villages are
    never offered here); anything else raises ``ValueError``.
    """
    level = code_level(parent) if parent else None
    if parent and level not in (Region.Level.PROVINCE, Region.Level.REGENCY):
        raise ValueError(f"not a province or regency code: {parent!r}")
    child_level = _CHILD_LEVEL[level]
    rows = Region.objects.filter(level=child_level)
    rows = rows.filter(parent_id=parent) if parent else rows
    return child_level, list(rows.order_by("name", "code").values_list("code", "name"))


def placeholder(level: str) -> str:
    return _PLACEHOLDER[level]


def is_national(training: Training) -> bool:
    """A ministry's or a BBPPKS's training (or an organiser without a region) draws people
    from any province: "represented" is then chosen province → regency."""
    organizer = training.organizer
    return organizer.region_id is None or organizer.kind in _NATIONAL_KINDS
