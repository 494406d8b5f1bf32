"""Pilar settings: one module, configured from the environment only.

Every variable is listed in README.md ("Configuration"). Malformed values stop
start-up (see ``config.env``); production (``DJANGO_DEBUG`` off) refuses to
start without ``DJANGO_SECRET_KEY``.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import email_settings, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PILAR_VAR_DIR", str(BASE_DIR / "var"))).resolve()

# pytest (>= 8.2) sets PYTEST_VERSION before anything is imported: the test
# suite gets its own embedded database and plain static files.
TESTING = "PYTEST_VERSION" in os.environ

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG off) never starts without it."
        )
    SECRET_KEY = "django-insecure-pilar-development-only-never-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Number of reverse proxies in front of the app whose X-Forwarded-For entries
# we trust (0: use REMOTE_ADDR). See trainings.http.client_ip.
PILAR_TRUSTED_PROXY_COUNT = env_int("PILAR_TRUSTED_PROXY_COUNT", 0, minimum=0)

INSTALLED_APPS = [
    "config.apps.PilarAdminConfig",  # django.contrib.admin with Pilar's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "participants",
    "trainings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "trainings.middleware.no_store_personal_pages",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "trainings.middleware.reject_undecodable_body",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trainings.middleware.refresh_session_expiry",
    "trainings.nik_audit.record_full_nik_views",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# DATABASE_URL set: that server, nothing started. Unset: the embedded
# PostgreSQL under var/ (never SQLite).
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    from config.embedded_db import embedded_database_url

    DATABASE_URL = embedded_database_url(VAR_DIR, "test" if TESTING else "dev")
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("PILAR_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Pilar runs on PostgreSQL only: DATABASE_URL must be postgres://…")
# Two test runs at once on one server need their own test database names.
if test_database := env_str("PILAR_TEST_DATABASE"):
    DATABASES["default"]["TEST"] = {"NAME": test_database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits are shared across worker processes) ----------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pilar_cache",
        }
    }

# --- Background work: e-mails (and later exports, imports) -----------------
# The database backend: a task enqueued inside a service's transaction is
# committed (or rolled back) with it. `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Reports' exports (trainings.reports.jobs): up to this many rows the file is answered at
# once; more go to the task queue and wait in STORAGES["default"] under exports/ until
# `manage.py housekeeping` deletes them this many days later.
PILAR_EXPORT_INLINE_ROWS = env_int("PILAR_EXPORT_INLINE_ROWS", 2000, minimum=0)
PILAR_EXPORT_RETENTION_DAYS = env_int("PILAR_EXPORT_RETENTION_DAYS", 7, minimum=1)

# --- Imports: what reading one uploaded .xlsx may cost (trainings/imports/reading.py) ---
# A 20,000-row import file holds about 260,000 cells and unpacks to about 15 MB.
PILAR_IMPORT_MAX_CELLS = env_int("PILAR_IMPORT_MAX_CELLS", 1_000_000, minimum=1)
PILAR_IMPORT_MAX_SECONDS = env_int("PILAR_IMPORT_MAX_SECONDS", 60, minimum=1)
PILAR_IMPORT_MAX_UNPACKED_MB = env_int("PILAR_IMPORT_MAX_UNPACKED_MB", 50, minimum=1)
PILAR_IMPORT_MAX_RATIO = env_int("PILAR_IMPORT_MAX_RATIO", 100, minimum=2)

# --- Auth -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # The production PBKDF2 hasher costs ~0.5 s a password; the suite makes
    # thousands of users. Production never sets PYTEST_VERSION.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:trainings"
LOGOUT_REDIRECT_URL = "staff:login"
# django-axes first: it refuses a locked-out username+IP pair before any password
# is checked, on /staff/login/ and /admin/login/ alike (both authenticate()).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_VERBOSE = False  # no banner on every start
# Three limits (trainings.lockout explains each): 5 failures of one username from one
# address, 20 of one username from anywhere, 30 of any usernames from one address,
# each within the cool-off. AXES_FAILURE_LIMIT is the first; the handler weighs the
# other counts against their own limits.
AXES_HANDLER = "trainings.lockout.PerParameterLimitHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
PILAR_LOCKOUT_LIMITS = [5, 20, 30]
AXES_FAILURE_LIMIT = PILAR_LOCKOUT_LIMITS[0]
# Failures while locked out do not extend the lockout: whoever keeps guessing cannot
# keep a real user out longer than the cool-off after the lockout began (and a
# password reset by e-mail unlocks at once).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The one trusted-proxy reading of the client address (PILAR_TRUSTED_PROXY_COUNT),
# shared with the public rate limits.
AXES_CLIENT_IP_CALLABLE = "trainings.http.client_ip"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
# The Indonesian page (templates/staff/lockout.html), 429 with Retry-After.
AXES_LOCKOUT_CALLABLE = "trainings.views.staff.auth.locked_out"
# Unlock early with `manage.py axes_reset_username <username>`; the attempt
# tables (with IP addresses) stay out of /admin/.
AXES_ENABLE_ADMIN = False

# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

# --- Files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Without collectstatic (development, tests) WhiteNoise reads the finders.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("PILAR_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Manifest storage needs collectstatic; DEBUG and the tests serve the
        # files as they are.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail ---
# Absolute address of the site, for links in e-mails sent by the worker.
PILAR_SITE_URL = env_str("PILAR_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("PILAR_FROM_EMAIL", "Pilar <noreply@pilar.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
globals().update(email_settings(env_str("EMAIL_URL", "console:")))
EMAIL_TIMEOUT = 10

# --- Security (production values; README "Production") ---------------------
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("PILAR_BEHIND_TLS_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env_bool("PILAR_SSL_REDIRECT", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
SECURE_HSTS_SECONDS = env_int("PILAR_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The directive alone preloads nothing: only a submission to the list does.
SECURE_HSTS_PRELOAD = env_bool("PILAR_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Load balancers probe /healthz over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No inline script or style anywhere, admin included (tests/test_security.py
# checks /admin/). htmx runs with includeIndicatorStyles and allowEval off
# (the htmx-config meta tag in base.html): no injected <style>, no hx-on.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's form controls draw with data: SVGs
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_AGE = env_int("PILAR_SESSION_SECONDS", 8 * 3600, minimum=300)
# Inactivity expiry: the age counts from the last minute of use
# (trainings.middleware.refresh_session_expiry extends it without writing on every request).
SESSION_SAVE_EVERY_REQUEST = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PILAR_LOG_LEVEL", "INFO")},
    # pgserver narrates every attach and detach at INFO.
    "loggers": {"pgserver": {"level": "WARNING"}},
}
