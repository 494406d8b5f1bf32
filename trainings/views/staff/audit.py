"""Staff pages: the audit trail of the user's organisation (agency admins only)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from trainings import access, staff_audit


class AuditFilterForm(forms.Form):
    training = forms.ModelChoiceField(
        label=_("Pelatihan"), queryset=None, required=False, empty_label=_("Semua pelatihan")
    )
    action = forms.ChoiceField(label=_("Tindakan"), required=False)
    actor = forms.ChoiceField(label=_("Pelaku"), required=False)
    date_from = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = staff_audit.audit_trainings(user)
        self.fields["action"].choices = [
            ("", _("Semua tindakan")),
            *((code, label) for code, label in staff_audit.ACTION_LABELS.items()),
        ]
        self.fields["actor"].choices = [("", _("Semua pelaku")), *staff_audit.audit_actors(user)]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return cleaned

    def filters(self) -> dict:
        """The filters that are valid (an invalid one is ignored and shown in red)."""
        self.is_valid()
        return {
            name: value
            for name in ("training", "action", "actor", "date_from", "date_to")
            if name not in self.errors and (value := self.cleaned_data.get(name))
        }


@require_GET
@login_required
def audit_trail(request):
    """Who did what, when, to which object of the organisation; outsiders get a 404."""
    if not access.may_view_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    events = staff_audit.audit_events(request.user, **filters)
    page = Paginator(events, staff_audit.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/audit.html",
        {
            "form": form,
            "page": page,
            "rows": staff_audit.audit_rows(page.object_list, user=request.user),
            "filtered": bool(filters),
        },
    )


urlpatterns = [
    path("audit/", audit_trail, name="audit"),
]
