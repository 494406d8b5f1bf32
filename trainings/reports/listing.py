"""The reports' index: the trainings a user may see, filtered, with their figures.

A training's phase (draft, upcoming, running, finished, cancelled) follows
``Training.phase``: the status, and for a published training today's date *in
its own zone* against its dates. Here it is computed in SQL
(``timezone(t.time_zone, now)::date``), so a page filters by phase in the same
query that lists it, correctly for WIB, WITA and WIT alike. The figures come
from ``completion.training_figures`` (one query for the page's trainings), over
the operator's cells only for a regency operator.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, F, Func, Q, QuerySet, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trainings.models import Training
from trainings.reports.completion import TrainingFigures, training_figures
from trainings.reports.sheets import Percent, Table


class Phase(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draf")
    UPCOMING = "upcoming", gettext_lazy("Akan datang")
    RUNNING = "running", gettext_lazy("Berlangsung")
    FINISHED = "finished", gettext_lazy("Selesai")
    CANCELLED = "cancelled", gettext_lazy("Dibatalkan")


def local_today(now: datetime.datetime) -> Cast:
    """Each training's date at ``now`` in its own zone (PostgreSQL ``timezone(zone, ts)``)."""
    at_zone = Func(
        F("time_zone"),
        Value(now, output_field=models.DateTimeField()),
        function="timezone",
        output_field=models.DateTimeField(),
    )
    return Cast(at_zone, models.DateField())


def with_phase(trainings: QuerySet[Training], *, now: datetime.datetime) -> QuerySet[Training]:
    """``trainings`` annotated with ``report_phase`` (a ``Phase`` value)."""
    today = local_today(now)
    status = Training.Status
    return trainings.annotate(
        report_phase=Case(
            When(status=status.DRAFT, then=Value(Phase.DRAFT.value)),
            When(status=status.CANCELLED, then=Value(Phase.CANCELLED.value)),
            When(starts_on__gt=today, then=Value(Phase.UPCOMING.value)),
            When(ends_on__lt=today, then=Value(Phase.FINISHED.value)),
            default=Value(Phase.RUNNING.value),
            output_field=models.CharField(),
        )
    )


def filtered_trainings(
    trainings: QuerySet[Training], filters: dict, *, now: datetime.datetime
) -> QuerySet[Training]:
    """``trainings`` (already scoped) with their phase, narrowed by the index's cleaned
    filters (``year``, ``organizer``, ``field``, ``kind``, ``phase``; empty means any),
    newest first."""
    query = Q()
    if filters.get("year"):
        query &= Q(fiscal_year=filters["year"])
    if filters.get("organizer"):
        query &= Q(organizer=filters["organizer"])
    if filters.get("field"):
        query &= Q(field=filters["field"])
    if filters.get("kind"):
        query &= Q(kind=filters["kind"])
    if filters.get("phase"):
        query &= Q(report_phase=filters["phase"])
    return (
        with_phase(trainings, now=now)
        .filter(query)
        .select_related("organizer")
        .order_by("-starts_on", "-pk")
    )


@dataclass
class IndexRow:
    training: Training
    figures: TrainingFigures

    @property
    def phase_label(self) -> str:
        return str(Phase(self.training.report_phase).label)


def index_rows(
    trainings: list[Training], *, now: datetime.datetime, cell_region: str | None
) -> list[IndexRow]:
    """Each training (annotated by ``filtered_trainings``) with its figures: one query."""
    if not trainings:
        return []
    figures = training_figures(
        Training.objects.filter(pk__in=[t.pk for t in trainings]),
        now=now,
        cell_region=cell_region,
    )
    return [IndexRow(t, figures.get(t.pk, TrainingFigures())) for t in trainings]


def index_headers() -> list[str]:
    return [
        _("Pelatihan"),
        _("Penyelenggara"),
        _("Tahun anggaran"),
        _("Bidang"),
        _("Jenis"),
        _("Tahap"),
        _("Tanggal mulai"),
        _("Tanggal selesai"),
        _("Zona waktu"),
        _("Peserta terdaftar"),
        _("Hadir minimal satu sesi"),
        _("Memenuhi syarat kelulusan"),
        _("Persentase kehadiran"),
    ]


def _rows(rows: list[IndexRow]) -> Iterator[list]:
    for row in rows:
        training, figures = row.training, row.figures
        yield [
            training.title,
            training.organizer.name,
            training.fiscal_year,
            training.field,
            training.get_kind_display(),
            row.phase_label,
            training.starts_on,
            training.ends_on,
            training.zone_label,
            figures.confirmed,
            figures.attended_any,
            figures.completed,
            None if figures.rate is None else Percent(figures.rate),
        ]


def index_table(rows: list[IndexRow]) -> Table:
    """The filtered index as one sheet (every matching training, not one page)."""
    return Table(title=_("Pelatihan"), headers=index_headers(), rows=_rows(rows))
