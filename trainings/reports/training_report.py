"""The one-training report as one object: what its page, its XLSX and its PDF show.

Built from one ``attendance_summary`` (three queries), the roster's changes (one
query) and the speakers (one query), whatever the number of people and sessions.
The at-risk lists exist only while the training is running at ``now``. With
``cell_region`` (a regency operator: ``access.report_cell_region``) every part is
restricted to the people of that region's quota cells.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from trainings.models import Training
from trainings.reports.at_risk import AtRisk, at_risk, is_running
from trainings.reports.attendance import TrainingAttendance, attendance_summary
from trainings.reports.breakdowns import Breakdowns, Group, breakdowns
from trainings.reports.charts import BAR, Chart, Series
from trainings.reports.roster import Roster, training_roster
from trainings.reports.speakers import SpeakersDelivered, speakers_delivered


@dataclass
class TrainingReport:
    training: Training
    summary: TrainingAttendance
    breakdowns: Breakdowns
    roster: Roster
    speakers: SpeakersDelivered
    at_risk: AtRisk | None  # None unless the training is running
    charts: list[Chart]
    cell_region: str | None


def session_label(number: int, column) -> str:
    """A session as a chart names it, by its number in the per-session table: "1. Kebijakan"."""
    return f"{number}. {column.session.topic}"


def _people_chart(key: str, title: str, groups: list[Group]) -> Chart:
    return Chart(
        key=key,
        title=title,
        labels=[group.label for group in groups],
        series=[Series(label=_("Peserta"), values=[group.people for group in groups])],
        kind=BAR,
    )


def report_charts(summary: TrainingAttendance, groups: Breakdowns) -> list[Chart]:
    """Attendance rate per session (percent), and people by role and by regency."""
    return [
        Chart(
            key="sessions",
            title=_("Persentase kehadiran per sesi"),
            labels=[
                session_label(number, column)
                for number, column in enumerate(summary.sessions, start=1)
            ],
            series=[
                Series(label=_("Kehadiran"), values=[column.rate for column in summary.sessions])
            ],
            kind=BAR,
            percent=True,
        ),
        _people_chart("roles", _("Peserta menurut unsur"), groups.by_role),
        _people_chart("regencies", _("Peserta menurut kabupaten/kota"), groups.by_regency),
    ]


def training_report(
    training: Training, *, now: datetime.datetime, cell_region: str | None = None
) -> TrainingReport:
    """Everything the one-training report shows, at ``now`` (five queries)."""
    summary = attendance_summary(training, now=now, cell_region=cell_region)
    groups = breakdowns(summary)
    return TrainingReport(
        training=training,
        summary=summary,
        breakdowns=groups,
        roster=training_roster(training, cell_region=cell_region),
        speakers=speakers_delivered(summary),
        at_risk=at_risk(summary) if is_running(training, now) else None,
        charts=report_charts(summary, groups),
        cell_region=cell_region,
    )
