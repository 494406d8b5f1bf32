"""Staff pages: a training's registrations — filters, search, the identity claims waiting
for verification, resending a code, and decisions one by one or in bulk (confirm, reject
with a reason, waitlist, promote), each through its service.

A bulk decision calls the single-registration service once per registration
(each its own transaction), so one failure never undoes the others; the
message sums up what happened: "3 dikonfirmasi, 1 gagal: …". Held identity claims
are decided only one by one, on their card.

A search term never goes into a URL (``trainings.views.staff.searches``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy
from django.views.decorators.http import require_POST, require_safe

from trainings import access
from trainings.errors import PilarError
from trainings.forms.staff import (
    CodeResendForm,
    DecisionAction,
    IdentityDecisionForm,
    RegistrationDecisionForm,
    RegistrationFilterForm,
)
from trainings.models import Registration, Training
from trainings.selectors import registrations as selectors
from trainings.services import registration_confirm, registration_reject
from trainings.services.decisions import registration_promote, registration_waitlist
from trainings.services.identity import registration_identity_decide
from trainings.services.reminders import registration_code_resend
from trainings.views.staff import searches
from trainings.views.staff.trainings import query_without_page

REGISTRATIONS_PER_PAGE = 50

# What each action does to one registration, and how the summary names a success.
DONE = {
    DecisionAction.CONFIRM: ngettext_lazy(
        "%(count)d dikonfirmasi", "%(count)d dikonfirmasi", "count"
    ),
    DecisionAction.REJECT: ngettext_lazy("%(count)d ditolak", "%(count)d ditolak", "count"),
    DecisionAction.WAITLIST: ngettext_lazy(
        "%(count)d masuk daftar tunggu", "%(count)d masuk daftar tunggu", "count"
    ),
    DecisionAction.PROMOTE: ngettext_lazy(
        "%(count)d naik dari daftar tunggu", "%(count)d naik dari daftar tunggu", "count"
    ),
}


def _apply_decision(action: str, *, actor, registration: Registration, reason: str):
    """Run one decision; returns a registration promoted into a freed seat, if any."""
    if action == DecisionAction.CONFIRM:
        registration_confirm(actor=actor, registration=registration)
    elif action == DecisionAction.REJECT:
        return registration_reject(actor=actor, registration=registration, reason=reason)
    elif action == DecisionAction.WAITLIST:
        registration_waitlist(actor=actor, registration=registration)
    elif action == DecisionAction.PROMOTE:
        registration_promote(actor=actor, registration=registration)
    return None


def _search_key(training: Training) -> str:
    return f"registrations:{training.pk}"


@require_safe
@access.staff_required
def registration_list(request, pk: int):
    training = access.staff_training_or_404(request.user, pk=pk)
    url = reverse("staff:registrations", kwargs={"pk": training.pk})
    if refused := searches.refuse_term_in_url(request, url):
        return refused
    data = request.GET.copy()
    data.pop("q", None)
    if data.get(searches.SEARCHING):
        data["q"] = searches.remembered(request, _search_key(training))
    form = RegistrationFilterForm(data, training=training)
    filters = form.filters()
    registrations = selectors.staff_registrations(
        training=training, user=request.user, filters=filters
    )
    page = Paginator(registrations, REGISTRATIONS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_identity_lines(page.object_list)
    return render(
        request,
        "staff/registrations.html",
        {
            "training": training,
            "form": form,
            "page": page,
            "held_count": selectors.held_claim_count(training),
            "showing_held": filters.status == Registration.Status.HELD,
            "may_change": access.may_change_training(request.user, training.pk),
            "actions": DecisionAction.choices,
            "query_without_page": query_without_page(request),
        },
    )


@require_POST
@access.staff_required
def registration_search(request, pk: int):
    """The search form: keep the term in the session, show the results by GET (303)."""
    training = access.staff_training_or_404(request.user, pk=pk)
    form = RegistrationFilterForm(request.POST, training=training)
    term = form.filters().query
    searches.remember(request, _search_key(training), term)
    query = searches.with_marker(form.url_query(), term)
    url = reverse("staff:registrations", kwargs={"pk": training.pk})
    return searches.see_other(f"{url}?{query}" if query else url)


def _form_errors(form) -> str:
    return " ".join(error for errors in form.errors.values() for error in errors)


def _back(request, training: Training):
    """Back to the list (with its filters and page) or the dashboard the form was on."""
    target = request.POST.get("next", "")
    prefix = reverse("staff:dashboard", kwargs={"pk": training.pk})
    if target.startswith(prefix) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("staff:registrations", pk=training.pk)


@require_POST
@access.staff_required
def registration_decide(request, pk: int):
    training = access.staff_training_or_404(request.user, pk=pk, write=True)
    form = RegistrationDecisionForm(request.POST, training=training)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request, training)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    done, promoted, failures = 0, 0, []
    for registration in form.cleaned_data["registrations"]:
        try:
            freed_to = _apply_decision(
                action, actor=request.user, registration=registration, reason=reason
            )
        except PilarError as error:
            failures.append(f"{registration.shown_name}: {error.message.rstrip('.')}")
            continue
        done += 1
        promoted += freed_to is not None
    parts = [DONE[action] % {"count": done}] if done else []
    if promoted:
        parts.append(
            ngettext(
                "%(count)d naik otomatis dari daftar tunggu",
                "%(count)d naik otomatis dari daftar tunggu",
                promoted,
            )
            % {"count": promoted}
        )
    if failures:
        parts.append(
            ngettext("%(count)d gagal: %(reasons)s", "%(count)d gagal: %(reasons)s", len(failures))
            % {"count": len(failures), "reasons": "; ".join(failures)}
        )
    summary = ", ".join(parts) + ("." if failures else "")
    if failures and done:
        messages.warning(request, summary)
    elif failures:
        messages.error(request, summary)
    else:
        messages.success(request, summary)
    return _back(request, training)


@require_POST
@access.staff_required
def registration_identity(request, pk: int):
    """Accept a held identity claim as the stored person, or reject it."""
    training = access.staff_training_or_404(request.user, pk=pk, write=True)
    form = IdentityDecisionForm(request.POST, training=training)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request, training)
    registration = form.cleaned_data["registration"]
    try:
        decided = registration_identity_decide(
            actor=request.user,
            registration=registration,
            accept=form.accept,
            reason=form.cleaned_data["reason"],
        )
    except PilarError as error:
        messages.error(
            request,
            _("Pendaftaran %(code)s tidak dapat diputuskan: %(reason)s")
            % {"code": registration.code, "reason": error.message},
        )
        return _back(request, training)
    if form.accept:
        message = _("Pendaftaran %(code)s diterima sebagai %(name)s (status: %(status)s).") % {
            "code": decided.code,
            "name": decided.participant.full_name,
            "status": decided.get_status_display().lower(),
        }
    else:
        message = _("Pendaftaran %(code)s atas nama %(name)s ditolak.") % {
            "code": decided.code,
            "name": decided.typed_name,
        }
    messages.success(request, message)
    return _back(request, training)


@require_POST
@access.staff_required
def registration_resend_code(request, pk: int):
    """Send a registration's code again to its notice address; without one, show the code
    so staff can read it out on the phone."""
    training = access.staff_training_or_404(request.user, pk=pk, write=True)
    form = CodeResendForm(request.POST, training=training)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request, training)
    registration = form.cleaned_data["registration"]
    try:
        sent = registration_code_resend(actor=request.user, registration=registration)
    except PilarError as error:
        messages.error(request, error.message)
        return _back(request, training)
    names = {"code": registration.code, "name": registration.shown_name}
    if sent:
        messages.success(
            request, _("Kode pendaftaran %(name)s (%(code)s) dikirim ulang lewat e-mail.") % names
        )
    else:
        messages.warning(
            request,
            _(
                "%(name)s tidak punya alamat e-mail, jadi kode tidak dikirim. Bacakan kodenya "
                "lewat telepon: %(code)s."
            )
            % names,
        )
    return _back(request, training)


urlpatterns = [
    path("trainings/<int:pk>/registrations/", registration_list, name="registrations"),
    path(
        "trainings/<int:pk>/registrations/search/",
        registration_search,
        name="registrations_search",
    ),
    path(
        "trainings/<int:pk>/registrations/decide/",
        registration_decide,
        name="registrations_decide",
    ),
    path(
        "trainings/<int:pk>/registrations/identity/",
        registration_identity,
        name="registrations_identity",
    ),
    path(
        "trainings/<int:pk>/registrations/resend-code/",
        registration_resend_code,
        name="registrations_resend_code",
    ),
]
