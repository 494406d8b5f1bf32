"""What ``manage.py housekeeping`` does, step by step (run it daily from cron or a timer).

Each step is a function ``(*, now, dry_run) -> str``: it does its part of the
clean-up as of ``now`` (with ``dry_run``, it only counts what it would do) and
returns one line saying what it did. A later issue adds its step to ``STEPS``.
Steps are idempotent: running the command twice, or twice at once, does no harm.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from trainings.reports.jobs import delete_expired_exports


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[..., str]


STEPS: list[Step] = [
    Step("exports", delete_expired_exports),
]


def housekeeping(*, now: datetime.datetime, dry_run: bool = False) -> list[str]:
    """Run every step in order; one line per step."""
    return [step.run(now=now, dry_run=dry_run) for step in STEPS]
