"""Staff pages: a training's registrations — filters, search, and decisions one by one or in
bulk (confirm, reject with a reason, waitlist, promote), each through its service.

A bulk decision calls the single-registration service once per registration
(each its own transaction), so one failure never undoes the others; the
message sums up what happened: "3 dikonfirmasi, 1 gagal: …".
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from trainings import access
from trainings.errors import PilarError
from trainings.forms.staff import DecisionAction, RegistrationDecisionForm, RegistrationFilterForm
from trainings.models import Registration, Training
from trainings.selectors import registrations as selectors
from trainings.services import registration_confirm, registration_reject
from trainings.services.decisions import registration_promote, registration_waitlist
from trainings.views.staff.trainings import query_without_page

REGISTRATIONS_PER_PAGE = 50

# What each action does to one registration, and how the summary names a success.
DONE = {
    DecisionAction.CONFIRM: gettext_lazy("%(count)d dikonfirmasi"),
    DecisionAction.REJECT: gettext_lazy("%(count)d ditolak"),
    DecisionAction.WAITLIST: gettext_lazy("%(count)d masuk daftar tunggu"),
    DecisionAction.PROMOTE: gettext_lazy("%(count)d naik dari daftar tunggu"),
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


@require_safe
@access.staff_required
def registration_list(request, pk: int):
    training = access.staff_training_or_404(request.user, pk=pk)
    form = RegistrationFilterForm(request.GET, training=training)
    registrations = selectors.staff_registrations(training=training, filters=form.filters())
    page = Paginator(registrations, REGISTRATIONS_PER_PAGE).get_page(request.GET.get("page"))
    may_change = access.may_change_training(request.user, training.pk)
    return render(
        request,
        "staff/registrations.html",
        {
            "training": training,
            "form": form,
            "page": page,
            "may_change": may_change,
            "actions": DecisionAction.choices,
            "query_without_page": query_without_page(request),
        },
    )


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
        messages.error(
            request, " ".join(error for errors in form.errors.values() for error in errors)
        )
        return _back(request, training)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    done, promoted, failures = 0, 0, []
    for registration in form.cleaned_data["registrations"]:
        try:
            freed_to = _apply_decision(
                action, actor=request.user, registration=registration, reason=reason
            )
        except PilarError as error:
            failures.append(f"{registration.participant.full_name}: {error.message.rstrip('.')}")
            continue
        done += 1
        promoted += freed_to is not None
    parts = [str(DONE[action]) % {"count": done}] if done else []
    if promoted:
        parts.append(_("%(count)d naik otomatis dari daftar tunggu") % {"count": promoted})
    if failures:
        parts.append(
            _("%(count)d gagal: %(reasons)s")
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


urlpatterns = [
    path("trainings/<int:pk>/registrations/", registration_list, name="registrations"),
    path(
        "trainings/<int:pk>/registrations/decide/",
        registration_decide,
        name="registrations_decide",
    ),
]
