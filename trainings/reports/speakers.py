"""JP delivered per speaker (narasumber) of one training, at the report's ``now``.

A speaker has delivered a session when it is not a break and has ended
(``ends_at <= now``); they are credited with its JP (jam pelajaran, 45 minutes).
A session given by two speakers counts in full for each, so the total is the sum
of the speakers' rows, not the training's JP. Every speaker of the training's
non-break sessions is listed, with 0 while none of theirs has ended. Names are
written with their titles (``Speaker.display_name``). One query: the speakers of
the summary's sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models.functions import Upper

from trainings.models import Session, Speaker
from trainings.reports.attendance import SessionAttendance, TrainingAttendance


@dataclass
class SpeakerHours:
    speaker: Speaker
    sessions: list[SessionAttendance] = field(default_factory=list)  # delivered, in order

    @property
    def name(self) -> str:
        return self.speaker.display_name

    @property
    def jp(self) -> int:
        return sum(column.session.jp for column in self.sessions)


@dataclass
class SpeakersDelivered:
    rows: list[SpeakerHours]

    @property
    def sessions(self) -> int:
        return sum(len(row.sessions) for row in self.rows)

    @property
    def jp(self) -> int:
        return sum(row.jp for row in self.rows)


def speakers_delivered(summary: TrainingAttendance) -> SpeakersDelivered:
    """Each speaker of the summary's sessions with the sessions and JP they delivered."""
    columns = {column.session.pk: column for column in summary.sessions}
    links = (
        Session.speakers.through.objects.filter(session_id__in=list(columns))
        .select_related("speaker")
        .order_by(Upper("speaker__name"), "speaker_id")
    )
    rows: dict[int, SpeakerHours] = {}
    for link in links:
        row = rows.setdefault(link.speaker_id, SpeakerHours(speaker=link.speaker))
        column = columns[link.session_id]
        if column.ended:
            row.sessions.append(column)
    order = {pk: index for index, pk in enumerate(columns)}
    for row in rows.values():
        row.sessions.sort(key=lambda column: order[column.session.pk])
    return SpeakersDelivered(rows=list(rows.values()))
