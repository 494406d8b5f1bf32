"""Background exports: one row per export too big to answer at once (``trainings.reports.jobs``).

An ExportJob is a user's handle on a spreadsheet written by the task queue: which
export (``kind``, a key of ``trainings.reports.jobs.EXPORTS``; not a model choice,
so a new export needs no migration) with which parameters, in which format, how far
the task got, and the file (kept in ``STORAGES["default"]`` under ``exports/``).
Only the user who asked sees the job and its file; ``manage.py housekeeping``
deletes both after ``PILAR_EXPORT_RETENTION_DAYS``.

* a file exactly when the job is done — database ``exportjob_file_iff_done``;
* a finish time exactly when the job has ended (done or failed) — database
  ``exportjob_finished_iff_ended``;
* the order of statuses (queued → running → done/failed) —
  ``trainings.reports.jobs``, which alone changes a job.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trainings.models.organizations import Organization


def export_upload_to(job: ExportJob, filename: str) -> str:
    """A random name under ``exports/``: the download name (a training's slug) is kept apart."""
    return timezone.now().strftime("exports/%Y/%m/") + f"{uuid.uuid4().hex}.{job.format}"


class ExportJob(models.Model):
    class Format(models.TextChoices):
        XLSX = "xlsx", _("Berkas Excel (.xlsx)")
        CSV = "csv", _("Berkas CSV")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu giliran")
        RUNNING = "running", _("Sedang ditulis")
        DONE = "done", _("Siap diunduh")
        FAILED = "failed", _("Gagal")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        null=True,  # an account deleted later leaves a job nobody sees, until housekeeping
        blank=True,
        on_delete=models.SET_NULL,
        related_name="export_jobs",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("lembaga"),
        null=True,  # a superuser belongs to none
        blank=True,
        on_delete=models.PROTECT,
        related_name="export_jobs",
    )
    kind = models.CharField(_("jenis"), max_length=40)
    # What the export function reads, e.g. {"training": 7, "sep": ";"}.
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    format = models.CharField(_("format berkas"), max_length=4, choices=Format.choices)
    # The requester's language: headers and messages are written in it.
    language = models.CharField(_("bahasa"), max_length=5, choices=settings.LANGUAGES, default="id")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_written = models.PositiveIntegerField(_("baris ditulis"), default=0)
    rows_expected = models.PositiveIntegerField(_("baris diperkirakan"), default=0)
    file = models.FileField(_("berkas"), upload_to=export_upload_to, max_length=200, blank=True)
    filename = models.CharField(_("nama berkas"), max_length=200, blank=True)
    error = models.TextField(_("alasan gagal"), blank=True)
    created_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("ekspor")
        verbose_name_plural = _("ekspor")
        constraints = [
            models.CheckConstraint(
                name="exportjob_file_iff_done",
                condition=Q(status="done", file__gt="") | (~Q(status="done") & Q(file="")),
            ),
            models.CheckConstraint(
                name="exportjob_finished_iff_ended",
                condition=Q(status__in=["done", "failed"], finished_at__isnull=False)
                | Q(status__in=["queued", "running"], finished_at__isnull=True),
            ),
        ]
        indexes = [
            # A user's recent exports, newest first.
            models.Index(fields=["user", "-created_at"], name="exportjob_by_user"),
            # Housekeeping: the jobs older than the retention period.
            models.Index(fields=["created_at"], name="exportjob_by_age"),
        ]

    def __str__(self) -> str:
        name = self.filename or self.get_format_display()
        return f"{self.kind} · {name} ({self.get_status_display()})"

    @property
    def is_busy(self) -> bool:
        """A task has this job in hand (or will): the page keeps refreshing."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        """How far the writing is, 0–100 (100 once done, whatever the estimate said)."""
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_expected:
            return 0
        return min(100, int(100 * self.rows_written / self.rows_expected))
