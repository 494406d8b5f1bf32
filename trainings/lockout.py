"""Login lockout: django-axes with one limit per kind of attacker.

django-axes counts failures for each entry of ``AXES_LOCKOUT_PARAMETERS`` and
locks when any count reaches one ``AXES_FAILURE_LIMIT``. Pilar wants a limit
per entry (``PILAR_LOCKOUT_LIMITS``, in the same order), because the three
guard against different things:

* username + address (5): one person's typos, or a guesser at one account from
  one place; the office next door and the colleague at the same desk go on;
* username from any address (20): a password guesser spreading one account over
  many addresses. Low enough to stop guessing, high enough that a stranger needs
  20 tries within the cool-off to lock a real user out at all;
* address with any username (30): one address spraying a common password over
  many usernames. Above what a whole office behind one NAT address mistypes in
  15 minutes.

The handler weighs each count against its own limit and reports the heaviest
to axes in units of ``AXES_FAILURE_LIMIT``, so everything else — recording,
the lockout response, cool-off, reset on success — stays axes' own.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


class PerParameterLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> float:
        base = get_failure_limit(request, credentials)
        heaviest = 0.0
        attempts = self.get_user_attempts(request, credentials)
        for queryset, limit in zip(attempts, settings.PILAR_LOCKOUT_LIMITS, strict=True):
            failures = queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0
            heaviest = max(heaviest, failures * base / limit)
        return heaviest
