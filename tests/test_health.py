"""/healthz: 200 "ok" while the database answers, 503 when it does not; nothing else."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

# WhiteNoise warns at start-up that STATIC_ROOT (var/staticfiles) does not exist;
# tests never collect static files. To go once settings stop the warning.

NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def test_healthz_has_its_public_address():
    assert reverse("healthz") == "/healthz"


@pytest.mark.django_db
def test_healthz_answers_ok_with_one_query_and_nothing_else(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert (response.status_code, response.content, response["Content-Type"]) == (
        200,
        b"ok",
        "text/plain; charset=utf-8",
    )
    assert response["Cache-Control"] == NO_STORE
    assert response.templates == []  # no template rendered
    assert dict(response.cookies) == {}  # no session, no CSRF cookie


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    response = client.post("/healthz")

    assert response.status_code == 405


@pytest.mark.django_db
def test_healthz_is_exempt_from_the_https_redirect(client, settings):
    """Load balancers probe over plain HTTP; every other page still goes to HTTPS."""
    settings.SECURE_SSL_REDIRECT = True

    probe = client.get("/healthz")
    page = client.get("/")

    assert (probe.status_code, probe.content) == (200, b"ok")
    assert (page.status_code, page["Location"]) == (301, "https://testserver/")


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_unreachable(client, tmp_path):
    """A real outage, no mock: the connection points at a directory where no
    PostgreSQL listens. (transaction=True: the test's own connection is not inside a
    test transaction, so it can be closed and reopened.)"""
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST=str(tmp_path), PORT="")
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)

    assert (response.status_code, response.content, response["Content-Type"]) == (
        503,
        b"database unavailable",
        "text/plain; charset=utf-8",
    )
    assert response["Cache-Control"] == NO_STORE
    assert client.get("/healthz").status_code == 200  # back once the database is
