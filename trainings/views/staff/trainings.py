"""Staff pages: the trainings list and a training's dashboard (seats per cell, what needs a
decision), with the dashboard's writes: cancel the training, release a quota's unfilled seats.

Scope comes from ``trainings.access``: outsiders get 404, readers (supervisors,
partners, a provincial agency looking at its regencies) see but may not POST
(403), regency operators see only their invitations (their nomination pages).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from trainings import access
from trainings.errors import PilarError
from trainings.forms.staff import TrainingCancelForm, TrainingFilterForm
from trainings.selectors import trainings as selectors
from trainings.services import training_cancel
from trainings.services.decisions import quota_release_unfilled

TRAININGS_PER_PAGE = 50


def query_without_page(request) -> str:
    """The GET filters, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
@access.staff_required
def training_list(request):
    form = TrainingFilterForm(request.GET, years=selectors.staff_training_years(user=request.user))
    trainings = selectors.staff_trainings(user=request.user, **form.filters())
    page = Paginator(trainings, TRAININGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/trainings.html",
        {
            "form": form,
            "page": page,
            "is_operator": access.is_operator(request.user),
            "query_without_page": query_without_page(request),
        },
    )


@require_safe
@access.staff_required
def training_dashboard(request, pk: int):
    training = access.staff_training_or_404(request.user, pk=pk)
    dashboard = selectors.training_dashboard(training=training)
    may_change = access.may_change_training(request.user, training.pk)
    return render(
        request,
        "staff/dashboard.html",
        {
            "training": training,
            "dashboard": dashboard,
            "may_change": may_change,
            "cancel_form": TrainingCancelForm() if may_change else None,
        },
    )


@require_POST
@access.staff_required
def training_cancel_view(request, pk: int):
    training = access.staff_training_or_404(request.user, pk=pk, write=True)
    form = TrainingCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("staff:dashboard", pk=training.pk)
    try:
        count = training_cancel(
            actor=request.user, training=training, reason=form.cleaned_data["reason"]
        )
    except PilarError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "Pelatihan dibatalkan; %(count)d pendaftaran ikut dibatalkan dan diberi tahu.",
                "Pelatihan dibatalkan; %(count)d pendaftaran ikut dibatalkan dan diberi tahu.",
                count,
            )
            % {"count": count},
        )
    return redirect("staff:dashboard", pk=training.pk)


@require_POST
@access.staff_required
def quota_release_view(request, pk: int, quota_pk: int):
    training = access.staff_training_or_404(request.user, pk=pk, write=True)
    quota = get_object_or_404(selectors.training_quotas(training), pk=quota_pk)
    label = selectors.cell_label(quota)
    try:
        result = quota_release_unfilled(actor=request.user, quota=quota)
    except PilarError as error:
        messages.error(request, error.message)
        return redirect("staff:dashboard", pk=training.pk)
    parts = [
        ngettext(
            "%(seats)d kursi kuota %(cell)s dilepas ke kursi umum",
            "%(seats)d kursi kuota %(cell)s dilepas ke kursi umum",
            result.released,
        )
        % {"seats": result.released, "cell": label}
    ]
    if result.deleted:
        parts.append(
            ngettext(
                "kuota dihapus; %(count)d pendaftaran pindah ke kursi umum",
                "kuota dihapus; %(count)d pendaftaran pindah ke kursi umum",
                result.moved,
            )
            % {"count": result.moved}
        )
    if result.promoted:
        parts.append(
            ngettext(
                "%(count)d naik dari daftar tunggu",
                "%(count)d naik dari daftar tunggu",
                len(result.promoted),
            )
            % {"count": len(result.promoted)}
        )
    messages.success(request, "; ".join(parts) + ".")
    return redirect("staff:dashboard", pk=training.pk)


urlpatterns = [
    path("", training_list, name="trainings"),
    path("trainings/<int:pk>/", training_dashboard, name="dashboard"),
    path("trainings/<int:pk>/cancel/", training_cancel_view, name="training_cancel"),
    path(
        "trainings/<int:pk>/quotas/<int:quota_pk>/release/",
        quota_release_view,
        name="quota_release",
    ),
]
