"""Staff forms: the trainings and registrations filters, decisions (identity claims among
them), resending a code, cancelling a training.

They validate and normalise what staff typed or picked; the services decide.
"""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from trainings.models import Registration, Training
from trainings.selectors import registrations as selectors


def _style(form: forms.Form) -> None:
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _valid_or_blank(form: forms.Form) -> dict:
    """Cleaned values; a value that is not one of the choices is ignored, not an error."""
    form.is_valid()
    return {name: form.cleaned_data.get(name) for name in form.fields}


class TrainingFilterForm(forms.Form):
    """The trainings list's GET filters."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.TypedChoiceField(label=_("Tahun anggaran"), required=False, coerce=int)

    def __init__(self, data: QueryDict, *, years: list[int]) -> None:
        super().__init__(data)
        self.fields["status"].choices = [("", _("Semua status")), *Training.Status.choices]
        self.fields["year"].choices = [("", _("Semua tahun")), *((y, str(y)) for y in years)]
        _style(self)

    def filters(self) -> dict:
        cleaned = _valid_or_blank(self)
        return {"status": cleaned["status"] or "", "year": cleaned["year"] or None}


class RegistrationFilterForm(forms.Form):
    """The registrations list's search and filters. The search term is POSTed and kept in
    the session (a NIK or a phone number never goes into a URL); the filters, which
    say nothing about a person, are the GET page's parameters (``url_query``)."""

    URL_FIELDS = ("status", "role", "regency", "source", "contact")

    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=100,
        help_text=_("Nama, nomor HP, kode pendaftaran, atau NIK lengkap (16 angka)."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    role = forms.ChoiceField(label=_("Unsur"), required=False)
    regency = forms.ChoiceField(label=_("Mewakili kabupaten/kota"), required=False)
    source = forms.ChoiceField(label=_("Sumber"), required=False)
    contact = forms.BooleanField(label=_("Hanya yang kontaknya berbeda"), required=False)
    # One registration, by id: the dashboard's link to a row (an id says nothing of a person).
    pendaftaran = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data: QueryDict, *, training: Training) -> None:
        super().__init__(data)
        fields = self.fields
        fields["q"].widget.input_type = "search"
        fields["q"].widget.attrs["autocomplete"] = "off"
        fields["status"].choices = [("", _("Semua status")), *Registration.Status.choices]
        fields["role"].choices = [
            ("", _("Semua unsur")),
            *selectors.registration_role_choices(training),
        ]
        fields["regency"].choices = [
            ("", _("Semua kabupaten/kota")),
            *selectors.registration_regency_choices(training),
        ]
        fields["source"].choices = [("", _("Semua sumber")), *Registration.Source.choices]
        _style(self)

    def filters(self) -> selectors.RegistrationFilters:
        cleaned = _valid_or_blank(self)
        return selectors.RegistrationFilters(
            status=cleaned["status"] or "",
            role=cleaned["role"] or "",
            regency=cleaned["regency"] or "",
            source=cleaned["source"] or "",
            contact_differs=bool(cleaned["contact"]),
            query=(cleaned["q"] or "").strip(),
            registration_id=cleaned["pendaftaran"],
        )

    def url_query(self) -> str:
        """The valid filters as a query string, without the search term."""
        cleaned = _valid_or_blank(self)
        return urlencode(
            {
                name: "on" if cleaned[name] is True else cleaned[name]
                for name in self.URL_FIELDS
                if cleaned[name]
            }
        )

    @property
    def is_filtered(self) -> bool:
        filters = self.filters()
        return filters != selectors.RegistrationFilters(query=filters.query)


class DecisionAction:
    CONFIRM = "confirm"
    REJECT = "reject"
    WAITLIST = "waitlist"
    PROMOTE = "promote"

    choices = [
        (CONFIRM, _("Konfirmasi")),
        (REJECT, _("Tolak (dengan alasan)")),
        (WAITLIST, _("Masukkan ke daftar tunggu")),
        (PROMOTE, _("Naikkan dari daftar tunggu")),
    ]


class RegistrationDecisionForm(forms.Form):
    """One decision for one or more registrations of a training (POST)."""

    MAX_SELECTED = 200

    action = forms.ChoiceField(label=_("Tindakan"), choices=DecisionAction.choices)
    registrations = forms.ModelMultipleChoiceField(
        label=_("Pendaftaran"),
        queryset=Registration.objects.none(),
        error_messages={
            "required": _("Pilih setidaknya satu pendaftaran."),
            "invalid_choice": _("Pendaftaran yang dipilih tidak ditemukan pada pelatihan ini."),
            "invalid_pk_value": _("Pendaftaran yang dipilih tidak ditemukan pada pelatihan ini."),
        },
    )
    reason = forms.CharField(label=_("Alasan penolakan"), required=False, max_length=250)

    def __init__(self, data: QueryDict, *, training: Training) -> None:
        super().__init__(data)
        self.fields["registrations"].queryset = Registration.objects.filter(
            training=training
        ).select_related("participant")

    def clean_registrations(self):
        selected = self.cleaned_data["registrations"]
        if len(selected) > self.MAX_SELECTED:
            raise forms.ValidationError(
                ngettext(
                    "Paling banyak %(max)d pendaftaran sekali jalan.",
                    "Paling banyak %(max)d pendaftaran sekali jalan.",
                    self.MAX_SELECTED,
                )
                % {"max": self.MAX_SELECTED}
            )
        held = [
            registration.code
            for registration in selected
            if registration.status == Registration.Status.HELD
        ]
        if held:
            raise forms.ValidationError(
                _(
                    "Pendaftaran yang menunggu verifikasi data diputuskan satu per satu di "
                    "bagian “Perlu verifikasi data”: %(codes)s."
                )
                % {"codes": ", ".join(sorted(held))}
            )
        return sorted(selected, key=lambda registration: (registration.created_at, registration.pk))

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == DecisionAction.REJECT and not cleaned.get("reason"):
            self.add_error("reason", _("Alasan penolakan wajib diisi."))
        return cleaned


class _OneRegistrationForm(forms.Form):
    """A POST about one registration of the training, named by its id."""

    registration = forms.ModelChoiceField(
        label=_("Pendaftaran"),
        queryset=Registration.objects.none(),
        error_messages={
            "required": _("Pendaftaran yang dipilih tidak ditemukan pada pelatihan ini."),
            "invalid_choice": _("Pendaftaran yang dipilih tidak ditemukan pada pelatihan ini."),
        },
    )

    def __init__(self, data: QueryDict, *, training: Training) -> None:
        super().__init__(data)
        self.fields["registration"].queryset = Registration.objects.filter(
            training=training
        ).select_related("participant")


class IdentityDecisionForm(_OneRegistrationForm):
    """Accept a held identity claim as the stored person, or reject it with a reason."""

    ACCEPT, REJECT = "accept", "reject"

    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            (ACCEPT, _("Terima sebagai orang yang tercatat")),
            (REJECT, _("Tolak")),
        ],
    )
    reason = forms.CharField(label=_("Alasan penolakan"), required=False, max_length=250)

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason"):
            self.add_error("reason", _("Alasan penolakan wajib diisi."))
        return cleaned

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == self.ACCEPT


class CodeResendForm(_OneRegistrationForm):
    """Send a registration's code again."""


class TrainingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dikirim kepada setiap pendaftar."),
        error_messages={"required": _("Alasan pembatalan wajib diisi.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Alasan pembatalan wajib diisi."))
        return reason
