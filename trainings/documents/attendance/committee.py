"""The committee-and-guests sheet (panitia dan tamu undangan), signed once a day."""

from __future__ import annotations

from django.utils.translation import gettext as _

from trainings.documents.attendance.rows import PersonRow, RowGroup, Sheet, blank_people, sheet_when
from trainings.documents.attendance.scope import SheetScope
from trainings.models import Training


def committee_sheet(training: Training, scope: SheetScope) -> list[Sheet]:
    """The committee, then the guests, numbered on so the signature cells keep alternating."""
    committee = list(training.committee.order_by("sort_order", "pk"))
    guests = list(training.guests.order_by("sort_order", "pk"))
    number, groups = 0, []
    for title, people, default_note in (
        (_("Panitia"), committee, _("Panitia")),
        (_("Tamu undangan"), guests, _("Tamu undangan")),
    ):
        rows = []
        for person in people:
            number += 1
            rows.append(
                PersonRow(
                    number=number,
                    name=person.name,
                    position=person.position,
                    institution=person.institution,
                    notes=(getattr(person, "duty", "") or default_note,),
                )
            )
        if rows:
            groups.append(RowGroup(title=title, rows=rows))
    return [
        Sheet(
            title=_("DAFTAR HADIR PANITIA DAN TAMU UNDANGAN"),
            subtitle="",
            when=sheet_when(training, scope.day, scope.sessions),
            topic=scope.session.topic if scope.session else "",
            groups=groups or [RowGroup(title="", rows=blank_people())],
        )
    ]
