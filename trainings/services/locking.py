from __future__ import annotations

import time

from django.db import OperationalError, connection
from django.utils.translation import gettext as _

from trainings.errors import TrainingBusy
from trainings.models import Training

LOCK_TIMEOUT = "3s"
LOCK_NOT_AVAILABLE = "55P03"

# Test-only switch: the concurrency tests turn locking off (and widen the race
# window) for a control run that must overbook, proving the tests can fail.
ENABLED = True
RACE_WINDOW_SECONDS = 0.0


def lock_training(training_id: int, *, queryset=None) -> Training:
    """Lock one training's row for the rest of the transaction, or raise ``TrainingBusy``.

    Every change to seats, quotas or capacity takes this lock *before* it
    reads what it checks, so no two of them interleave. ``lock_timeout`` keeps
    a queue of waiting requests from piling up behind a slow one. ``queryset``
    may add annotations to read in the same query.
    """
    queryset = Training.objects.all() if queryset is None else queryset
    if not ENABLED:
        return queryset.get(pk=training_id)
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    try:
        return queryset.select_for_update(of=("self",)).get(pk=training_id)
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == LOCK_NOT_AVAILABLE:
            raise TrainingBusy(
                _("Banyak orang sedang mendaftar pada pelatihan ini. Silakan coba lagi sebentar.")
            ) from error
        raise


def race_window() -> None:
    """Where a check has been made and its write not yet: a pause only in control runs."""
    if RACE_WINDOW_SECONDS:
        time.sleep(RACE_WINDOW_SECONDS)
