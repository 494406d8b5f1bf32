"""HTML to PDF with WeasyPrint, without a network.

Documents link their stylesheet and images as ``/static/…`` and ``/media/…``;
:class:`LocalFetcher` reads the first from the static files (the finders, else
the collected files of ``STORAGES["staticfiles"]``) and the second from
``STORAGES["default"]``, so a worker never requests its own site over HTTP (slow,
and a deadlock on a single-worker server) and several app servers share uploads.
Any other URL is refused. Fonts come from the system: the stylesheets name
"DejaVu Sans" (Debian's ``fonts-dejavu-core``), so the same text breaks into the
same pages on every machine that has it.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import storages
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# Relative URLs in a document resolve against this; ".invalid" never resolves (RFC 2606),
# so even a fetcher bug could not reach the network.
BASE_URL = "http://pilar.invalid/"


class LocalFetcher(URLFetcher):
    """Serves ``/static/`` and ``/media/`` from disk and storage; refuses everything else.

    A missing static file stops the rendering (a sheet without its stylesheet is
    not fit to print); a missing upload (a logo deleted from storage) is logged by
    WeasyPrint and the document is printed without it.
    """

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
            raise ValueError(f"Only /static/ and /media/ may be fetched, not {url}")
        path = unquote(parts.path)
        if path.startswith(settings.STATIC_URL):
            name = path.removeprefix(settings.STATIC_URL)
            body = _static_file(name)
            if body is None:
                raise FatalURLFetchingError(f"Static file not found: {name}")
        elif path.startswith(settings.MEDIA_URL):
            name = path.removeprefix(settings.MEDIA_URL)
            with storages["default"].open(name, "rb") as file:
                body = file.read()
        else:
            raise ValueError(f"Only /static/ and /media/ may be fetched, not {url}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def _static_file(name: str) -> bytes | None:
    """A static file's bytes: from the source folders (development, tests), else from the
    collected files (production, where ``{% static %}`` gives hashed names)."""
    found = finders.find(name)
    if found:
        with open(found, "rb") as file:
            return file.read()
    storage = storages["staticfiles"]
    if storage.exists(name):
        with storage.open(name, "rb") as file:
            return file.read()
    return None


def html_to_pdf(html: str) -> bytes:
    """Render ``html`` (a whole document) to PDF bytes."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFetcher()).write_pdf()
