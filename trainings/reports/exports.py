"""The one-training attendance report as a spreadsheet (``sheets`` writes it).

One row per counted person: the session statuses, attended, excused, total (in
the training's completion basis), the rate as a percentage and whether the
completion rule is met. Headers follow the active language.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from trainings.formatting import local_date, local_time, nik_for
from trainings.reports.attendance import PersonAttendance, TrainingAttendance
from trainings.reports.breakdowns import regency_of
from trainings.reports.sheets import Percent, Table, Text, csv_bytes, xlsx_bytes

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


def attendance_xlsx(summary: TrainingAttendance, *, full_nik: bool) -> bytes:
    return xlsx_bytes([attendance_table(summary, full_nik=full_nik)])


def attendance_csv(summary: TrainingAttendance, *, full_nik: bool, separator: str = ",") -> bytes:
    return csv_bytes(attendance_table(summary, full_nik=full_nik), separator=separator)


def attendance_filename(summary: TrainingAttendance, extension: str) -> str:
    return f"kehadiran-{summary.training.slug}.{extension}"
