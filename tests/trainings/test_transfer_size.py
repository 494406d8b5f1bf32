"""A first visit to a training's page or its registration form transfers at most 150 KB.

People register on cheap phones over slow mobile data. A first visit downloads the
page and every stylesheet, script and image it names (and what the stylesheets
name); each is counted gzipped at level 6, as WhiteNoise or the proxy sends it. The
asset lists are exact, so a new asset has to be added here and shows in the budget.
The pages are the demo's upcoming Barito Utara training, as ``make run`` shows it.
"""

from __future__ import annotations

import gzip
import io
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone

from trainings.demo.barito_utara import SLUG_PREFIX, next_thursday

BUDGET = 150 * 1024
STYLESHEETS = ["/static/vendor/bootstrap/bootstrap.min.css", "/static/css/pilar.css"]
# url(…) in a stylesheet other than data: would be downloaded too.
_CSS_URL = re.compile(r"""url\(\s*['"]?(?!data:)([^'")\s]+)""")


class _Assets(HTMLParser):
    """URLs of ``<link rel=stylesheet href>``, ``<script src>`` and ``<img src>``, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def _gzipped_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6, mtime=0))


def _static_file(url: str) -> bytes:
    assert url.startswith(settings.STATIC_URL), f"{url} is not a static file of this site"
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path is not None, f"{url} is not found by the staticfiles finders"
    with open(path, "rb") as file:
        return file.read()


def _first_visit(client, url: str) -> tuple[list[str], dict[str, int]]:
    """The assets a first visit downloads, and the gzipped size of each (and of the page)."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _Assets()
    parser.feed(response.content.decode())
    assets = parser.urls
    sizes = {url: _gzipped_size(response.content)}
    for asset in assets:
        content = _static_file(asset)
        sizes[asset] = _gzipped_size(content)
        if asset.endswith(".css"):
            nested = _CSS_URL.findall(content.decode())
            assert nested == [], f"{asset} loads {nested}: count them in the budget"
    return assets, sizes


@pytest.fixture
def training_slug(regions, reference_data) -> str:
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    return f"{SLUG_PREFIX}-{next_thursday(timezone.localdate()).year}"


@pytest.mark.parametrize(
    ("view", "expected_assets"),
    [
        ("detail", STYLESHEETS),
        ("register", [*STYLESHEETS, "/static/vendor/htmx/htmx.min.js", "/static/js/register.js"]),
    ],
)
def test_first_visit_transfers_at_most_150_kb_gzipped(client, training_slug, view, expected_assets):
    url = f"/trainings/{training_slug}/" + ("register/" if view == "register" else "")

    assets, sizes = _first_visit(client, url)

    assert assets == expected_assets
    total = sum(sizes.values())
    report = "\n".join(f"{size:>8,} B  {name}" for name, size in sizes.items())
    print(f"\n{url}: {total:,} B gzipped of {BUDGET:,}\n{report}")
    assert total <= BUDGET, f"{total:,} B > {BUDGET:,} B\n{report}"
