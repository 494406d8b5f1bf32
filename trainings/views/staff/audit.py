"""Staff pages: the audit trail of the user's organisation (agency admins only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from trainings import access, nik_audit
from trainings.forms.audit import AuditFilterForm
from trainings.selectors import audit


@require_GET
@login_required
def audit_trail(request):
    """Who did what, when, to which object of the organisation; outsiders get a 404."""
    if not access.may_view_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    events = audit.audit_events(request.user, **filters)
    page = Paginator(events, audit.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = audit.audit_rows(page.object_list, user=request.user)
    nik_audit.note_full_niks_shown(request, sum(row.full_niks for row in rows))
    return render(
        request,
        "staff/audit.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": bool(filters),
        },
    )


urlpatterns = [
    path("audit/", audit_trail, name="audit"),
]
