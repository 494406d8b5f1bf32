"""Staff pages: nominations by regency operators, and their review by the organiser's staff.

* ``nominations`` — a regency operator's own cells of a training (seats,
  confirmed, pending, the people nominated, reasons when sent back), a search
  of the registry, nominate a found person or add a new one, and nominate a
  replacement (``?pengganti=<code>``) for a sent-back or cancelled nomination.
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
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participants.models import Participant
from trainings import access
from trainings.errors import PilarError, TrainingBusy
from trainings.forms import NewPersonForm, NominateForm, Placement, RegistrySearchForm, ReturnForm
from trainings.http import service_unavailable
from trainings.models import Quota, Registration, Training
from trainings.selectors import nominations as selectors
from trainings.selectors.eligibility import eligible_roles
from trainings.services import registration_confirm
from trainings.services.nominations import REPLACEABLE, nomination_return, nomination_submit
from trainings.services.registrations import ACTIVE

Status = Registration.Status


# --- what a person may be nominated as ------------------------------------------------------


def _placements(training: Training, cells: list[Quota]) -> dict[int, list[Placement]]:
    """Each cell's (cell, role) choices: its role group ∩ the eligible roles. One query
    (the cells' roles are prefetched)."""
    eligible = list(eligible_roles(training))
    result = {}
    for cell in cells:
        if cell.role_group_id is None:
            roles = eligible
        else:
            group = {role.pk for role in cell.role_group.roles.all()}
            roles = [role for role in eligible if role.pk in group]
        result[cell.pk] = [Placement(quota=cell, role=role) for role in roles]
    return result


def _suggested(person: Participant, placements: list[Placement]) -> str:
    """The first placement whose role the person holds (active) in the registry."""
    held = {held.role_id for held in person.roles_held.all() if held.active}
    return next((p.value for p in placements if p.role.pk in held), "")


# --- the operator's page ----------------------------------------------------------------------


def _search_form(request) -> RegistrySearchForm:
    """This request's registry search: posted by the search box, or a name in the query
    string — where a NIK is refused."""
    if request.method == "POST":
        return RegistrySearchForm(request.POST) if "q" in request.POST else RegistrySearchForm()
    if "q" in request.GET:
        return RegistrySearchForm(request.GET, in_url=True)
    return RegistrySearchForm()


def _render_operator_page(
    request,
    training: Training,
    *,
    new_form: NewPersonForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    cells = selectors.operator_nomination_cells(user, training)
    placements = _placements(training, cells)
    replacing = None
    # Forms post back to their page's query string: the search and the
    # replacement being made survive a form error.
    code = request.GET.get("pengganti", "")
    if code:
        replacing = selectors.nomination_replacing(user, training, code)
        if replacing is None:
            raise Http404
        placements = {replacing.quota_id: placements.get(replacing.quota_id, [])}
    choices = [placement for cell in cells for placement in placements.get(cell.pk, [])]
    search = _search_form(request)
    searched = search.is_bound and search.is_valid()
    if search.has_error("q", "nik_in_url"):
        status = 400
    people = []
    if searched:
        people = selectors.registry_search(
            user, training=training, query=search.cleaned_data["q"], by_nik=search.by_nik
        )
    for person in people:
        person.suggested = _suggested(person, choices)
        person.status_label = Status(person.status_here).label if person.status_here else ""
        person.active_here = person.status_here in ACTIVE
    if new_form is None:
        new_form = NewPersonForm(
            regency=access.membership_of(user).region,
            placements=choices,
            replaceable=selectors.nomination_replaceable(user, training),
            initial={"replaces": replacing.code if replacing else ""},
        )
    context = {
        "training": training,
        "cells": cells,
        "choices": choices,
        "replacing": replacing,
        "search": search,
        "searched": searched,
        # Where the forms post: the replacement being made survives a form error; a
        # search does not (it would put a NIK into the URL).
        "page_query": f"?pengganti={replacing.code}" if replacing else "",
        "replaceable_statuses": list(REPLACEABLE),
        "people": people[: selectors.SEARCH_LIMIT],
        "more_people": len(people) > selectors.SEARCH_LIMIT,
        "new_form": new_form,
        "errors": errors or [],
        "regency": access.membership_of(user).region,
    }
    return render(request, "staff/nominations.html", context, status=status)


def _page_url(training: Training, *, replacing: str = "", anchor: str = "") -> str:
    url = reverse("staff:nominations", kwargs={"pk": training.pk})
    if replacing:
        url += f"?pengganti={replacing}"
    return url + (f"#{anchor}" if anchor else "")


@require_http_methods(["GET", "HEAD", "POST"])
@access.staff_required
def nominations(request, pk: int):
    """The operator's cells, search (posted) and forms; other staff go on to the review."""
    if not access.is_operator(request.user):
        access.training_or_404(request.user, pk=pk)
        return redirect("staff:nomination_review", pk=pk)
    training = access.training_or_404(request.user, pk=pk)
    return _render_operator_page(request, training)


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
    messages.success(
        request,
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
        placements=[p for ps in _placements(training, cells).values() for p in ps],
        replaceable=selectors.nomination_replaceable(user, training),
    )
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        return _render_operator_page(request, training, errors=errors, status=400)
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
        return _render_operator_page(request, training, errors=[error], status=400)
    return redirect(_page_url(training, anchor=f"sel-{data['placement'].quota.pk}"))


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
        placements=[p for ps in _placements(training, cells).values() for p in ps],
        replaceable=selectors.nomination_replaceable(user, training),
    )
    if not form.is_valid():
        return _render_operator_page(request, training, new_form=form, status=400)
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
        return _render_operator_page(request, training, new_form=form, status=400)
    return redirect(_page_url(training, anchor=f"sel-{data['placement'].quota.pk}"))


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
