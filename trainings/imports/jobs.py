"""An ImportJob's life: upload → validate (task) → preview → confirm → apply (task) → result.

* ``import_job_create`` stores the file in ``STORAGES["default"]`` (``imports/``)
  and queues ``validate_import_job``;
* ``validate_import_job`` reads and checks every row (no writes), committing
  ``progress`` every ``PROGRESS_EVERY`` rows, and leaves the job *validated*
  (with the forecast counts and per-row notes) or *invalid* (with every error);
* ``import_job_confirm`` turns a validated job into *queued* and queues
  ``apply_import_job``, once;
* ``apply_import_job`` checks every row again (the data may have changed since
  the preview; progress as above), then applies the plan in one transaction
  — the page shows "menerapkan…" meanwhile, since nothing inside that
  transaction is visible before its commit — and leaves the job *done* with
  its counts, or *failed* with the reason (nothing written).

Scope: a job's file may name people already stored only if its uploader can see
them (``rows.refuse_outside_scope``), checked both times the rows are read; a job
whose uploader's account is gone may name only new people.

The same ``plan_file``/``apply_plan`` serve the management commands, without a job
and without a scope (whoever runs them holds the database).
"""

from __future__ import annotations

import logging
from typing import IO

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from trainings.errors import PilarError
from trainings.imports.bulk import registrations_apply
from trainings.imports.problems import Outcome, Plan
from trainings.imports.registrations import ProgressCallback, registrations_plan
from trainings.imports.registry import registry_apply, registry_plan
from trainings.imports.workbook import COLUMNS, read_sheet
from trainings.models import ImportJob, Organization, Training

logger = logging.getLogger(__name__)
Kind = ImportJob.Kind
Status = ImportJob.Status


class ImportNotAllowed(PilarError):
    """The job is not in a state that allows this step."""


def plan_file(
    *,
    kind: str,
    file: IO[bytes],
    user,
    training: Training | None = None,
    organization: Organization | None = None,
    on_total=None,
    on_progress: ProgressCallback | None = None,
) -> Plan:
    """Read and validate an import file of ``kind``; no writes. People already stored
    must be in ``user``'s scope (None: no bound, for the management commands)."""
    sheet = read_sheet(file, COLUMNS[kind])
    if on_total is not None:
        on_total(len(sheet.rows))
    if kind == Kind.REGISTRATIONS:
        return registrations_plan(
            training=training, sheet=sheet, user=user, on_progress=on_progress
        )
    return registry_plan(organization=organization, sheet=sheet, user=user, on_progress=on_progress)


def apply_plan(
    *,
    kind: str,
    plan: Plan,
    actor,
    training: Training | None = None,
    organization: Organization | None = None,
) -> Outcome:
    """Apply a valid plan in one transaction (all or nothing)."""
    if kind == Kind.REGISTRATIONS:
        return registrations_apply(training=training, plan=plan, actor=actor)
    return registry_apply(organization=organization, plan=plan, actor=actor)


def import_job_create(
    *,
    actor,
    kind: str,
    upload,
    organization: Organization,
    training: Training | None = None,
    language: str = "id",
) -> ImportJob:
    """Keep an uploaded file and queue its validation.

    Side effects: the file in the default storage under ``imports/``; an
    ImportJob (uploaded); a ``validate_import_job`` task on the queue (same
    commit as the job).
    """
    job = ImportJob(
        kind=kind,
        organization=organization,
        training=training,
        original_name=(upload.name or "impor.xlsx")[:255],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        language=language,
    )
    job.file.save(upload.name or "impor.xlsx", upload, save=False)
    with transaction.atomic():
        job.save()
        validate_import_job.enqueue(job_id=job.pk)
    return job


