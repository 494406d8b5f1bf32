"""The audit trail's filters: training, action, actor and a range of days."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trainings.selectors import audit


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
        self.fields["training"].queryset = audit.audit_trainings(user)
        self.fields["action"].choices = [
            ("", _("Semua tindakan")),
            *((code, label) for code, label in audit.ACTION_LABELS.items()),
        ]
        self.fields["actor"].choices = [("", _("Semua pelaku")), *audit.audit_actors(user)]

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
