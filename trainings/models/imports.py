"""Excel imports: one row per uploaded file, from upload through preview to the result.

An ImportJob is the staff's handle on a background import (``trainings.imports``):
the uploaded ``.xlsx`` (kept in ``STORAGES["default"]`` under ``imports/``), what
validation found (errors, notes, the forecast counts), the progress of the task
working on it, and the outcome.

* a registrations import names its training, a registry import none — database
  ``importjob_training_iff_registrations``;
* progress never passes the row count — database ``importjob_progress_within_total``;
* the order of statuses (uploaded → validated/invalid → queued → running →
  done/failed) — ``trainings.imports.jobs``, which alone changes a job.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trainings.models.organizations import Organization
from trainings.models.trainings import Training


def import_upload_to(job: ImportJob, filename: str) -> str:
    """A random name: the person's own file name (often a list of people) is kept apart."""
    return timezone.now().strftime("imports/%Y/%m/") + f"{uuid.uuid4().hex}.xlsx"


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        REGISTRATIONS = "registrations", _("Pendaftaran pelatihan")
        PARTICIPANTS = "participants", _("Registri pilar sosial")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Sedang diperiksa")
        VALIDATED = "validated", _("Siap diimpor")
        INVALID = "invalid", _("Ada kesalahan")
        QUEUED = "queued", _("Menunggu giliran")
        RUNNING = "running", _("Sedang diimpor")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("lembaga"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    training = models.ForeignKey(
        Training,
        verbose_name=_("pelatihan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    file = models.FileField(_("berkas"), upload_to=import_upload_to, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    progress = models.PositiveIntegerField(_("baris diperiksa"), default=0)
    created = models.PositiveIntegerField(_("dibuat"), default=0)
    updated = models.PositiveIntegerField(_("diperbarui"), default=0)
    unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    # [{"row": 7, "column": "NIK", "message": "…"}]; row None for the whole file.
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    # Warnings and per-row remarks of the preview, same shape plus "level".
    notes = models.JSONField(_("catatan"), default=list, blank=True)
    # The outcome by registration status, e.g. {"confirmed": 40, "waitlisted": 2}.
    summary = models.JSONField(_("ringkasan"), default=dict, blank=True)
    failure = models.TextField(_("alasan gagal"), blank=True)
    # The uploader's language: the task writes its messages in it.
    language = models.CharField(_("bahasa"), max_length=5, choices=settings.LANGUAGES, default="id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor Excel")
        verbose_name_plural = _("impor Excel")
        constraints = [
            models.CheckConstraint(
                name="importjob_training_iff_registrations",
                condition=Q(kind="registrations", training__isnull=False)
                | Q(kind="participants", training__isnull=True),
            ),
            models.CheckConstraint(
                name="importjob_progress_within_total", condition=Q(progress__lte=F("total"))
            ),
        ]
        indexes = [
            # The import pages' "recent imports" of an organisation, newest first.
            models.Index(fields=["organization", "-created_at"], name="importjob_by_organization"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_name} ({self.get_status_display()})"

    @property
    def zone(self) -> str:
        """The zone its times are shown in: its training's, else that of its organisation's
        province, else the server's (no query once ``organization__region__parent__parent``
        is selected)."""
        if self.training_id is not None:
            return self.training.time_zone or self.training.zone_from_venue()
        region = self.organization.region
        while region is not None and region.level != "province":
            region = region.parent
        return region.timezone if region is not None else settings.TIME_ZONE

    @property
    def is_busy(self) -> bool:
        """A task has this job in hand (or will): the page keeps refreshing."""
        return self.status in (self.Status.UPLOADED, self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_applying(self) -> bool:
        """Past the re-check of every row, inside the one transaction that writes."""
        return self.status == self.Status.RUNNING and self.total > 0 and self.progress >= self.total

    @property
    def percent(self) -> int:
        return int(100 * self.progress / self.total) if self.total else 0
