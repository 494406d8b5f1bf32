"""Staff page action: a regency operator withdraws their nominee, optionally naming a
pengganti in the same step (``trainings.services.withdrawal``).

``?tarik=<code>`` on the nomination page opens the form inside the nominee's cell;
it posts here. On a form error the page is rendered again with everything typed
(status 400) at the form's anchor; on success the operator is sent back to the
cell, where the outcome is shown (``nomination_page.cell_success``). A code that
is not the operator's own active nomination is a 404, like everything outside
their scope.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trainings import access
from trainings.errors import PilarError, TrainingBusy
from trainings.forms import ReplacementForm, WithdrawForm
from trainings.http import service_unavailable
from trainings.selectors import nominations as selectors
from trainings.services.withdrawal import Replacement, WithdrawResult, nomination_withdraw
from trainings.views.staff.nomination_page import (
    cell_success,
    page_url,
    placements_of,
    render_operator_page,
    replacement_form_for,
)


def _outcome(result: WithdrawResult) -> str:
    withdrawn = result.withdrawn.participant.full_name
    if result.replacement is None:
        return _("Usulan %(name)s ditarik.") % {"name": withdrawn}
    return _("Usulan %(name)s ditarik; penggantinya, %(replacement)s, diusulkan (%(status)s).") % {
        "name": withdrawn,
        "replacement": result.replacement.participant.full_name,
        "status": result.replacement.get_status_display().lower(),
    }


def _replacement(form: ReplacementForm) -> Replacement:
    return Replacement(person=form.person_details(), role=form.cleaned_data["placement"].role)


@require_POST
@access.staff_required
def withdraw(request, pk: int, code: str):
    """Withdraw the nominee ``code`` with a reason, and nominate the pengganti if typed."""
    training = access.operator_training_or_403(request.user, pk=pk)
    registration = selectors.nomination_withdrawable(request.user, training, code)
    if registration is None:
        raise Http404
    cells = selectors.operator_cells_with_roles(request.user, training)
    choices = placements_of(training, cells).get(registration.quota_id, [])
    withdraw_form = WithdrawForm(request.POST, prefix="tarik")
    named = ReplacementForm.named(request.POST)
    replacement_form = replacement_form_for(
        request.user, registration, choices, data=request.POST if named else None
    )
    valid = withdraw_form.is_valid()
    valid = (replacement_form.is_valid() if named else True) and valid
    if valid:
        try:
            result = nomination_withdraw(
                actor=request.user,
                registration=registration,
                reason=withdraw_form.cleaned_data["reason"],
                replacement=_replacement(replacement_form) if named else None,
            )
        except TrainingBusy as busy:
            return service_unavailable(request, busy.message)
        except PilarError as error:  # shown above the form; nothing was withdrawn
            withdraw_form.add_error(None, error.message)
        else:
            cell_success(request, registration.quota_id, _outcome(result))
            return redirect(page_url(training, anchor=f"sel-{registration.quota_id}"))
    return render_operator_page(
        request,
        training,
        withdrawing=registration,
        withdraw_form=withdraw_form,
        replacement_form=replacement_form,
        status=400,
    )


urlpatterns = [
    path(
        "trainings/<int:pk>/nominations/<str:code>/withdraw/",
        withdraw,
        name="nomination_withdraw",
    ),
]
