"""Rate limits: fixed windows in PostgreSQL, by client IP and by NIK, answered with a 429."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from participants.models import Participant
from tests.factories import RegistrationFactory, TrainingFactory
from tests.forms import registration_post
from trainings import ratelimit
from trainings.models import Registration

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fresh_rate_limits"),
    # WhiteNoise warns that STATIC_ROOT does not exist; tests never collect static files.
]

NOW = datetime.datetime(2026, 11, 25, 10, 4, 30, tzinfo=datetime.UTC)
RULE = ratelimit.Rule("test", limit=2, period=600)


@pytest.fixture
def training(regions, roles):
    return TrainingFactory(eligible_roles=[roles["tksk"]])


def counters() -> list[tuple[str, datetime.datetime, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, window_start, hits FROM {ratelimit.TABLE} ORDER BY key")
        return cursor.fetchall()


def test_hit_counts_every_key_in_one_statement_and_reports_the_first_over_its_limit(
    django_assert_num_queries,
):
    other = ratelimit.Rule("other", limit=5, period=3600)

    with django_assert_num_queries(1):
        first = ratelimit.hit((RULE, "a"), (other, "a"), now=NOW)
    second = ratelimit.hit((RULE, "a"), (other, "a"), now=NOW)
    third = ratelimit.hit((RULE, "a"), (other, "a"), now=NOW)

    assert (first, second) == (None, None)
    assert third == ratelimit.Exceeded(RULE, retry_after=330)  # the window ends at 10:10
    assert counters() == [
        ("other:a", datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC), 3),
        ("test:a", datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC), 3),
    ]


def test_hit_starts_afresh_in_the_next_window():
    ratelimit.hit((RULE, "a"), now=NOW)
    ratelimit.hit((RULE, "a"), now=NOW)

    later = ratelimit.hit((RULE, "a"), now=NOW + datetime.timedelta(minutes=6))

    assert later is None
    assert [hits for _key, _start, hits in counters()] == [2, 1]


def test_hit_purges_windows_older_than_two_hours(monkeypatch):
    ratelimit.hit((RULE, "old"), now=NOW - datetime.timedelta(hours=3))
    monkeypatch.setattr(ratelimit, "PURGE_PROBABILITY", 1.0)

    ratelimit.hit((RULE, "new"), now=NOW)

    assert [key for key, _start, _hits in counters()] == ["test:new"]


def test_keys_hide_the_nik_and_group_ipv6_by_its_64():
    assert ratelimit.ip_key("198.51.100.7") == "198.51.100.7"
    assert ratelimit.ip_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert ratelimit.ip_key("fe80::1%eth0") == "fe80::/64"
    assert ratelimit.ip_key("") == "unknown"
    assert "6205052310850001" not in ratelimit.nik_key("6205052310850001")
    assert ratelimit.nik_key("6205052310850001") == ratelimit.nik_key("6205052310850001")
    assert ratelimit.nik_key("6205052310850001") != ratelimit.nik_key("6205052310850002")


def test_register_31st_post_from_one_address_gets_the_indonesian_429(client, training):
    url = reverse("trainings:register", kwargs={"slug": training.slug})

    statuses = [client.post(url, {"full_name": "Budi"}).status_code for _ in range(30)]
    response = client.post(url, {"full_name": "Budi"})

    assert statuses == [200] * 30
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Terlalu banyak percobaan" in html
    assert "Silakan coba lagi dalam" in html


def test_register_addresses_behind_a_trusted_proxy_are_counted_apart(client, training, settings):
    settings.PILAR_TRUSTED_PROXY_COUNT = 1
    url = reverse("trainings:register", kwargs={"slug": training.slug})
    one = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    two = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "9.9.9.9, 198.51.100.2"}

    first = [client.post(url, {}, **one).status_code for _ in range(31)]
    second = client.post(url, {}, **two)

    assert first == [200] * 30 + [429]
    assert second.status_code == 200


def test_register_sixth_attempt_for_one_nik_within_an_hour_gets_429(client, training, roles):
    url = reverse("trainings:register", kwargs={"slug": training.slug})
    data = registration_post(roles["tksk"])

    statuses = [
        client.post(url, data, REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(1, 6)
    ]
    sixth = client.post(url, data, REMOTE_ADDR="198.51.100.6")
    other_nik = client.post(
        url, registration_post(roles["tksk"], nik="6205052310850002"), REMOTE_ADDR="198.51.100.6"
    )

    assert statuses == [302, 200, 200, 200, 200]  # registered, then "already registered"
    assert sixth.status_code == 429
    assert 0 < int(sixth["Retry-After"]) <= 3600
    assert other_nik.status_code == 302
    assert list(Participant.objects.order_by("nik").values_list("nik", flat=True)) == [
        "6205052310850001",
        "6205052310850002",
    ]


def test_register_malformed_niks_are_counted_by_address_only(client, training):
    url = reverse("trainings:register", kwargs={"slug": training.slug})

    statuses = [client.post(url, {"nik": "123"}).status_code for _ in range(6)]

    assert statuses == [200] * 6
    assert [key.split(":")[0] for key, _start, _hits in counters()] == ["register-ip"]


def test_lost_code_is_limited_per_nik_and_per_address(client, regions, roles):
    registration = RegistrationFactory(training=TrainingFactory(slug="bimtek"))
    url = reverse("trainings:lost_code")
    data = {"nik": registration.participant.nik, "birth_date": "1985-10-23", "training": "bimtek"}

    by_nik = [
        client.post(url, data, REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(1, 5)
    ]
    by_address = [client.post(url, {}, REMOTE_ADDR="203.0.113.9").status_code for _ in range(11)]

    assert by_nik == [302, 302, 302, 429]
    assert by_address == [200] * 10 + [429]
    assert Registration.objects.count() == 1


def test_status_page_guessing_codes_is_limited(client, regions):
    statuses = {client.get(f"/registrations/0000{n:04d}/").status_code for n in range(60)}

    assert statuses == {404}
    assert client.get("/registrations/ZZZZZZZZ/").status_code == 429
