"""Browser tests: Playwright drives Debian's Chromium against pytest-django's ``live_server``.

* Every test here is marked ``browser`` (``pytestmark`` in each module): CI runs them once,
  in ``make test``, and deselects them (``-m "not browser"``) in its second run.
* ``live_server`` makes each test transactional: the tables are flushed afterwards, so a
  test loads its own reference data (``reference_data``, ``regions``) and demo data.
  With ``pytest -n`` each worker has its own live server, browser and database.
* Playwright's sync API runs an event loop in the test's thread; Django would refuse
  its ORM there (``SynchronousOnlyOperation``) without ``DJANGO_ALLOW_ASYNC_UNSAFE``.
* The site's CSP (``script-src 'self'``) stays on; ``accessibility.py`` explains how
  axe-core runs under it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from trainings.demo.barito_utara import SLUG_PREFIX, next_thursday
from trainings.models import Training

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):  # .ci/run installs it: there, a missing browser is a fault
            pytest.fail(reason)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    # Also replaces pytest-playwright's fallback ``base_url`` fixture, a method on a
    # plugin object, which pytest 9 warns about (an error under filterwarnings=error).
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "id-ID"}


@pytest.fixture
def demo(transactional_db, regions, reference_data, fresh_rate_limits) -> Training:
    """``seed_demo`` as a developer runs it; returns the upcoming Barito Utara training."""
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    year = next_thursday(timezone.localdate()).year
    return Training.objects.get(slug=f"{SLUG_PREFIX}-{year}")


@pytest.fixture
def context(context):
    # Everything here is local and small: a step that takes 10 s has failed (default 30 s).
    context.set_default_timeout(10_000)
    return context
