"""What the reports' views share: the file response of an export."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def no_store(response):
    """Never cached: an export may hold personal data."""
    response["Cache-Control"] = "no-store"
    return response


def download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """An export as an attachment, never cached (it may hold personal data)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return no_store(response)
