"""The embedded PostgreSQL used when ``DATABASE_URL`` is unset.

pgserver runs a real PostgreSQL 16 from a Python wheel, listening only on a
Unix socket inside its data directory. Each *instance* has its own data
directory under ``PILAR_VAR_DIR`` (default ``var/``): ``dev`` for ``make run``
and ``test`` for the test suite, so that a test run never touches the
development data and the two servers never stop each other.

We attach with ``cleanup_mode=None``: the server outlives the process that
started it (a restart of ``runserver`` or a second ``manage.py`` reuses it in
~0.3 s) and a process killed with SIGKILL leaves nothing behind that
``make db-stop`` (``stop_embedded_server``) cannot stop.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DATABASE_NAME = "pilar"


def data_dir(var_dir: Path, instance: str) -> Path:
    return var_dir / f"pg-{instance}"


def embedded_database_url(var_dir: Path, instance: str) -> str:
    """Start (or reuse) the embedded server and return a URL for dj-database-url."""
    # platformdirs reads XDG_RUNTIME_DIR when pgserver is imported.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(_private_runtime_dir(var_dir)))
    try:
        import pgserver
    except ImportError:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set and the embedded PostgreSQL (the 'pgserver' package) is "
            f"not installed for Python {sys.version_info.major}.{sys.version_info.minor}. "
            "pgserver has wheels for Python 3.11 and 3.12 only: install the development "
            "dependencies on one of those ('make install'), or point DATABASE_URL at a "
            "PostgreSQL server (see README.md)."
        ) from None

    pgdata = data_dir(var_dir, instance)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    pgserver.get_server(pgdata, cleanup_mode=None)
    _ensure_database(pgdata)
    announce = f"PILAR_EMBEDDED_ANNOUNCED_{instance.upper()}"
    if not os.environ.get(announce):
        # Said once per process tree: runserver's reloader child inherits the flag.
        os.environ[announce] = "1"
        print(
            f"Pilar: DATABASE_URL is unset; using the embedded PostgreSQL in {pgdata} "
            "('make db-stop' stops it).",
            file=sys.stderr,
        )
    return f"postgresql://postgres@{_quote(str(pgdata))}/{DATABASE_NAME}"


def _quote(path: str) -> str:
    return path.replace("/", "%2F")


def _private_runtime_dir(var_dir: Path) -> Path:
    runtime = var_dir / "run"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    return runtime


def _ensure_database(pgdata: Path) -> None:
    import psycopg2
    from psycopg2 import errors

    conn = psycopg2.connect(dbname="postgres", user="postgres", host=str(pgdata))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                # Another process may have created it a moment ago.
                with contextlib.suppress(errors.DuplicateDatabase):
                    cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    finally:
        conn.close()


def stop_embedded_server(var_dir: Path, instance: str) -> str:
    """Stop one embedded server however it was left, and forget stale handles."""
    pgdata = data_dir(var_dir, instance)
    pidfile = pgdata / "postmaster.pid"
    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        handles.write_text(json.dumps([]))
    if not pidfile.exists():
        return f"{pgdata}: not running"
    pid = int(pidfile.read_text().splitlines()[0])
    try:
        os.kill(pid, 2)  # SIGINT: PostgreSQL's "fast" shutdown
    except ProcessLookupError:
        pidfile.unlink(missing_ok=True)
        return f"{pgdata}: was not running (stale pid file removed)"
    for _ in range(100):
        if not pidfile.exists():
            return f"{pgdata}: stopped"
        time.sleep(0.1)
    return f"{pgdata}: asked to stop (pid {pid}); still shutting down"
