"""The one-training report's breakdowns: people, completion and attendance by role, by
regency and by sex, summed from a ``TrainingAttendance`` (no query of their own)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from participants.models import Region
from trainings.models import Registration
from trainings.reports.attendance import PersonAttendance, Tally, TrainingAttendance


@dataclass
class Group:
    label: str
    people: int = 0
    completed: int = 0
    tally: Tally = field(default_factory=Tally)


@dataclass
class Breakdowns:
    by_role: list[Group]
    by_regency: list[Group]
    by_sex: list[Group]


def regency_of(registration: Registration) -> Region | None:
    """The regency the person stands for: the region they represent, else the regency of
    their home; a province stays a province (a provincial agency's own staff)."""
    region = registration.region_represented or registration.participant.home_region
    while region is not None and region.level not in (
        Region.Level.REGENCY,
        Region.Level.PROVINCE,
    ):
        region = region.parent
    return region


def _grouped(people: Iterable[PersonAttendance], label_of: Callable) -> list[Group]:
    groups: dict[str, Group] = {}
    for person in people:
        label = label_of(person.registration)
        group = groups.setdefault(label, Group(label=label))
        group.people += 1
        group.completed += 1 if person.completed else 0
        group.tally.add(person)
    return sorted(groups.values(), key=lambda group: group.label)


def _regency_label(registration: Registration) -> str:
    region = regency_of(registration)
    return region.name if region is not None else _("Tidak diketahui")


def breakdowns(summary: TrainingAttendance) -> Breakdowns:
    return Breakdowns(
        by_role=_grouped(summary.people, lambda registration: registration.role.name),
        by_regency=_grouped(summary.people, _regency_label),
        by_sex=_grouped(
            summary.people, lambda registration: registration.participant.get_sex_display()
        ),
    )
