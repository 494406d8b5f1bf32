"""The participants' sheets: the one to sign on paper (peserta) and the record of who
checked in (kehadiran), one per session, with each participant's Attendance status.

NIKs are always masked; phones are written as people read them.
"""

from __future__ import annotations

import datetime

from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from participants.models import Region
from trainings.documents.attendance.rows import (
    BLANK_ROWS,
    ParticipantRow,
    RowGroup,
    Sheet,
    sheet_when,
)
from trainings.documents.attendance.scope import SheetScope
from trainings.formatting import clock, mask_nik, national_phone
from trainings.models import Attendance, Registration, Training


def _short_region(region: Region) -> str:
    if region.level == Region.Level.REGENCY:
        return region.name.replace("Kabupaten ", "Kab. ", 1)
    if region.level == Region.Level.DISTRICT:
        return f"Kec. {region.name}"
    if region.level == Region.Level.PROVINCE:
        return f"Prov. {region.name}"
    return region.name


def _is_own(code: str, own_region: str) -> bool:
    """``code`` is the organiser's own region or contains it."""
    return bool(own_region) and (own_region == code or own_region.startswith(code + "."))


def _origin(registration: Registration, own_region: str) -> str:
    """The region represented (e.g. "Kab. Banjar"); for someone representing the organiser's
    own region (everyone at a regency's own training), their home kecamatan, which says more."""
    represented = registration.region_represented
    if represented is not None and not _is_own(represented.code, own_region):
        return _short_region(represented)
    home = registration.participant.home_region
    if home is not None:
        if home.level == Region.Level.VILLAGE and home.parent is not None:
            home = home.parent
        return _short_region(home)
    return _short_region(represented) if represented is not None else ""


def _confirmed(training: Training):
    return (
        training.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("participant__home_region__parent", "role", "region_represented")
        .order_by(Upper("participant__full_name"), "pk")
    )


def _participant_rows(registrations, own_region: str, statuses=None) -> list[ParticipantRow]:
    """``statuses``: registration id → (status label, local time) for the check-in sheet."""
    rows = []
    for number, registration in enumerate(registrations, start=1):
        participant = registration.participant
        status, time = (statuses or {}).get(registration.pk, ("", ""))
        rows.append(
            ParticipantRow(
                number=number,
                name=participant.full_name,
                nik=mask_nik(participant.nik),
                role=registration.role.abbreviation,
                origin=_origin(registration, own_region),
                phone=national_phone(registration.phone or participant.phone),
                status=status if statuses is not None else "",
                time=time,
            )
        )
    return rows


def participants_sheet(training: Training, scope: SheetScope) -> list[Sheet]:
    """The sheet the confirmed participants sign, once for the whole scope."""
    rows = _participant_rows(_confirmed(training), training.organizer.region_id or "")
    rows = rows or [ParticipantRow(number=n) for n in range(1, BLANK_ROWS + 1)]
    return [
        Sheet(
            title=_("DAFTAR HADIR PESERTA"),
            subtitle="",
            when=sheet_when(training, scope.day, scope.sessions),
            topic=scope.session.topic if scope.session else "",
            groups=[RowGroup(title="", rows=rows)],
        )
    ]


def check_in_sheets(training: Training, scope: SheetScope) -> list[Sheet]:
    """One sheet per session of the scope, each with its status column and counts."""
    registrations = list(_confirmed(training))
    recorded: dict[tuple[int, int], tuple[str, datetime.datetime]] = {
        (session_id, registration_id): (status, at)
        for session_id, registration_id, status, at in Attendance.objects.filter(
            session__in=scope.sessions
        ).values_list("session_id", "registration_id", "status", "recorded_at")
    }
    on_time = (Attendance.Status.PRESENT, Attendance.Status.LATE)
    sheets = []
    for session in scope.sessions:
        statuses, counts = {}, dict.fromkeys(Attendance.Status.values, 0)
        missing = 0
        for registration in registrations:
            status, at = recorded.get((session.pk, registration.pk), ("", None))
            if not status:
                missing += 1
                statuses[registration.pk] = ("—", "")
                continue
            counts[status] += 1
            time = clock(at, training) if status in on_time else ""
            statuses[registration.pk] = (Attendance.Status(status).label, time)
        summary = [(Attendance.Status(value).label, counts[value]) for value in counts]
        if missing:
            summary.append((_("Belum dicatat"), missing))
        rows = _participant_rows(registrations, training.organizer.region_id or "", statuses)
        sheets.append(
            Sheet(
                title=_("DAFTAR HADIR PESERTA"),
                subtitle=_("Rekap kehadiran menurut pencatatan panitia"),
                when=sheet_when(training, scope.day, [session]),
                topic=session.topic,
                groups=[RowGroup(title="", rows=rows)],
                summary=summary,
            )
        )
    if not sheets:  # a day without sessions: nothing was recorded
        sheets.append(
            Sheet(
                title=_("DAFTAR HADIR PESERTA"),
                subtitle=_("Belum ada sesi pada hari ini."),
                when=sheet_when(training, scope.day, scope.sessions),
                topic="",
                groups=[RowGroup(title="", rows=_participant_rows(registrations, "", {}))],
            )
        )
    return sheets
