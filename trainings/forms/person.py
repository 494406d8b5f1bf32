"""The person's identity and contact fields, one definition for every form that adds a person.

``PersonForm`` is the base of the public registration form and of a regency
operator's new-person form. It owns the fields a person is made of (NIK,
name, sex, birth place and date, phone, e-mail, organisation unit),
their cleaning, the NIK warnings and their confirmation, and turns the
cleaned data into the services' ``PersonDetails``.

The home region is the part that differs: the public form offers dependent
province → regency → kecamatan selects, the operator's form only the
kecamatan of their own regency. A subclass declares its region fields, one
of them named ``district`` (the home kecamatan), validates them itself, and
names the template partial that renders them (``home_template``).
"""

from __future__ import annotations

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import Region, Sex
from participants.names import PersonNameError, clean_person_name
from participants.nik import nik_warnings, parse_nik
from participants.phone import PhoneError, normalize_mobile
from trainings.forms.fields import (
    birth_date_field,
    clean_birth_date,
    clean_nik,
    nik_field,
    text_field,
)
from trainings.services.registrations import PersonDetails

CONFIRM_WARNINGS = _(
    "Periksa kembali data yang disebut di atas. Jika sudah benar, centang "
    "«Data sudah benar» lalu kirim lagi."
)


class PersonForm(forms.Form):
    """Identity and contact of one person; a subclass adds the home region and the rest.

    ``cleaned_data`` after validation: ``nik`` (16 digits), ``full_name`` (NFKC,
    spaces collapsed, at least two letters, no bidi controls), ``sex``,
    ``birth_place``, ``birth_date``, ``phone`` (E.164), ``email``,
    ``organization_unit``, ``confirm_warnings``. NIK warnings (birth date, sex
    or home region disagree with the NIK; unknown prefix) are kept in
    ``nik_warnings`` and must be confirmed: ``confirm_warnings`` counts only
    for the very warnings shown (``warnings_digest``, posted back in a hidden
    input named ``warnings_digest_name``), so a NIK changed after confirming
    is checked again.
    """

    home_template = ""  # the partial that renders the subclass's home-region fields

    nik = nik_field()
    full_name = text_field(
        _("Nama lengkap"),
        max_length=150,
        help_text=_("Sesuai KTP, tanpa gelar. Satu kata pun boleh."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_place = text_field(_("Tempat lahir"), max_length=100)
    birth_date = birth_date_field()
    phone = text_field(
        _("Nomor HP"),
        max_length=32,
        help_text=_("Nomor seluler, mis. 0812 3456 7890 atau +62 812 3456 7890."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail (tidak wajib)"),
        max_length=254,
        required=False,
        help_text=_("Kode pendaftaran dan kabar pelatihan dikirim ke alamat ini."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organization_unit = text_field(
        _("Lembaga/unit kerja (tidak wajib)"),
        max_length=150,
        required=False,
        help_text=_("Mis. nama LKS, Karang Taruna desa, atau Dinas Sosial."),
    )
    confirm_warnings = forms.BooleanField(label=_("Data sudah benar"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self.data.copy()  # mutable: a stale confirmation is unticked
        self.nik_warnings: list = []
        self.warnings_digest = ""
        self.fields["birth_date"].widget.attrs["max"] = timezone.localdate().isoformat()

    @property
    def warnings_digest_name(self) -> str:
        return self.add_prefix("warnings_digest")

    # --- field cleaning -------------------------------------------------------------------

    def clean_nik(self) -> str:
        return clean_nik(self.cleaned_data["nik"])

    def clean_full_name(self) -> str:
        try:
            return clean_person_name(self.cleaned_data["full_name"])
        except PersonNameError as error:
            raise ValidationError(error.message, code=f"name_{error.code}") from None

    def clean_birth_date(self):
        return clean_birth_date(self.cleaned_data["birth_date"])

    def clean_phone(self) -> str:
        try:
            return normalize_mobile(self.cleaned_data["phone"])
        except PhoneError as error:
            raise ValidationError(error.message, code=f"phone_{error.code}") from None

    # --- whole form -------------------------------------------------------------------------

    def clean(self):
        """The NIK's warnings need a confirmation. A subclass that validates its region
        fields here does so before calling this, so the warnings compare the NIK with a
        home region already checked."""
        data = super().clean()
        if data.get("nik"):
            self._check_nik_warnings(data)
        return data

    def home_region_code(self) -> str | None:
        """The home kecamatan's code once it is valid, else None."""
        district = self.cleaned_data.get("district")
        if isinstance(district, Region):
            return district.code
        return district or None

    def _check_nik_warnings(self, data: dict) -> None:
        birth_date = data.get("birth_date")
        parsed = parse_nik(data["nik"], declared_birth_date=birth_date)
        self.nik_warnings = nik_warnings(
            parsed,
            birth_date=birth_date,
            sex=data.get("sex") or None,
            region_code=self.home_region_code(),
        )
        if not self.nik_warnings:
            return
        self.warnings_digest = hashlib.sha256(
            "\n".join(f"{w.code}:{w.message}" for w in self.nik_warnings).encode()
        ).hexdigest()[:24]
        confirmed = data.get("confirm_warnings") and (
            self.data.get(self.warnings_digest_name) == self.warnings_digest
        )
        if not confirmed:
            self.data.pop(self.add_prefix("confirm_warnings"), None)
            self.add_error("confirm_warnings", CONFIRM_WARNINGS)

    # --- the result -------------------------------------------------------------------------

    def person_details(self) -> PersonDetails:
        """The person as the services take them; only after ``is_valid()``."""
        data = self.cleaned_data
        return PersonDetails(
            nik=data["nik"],
            full_name=data["full_name"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            birth_place=data["birth_place"],
            phone=data["phone"],
            email=data["email"],
            home_region_id=self.home_region_code(),
            organization_unit=data["organization_unit"],
        )
