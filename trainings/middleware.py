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

from django.utils.cache import add_never_cache_headers

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
