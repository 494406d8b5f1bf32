"""The public catalogue's filter form."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from trainings.models import Training
from trainings.selectors import public


class CatalogueFilterForm(forms.Form):
    """The catalogue's GET filters. The regency select lists only the chosen province's
    kabupaten/kota; a regency left over from another province is dropped, not an error."""

    role = forms.ChoiceField(label=_("Unsur"), required=False)
    province = forms.ChoiceField(label=_("Provinsi tempat"), required=False)
    regency = forms.ChoiceField(label=_("Kabupaten/kota tempat"), required=False)
    kind = forms.ChoiceField(label=_("Jenis kegiatan"), required=False)

    def __init__(self, data: QueryDict) -> None:
        data = data.copy()
        province = data.get("province", "")
        provinces = public.province_choices()
        regencies = []
        if province in dict(provinces):
            regencies = public.regency_choices(province)
        if not data.get("regency", "").startswith(f"{province}."):
            data["regency"] = ""
        super().__init__(data)
        self.fields["role"].choices = [("", _("Semua unsur")), *public.role_choices()]
        self.fields["province"].choices = [("", _("Semua provinsi")), *provinces]
        self.fields["regency"].choices = [("", _("Semua kabupaten/kota")), *regencies]
        self.fields["kind"].choices = [("", _("Semua jenis")), *Training.Kind.choices]
        for bound in self:
            bound.field.widget.attrs["class"] = "form-select"
        if not regencies:
            self.fields["regency"].widget.attrs["disabled"] = True

    def filters(self) -> public.CatalogueFilters:
        """The valid filters; a value that is not one of the choices is ignored."""
        self.is_valid()
        cleaned = self.cleaned_data
        return public.CatalogueFilters(
            role=cleaned.get("role", ""),
            region=cleaned.get("regency") or cleaned.get("province", ""),
            kind=cleaned.get("kind", ""),
        )

    @property
    def is_filtered(self) -> bool:
        filters = self.filters()
        return bool(filters.role or filters.region or filters.kind)
