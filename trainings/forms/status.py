"""The public status page's one form: what the registrant answers to cancel."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trainings.forms.fields import birth_date_field, clean_birth_date
from trainings.services.cancellation import PHONE_ENDING_LENGTH


class CancelCheckForm(forms.Form):
    """The birth date and the phone number's last four digits given when registering.

    ``cleaned_data``: ``birth_date`` (a date), ``phone_ending`` (four ASCII digits).
    Whether they are the registration's is the service's to say
    (``trainings.services.registrant_check``).
    """

    birth_date = birth_date_field()
    phone_ending = forms.CharField(
        label=_("4 angka terakhir nomor HP"),
        max_length=16,  # a few spaces around the digits are forgiven; the clean says the rest
        help_text=_("Dari nomor HP yang diisi saat mendaftar, misalnya 7890."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].help_text = _("Seperti yang diisi saat mendaftar.")
        self.fields["birth_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["phone_ending"].widget.attrs["maxlength"] = str(PHONE_ENDING_LENGTH)

    def clean_birth_date(self):
        return clean_birth_date(self.cleaned_data["birth_date"])

    def clean_phone_ending(self) -> str:
        value = self.cleaned_data["phone_ending"]
        if len(value) != PHONE_ENDING_LENGTH or not all(char in "0123456789" for char in value):
            raise ValidationError(
                _("Isi tepat 4 angka (0–9), yaitu 4 angka terakhir nomor HP Anda."),
                code="phone_ending",
            )
        return value
