"""The period summary as tables, charts and a PDF.

``period_tables`` gives the XLSX's three sheets (totals, role × regency,
monthly), ``role_regency_table`` the CSV's one; ``period_charts`` the trend and
the participants by role and by regency, drawn on the page by Chart.js and in
the PDF as SVG (``charts.svg``). The PDF wears the letterhead of the reader's
organisation, built by the daftar hadir's own pieces
(``documents/attendance/letterhead.py``, ``templates/documents/_letterhead.html``
and its stylesheet).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from participants.models import Region
from trainings.documents.attendance.letterhead import (
    organization_letterhead,
    organization_logo_src,
    organization_signatory,
    town_of,
)
from trainings.formatting import long_datetime
from trainings.models import Organization
from trainings.reports.charts import BAR, LINE, Chart, Series, svg
from trainings.reports.period import Figures, GroupRow, MonthRow, PeriodSummary
from trainings.reports.sheets import Percent, Table


@dataclass
class PeriodScope:
    """What the summary covers, in words: the year and the filters chosen."""

    year: int
    organizer: str = ""
    role: str = ""
    regency: str = ""

    def lines(self) -> list[tuple[str, str]]:
        return [
            (_("Tahun anggaran"), str(self.year)),
            (_("Penyelenggara"), self.organizer or _("Semua penyelenggara")),
            (_("Unsur"), self.role or _("Semua unsur")),
            (_("Kabupaten/kota"), self.regency or _("Semua kabupaten/kota")),
        ]


def _percent(value) -> Percent | None:
    return None if value is None else Percent(value)


def month_label(month: datetime.date) -> str:
    return formats.date_format(month, "F Y")


def regency_label(row: GroupRow) -> str:
    if row.regency_name:
        return row.regency_name
    return row.regency_code or _("Tidak diketahui")


def totals_rows(summary: PeriodSummary, scope: PeriodScope) -> list[list]:
    totals, figures = summary.totals, summary.totals.figures
    return [
        *([label, value] for label, value in scope.lines()),
        [_("Pelatihan terlaksana"), totals.trainings_held],
        [_("Peserta lulus (orang)"), figures.people_trained],
        [_("Peserta (orang)"), figures.participants],
        [_("Hari-orang"), figures.person_days],
        [_("JP terlaksana"), totals.jp],
        [_("Persentase kehadiran"), _percent(figures.rate)],
        [_("Persentase kelulusan"), _percent(figures.completion_rate)],
        [_("Pendaftaran dihitung"), figures.registrations],
        [_("Pendaftaran belum dapat dinilai"), figures.undecided],
    ]


def _figure_cells(figures: Figures) -> list:
    return [
        figures.participants,
        figures.people_trained,
        figures.person_days,
        figures.registrations,
        _percent(figures.rate),
        _percent(figures.completion_rate),
    ]


def _figure_headers() -> list[str]:
    return [
        _("Peserta (orang)"),
        _("Peserta lulus (orang)"),
        _("Hari-orang"),
        _("Pendaftaran dihitung"),
        _("Persentase kehadiran"),
        _("Persentase kelulusan"),
    ]


def _role_regency_rows(summary: PeriodSummary) -> Iterator[list]:
    for row in summary.by_role_regency:
        yield [row.role_name, regency_label(row), row.regency_code, *_figure_cells(row.figures)]


def role_regency_table(summary: PeriodSummary) -> Table:
    return Table(
        title=_("Unsur × kabupaten-kota"),
        headers=[_("Unsur"), _("Kabupaten/kota"), _("Kode wilayah"), *_figure_headers()],
        rows=_role_regency_rows(summary),
    )


def _month_rows(months: list[MonthRow]) -> Iterator[list]:
    for row in months:
        yield [month_label(row.month), row.trainings_held, row.jp, *_figure_cells(row.figures)]


def monthly_table(summary: PeriodSummary) -> Table:
    return Table(
        title=_("Per bulan"),
        headers=[_("Bulan"), _("Pelatihan terlaksana"), _("JP terlaksana"), *_figure_headers()],
        rows=_month_rows(summary.months),
    )


def period_tables(summary: PeriodSummary, *, scope: PeriodScope) -> list[Table]:
    """The XLSX's sheets: totals, role × regency, monthly."""
    return [
        Table(
            title=_("Ringkasan"),
            headers=[_("Angka"), _("Nilai")],
            rows=totals_rows(summary, scope),
        ),
        role_regency_table(summary),
        monthly_table(summary),
    ]


