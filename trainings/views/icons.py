"""``/favicon.ico``: browsers ask for it on every site, whatever the page links to."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe


@require_safe
def favicon(request):
    """The icon under its static (hashed) name; the redirect itself is kept a day."""
    response = HttpResponseRedirect(staticfiles_storage.url("favicon.ico"))
    patch_cache_control(response, public=True, max_age=86400)
    return response