def import_job_confirm(*, actor, job: ImportJob) -> ImportJob:
    """Staff confirm a validated preview: the job is queued for applying, once.

    Side effects: status queued; an ``apply_import_job`` task on the queue.
    Raises ``ImportNotAllowed`` unless the job is validated (a second click
    finds it queued already).
    """
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.VALIDATED:
            raise ImportNotAllowed(_("Impor ini tidak menunggu konfirmasi."))
        locked.status = Status.QUEUED
        locked.save(update_fields=["status", "updated_at"])
        apply_import_job.enqueue(job_id=locked.pk)
    return locked


# --- tasks ------------------------------------------------------------------------------


def _load(job_id: int) -> ImportJob:
    return ImportJob.objects.select_related(
        "training__organizer", "organization", "created_by"
    ).get(pk=job_id)


def _plan(job: ImportJob) -> Plan:
    """Read and check the job's file, committing the row count and the progress."""

    def on_total(total: int) -> None:
        job.total, job.progress = total, 0
        ImportJob.objects.filter(pk=job.pk).update(total=total, progress=0)

    def on_progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(progress=done)

    with job.file.open("rb") as file:
        plan = plan_file(
            kind=job.kind,
            file=file,
            user=job.created_by or AnonymousUser(),
            training=job.training,
            organization=job.organization,
            on_total=on_total,
            on_progress=on_progress,
        )
    job.progress = job.total
    ImportJob.objects.filter(pk=job.pk).update(progress=job.total)
    return plan


def _keep_plan(job: ImportJob, plan: Plan) -> None:
    job.errors = [problem.as_dict() for problem in plan.errors]
    job.notes = [problem.as_dict() for problem in plan.notes]
    job.error_count = len(plan.errors)
    job.created, job.updated, job.unchanged = plan.created, plan.updated, plan.unchanged


def _fail(job: ImportJob, reason: str) -> None:
    job.status, job.failure, job.finished_at = Status.FAILED, reason, timezone.now()
    job.save()


@task()
def validate_import_job(*, job_id: int) -> str:
    """Check every row of an uploaded file; the job ends validated or invalid."""
    job = _load(job_id)
    if job.status != Status.UPLOADED:
        return job.status
    try:
        with translation.override(job.language):
            plan = _plan(job)
    except Exception:
        _fail(job, _("Pemeriksaan berkas gagal karena kesalahan sistem. Coba unggah lagi."))
        raise
    _keep_plan(job, plan)
    job.status = Status.VALIDATED if plan.is_valid else Status.INVALID
    job.save()
    return job.status


@task()
def apply_import_job(*, job_id: int) -> str:
    """Check every row again, then apply the file in one transaction; done or failed."""
    job = _load(job_id)
    if job.status != Status.QUEUED:
        return job.status
    job.status, job.progress = Status.RUNNING, 0  # rows are checked again before applying
    job.save(update_fields=["status", "progress", "updated_at"])
    with translation.override(job.language):
        try:
            plan = _plan(job)
            if not plan.is_valid:
                _keep_plan(job, plan)
                _fail(
                    job,
                    _(
                        "Data di Pilar berubah sejak pemeriksaan, sehingga berkas ini tidak "
                        "lagi valid. Tidak ada yang disimpan; perbaiki baris di bawah lalu "
                        "unggah lagi."
                    ),
                )
                return job.status
            outcome = apply_plan(
                kind=job.kind,
                plan=plan,
                actor=job.created_by,
                training=job.training,
                organization=job.organization,
            )
        except PilarError as error:
            _fail(job, _("Tidak ada yang disimpan: %(reason)s") % {"reason": error.message})
            return job.status
        except Exception:
            logger.exception("Import job %s failed", job.pk)
            _fail(job, _("Impor gagal karena kesalahan sistem; tidak ada yang disimpan."))
            raise
    job.notes = [problem.as_dict() for problem in plan.notes]
    job.created, job.updated, job.unchanged = outcome.created, outcome.updated, outcome.unchanged
    job.summary = outcome.summary
    job.status, job.finished_at = Status.DONE, timezone.now()
    job.save()
    return job.status
