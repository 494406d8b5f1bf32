"""The embedded PostgreSQL: started on demand, reused, always stoppable."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import psycopg2
import pytest

from config.embedded_db import data_dir, stop_embedded_server

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("pgserver", reason="pgserver has no wheel for this Python")

_START = (
    "import os, sys; from pathlib import Path; "
    "from config.embedded_db import embedded_database_url; "
    "print(embedded_database_url(Path(sys.argv[1]), 'probe'), flush=True); "
    "os.kill(os.getpid(), 9)"  # die like a killed dev server: no atexit, no cleanup
)


def _running(pid: int) -> bool:
    # A stopped daemon may linger as a zombie where PID 1 does not reap.
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().splitlines()[0])


def test_a_server_whose_starter_was_killed_is_reused_and_stopped(tmp_path):
    var_dir = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PILAR_EMBEDDED")}
    run = [sys.executable, "-c", _START, str(var_dir)]

    first = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    pgdata = data_dir(var_dir, "probe")
    pid = _pid(pgdata)
    second = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=False)

    assert first.returncode == second.returncode == -signal.SIGKILL
    assert (
        first.stdout
        == second.stdout
        == f"postgresql://postgres@{str(pgdata).replace('/', '%2F')}/pilar\n"
    )
    assert "using the embedded PostgreSQL" in first.stderr
    assert _pid(pgdata) == pid  # the second process attached to the same server
    connection = psycopg2.connect(dbname="pilar", user="postgres", host=str(pgdata))
    connection.close()

    assert stop_embedded_server(var_dir, "probe") == f"{pgdata}: stopped"
    assert not _running(pid)
    assert (pgdata / ".handle_pids.json").read_text() == "[]"
    assert stop_embedded_server(var_dir, "probe") == f"{pgdata}: not running"
