"""The one-training report as spreadsheets (``sheets`` writes them).

The attendance matrix (the CSV, and the XLSX's first sheet): one row per counted
person with the session statuses, attended, excused, total (in the training's
completion basis), the rate as a percentage and whether the completion rule is
met. The XLSX adds a sheet each for the sessions, the days, the breakdowns by
role, regency and sex, the waiting list, the cancellations, the replacements and
the speakers' JP (``training_report_tables``). Dates are real dates of the
training's zone, rates ``Percent``; headers follow the active language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from trainings.formatting import clock, local_date, local_time, nik_for
from trainings.models import Training
from trainings.reports.attendance import PersonAttendance, TrainingAttendance
from trainings.reports.breakdowns import Group, breakdowns, regency_of
from trainings.reports.roster import Roster
from trainings.reports.sheets import Percent, Table, Text
from trainings.reports.speakers import SpeakersDelivered

NUMBER_HEADING = "No."  # the same abbreviation in Indonesian and English


def session_heading(summary: TrainingAttendance, column) -> str:
    """A session's column heading: its local day and time with the zone, and its topic."""
    session = column.session
    start = session.starts_at
    return (
        f"{local_date(start, summary.training)} {local_time(start, summary.training)} "
        f"· {session.topic}"
    )


def headers(summary: TrainingAttendance) -> list[str]:
    return [
        NUMBER_HEADING,
        _("Nama"),
        _("NIK"),
        _("Jenis kelamin"),
        _("Unsur"),
        _("Kabupaten/kota"),
        _("Lembaga/unit"),
        _("Nomor HP"),
        *(session_heading(summary, column) for column in summary.sessions),
        _("Hadir"),
        _("Izin/sakit"),
        _("Jumlah dihitung"),
        _("Persentase kehadiran"),
        _("Memenuhi syarat kelulusan"),
    ]


def _completed(person: PersonAttendance) -> str:
    if person.completed is None:
        return ""
    return _("Ya") if person.completed else _("Tidak")


def person_rows(summary: TrainingAttendance, *, full_nik: bool) -> Iterator[list]:
    """The rows under ``headers``."""
    for number, person in enumerate(summary.people, start=1):
        registration = person.registration
        participant = registration.participant
        regency = regency_of(registration)
        yield [
            number,
            registration.shown_name,
            Text(nik_for(participant.nik, full=full_nik)),
            participant.get_sex_display(),
            registration.role.name,
            regency.name if regency is not None else "",
            registration.organization_unit or participant.organization_unit,
            Text(registration.phone or participant.phone),
            *person.codes,
            person.attended,
            person.excused,
            person.total,
            None if person.rate is None else Percent(person.rate),
            _completed(person),
        ]


def attendance_table(summary: TrainingAttendance, *, full_nik: bool) -> Table:
    return Table(
        title=_("Kehadiran"),
        headers=headers(summary),
        rows=person_rows(summary, full_nik=full_nik),
    )


def _percent(rate) -> Percent | None:
    return None if rate is None else Percent(rate)


def _local_day(value: datetime.datetime | None, training: Training) -> datetime.date | None:
    return None if value is None else timezone.localtime(value, training.tz).date()


def sessions_table(summary: TrainingAttendance) -> Table:
    training = summary.training
    headers = [
        NUMBER_HEADING, _("Tanggal"), _("Mulai"), _("Selesai"), _("Zona waktu"), _("Sesi"),
        _("Jenis"), _("JP"), _("Hadir"), _("Izin/sakit"), _("Dihitung"), _("Persentase"),
    ]  # fmt: skip
    rows = (
        [
            number,
            _local_day(column.session.starts_at, training),
            clock(column.session.starts_at, training),
            clock(column.session.ends_at, training),
            training.zone_label,
            column.session.topic,
            column.session.get_kind_display(),
            column.session.jp,
            column.attended,
            column.excused,
            column.counted,
            _percent(column.rate),
        ]
        for number, column in enumerate(summary.sessions, start=1)
    )
    return Table(title=_("Per sesi"), headers=headers, rows=rows)


