"""The cache works on both backends the settings choose between (``REDIS_URL`` or not)."""

from __future__ import annotations

import io
import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.mark.django_db
def test_database_cache_table_is_made_by_migrate():
    out = io.StringIO()

    call_command("createcachetable", dry_run=True, stdout=out)

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert out.getvalue() == "Cache table 'pilar_cache' already exists.\n"


@pytest.mark.django_db
def test_database_cache_sets_reads_and_deletes_a_key():
    key = f"test-{uuid.uuid4().hex}"

    cache.set(key, {"kursi": 3}, timeout=60)
    stored = cache.get(key)
    cache.delete(key)

    assert (stored, cache.get(key)) == ({"kursi": 3}, None)


def test_redis_cache_sets_reads_and_deletes_a_key():
    redis = RedisCache(REDIS_URL, {"OPTIONS": {"socket_connect_timeout": 1}})
    key = f"test-{uuid.uuid4().hex}"
    try:
        redis.set(key, {"kursi": 3}, timeout=60)
    except Exception as error:  # any connection failure means "no Redis here"
        redis._cache.get_client().connection_pool.disconnect()
        reason = f"Redis is not reachable at {REDIS_URL}: {error}"
        if os.environ.get("CI"):  # CI machines run Redis: there, its absence is a fault
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        stored = redis.get(key)
        redis.delete(key)
        assert (stored, redis.get(key)) == ({"kursi": 3}, None)
    finally:
        # Django keeps the connection pool for the process; let go of its sockets.
        redis._cache.get_client().connection_pool.disconnect()
