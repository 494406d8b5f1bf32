"""Response headers chosen by path.

``no_store_personal_pages``: pages that show a person's data (staff and admin
pages, reports, a participant's status and certificate pages, the
registration form that echoes a NIK back after an error) must never be kept
by a shared cache, a proxy or the browser's back/forward cache — offices and
cafés share computers. Deciding by path rather than by decorator on each view
means a new view under these prefixes is covered without anyone remembering.
Public catalogue and training pages stay cacheable.
"""

from __future__ import annotations

import re
import time

from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.datastructures import MultiValueDict

PERSONAL_DATA_PREFIXES = (
    "/admin/",
    "/staff/",
    "/reports/",
    "/registrations/",
    "/certificates/",
)
_REGISTER_FORM = re.compile(r"^/trainings/[^/]+/register/")


def holds_personal_data(path: str) -> bool:
    return path.startswith(PERSONAL_DATA_PREFIXES) or bool(_REGISTER_FORM.match(path))


def no_store_personal_pages(get_response):
    def middleware(request):
        response = get_response(request)
        if holds_personal_data(request.path_info):
            add_never_cache_headers(response)
        return response

    return middleware


# A signed-in session is written back at most this often: often enough that
# inactivity expiry (SESSION_COOKIE_AGE) counts from the last minute of use,
# rarely enough that a tap at the check-in desk costs no session write.
SESSION_REFRESH_SECONDS = 60
_SEEN_KEY = "_pilar_seen"
_clock = time.time  # the tests move it forward


def refresh_session_expiry(get_response):
    """Extend a signed-in session's expiry when it was last extended a minute ago or more.

    Replaces ``SESSION_SAVE_EVERY_REQUEST``, which writes the session row on
    every request. Sits after SessionMiddleware and AuthenticationMiddleware,
    so its mark is made before the session middleware decides to save.
    """

    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(_clock())
            if now - session.get(_SEEN_KEY, 0) >= SESSION_REFRESH_SECONDS:
                session[_SEEN_KEY] = now  # marks the session modified: saved, expiry extended
        return response

    return middleware


def mark_session_seen(sender, request, user, **kwargs):
    """At login the session is written anyway: start its refresh clock there."""
    if getattr(request, "session", None) is not None:
        request.session[_SEEN_KEY] = int(_clock())


def reject_undecodable_body(get_response):
    """Answer a POST whose body cannot be decoded (``charset=utf-16``, an unknown
    charset) with the 400 page.

    Django raises ``BadRequest`` when the CSRF middleware first reads such a body,
    and its own 400 and 500 views read the body again and fail the same way, which
    ends in an empty 500. Reading it here, before the CSRF middleware, turns the
    failure into one clean answer; the body is replaced by an empty one so nothing
    after this can trip over it.
    """

    def middleware(request):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsing is the point
            except (BadRequest, UnicodeDecodeError, LookupError):
                request._post, request._files = QueryDict(), MultiValueDict()
                return render(request, "400.html", status=400)
        return get_response(request)

    return middleware
