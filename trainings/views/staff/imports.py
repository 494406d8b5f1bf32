"""Staff pages: Excel imports — upload, preview, confirm, progress and result.

* ``import_registrations`` (``/staff/trainings/<pk>/import/``) — the writers of
  a training (``access.training_or_404(write=True)``) upload a list of
  participants; readers get 403, outsiders and regency operators 404.
* ``import_participants`` (``/staff/import/registry/``) — agency admins and
  training staff load their organisation's pilar sosial registry; everyone
  else (supervisors, operators, and superusers without an organisation) 404.
* ``import_job`` (``/staff/imports/<id>/``) — one job: while a task works on it,
  progress that refreshes itself (htmx polls ``import_job_progress`` every 2 s;
  without JavaScript a ``<meta http-equiv=refresh>``), then the errors, or the
  preview with its confirm button, or the result. A job of another agency is
  a 404.
* ``import_template`` — the empty .xlsx of either kind.

Every page costs a constant number of queries; the work happens on the task queue.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from trainings import access
from trainings.errors import PilarError
from trainings.forms.imports import XLSX, ImportUploadForm
from trainings.imports.jobs import import_job_confirm, import_job_create
from trainings.imports.problems import ERROR, INFO, WARNING, Problem
from trainings.imports.workbook import TEMPLATE_FILENAMES, build_template
from trainings.models import ImportJob, Organization, Registration
from trainings.selectors.imports import import_jobs_recent

Kind = ImportJob.Kind


def _upload_page(request, *, kind: str, organization: Organization, training=None):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_create(
            actor=request.user,
            kind=kind,
            upload=form.cleaned_data["file"],
            organization=organization,
            training=training,
            language=request.LANGUAGE_CODE,
        )
        return redirect("staff:import_job", pk=job.pk)
    recent = import_jobs_recent(
        request.user, kind=kind, organization=organization, training=training
    )
    return render(
        request,
        "staff/import_upload.html",
        {
            "kind": kind,
            "training": training,
            "organization": organization,
            "form": form,
            "recent": recent,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@access.staff_required
def import_registrations(request, pk: int):
    training = access.staff_training_or_404(request.user, pk=pk, write=True)
    return _upload_page(
        request, kind=Kind.REGISTRATIONS, organization=training.organizer, training=training
    )


@require_http_methods(["GET", "HEAD", "POST"])
@access.staff_required
def import_participants(request):
    organization = access.registry_organization_or_404(request.user)
    return _upload_page(request, kind=Kind.PARTICIPANTS, organization=organization)


@require_safe
@access.staff_required
def import_template(request, kind: str):
    if kind not in TEMPLATE_FILENAMES:
        raise Http404
    response = HttpResponse(build_template(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAMES[kind]}"'
    return response


def _problems(rows: list[dict], level: str) -> list[Problem]:
    problems = [Problem.from_dict(row) for row in rows]
    return [problem for problem in problems if problem.level == level]


@require_safe
@access.staff_required
def import_job(request, pk: int):
    job = get_object_or_404(access.visible_import_jobs(request.user), pk=pk)
    return render(
        request,
        "staff/import_job.html",
        {
            "job": job,
            "errors": _problems(job.errors, ERROR),
            "warnings": _problems(job.notes, WARNING),
            "remarks": _problems(job.notes, INFO),
            "outcome": [
                (Registration.Status(status).label, count)
                for status, count in sorted(job.summary.items())
            ],
        },
    )


@require_safe
@access.staff_required
def import_job_progress(request, pk: int):
    """The progress partial htmx polls; once the task is done, the whole page reloads."""
    job = get_object_or_404(access.visible_import_jobs(request.user), pk=pk)
    response = render(request, "staff/_import_progress.html", {"job": job})
    if not job.is_busy:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@access.staff_required
def import_job_confirm_view(request, pk: int):
    job = get_object_or_404(access.visible_import_jobs(request.user), pk=pk)
    try:
        import_job_confirm(actor=request.user, job=job)
    except PilarError as error:
        messages.error(request, error.message)
    return redirect("staff:import_job", pk=job.pk)


urlpatterns = [
    path("trainings/<int:pk>/import/", import_registrations, name="import_registrations"),
    path("import/registry/", import_participants, name="import_participants"),
    path("import/template/<str:kind>.xlsx", import_template, name="import_template"),
    path("imports/<int:pk>/", import_job, name="import_job"),
    path("imports/<int:pk>/progress/", import_job_progress, name="import_job_progress"),
    path("imports/<int:pk>/confirm/", import_job_confirm_view, name="import_job_confirm"),
]
