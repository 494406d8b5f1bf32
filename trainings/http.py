"""HTTP helpers shared by the public views: the client's IP address, 429 and 503 pages.

``client_ip`` is the one way every part of Pilar reads the client's address.

Rate limits (``trainings.ratelimit``) and, later, login lockouts key on it, so
they must all agree on which address is the client's — and none may trust a
header a client can write. ``settings.PILAR_TRUSTED_PROXY_COUNT`` says how many
reverse proxies stand in front of the app:

* 0 — nothing in front: ``REMOTE_ADDR`` is the client;
* N — each proxy appends the address it received the request from to
  ``X-Forwarded-For``, so the N-th entry from the right was written by our
  outermost proxy and is the client. Entries further left were sent by the
  client and are ignored. A header with fewer than N entries, or a malformed
  N-th entry, means the request did not come through the proxies as configured:
  ``REMOTE_ADDR`` is used instead.
"""

from __future__ import annotations

import ipaddress
import math

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


def _parse(value: str) -> str | None:
    """The canonical text of an IP address, or None if ``value`` is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's IP address as canonical text (``2001:db8::1``, never padded).

    Returns an empty string only when not even ``REMOTE_ADDR`` holds an
    address (a misconfigured server); callers treat that as one shared client.
    """
    remote = _parse(request.META.get("REMOTE_ADDR", "")) or ""
    proxies = settings.PILAR_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = forwarded.split(",") if forwarded else []
    if len(entries) < proxies:
        return remote
    return _parse(entries[-proxies]) or remote


def too_many_requests(request, exceeded) -> HttpResponse:
    """The Indonesian 429 page for a ``trainings.ratelimit.Exceeded``, with Retry-After."""
    minutes = max(1, math.ceil(exceeded.retry_after / 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(exceeded.retry_after)
    response["Cache-Control"] = "no-store"
    return response


def service_unavailable(request, message: str, *, retry_after: int = 5) -> HttpResponse:
    """The friendly "try again shortly" page (e.g. ``TrainingBusy``): 503 with Retry-After."""
    response = render(request, "503.html", {"message": message}, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
