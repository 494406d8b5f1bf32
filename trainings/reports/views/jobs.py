"""Exports: answered at once, or written by the task queue and fetched from their own page.

* ``export_or_queue`` — what an export view returns: the file itself when the
  export holds at most ``PILAR_EXPORT_INLINE_ROWS`` rows, otherwise a queued
  ``ExportJob`` (``reports.jobs``) and a redirect to its page. The export's own
  function (``reports.registry``) checks the scope either way.
* ``export_job`` (``/reports/exports/<id>/``) — one job: while a task works on it,
  progress that refreshes itself (htmx polls ``export_job_progress`` every 2 s;
  without JavaScript a ``<meta http-equiv=refresh>``), then the download link or
  why it failed; below, the user's recent exports (also ``export_list``,
  ``/reports/exports/``).
* ``export_job_download`` — the file, ``Cache-Control: no-store``.

A job is its requester's alone (``access.visible_export_jobs``): anyone else,
superusers included, gets 404. Whole NIKs in a queued file were put on the audit
trail when the task wrote it.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from trainings import access, nik_audit
from trainings.reports.jobs import export_job_create, write_export
from trainings.reports.registry import CSV, EXPORTS, csv_separator, export_kind_or_404
from trainings.reports.sheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from trainings.reports.views.common import download, no_store

CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}
RECENT_EXPORTS = 10


def export_or_queue(request, kind: str, params: dict, fmt: str):
    """The export ``kind`` with ``params`` as ``fmt`` ("xlsx"/"csv"), for ``request.user``:
    the file at once if it is small, else a queued job (redirect to its page)."""
    export_kind = export_kind_or_404(kind)
    if fmt not in export_kind.formats:
        raise Http404
    separator = csv_separator(params) if fmt == CSV else ","
    export = export_kind.open(request.user, params)
    if export.rows <= settings.PILAR_EXPORT_INLINE_ROWS:
        nik_audit.note_full_niks_shown(request, export.full_niks)
        content = _bytes(export, fmt, separator)
        return download(
            content, content_type=CONTENT_TYPES[fmt], filename=f"{export.filename}.{fmt}"
        )
    job = export_job_create(
        user=request.user,
        kind=kind,
        params=params,
        fmt=fmt,
        rows_expected=export.rows,
        language=request.LANGUAGE_CODE,
    )
    return redirect("reports:export_job", pk=job.pk)


def _bytes(export, fmt: str, separator: str) -> bytes:
    buffer = io.BytesIO()
    write_export(export, fmt, buffer, separator=separator)
    return buffer.getvalue()


def _label(job) -> str:
    kind = EXPORTS.get(job.kind)
    return str(kind.label) if kind is not None else job.kind


def _recent(user) -> dict:
    """The context of ``reports/_export_recent.html``: the user's latest exports."""
    jobs = list(access.visible_export_jobs(user).order_by("-created_at", "-pk")[:RECENT_EXPORTS])
    for job in jobs:
        job.label = _label(job)
    return {"recent": jobs, "retention_days": settings.PILAR_EXPORT_RETENTION_DAYS}


def _job_or_404(request, pk: int):
    job = get_object_or_404(access.visible_export_jobs(request.user), pk=pk)
    job.label = _label(job)
    return job


@require_safe
@access.staff_required
def export_job(request, pk: int):
    job = _job_or_404(request, pk)
    return render(request, "reports/export_job.html", {"job": job, **_recent(request.user)})


@require_safe
@access.staff_required
def export_job_progress(request, pk: int):
    """The progress partial htmx polls; once the task is done, the whole page reloads."""
    job = _job_or_404(request, pk)
    response = render(request, "reports/_export_progress.html", {"job": job})
    if not job.is_busy:
        response["HX-Refresh"] = "true"
    return response


@require_safe
@access.staff_required
def export_job_download(request, pk: int):
    job = _job_or_404(request, pk)
    if job.status != job.Status.DONE:
        raise Http404
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=CONTENT_TYPES.get(job.format),
    )
    return no_store(response)


@require_safe
@access.staff_required
def export_list(request):
    return render(request, "reports/exports.html", _recent(request.user))
