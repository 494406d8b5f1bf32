"""Shared fixtures: reference data, personas and a deterministic hypothesis profile.

Reference rows (roles, groups) are made by the same idempotent functions the
data migrations call, because ``transaction=True`` and live-server tests flush
every table.
"""

from __future__ import annotations

import logging
import os
import signal

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

pytest_plugins = ["tests.personas", "tests.period_data"]

TEST_PROVINCES = frozenset({"62", "63"})  # Kalimantan Tengah (WIB), Kalimantan Selatan (WITA)


@pytest.fixture
def reference_data(db):
    """Social roles and staff groups, as the data migrations make them."""
    from participants.seeding import ensure_social_roles
    from trainings.permissions import ensure_staff_groups

    ensure_social_roles()
    ensure_staff_groups()


def _load_test_regions() -> None:
    from participants.regions import load_regions

    load_regions(provinces=TEST_PROVINCES)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each worker's test database starts with the test regions, loaded once."""
    with django_db_blocker.unblock():
        _load_test_regions()


@pytest.fixture
def regions(db):
    """All 38 provinces plus the regencies and districts of Kalteng and Kalsel.

    Loaded once per worker by ``django_db_setup``; loaded again only after a
    transactional test has flushed the tables (pytest-django runs those last).
    """
    from participants.models import Region

    if not Region.objects.filter(code="63.71.05").exists():
        _load_test_regions()


@pytest.fixture
def no_regions(db):
    """An empty region table, for tests of loading it (rolled back with the test)."""
    from django.db import connection

    with connection.cursor() as cursor:
        # Foreign keys are deferred: one statement empties the self-referencing table.
        cursor.execute("DELETE FROM participants_region")


@pytest.fixture
def roles(reference_data):
    from participants.models import SocialRole

    return {role.code: role for role in SocialRole.objects.all()}


@pytest.fixture(autouse=True)
def _language_of_the_settings():
    """A request with an English cookie leaves English active in its thread: reset it, so no
    test depends on which test ran before it."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def run_worker():
    """Run ``manage.py db_worker --batch`` in this process: it works through the queue and
    exits. The command installs signal handlers and sets log levels for the rest of the
    process; they are put back afterwards."""
    from django.core.management import call_command

    handlers = {
        sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    yield run
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def fresh_rate_limits(db):
    """The public rate limits' counters start empty, and are emptied again after the test:
    their table has no model, so a transactional test's flush leaves it as it was."""
    from trainings import ratelimit

    ratelimit.reset()
    yield
    ratelimit.reset()
