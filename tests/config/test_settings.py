"""Settings are read from the environment, strictly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import email_settings, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    clean.update({"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", **env})
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.DEBUG, s.TIME_ZONE)"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings()

    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key_and_debug_off():
    result = _import_settings(DJANGO_SECRET_KEY="x" * 50)

    assert (result.returncode, result.stdout) == (0, "False Asia/Jakarta\n")


def test_a_malformed_debug_flag_stops_start_up():
    result = _import_settings(DJANGO_DEBUG="maybe")

    assert result.returncode == 1
    assert (
        "DJANGO_DEBUG must be one of 1/0, true/false, yes/no, on/off; got 'maybe'" in result.stderr
    )


def test_a_non_postgresql_database_is_refused():
    result = _import_settings(DJANGO_DEBUG="1", DATABASE_URL="sqlite:///pilar.db")

    assert result.returncode == 1
    assert "Pilar runs on PostgreSQL only" in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("Yes", True), ("off", False), ("", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("PILAR_FLAG", raw)

    assert env_bool("PILAR_FLAG") is expected


def test_env_int_and_list_reject_malformed_values(monkeypatch):
    monkeypatch.setenv("PILAR_NUMBER", "ten")
    monkeypatch.setenv("PILAR_NEGATIVE", "-1")
    monkeypatch.setenv("PILAR_HOSTS", "a.example,,b.example")

    with pytest.raises(ImproperlyConfigured, match="PILAR_NUMBER must be a whole number"):
        env_int("PILAR_NUMBER", 1)
    with pytest.raises(ImproperlyConfigured, match="PILAR_NEGATIVE must be at least 0"):
        env_int("PILAR_NEGATIVE", 1, minimum=0)
    with pytest.raises(ImproperlyConfigured, match="no empty items"):
        env_list("PILAR_HOSTS")


def test_email_url_becomes_smtp_settings_with_a_timeout():
    assert email_settings("smtp+tls://dinsos%40example.org:rahasia@mail.example.org") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "dinsos@example.org",
        "EMAIL_HOST_PASSWORD": "rahasia",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }
    assert email_settings("console:") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must be"):
        email_settings("mailto:someone")


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ([], "PILAR_SITE_URL=http://127.0.0.1:8000"),
        (["PORT=8101"], "PILAR_SITE_URL=http://127.0.0.1:8101"),
        (["PILAR_SITE_URL=https://pilar.example.org"], "PILAR_SITE_URL=https://pilar.example.org"),
    ],
)
def test_make_run_builds_links_for_the_port_it_serves(arguments, expected):
    root = Path(__file__).resolve().parents[2]
    planned = subprocess.run(
        ["make", "-n", "run", *arguments],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k not in {"PORT", "PILAR_SITE_URL"}},
    ).stdout

    runserver = next(line for line in planned.splitlines() if "runserver" in line)
    assert expected in runserver
