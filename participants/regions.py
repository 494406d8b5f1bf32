"""Loading the official Kemendagri region list shipped in ``participants/data/regions``.

Source, snapshot and licence: ``participants/data/regions/README.md`` (MIT,
Cahya DSN; Kepmendagri 300.2.2-2430/2025).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction

from participants.models import Region
from participants.nik import REGIONS_DIR

BATCH_SIZE = 5000
_UPDATE_FIELDS = ["name", "level", "parent", "kind", "timezone"]
_VILLAGE_KINDS = {"1": Region.Kind.KELURAHAN, "2": Region.Kind.DESA, "3": Region.Kind.DESA_ADAT}


@dataclass
class LoadResult:
    counts: dict[str, int] = field(default_factory=dict)  # level → rows in the files
    created: int = 0


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (REGIONS_DIR / name).open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _batched(items: Iterable[Region], size: int) -> Iterator[list[Region]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _regions_for(level: str, provinces: frozenset[str] | None) -> Iterator[Region]:
    def wanted(code: str) -> bool:
        return provinces is None or code[:2] in provinces

    if level == Region.Level.PROVINCE:
        zones = {row["province_code"]: row["timezone"] for row in _rows("timezones.csv")}
        for row in _rows("provinces.csv"):
            # Every province is loaded (zones and the province list are small).
            yield Region(
                code=row["code"], name=row["name"], level=level, timezone=zones[row["code"]]
            )
    elif level == Region.Level.REGENCY:
        for row in _rows("regencies.csv"):
            if wanted(row["code"]):
                yield Region(
                    code=row["code"],
                    name=row["name"],
                    level=level,
                    parent_id=row["province_code"],
                    kind=row["kind"],
                )
    elif level == Region.Level.DISTRICT:
        for row in _rows("districts.csv"):
            if wanted(row["code"]):
                yield Region(
                    code=row["code"], name=row["name"], level=level, parent_id=row["regency_code"]
                )
    else:
        for row in _rows("villages.csv"):
            if wanted(row["code"]):
                yield Region(
                    code=row["code"],
                    name=row["name"],
                    level=level,
                    parent_id=row["district_code"],
                    kind=_VILLAGE_KINDS[row["code"][9]],
                )


def load_regions(
    *,
    villages: bool = False,
    provinces: Iterable[str] | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> LoadResult:
    """Insert or update every region of the official list, parents first, in one transaction.

    Idempotent: a second run changes nothing. ``provinces`` limits regencies,
    districts and villages to those provinces (tests); ``progress`` is called
    with (level, rows so far) after each batch.
    """
    only = frozenset(provinces) if provinces is not None else None
    levels = [Region.Level.PROVINCE, Region.Level.REGENCY, Region.Level.DISTRICT]
    if villages:
        levels.append(Region.Level.VILLAGE)
    result = LoadResult()
    with transaction.atomic():
        before = Region.objects.count()
        for level in levels:
            done = 0
            for batch in _batched(_regions_for(level, only), BATCH_SIZE):
                Region.objects.bulk_create(
                    batch,
                    update_conflicts=True,
                    unique_fields=["code"],
                    update_fields=_UPDATE_FIELDS,
                )
                done += len(batch)
                if progress:
                    progress(level, done)
            result.counts[level] = done
        result.created = Region.objects.count() - before
    return result
