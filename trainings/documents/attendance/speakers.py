"""The speakers' sheet (narasumber): each speaker of the scope's sessions once, with the
talks they give, their NIP in its usual groups and their honorifics."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from trainings.documents.attendance.rows import PersonRow, RowGroup, Sheet, blank_people, sheet_when
from trainings.documents.attendance.scope import SheetScope
from trainings.formatting import clock_range, format_nip
from trainings.models import Speaker, Training


def speakers_sheet(training: Training, scope: SheetScope) -> list[Sheet]:
    """Each speaker of the scope's sessions once, with the sessions they give."""
    ordered = Speaker.objects.order_by(Upper("name"), "pk")
    sessions = list(scope.sessions)
    models.prefetch_related_objects(sessions, Prefetch("speakers", queryset=ordered))
    talks: dict[int, tuple[Speaker, list[str]]] = {}
    for session in sessions:
        # The zone is in the sheet's heading; each talk gives its own times.
        label = f"{clock_range(session.starts_at, session.ends_at, training)} {session.topic}"
        for speaker in session.speakers.all():
            talks.setdefault(speaker.pk, (speaker, []))[1].append(label)
    rows = [
        PersonRow(
            number=number,
            name=speaker.display_name,
            nip=format_nip(speaker.nip),
            position=speaker.position,
            institution=speaker.institution,
            notes=tuple(labels),
        )
        for number, (speaker, labels) in enumerate(talks.values(), start=1)
    ]
    return [
        Sheet(
            title=_("DAFTAR HADIR NARASUMBER"),
            subtitle="",
            when=sheet_when(training, scope.day, scope.sessions),
            topic=scope.session.topic if scope.session else "",
            groups=[RowGroup(title="", rows=rows or blank_people())],
        )
    ]
