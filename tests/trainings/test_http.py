"""trainings.http.client_ip: the one trusted-proxy helper."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from trainings.http import client_ip


def request(remote_addr: str = "10.0.0.2", forwarded: str | None = None):
    headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers)


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded", "expected"),
    [
        # No proxy: the header is the client's own words and is ignored.
        (0, "203.0.113.7", None, "203.0.113.7"),
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # One proxy: the address it appended, the last entry.
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "1.2.3.4, 198.51.100.1", "198.51.100.1"),  # spoofed first entry
        (1, "10.0.0.2", " 198.51.100.1 ", "198.51.100.1"),
        (1, "10.0.0.2", "2001:DB8:0:0::1", "2001:db8::1"),  # canonical text
        # Two proxies: the second entry from the right.
        (2, "10.0.0.2", "198.51.100.1, 10.0.0.1", "198.51.100.1"),
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.1", "198.51.100.1"),
        # A header shorter than the chain, or malformed: REMOTE_ADDR.
        (1, "10.0.0.2", None, "10.0.0.2"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (2, "10.0.0.2", "198.51.100.1", "10.0.0.2"),
        (1, "10.0.0.2", "bukan-alamat", "10.0.0.2"),
        (1, "10.0.0.2", "198.51.100.1:443", "10.0.0.2"),
        (1, "10.0.0.2", "198.51.100.1,", "10.0.0.2"),
        (1, "10.0.0.2", "198.51.100.1\x00", "10.0.0.2"),
        (2, "10.0.0.2", "x" * 10_000 + ", 10.0.0.1", "10.0.0.2"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(
    settings, proxies, remote_addr, forwarded, expected
):
    settings.PILAR_TRUSTED_PROXY_COUNT = proxies

    assert client_ip(request(remote_addr, forwarded)) == expected


def test_client_ip_is_empty_when_not_even_remote_addr_is_an_address(settings):
    settings.PILAR_TRUSTED_PROXY_COUNT = 1

    assert client_ip(request("", "bukan-alamat")) == ""
