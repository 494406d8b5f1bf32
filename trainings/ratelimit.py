"""Fixed-window rate limits, counted in PostgreSQL so every worker process shares them.

One statement per request counts all of its keys at once::

    INSERT … VALUES (key1, window1, 1), (key2, window2, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET hits = counter.hits + 1
    RETURNING key, hits

The database cache would need several queries and is not atomic; this is one
round trip and exact under concurrency. Call it outside any transaction: the
row lock on a hot counter (a venue's shared Wi-Fi address) is then held only for
the statement. The table is UNLOGGED (migration ``0004``) and has no model.

Keys: an IP address (IPv6 by its /64, which one subscriber usually holds
whole), a NIK, which is stored only as a keyed hash, or a registration's id. Old windows are purged
by about 1 in 100 calls, inside the same statement.
"""

from __future__ import annotations

import datetime
import ipaddress
import math
import random
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac

TABLE = "trainings_ratelimit_counter"
PURGE_PROBABILITY = 0.01
KEEP = datetime.timedelta(hours=2)  # no shorter than the longest window


@dataclass(frozen=True)
class Rule:
    """At most ``limit`` hits per ``period`` seconds (a fixed window) per key."""

    name: str
    limit: int
    period: int


# A whole class registering on one venue's Wi-Fi must pass.
REGISTER_PER_IP = Rule("register-ip", limit=30, period=600)
REGISTER_PER_NIK = Rule("register-nik", limit=5, period=3600)
LOST_CODE_PER_IP = Rule("lost-ip", limit=10, period=3600)
LOST_CODE_PER_NIK = Rule("lost-nik", limit=3, period=3600)
# Looking up codes that do not exist: someone guessing codes.
STATUS_MISS_PER_IP = Rule("status-miss-ip", limit=60, period=3600)
# Cancelling asks for the birth date and the last 4 digits of the phone number: a person
# needs two posts (the answers, then "yes"), a few more after a typo. Per registration,
# whatever the address, so that guessing the 10,000 endings takes months; the window is
# as long as KEEP allows.
CANCEL_PER_IP = Rule("cancel-ip", limit=20, period=3600)
CANCEL_PER_REGISTRATION = Rule("cancel-registration", limit=6, period=7200)


@dataclass(frozen=True)
class Exceeded:
    """The first rule a request went over, and when its window ends."""

    rule: Rule
    retry_after: int  # seconds, ≥ 1


def ip_key(ip: str) -> str:
    """The part of an address that names one client: IPv4 whole, IPv6 by its /64."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return f"{ipaddress.IPv6Address(int(address) >> 64 << 64)}/64"
    return str(address)


def registration_key(registration_id: int) -> str:
    """A registration by its id: counting by code would count a code typed in lower case
    apart from the same code in capitals."""
    return f"registration-{registration_id}"


def nik_key(nik: str) -> str:
    """A NIK as a keyed hash: the counter table never holds personal data."""
    return salted_hmac("pilar.ratelimit.nik", nik, algorithm="sha256").hexdigest()[:32]


def _window_start(now: datetime.datetime, period: int) -> datetime.datetime:
    epoch = math.floor(now.timestamp())
    return datetime.datetime.fromtimestamp(epoch - epoch % period, tz=datetime.UTC)


def hit(*checks: tuple[Rule, str], now: datetime.datetime | None = None) -> Exceeded | None:
    """Count one hit for each (rule, key) pair; return the first rule now exceeded.

    One SQL statement whatever the number of pairs. Every pair is counted even
    when another is already over its limit (a client that keeps trying keeps
    its windows full). ``key`` is ``ip_key``, ``nik_key`` or ``registration_key``.
    """
    if not checks:
        return None
    now = now or timezone.now()
    checks = tuple(dict.fromkeys(checks))  # one row may be upserted only once per statement
    rows, params, windows = [], [], {}
    for rule, key in checks:
        full_key = f"{rule.name}:{key}"
        start = _window_start(now, rule.period)
        windows[full_key] = (rule, start)
        rows.append("(%s, %s, 1)")
        params += [full_key, start]
    upsert = (
        f"INSERT INTO {TABLE} AS counter (key, window_start, hits) VALUES {', '.join(rows)} "
        "ON CONFLICT (key, window_start) DO UPDATE SET hits = counter.hits + 1 "
        "RETURNING key, hits"
    )
    if random.random() < PURGE_PROBABILITY:
        # Still one statement: the purge rides along as a data-modifying CTE.
        upsert = f"WITH purge AS (DELETE FROM {TABLE} WHERE window_start < %s) {upsert}"
        params.insert(0, now - KEEP)
    with connection.cursor() as cursor:
        cursor.execute(upsert, params)
        hits = dict(cursor.fetchall())
    for rule, key in checks:
        full_key = f"{rule.name}:{key}"
        if hits[full_key] > rule.limit:
            window_end = windows[full_key][1] + datetime.timedelta(seconds=rule.period)
            return Exceeded(rule, max(1, math.ceil((window_end - now).total_seconds())))
    return None


def reset() -> None:
    """Forget every counter (tests, and live-server tests that the flush does not reach)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")
