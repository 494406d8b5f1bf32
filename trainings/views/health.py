"""``/healthz`` for load balancers: is the database reachable? Nothing else.

It runs ``SELECT 1`` and touches no session, cache or template, so a probe
costs one query and says nothing about the rest of the stack. Probes come
over plain HTTP from inside the network: ``SECURE_REDIRECT_EXEMPT`` lets them
through without the HTTPS redirect; ``ALLOWED_HOSTS`` still applies (probe
with a ``Host`` header the site answers to).
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

_TEXT = "text/plain; charset=utf-8"


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database is unreachable", exc_info=True)
        return HttpResponse("database unavailable", status=503, content_type=_TEXT)
    return HttpResponse("ok", content_type=_TEXT)
