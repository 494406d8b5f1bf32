"""Staff searches whose words never go into a URL.

A search term may be a whole NIK, a phone number or a name: personal data that a
URL would leave in the server's access log, a proxy's log and the browser's
history. The search forms therefore POST; the term is kept in the user's session
under the page's key and the results page is reached by a 303 with only the marker
``cari=1``. A GET that still carries ``q`` (an old bookmark or link) is answered
without it and with a word to use the search box.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

SESSION_KEY = "pilar_searches"  # {page key: search term}
SEARCHING = "cari"  # the GET marker: show the results of the term kept in the session


def see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def remembered(request, key: str) -> str:
    """The term kept for ``key`` when the GET carries the marker, else ""."""
    if not request.GET.get(SEARCHING):
        return ""
    return request.session.get(SESSION_KEY, {}).get(key, "")


def remember(request, key: str, term: str) -> None:
    searches = {**request.session.get(SESSION_KEY, {}), key: term}
    if not term:
        searches.pop(key)
    request.session[SESSION_KEY] = searches


def with_marker(query: str, term: str) -> str:
    """``query`` (an encoded query string without personal data) plus the marker."""
    if not term:
        return query
    return f"{SEARCHING}=1&{query}" if query else f"{SEARCHING}=1"


def refuse_term_in_url(request, url: str) -> HttpResponseRedirect | None:
    """A GET with ``q``: back to ``url`` with the rest of its query and without the term."""
    if not request.GET.get("q", "").strip():
        return None
    messages.warning(
        request,
        _(
            "Pencarian tidak dibaca dari alamat halaman, agar NIK dan nomor HP tidak "
            "tersimpan di riwayat peramban. Ketik kata carinya di kotak pencarian."
        ),
    )
    query = request.GET.copy()
    query.pop("q")
    return see_other(f"{url}?{query.urlencode()}" if query else url)
