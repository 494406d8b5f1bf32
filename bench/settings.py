"""Settings for ``make bench``: the production settings plus the floor view's URL.

Nothing here changes what the registration path does: same middleware, same
database settings (``PILAR_CONN_MAX_AGE``), same rate limits. ``bench.run``
sets the environment (``PILAR_VAR_DIR=var/bench``, debug off, …) before this
module is imported.
"""

from config.settings import *  # noqa: F403
from config.settings import VAR_DIR

ROOT_URLCONF = "bench.urls"
# The manifest storage of production needs collectstatic; bench.run collects
# into the bench's own var directory, never into the shared var/staticfiles.
STATIC_ROOT = VAR_DIR / "staticfiles"
