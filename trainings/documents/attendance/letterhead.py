"""What frames every sheet: the organiser's letterhead and logo, and the signature block
of its officer with the place and day of signing."""

from __future__ import annotations

import datetime
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import storages

from participants.models import Region
from trainings.formatting import format_nip, long_date
from trainings.models import Organization, Training

DOTS = "." * 40  # the line the officer signs above


def letterhead(training: Training) -> list[tuple[str, str]]:
    """The training's organiser's letterhead (``organization_letterhead``)."""
    return organization_letterhead(training.organizer)


def organization_letterhead(organizer: Organization) -> list[tuple[str, str]]:
    """(css class, text) per line: a small top line, the agency in large type, the rest small."""
    lines = [line.strip() for line in organizer.letterhead.splitlines() if line.strip()]
    if not lines:
        lines = [organizer.name.upper(), *([organizer.address] if organizer.address else [])]
        return [("kop-main" if i == 0 else "kop-small", line) for i, line in enumerate(lines)]
    if len(lines) == 1:
        return [("kop-main", lines[0])]
    return [("kop-top", lines[0]), ("kop-main", lines[1])] + [
        ("kop-small", line) for line in lines[2:]
    ]


def logo_src(training: Training) -> str:
    """The training's organiser's logo (``organization_logo_src``)."""
    return organization_logo_src(training.organizer)


def organization_logo_src(organizer: Organization) -> str:
    """The organisation's logo as a ``/media/`` URL, or "" when it has none (or it is gone)."""
    logo = organizer.logo
    if logo and storages["default"].exists(logo.name):
        # Read back from the default storage by trainings.documents.pdf.LocalFetcher.
        return f"{settings.MEDIA_URL}{quote(logo.name)}"
    return ""


def _place(training: Training) -> str:
    """Where the sheet is signed: the venue's town ("Muara Teweh"), else its regency."""
    if training.venue_address.strip():
        return training.venue_address.split(",")[0].strip()
    region = Region.objects.select_related("parent").get(pk=training.venue_region_id)
    regency = region.parent if region.level == Region.Level.DISTRICT else region
    return town_of(regency)


def town_of(region: Region) -> str:
    """A regency or province as a place of signing: "Barito Utara", not "Kabupaten …"."""
    return region.name.removeprefix("Kabupaten ").removeprefix("Kota ")


def signatory(training: Training, day: datetime.date) -> dict:
    """The organiser's officer who signs the sheet, under "<place>, <day>"."""
    return organization_signatory(training.organizer, place=_place(training), day=day)


def organization_signatory(organizer: Organization, *, place: str, day: datetime.date) -> dict:
    """The organisation's officer who signs a document, under "<place>, <day>"."""
    return {
        "place_date": f"{place}, {long_date(day, weekday=False)}",
        "position": organizer.signatory_position,
        "name": organizer.signatory_name,
        "nip": format_nip(organizer.signatory_nip),
        "dots": DOTS,
    }
