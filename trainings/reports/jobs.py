"""Background exports: an ExportJob's life, queued → running → done (a file) or failed.

* ``export_job_create`` keeps what was asked (kind, params, format, the user's
  language) and queues ``run_export_job`` in the same commit; a second request for
  the same export while one still waits in the queue gets that job back;
* ``run_export_job`` opens the export again *as the user* (``registry.EXPORTS``:
  the scope of the day it runs — a user who lost access, or whose account is gone
  or inactive, gets a failed job and no file), writes it with ``sheets`` to a
  temporary file, one row at a time (the rows are iterators wrapped to count them:
  ``rows_written`` is committed every ``PROGRESS_EVERY`` rows), then saves the file
  in ``STORAGES["default"]`` under ``exports/``. Whole NIKs written are put on the
  audit trail then (``nik_audit.record_full_niks_exported``);
* ``delete_expired_exports`` is the housekeeping step (``manage.py housekeeping``)
  that deletes jobs and their files after ``PILAR_EXPORT_RETENTION_DAYS``.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from trainings import access
from trainings.models import ExportJob
from trainings.nik_audit import record_full_niks_exported
from trainings.reports.registry import CSV, EXPORTS, Export, csv_separator
from trainings.reports.sheets import Table, write_csv, write_xlsx

logger = logging.getLogger(__name__)
Status = ExportJob.Status
PROGRESS_EVERY = 500


def write_export(export: Export, fmt: str, out: BinaryIO, *, separator: str = ",") -> None:
    """Write ``export`` to ``out`` as XLSX (every table a sheet) or CSV (the first table)."""
    if fmt == CSV:
        write_csv(export.tables[0], out, separator=separator)
    else:
        write_xlsx(export.tables, out)


def export_job_create(
    *, user, kind: str, params: dict, fmt: str, rows_expected: int, language: str = "id"
) -> ExportJob:
    """Queue an export for ``user`` (who was just let in by the export's own scope check).

    Side effects: an ExportJob (queued) and a ``run_export_job`` task on the queue,
    in one commit. The same export still waiting in the queue for this user is
    returned instead (a second click makes no second file); one already running is
    not, so a worker that died mid-export never blocks asking again.
    """
    with transaction.atomic():
        waiting = (
            ExportJob.objects.filter(
                user=user, kind=kind, params=params, format=fmt, status=Status.QUEUED
            )
            .order_by("-created_at")
            .first()
        )
        if waiting is not None:
            return waiting
        job = ExportJob.objects.create(
            user=user,
            organization_id=access.own_organization_id(user),
            kind=kind,
            params=params,
            format=fmt,
            language=language,
            rows_expected=rows_expected,
        )
        run_export_job.enqueue(job_id=job.pk)
    return job


class _Progress:
    """Counts the rows as the writer takes them, committing the count now and then."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.rows = 0

    def counted(self, rows: Iterable[list]) -> Iterator[list]:
        for row in rows:
            yield row
            # Asked for the next row: this one is written.
            self.rows += 1
            if self.rows % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=self.job_id).update(rows_written=self.rows)


def _fail(job_id: int, reason: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=Status.FAILED, error=reason, finished_at=timezone.now()
    )


def _open_as_user(job: ExportJob) -> Export | None:
    """The export as its user may see it today; None when they may not (any more)."""
    user = job.user
    kind = EXPORTS.get(job.kind)
    if user is None or not user.is_active or kind is None or job.format not in kind.formats:
        return None
    try:
        if not (user.is_superuser or access.membership_of(user)):
            return None
        return kind.open(user, job.params)
    except (Http404, PermissionDenied):
        return None


def _write_to_storage(job: ExportJob, export: Export, progress: _Progress) -> None:
    """Write through a temporary file (bounded memory), then keep it in the job's storage."""
    export.tables = [
        Table(title=table.title, headers=table.headers, rows=progress.counted(table.rows))
        for table in export.tables
    ]
    separator = csv_separator(job.params) if job.format == CSV else ","
    with tempfile.TemporaryFile() as scratch:
        write_export(export, job.format, scratch, separator=separator)
        scratch.seek(0)
        job.file.save(f"export.{job.format}", File(scratch), save=False)


@task()
def run_export_job(*, job_id: int) -> str:
    """Write one queued export to a file in the default storage; the job ends done or failed."""
    claimed = ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING
    )
    if not claimed:
        return "skipped"
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    progress = _Progress(job.pk)
    try:
        with translation.override(job.language):
            export = _open_as_user(job)
            if export is None:
                _fail(job.pk, _("Anda tidak lagi berhak atas data ini, jadi berkas tidak dibuat."))
                return Status.FAILED
            ExportJob.objects.filter(pk=job.pk).update(rows_expected=export.rows)
            _write_to_storage(job, export, progress)
    except Exception:
        logger.exception("Export job %s failed", job.pk)
        _fail(job.pk, _("Ekspor gagal karena kesalahan sistem. Silakan minta lagi."))
        raise
    finished = ExportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        status=Status.DONE,
        file=job.file.name,
        filename=f"{export.filename}.{job.format}",
        rows_written=progress.rows,
        rows_expected=max(export.rows, progress.rows),
        finished_at=timezone.now(),
    )
    if not finished:  # housekeeping deleted the job meanwhile: keep no file nobody can reach
        job.file.storage.delete(job.file.name)
        return "deleted"
    record_full_niks_exported(
        job.user, count=export.full_niks, export={"export": job.kind, "job": job.pk}
    )
    return Status.DONE


# --- housekeeping -------------------------------------------------------------------------------


def delete_expired_exports(*, now: datetime.datetime, dry_run: bool) -> str:
    """Delete the export jobs (and their files) made more than
    ``PILAR_EXPORT_RETENTION_DAYS`` before ``now``; with ``dry_run`` only count them.
    Returns the line ``manage.py housekeeping`` prints."""
    days = settings.PILAR_EXPORT_RETENTION_DAYS
    cutoff = now - datetime.timedelta(days=days)
    expired = ExportJob.objects.filter(created_at__lt=cutoff).order_by("pk")
    jobs = files = 0
    for job in expired.only("pk", "file").iterator(chunk_size=500):
        jobs += 1
        if job.file:
            files += 1
            if not dry_run:
                job.file.storage.delete(job.file.name)
        if not dry_run:
            job.delete()
    values = {"jobs": jobs, "files": files, "days": days}
    if dry_run:
        return (
            _(
                "Ekspor: %(jobs)s pekerjaan dan %(files)s berkas lebih tua dari %(days)s hari "
                "akan dihapus (uji coba, tidak ada yang dihapus)."
            )
            % values
        )
    return (
        _("Ekspor: %(jobs)s pekerjaan dan %(files)s berkas lebih tua dari %(days)s hari dihapus.")
        % values
    )
