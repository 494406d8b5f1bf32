"""Strict readers for settings taken from the environment.

A malformed value stops start-up with a message that names the variable, rather
than silently falling back to a default (a typo in ``DJANGO_DEBUG`` must never
turn debugging on in production).
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(
            f"{name} is a comma-separated list with no empty items; got {raw!r}"
        )
    return items


def email_settings(url: str) -> dict[str, object]:
    """Django e-mail settings from one ``EMAIL_URL``.

    ``console:`` (development default), ``locmem:``, ``dummy:``, or
    ``smtp://user:password@host:port`` / ``smtp+tls://…`` / ``smtp+ssl://…``.
    A timeout is always set: Django's default of None lets a dead mail server
    hang whoever sends.
    """
    from urllib.parse import unquote, urlsplit

    simple = {
        "console:": "django.core.mail.backends.console.EmailBackend",
        "locmem:": "django.core.mail.backends.locmem.EmailBackend",
        "dummy:": "django.core.mail.backends.dummy.EmailBackend",
    }
    if url in simple:
        return {"EMAIL_BACKEND": simple[url]}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtp+ssl"} or not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL must be console:, locmem:, dummy: or "
            f"smtp[+tls|+ssl]://user:password@host:port; got {url!r}"
        )
    try:
        port = parts.port or (
            465 if parts.scheme == "smtp+ssl" else 587 if parts.scheme == "smtp+tls" else 25
        )
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_URL has an invalid port: {url!r}") from None
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl",
        "EMAIL_TIMEOUT": 10,
    }