def period_charts(summary: PeriodSummary) -> list[Chart]:
    """The monthly trend of the two rates (line), and participants by role and by
    regency (bars)."""
    months = summary.months
    return [
        Chart(
            key="trend",
            title=_("Persentase kehadiran dan kelulusan per bulan"),
            labels=[month_label(row.month) for row in months],
            series=[
                Series(_("Kehadiran"), [row.figures.rate for row in months]),
                Series(_("Kelulusan"), [row.figures.completion_rate for row in months]),
            ],
            kind=LINE,
            percent=True,
        ),
        Chart(
            key="roles",
            title=_("Peserta menurut unsur"),
            labels=[row.role_name for row in summary.by_role],
            series=[
                Series(_("Peserta"), [row.figures.participants for row in summary.by_role]),
                Series(_("Lulus"), [row.figures.people_trained for row in summary.by_role]),
            ],
            kind=BAR,
        ),
        Chart(
            key="regencies",
            title=_("Peserta menurut kabupaten/kota"),
            labels=[regency_label(row) for row in summary.by_regency],
            series=[
                Series(_("Peserta"), [row.figures.participants for row in summary.by_regency]),
                Series(_("Lulus"), [row.figures.people_trained for row in summary.by_regency]),
            ],
            kind=BAR,
        ),
    ]


def period_filename(scope: PeriodScope, extension: str) -> str:
    return f"ringkasan-periode-{scope.year}.{extension}"


def _zone_and_place(organization: Organization | None) -> tuple[str, str]:
    """The organisation's zone (its province's) and its town, for the printed footer and
    the signature; Pilar's own zone and no town without one."""
    if organization is None or not organization.region_id:
        return timezone.get_default_timezone_name(), ""
    province = Region.objects.only("timezone").get(code=organization.region_id[:2])
    return province.timezone or timezone.get_default_timezone_name(), town_of(organization.region)


def printed(value) -> str:
    """A cell as printed: a percentage with one decimal, a dash for nothing."""
    if value is None:
        return "–"
    if isinstance(value, Percent):
        return f"{formats.number_format(value, 1)}%"
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    return str(value)


def period_html(
    summary: PeriodSummary,
    *,
    scope: PeriodScope,
    organization: Organization | None,
    printed_at: datetime.datetime,
) -> str:
    zone, place = _zone_and_place(organization)
    local_day = timezone.localtime(printed_at, ZoneInfo(zone)).date()
    charts = period_charts(summary)
    return render_to_string(
        "documents/period_summary.html",
        {
            "summary": summary,
            "scope": scope,
            "totals": [
                (label, printed(value))
                for label, value in totals_rows(summary, scope)[len(scope.lines()) :]
            ],
            "tables": [
                (table.title, table.headers, [[printed(v) for v in row] for row in table.rows])
                for table in (role_regency_table(summary), monthly_table(summary))
            ],
            "charts": [(chart, svg(chart)) for chart in charts if not chart.empty],
            "letterhead": organization_letterhead(organization) if organization else [],
            "logo_src": organization_logo_src(organization) if organization else "",
            "signatory": organization_signatory(organization, place=place, day=local_day)
            if organization
            else None,
            "author": organization.name if organization else "Pilar",
            "printed": long_datetime(printed_at, zone),
        },
    )


def period_pdf(
    summary: PeriodSummary,
    *,
    scope: PeriodScope,
    organization: Organization | None,
    printed_at: datetime.datetime,
) -> bytes:
    """The summary as an A4 PDF under the organisation's letterhead, in Indonesian like
    every printed document. Reads the organisation's province (one query); no side
    effects."""
    from trainings.documents.pdf import html_to_pdf

    with translation.override("id"):
        html = period_html(summary, scope=scope, organization=organization, printed_at=printed_at)
    return html_to_pdf(html)