def days_table(summary: TrainingAttendance) -> Table:
    headers = [
        _("Tanggal"), _("Zona waktu"), _("Sesi"), _("Hadir"), _("Izin/sakit"),
        _("Jumlah dihitung"), _("Persentase"),
    ]  # fmt: skip
    rows = (
        [
            day.day,
            day.zone_label,
            len(day.sessions),
            day.attended,
            day.excused,
            day.total,
            _percent(day.rate),
        ]
        for day in summary.days
    )
    return Table(title=_("Per hari"), headers=headers, rows=rows)


def group_table(title: str, heading: str, groups: list[Group]) -> Table:
    headers = [
        heading, _("Peserta"), _("Lulus"), _("Hadir"), _("Izin/sakit"), _("Jumlah dihitung"),
        _("Persentase"),
    ]  # fmt: skip
    rows = (
        [
            group.label,
            group.people,
            group.completed,
            group.tally.attended,
            group.tally.excused,
            group.tally.total,
            _percent(group.tally.rate),
        ]
        for group in groups
    )
    return Table(title=title, headers=headers, rows=rows)


def waiting_table(roster: Roster, training: Training) -> Table:
    headers = [_("Kuota"), _("Urutan"), _("Nama"), _("Unsur"), _("Tanggal mendaftar")]
    rows = (
        [
            row.cell,
            row.position,
            row.registration.shown_name,
            row.registration.role.name,
            _local_day(row.registered_at, training),
        ]
        for row in roster.waiting
    )
    return Table(title=_("Daftar tunggu"), headers=headers, rows=rows)


def cancelled_table(roster: Roster, training: Training) -> Table:
    headers = [
        _("Nama"), _("Unsur"), _("Kuota"), _("Tanggal dibatalkan"), _("Alasan"),
        _("Digantikan oleh"),
    ]  # fmt: skip
    rows = (
        [
            row.registration.shown_name,
            row.registration.role.name,
            row.cell,
            _local_day(row.decided_at, training),
            row.reason,
            row.replaced_by.shown_name if row.replaced_by else "",
        ]
        for row in roster.cancelled
    )
    return Table(title=_("Pembatalan"), headers=headers, rows=rows)


def replacements_table(roster: Roster) -> Table:
    headers = [
        _("Kuota"), _("Yang digantikan"), _("Status"), _("Alasan"), _("Pengganti"),
        _("Status pengganti"),
    ]  # fmt: skip
    rows = (
        [
            row.cell,
            row.replaced.shown_name,
            row.replaced.get_status_display(),
            row.replaced.decision_reason,
            row.replacement.shown_name,
            row.replacement.get_status_display(),
        ]
        for row in roster.replacements
    )
    return Table(title=_("Pengganti"), headers=headers, rows=rows)


def speakers_table(speakers: SpeakersDelivered, training: Training) -> Table:
    headers = [_("Narasumber"), _("Sesi yang telah disampaikan"), _("Jumlah sesi"), _("JP")]
    rows = [
        [
            row.name,
            "; ".join(
                f"{local_date(column.session.starts_at, training)} {column.session.topic}"
                for column in row.sessions
            ),
            len(row.sessions),
            row.jp,
        ]
        for row in speakers.rows
    ]
    rows.append([_("Jumlah"), "", speakers.sessions, speakers.jp])
    return Table(title=_("Narasumber"), headers=headers, rows=rows)


def training_report_tables(
    summary: TrainingAttendance,
    roster: Roster,
    speakers: SpeakersDelivered,
    *,
    full_nik: bool,
) -> list[Table]:
    """Every sheet of the report's XLSX, the attendance matrix first (no query)."""
    training = summary.training
    groups = breakdowns(summary)
    return [
        attendance_table(summary, full_nik=full_nik),
        sessions_table(summary),
        days_table(summary),
        group_table(_("Menurut unsur"), _("Unsur"), groups.by_role),
        group_table(_("Menurut kabupaten-kota"), _("Kabupaten/kota"), groups.by_regency),
        group_table(_("Menurut jenis kelamin"), _("Jenis kelamin"), groups.by_sex),
        waiting_table(roster, training),
        cancelled_table(roster, training),
        replacements_table(roster),
        speakers_table(speakers, training),
    ]


def attendance_filename(summary: TrainingAttendance, extension: str) -> str:
    return f"kehadiran-{summary.training.slug}.{extension}"
