"""The regency operator's nomination page, as every form on it renders it back.

The page is posted to by several views (search, nominate, new person, withdraw);
each renders this page on a form error (status 400, nothing typed is lost) and
redirects to it on success. ``?pengganti=<code>`` nominates a replacement for a
sent-back or cancelled nomination; ``?tarik=<code>`` opens "Tarik / ganti" on one
of the operator's active nominees, inside its cell.

The outcome of a nomination or a withdrawal is shown where the operator is: the
view records it as a message tagged with its cell (``cell_success``) and redirects
to the cell's anchor; this page takes those messages out of the page-wide list and
renders each inside its cell (role=status).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import Participant
from trainings import access
from trainings.formatting import moment
from trainings.forms import (
    NewPersonForm,
    Placement,
    RegistrySearchForm,
    ReplacementForm,
    WithdrawForm,
)
from trainings.models import Quota, Registration, Training
from trainings.selectors import nominations as selectors
from trainings.selectors.eligibility import eligible_roles
from trainings.services.nominations import REPLACEABLE
from trainings.services.registrations import ACTIVE
from trainings.services.withdrawal import withdraw_deadline, withdraw_open

Status = Registration.Status
CELL_TAG = "sel-"

# --- what a person may be nominated as ------------------------------------------------------


def placements_of(training: Training, cells: list[Quota]) -> dict[int, list[Placement]]:
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


# --- where the page is, and what it says -----------------------------------------------------


def page_url(
    training: Training, *, replacing: str = "", withdrawing: str = "", anchor: str = ""
) -> str:
    url = reverse("staff:nominations", kwargs={"pk": training.pk})
    if replacing:
        url += f"?pengganti={replacing}"
    elif withdrawing:
        url += f"?tarik={withdrawing}"
    return url + (f"#{anchor}" if anchor else "")


def cell_success(request, quota_id: int, text: str) -> None:
    """A success message shown inside the cell ``quota_id`` on the next page."""
    messages.success(request, text, extra_tags=f"{CELL_TAG}{quota_id}")


def _take_cell_messages(request) -> tuple[dict[int, list], list]:
    """This request's messages: those tagged with a cell, by cell, and the rest (which the
    base template shows at the top of the page). Reading them marks them shown."""
    by_cell: dict[int, list] = {}
    others = []
    for message in messages.get_messages(request):
        tag = next((t for t in message.extra_tags.split() if t.startswith(CELL_TAG)), "")
        if tag[len(CELL_TAG) :].isdigit():
            by_cell.setdefault(int(tag[len(CELL_TAG) :]), []).append(message)
        else:
            others.append(message)
    return by_cell, others


def _search_form(request) -> RegistrySearchForm:
    """This request's registry search: posted by the search box, or a name in the query
    string — where a NIK is refused."""
    if request.method == "POST":
        return RegistrySearchForm(request.POST) if "q" in request.POST else RegistrySearchForm()
    if "q" in request.GET:
        return RegistrySearchForm(request.GET, in_url=True)
    return RegistrySearchForm()


def replacement_form_for(
    user, withdrawing: Registration, placements: list[Placement], data=None
) -> ReplacementForm:
    """The pengganti form of a withdrawal, its role preselected as the nominee's."""
    initial = next((p.value for p in placements if p.role.pk == withdrawing.role_id), "")
    return ReplacementForm(
        data,
        regency=access.membership_of(user).region,
        placements=placements,
        initial={"placement": initial},
    )


def _withdraw_context(
    request,
    training: Training,
    placements: dict[int, list[Placement]],
    withdrawing: Registration | None,
    withdraw_form: WithdrawForm | None,
    replacement_form: ReplacementForm | None,
) -> dict:
    """The nominee being withdrawn — posted to, or ``?tarik=<code>`` (404 when it is not
    the operator's active nomination) — and its forms; whether withdrawing is open."""
    context = {
        "withdraw_open": withdraw_open(training, now=timezone.now()),
        "withdraw_until": _("Usulan dapat ditarik atau diganti sampai sebelum %(moment)s.")
        % {"moment": moment(withdraw_deadline(training), training)},
        "withdrawing": None,
    }
    code = request.GET.get("tarik", "")
    if withdrawing is None and code:
        withdrawing = selectors.nomination_withdrawable(request.user, training, code)
        if withdrawing is None:
            raise Http404
    if withdrawing is None:
        return context
    choices = placements.get(withdrawing.quota_id, [])
    context.update(
        withdrawing=withdrawing,
        withdraw_form=withdraw_form or WithdrawForm(prefix="tarik"),
        replacement_form=replacement_form
        or replacement_form_for(request.user, withdrawing, choices),
    )
    return context


def render_operator_page(
    request,
    training: Training,
    *,
    new_form: NewPersonForm | None = None,
    withdrawing: Registration | None = None,
    withdraw_form: WithdrawForm | None = None,
    replacement_form: ReplacementForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    cells = selectors.operator_nomination_cells(user, training)
    placements = placements_of(training, cells)
    by_cell, page_messages = _take_cell_messages(request)
    for cell in cells:
        cell.notices = by_cell.get(cell.pk, [])
    withdrawal = _withdraw_context(
        request, training, placements, withdrawing, withdraw_form, replacement_form
    )
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
        "active_statuses": list(ACTIVE),
        "people": people[: selectors.SEARCH_LIMIT],
        "more_people": len(people) > selectors.SEARCH_LIMIT,
        "new_form": new_form,
        "errors": errors or [],
        "regency": access.membership_of(user).region,
        # The cell messages are shown in their cells; the base template shows the rest.
        "messages": page_messages,
        **withdrawal,
    }
    return render(request, "staff/nominations.html", context, status=status)
