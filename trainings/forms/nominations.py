"""Staff forms for nominations: search the registry, nominate, add a new person, send back.

They validate and normalise; ``trainings.services.nominations`` decides whether
a nomination fits (cell, role, replacement). A *placement* is one (quota cell,
role) pair the operator may choose — one select instead of two that would need
script to keep each other in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participants.models import Participant, Region, SocialRole
from trainings.forms.fields import LazyChoices, region_field, text_field
from trainings.forms.person import PersonForm
from trainings.forms.regions import placeholder, region_children
from trainings.models import Quota, Registration

_NIK_SHAPE = re.compile(r"[0-9]{16}")
MIN_NAME_SEARCH = 3


@dataclass(frozen=True)
class Placement:
    """One choice of where and as what a person is nominated."""

    quota: Quota
    role: SocialRole

    @property
    def value(self) -> str:
        return f"{self.quota.pk}-{self.role.pk}"

    @property
    def label(self) -> str:
        cell = self.quota.label or (
            self.quota.role_group.name if self.quota.role_group_id else str(self.quota)
        )
        return f"{cell} — {self.role.abbreviation}"


class RegistrySearchForm(forms.Form):
    """``q``: an exact NIK (16 digits, spaces ignored) or part of a name.

    A NIK is personal data and never travels in a URL (kept in browser history,
    server logs, a shared link): the search box posts it. ``in_url`` marks a
    query read from a URL, where a NIK is refused."""

    q = text_field(
        _("Cari di registri"),
        max_length=150,
        help_text=_("NIK lengkap (16 angka) atau sebagian nama, minimal 3 huruf."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args, in_url: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.in_url = in_url

    def clean_q(self) -> str:
        value = " ".join(self.cleaned_data["q"].split())
        compact = value.replace(" ", "")
        if _NIK_SHAPE.fullmatch(compact):
            if self.in_url:
                raise ValidationError(
                    _(
                        "NIK tidak boleh dikirim lewat alamat halaman. Ketik NIK di kotak "
                        "pencarian, lalu tekan Cari."
                    ),
                    code="nik_in_url",
                )
            return compact
        if len(value) < MIN_NAME_SEARCH:
            raise ValidationError(
                ngettext(
                    "Ketik NIK lengkap atau minimal %(count)d huruf nama.",
                    "Ketik NIK lengkap atau minimal %(count)d huruf nama.",
                    MIN_NAME_SEARCH,
                )
                % {"count": MIN_NAME_SEARCH},
                code="too_short",
            )
        return value

    @property
    def by_nik(self) -> bool:
        return bool(_NIK_SHAPE.fullmatch(self.cleaned_data.get("q", "")))


class _PlacementMixin:
    """The ``placement`` select and the hidden ``replaces`` code, shared by both forms."""

    def _setup_placement(self, placements: list[Placement], replaceable: QuerySet) -> None:
        self.placements = {placement.value: placement for placement in placements}
        field = self.fields["placement"]
        field.choices = [("", _("— Pilih sel kuota dan unsur —"))] + [
            (placement.value, placement.label) for placement in placements
        ]
        self.fields["replaces"].queryset = replaceable

    def clean_placement(self) -> Placement:
        return self.placements[self.cleaned_data["placement"]]


def _placement_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Sel kuota dan unsur"),
        error_messages={
            "invalid_choice": _("Pilih salah satu sel kuota kabupaten/kota Anda."),
            "required": _("Pilih sel kuota dan unsur."),
        },
    )


def _replaces_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Registration.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Usulan yang hendak diganti tidak ditemukan.")},
    )


class NominateForm(_PlacementMixin, forms.Form):
    """Nominate a person found in the registry.

    ``participant`` is limited to the people the operator may look up, the
    placement to their own cells, ``replaces`` to their cells' registrations:
    anything else is an invalid choice and nothing is written.
    """

    participant = forms.ModelChoiceField(
        queryset=Participant.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Orang ini tidak ditemukan di registri Anda.")},
    )
    placement = _placement_field()
    replaces = _replaces_field()

    def __init__(
        self,
        *args,
        people: QuerySet[Participant],
        placements: list[Placement],
        replaceable: QuerySet[Registration],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = people
        self._setup_placement(placements, replaceable)


class NewPersonForm(_PlacementMixin, PersonForm):
    """Add a person who is not in the registry yet, living in the operator's regency.

    ``cleaned_data``: the person's fields (``PersonForm``, NIK typed twice and
    its warnings confirmed as on the public form), ``district`` (a kecamatan
    code inside the regency), ``placement``, ``replaces``.
    """

    home_template = "staff/_nom_home.html"

    district = region_field(_("Kecamatan tempat tinggal"))
    placement = _placement_field()
    replaces = _replaces_field()

    def __init__(
        self,
        *args,
        regency: Region,
        placements: list[Placement],
        replaceable: QuerySet[Registration],
        **kwargs,
    ) -> None:
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)
        self.regency = regency
        self._districts: list[tuple[str, str]] | None = None
        self.fields["district"].widget.choices = LazyChoices(
            lambda: [("", str(placeholder(Region.Level.DISTRICT))), *self.districts()]
        )
        self._setup_placement(placements, replaceable)

    def districts(self) -> list[tuple[str, str]]:
        """The regency's kecamatan (one level under one parent; one query, kept)."""
        if self._districts is None:
            self._districts = region_children(self.regency.code)[1]
        return self._districts

    def clean_district(self) -> str:
        code = self.cleaned_data["district"]
        if code not in dict(self.districts()):
            raise ValidationError(
                _("Pilih kecamatan di %(regency)s.") % {"regency": self.regency.name},
                code="invalid_region",
            )
        return code


class ReturnForm(forms.Form):
    """Send a nomination back: the reason is shown to the regency's operator."""

    reason = text_field(_("Alasan dikembalikan"), max_length=250)


class WithdrawForm(forms.Form):
    """Withdraw a nominee: the reason goes to the person and onto the audit trail."""

    reason = text_field(
        _("Alasan penarikan"),
        max_length=250,
        help_text=_("Disampaikan kepada orang yang ditarik."),
        error_messages={"required": _("Tulis alasan penarikan.")},
    )


# What a pengganti form posts that the operator types; the (cell, role) choice is left
# out because it is preselected, so posting it alone names no one.
_TYPED_FIELDS = (
    "nik",
    "full_name",
    "sex",
    "birth_place",
    "birth_date",
    "phone",
    "email",
    "organization_unit",
    "district",
)


class ReplacementForm(NewPersonForm):
    """The pengganti named with a withdrawal, typed as on the new-person form (a new
    person, or one in the operator's registry by their NIK), placed in the withdrawn
    nominee's cell. Left blank, no pengganti is named: ``named(data)`` tells; so no
    field is ``required`` in the browser, and the server says what is missing."""

    use_required_attribute = False

    def __init__(self, *args, regency: Region, placements: list[Placement], **kwargs) -> None:
        kwargs.setdefault("prefix", "pengganti")
        super().__init__(
            *args,
            regency=regency,
            placements=placements,
            replaceable=Registration.objects.none(),
            **kwargs,
        )
        del self.fields["replaces"]  # the withdrawn nominee is named by the page

    @classmethod
    def named(cls, data, prefix: str = "pengganti") -> bool:
        """Whether ``data`` (a POST) types anything about a pengganti."""
        return any(str(data.get(f"{prefix}-{name}", "")).strip() for name in _TYPED_FIELDS)
