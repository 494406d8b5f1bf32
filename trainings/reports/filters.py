"""The reports' GET filters: the index's and the period summary's.

They validate and normalise what the reader picked; a value that is not one of
the choices is an error shown beside its field (never a 500). The choices come
from the user's scope (organisers of the trainings they see, the regencies of
their organisation's province), one query each.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from participants.models import Region, SocialRole
from trainings.models import Organization, Training
from trainings.reports.listing import Phase

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _style(form: forms.Form) -> None:
    """Bootstrap classes, and each error tied to its field (``aria-describedby``)."""
    for bound in form:
        widget = bound.field.widget
        widget.attrs.setdefault(
            "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
        )
        if form.is_bound and bound.name in form.errors:
            widget.attrs["class"] += " is-invalid"
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"{bound.auto_id}_error"


def _year_field(*, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Tahun anggaran"),
        required=required,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": _("Tulis tahun anggaran dengan angka, misalnya 2025."),
            "min_value": _("Tahun anggaran paling awal %(limit_value)s."),
            "max_value": _("Tahun anggaran paling akhir %(limit_value)s."),
        },
    )


def _organizer_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Penyelenggara"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Semua penyelenggara"),
        error_messages={"invalid_choice": _("Pilih penyelenggara dari daftar.")},
    )


def organizers_of(trainings: QuerySet[Training]) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=trainings.values("organizer_id")).order_by("name")


class FilterForm(forms.Form):
    """What both filters share: a bound GET form that reports its clean query string."""

    def query(self) -> str:
        """The filters as a query string (for the pagination and export links)."""
        if not self.is_valid():
            return ""
        pairs = []
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            pairs.append((name, getattr(value, "pk", value)))
        return urlencode(pairs)


class IndexFilterForm(FilterForm):
    """The index's filters: fiscal year, organiser, bidang, kind and phase, all optional."""

    year = _year_field(required=False)
    organizer = _organizer_field()
    field = forms.ChoiceField(label=_("Bidang"), required=False)
    kind = forms.ChoiceField(label=_("Jenis"), required=False)
    phase = forms.ChoiceField(label=_("Tahap"), required=False)

    def __init__(self, data, *, trainings: QuerySet[Training]) -> None:
        super().__init__(data)
        invalid = {"invalid_choice": _("Pilih dari daftar.")}
        self.fields["organizer"].queryset = organizers_of(trainings)
        fields = (
            trainings.exclude(field="").order_by("field").values_list("field", flat=True).distinct()
        )
        self.fields["field"].choices = [("", _("Semua bidang")), *((f, f) for f in fields)]
        self.fields["field"].error_messages.update(invalid)
        self.fields["kind"].choices = [("", _("Semua jenis")), *Training.Kind.choices]
        self.fields["kind"].error_messages.update(invalid)
        self.fields["phase"].choices = [("", _("Semua tahap")), *Phase.choices]
        self.fields["phase"].error_messages.update(invalid)
        _style(self)


class PeriodFilterForm(FilterForm):
    """The period summary's filters: a fiscal year (the current one when none is given),
    and optionally an organiser, a role and a regency."""

    year = _year_field(required=True)
    organizer = _organizer_field()
    role = forms.ModelChoiceField(
        label=_("Unsur"),
        queryset=SocialRole.objects.order_by("name"),
        required=False,
        empty_label=_("Semua unsur"),
        error_messages={"invalid_choice": _("Pilih unsur dari daftar.")},
    )
    regency = forms.ModelChoiceField(
        label=_("Kabupaten/kota"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("Semua kabupaten/kota"),
        error_messages={"invalid_choice": _("Pilih kabupaten/kota dari daftar.")},
    )

    def __init__(
        self,
        data,
        *,
        trainings: QuerySet[Training],
        regencies: QuerySet[Region],
        current_year: int,
    ) -> None:
        if "year" not in data:
            data = data.copy()
            data["year"] = str(current_year)
        super().__init__(data)
        self.fields["organizer"].queryset = organizers_of(trainings)
        self.fields["regency"].queryset = regencies
        _style(self)


def regency_choices(region_code: str | None) -> QuerySet[Region]:
    """The regencies a reader may pick: those of their organisation's province (all of
    them without one), and the provinces themselves (a provincial agency's own staff
    stand for their province)."""
    regions = Region.objects.filter(
        level__in=(Region.Level.REGENCY, Region.Level.PROVINCE)
    ).order_by("code")
    if region_code:
        regions = regions.filter(code__startswith=region_code[:2])
    return regions
