"""Staff pages: nominations by regency operators, and their review by the organiser's staff.

* ``nominations`` — a regency operator's own cells of a training (seats,
  confirmed, pending, the people nominated, reasons when sent back), a search
  of the registry, nominate a found person or add a new one, and nominate a
  replacement (``?pengganti=<code>``) for a sent-back or cancelled nomination;
  withdrawing a nominee (``?tarik=<code>``) is ``withdrawals``'s, and the page
  itself ``nomination_page``'s.
  The search is posted (a NIK never goes into a URL; a NIK in ``?q=`` is
  refused; a name there still works). Nominating someone stored outside the
  operator's scope — found or typed as a "new person" — gets one answer that
  tells nothing about them (``access.NIK_OUTSIDE_SCOPE``). Everyone else is
  sent on to the review.
* ``nomination_review`` — the nominations grouped by regency and cell; the
  organiser's writers confirm or send back, supervisors and overseeing
  agencies only read. Operators never see it (other regencies' cells): 404.

Scope is ``trainings.access``'s: a training outside the user's scope is a 404,
a cell that is not the operator's is an invalid choice (nothing written), a
read-only user's POST is a 403. Every page costs a constant number of queries.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trainings import access
from trainings.errors import PilarError, TrainingBusy
from trainings.forms import NewPersonForm, NominateForm, Placement, ReturnForm
from trainings.http import service_unavailable
from trainings.models import Registration, Training
from trainings.selectors import nominations as selectors
from trainings.services import registration_confirm
from trainings.services.nominations import nomination_return, nomination_submit
from trainings.views.staff.nomination_page import (
    cell_success,
    page_url,
    placements_of,
    render_operator_page,
)

# --- the operator's page ----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@access.staff_required
def nominations(request, pk: int):
    """The operator's cells, search (posted) and forms; other staff go on to the review."""
    if not access.is_operator(request.user):
        access.training_or_404(request.user, pk=pk)
        return redirect("staff:nomination_review", pk=pk)
    training = access.training_or_404(request.user, pk=pk)
    return render_operator_page(request, training)


def _submit(request, training: Training, *, person, placement: Placement, replaces):
    """Call the service; the error message to show, or None on success."""
    try:
        result = nomination_submit(
            actor=request.user,
            training=training,
            quota=placement.quota,
            person=person,
            role=placement.role,
            replaces=replaces,
        )
    except TrainingBusy:
        raise  # a 503 page, not a form error
    except PilarError as error:
        return error.message
    registration = result.registration
    cell_success(
        request,
        placement.quota.pk,
        _("%(name)s diusulkan ke %(cell)s (%(status)s).")
        % {
            "name": registration.participant.full_name,
            "cell": placement.label,
            "status": registration.get_status_display().lower(),
        },
    )
    return None


@require_POST
@access.staff_required
def nominate(request, pk: int):
    """Nominate a person found in the registry into one of the operator's cells."""
    training = access.operator_training_or_403(request.user, pk=pk)
    user = request.user
    cells = selectors.operator_cells_with_roles(user, training)
    form = NominateForm(
        request.POST,
        people=access.visible_participants(user),
        placements=[p for ps in placements_of(training, cells).values() for p in ps],
        replaceable=selectors.nomination_replaceable(user, training),
    )
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        return render_operator_page(request, training, errors=errors, status=400)
    data = form.cleaned_data
    try:
        error = _submit(
            request,
            training,
            person=data["participant"],
            placement=data["placement"],
            replaces=data["replaces"],
        )
    except TrainingBusy as busy:
        return service_unavailable(request, busy.message)
    if error:
        return render_operator_page(request, training, errors=[error], status=400)
    return redirect(page_url(training, anchor=f"sel-{data['placement'].quota.pk}"))


@require_POST
@access.staff_required
def nominate_new(request, pk: int):
    """Add a new person (through the same service path) and nominate them."""
    training = access.operator_training_or_403(request.user, pk=pk)
    user = request.user
    cells = selectors.operator_cells_with_roles(user, training)
    form = NewPersonForm(
        request.POST,
        regency=access.membership_of(user).region,
        placements=[p for ps in placements_of(training, cells).values() for p in ps],
        replaceable=selectors.nomination_replaceable(user, training),
    )
    if not form.is_valid():
        return render_operator_page(request, training, new_form=form, status=400)
    data = form.cleaned_data
    try:
        error = _submit(
            request,
            training,
            person=form.person_details(),
            placement=data["placement"],
            replaces=data["replaces"],
        )
    except TrainingBusy as busy:
        return service_unavailable(request, busy.message)
    if error:
        form.add_error(None, error)
        return render_operator_page(request, training, new_form=form, status=400)
    return redirect(page_url(training, anchor=f"sel-{data['placement'].quota.pk}"))


# --- the organiser's review -------------------------------------------------------------------


@require_GET
@access.staff_required
def review(request, pk: int):
    """Nominations by regency and cell; confirm / send back for the organiser's writers."""
    if access.is_operator(request.user):
        raise Http404
    training = access.training_or_404(request.user, pk=pk)
    cells = selectors.nomination_review_cells(training)
    context = {
        "training": training,
        "cells": cells,
        "may_decide": access.may_change_training(request.user, training.pk),
    }
    return render(request, "staff/nominations_review.html", context)


def _review_url(training: Training, registration: Registration) -> str:
    url = reverse("staff:nomination_review", kwargs={"pk": training.pk})
    return f"{url}#sel-{registration.quota_id}"


@require_POST
@access.staff_required
def confirm(request, pk: int, code: str):
    training, registration = access.nomination_for_decision_or_404(request.user, pk=pk, code=code)
    try:
        registration_confirm(actor=request.user, registration=registration)
    except TrainingBusy as busy:
        return service_unavailable(request, busy.message)
    except PilarError as error:  # the cell is full, or no longer pending
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Usulan %(name)s dikonfirmasi.") % {"name": registration.participant.full_name},
        )
    return redirect(_review_url(training, registration))


@require_POST
@access.staff_required
def send_back(request, pk: int, code: str):
    training, registration = access.nomination_for_decision_or_404(request.user, pk=pk, code=code)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tulis alasan usulan dikembalikan (paling banyak 250 huruf)."))
        return redirect(_review_url(training, registration))
    try:
        nomination_return(
            actor=request.user, registration=registration, reason=form.cleaned_data["reason"]
        )
    except TrainingBusy as busy:
        return service_unavailable(request, busy.message)
    except PilarError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Usulan %(name)s dikembalikan ke kabupaten/kota.")
            % {"name": registration.participant.full_name},
        )
    return redirect(_review_url(training, registration))


urlpatterns = [
    path("trainings/<int:pk>/nominations/", nominations, name="nominations"),
    path("trainings/<int:pk>/nominations/nominate/", nominate, name="nomination_nominate"),
    path("trainings/<int:pk>/nominations/new/", nominate_new, name="nomination_new"),
    path("trainings/<int:pk>/nominations/review/", review, name="nomination_review"),
    path("trainings/<int:pk>/nominations/<str:code>/confirm/", confirm, name="nomination_confirm"),
    path("trainings/<int:pk>/nominations/<str:code>/return/", send_back, name="nomination_return"),
]
