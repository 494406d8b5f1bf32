"""Public forms: registration and the lost-code request.

They validate and normalise what a person typed; the services decide
(eligibility, the window, seats). Region selects are plain code fields whose
options are loaded only when the form is rendered, so a POST validates every
region it names with a single query, and no select ever lists more than one
level under one parent (never the 83,762 villages).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import Region, SocialRole
from trainings.forms.fields import (
    LazyChoices,
    birth_date_field,
    clean_birth_date,
    clean_nik,
    nik_field,
    region_field,
)
from trainings.forms.person import PersonForm
from trainings.forms.regions import (
    code_level,
    is_national,
    placeholder,
    region_children,
)
from trainings.models import Training
from trainings.selectors.eligibility import eligible_roles


class RegistrationForm(PersonForm):
    """The public registration form of one training.

    ``cleaned_data`` after validation: the person's fields (``PersonForm``),
    ``district`` (the home Region, chosen province → regency → kecamatan),
    ``role`` (a SocialRole among the eligible ones), ``region_represented``
    (a Region), ``consent``.
    """

    HONEYPOT = "situs_web"
    home_template = "trainings/_reg_home.html"

    province = region_field(_("Provinsi"))
    regency = region_field(_("Kabupaten/kota"))
    district = region_field(_("Kecamatan"))
    role = forms.ModelChoiceField(
        label=_("Unsur pilar sosial"),
        queryset=SocialRole.objects.none(),
        empty_label=_("— Pilih unsur —"),
        error_messages={
            "invalid_choice": _("Pilih salah satu unsur yang boleh mengikuti pelatihan ini."),
        },
    )
    represented_province = region_field(_("Provinsi yang diwakili"), required=False)
    region_represented = region_field(_("Mewakili"))
    consent = forms.BooleanField(
        label=_(
            "Saya menyetujui pemrosesan data pribadi saya untuk pendaftaran dan pelaporan "
            "pelatihan ini."
        ),
        error_messages={
            "required": _("Centang persetujuan ini untuk dapat mendaftar."),
        },
    )

    def __init__(self, *args, training: Training, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.training = training
        self.national = is_national(training)
        self.venue_province = training.venue_region_id[:2]
        self._children: dict[str | None, list[tuple[str, str]]] = {}
        self.fields["role"].queryset = eligible_roles(training)
        self.fields["region_represented"].help_text = _(
            "Kabupaten/kota atau lembaga yang mengutus Anda; menentukan kuota kursi Anda."
        )
        if not self.national:
            del self.fields["represented_province"]
            self.fields["region_represented"].label = _("Mewakili kabupaten/kota atau lembaga")
        else:
            self.fields["represented_province"].required = True
            self.fields["region_represented"].label = _("Mewakili kabupaten/kota")
        self._wire_region_selects()

    # --- region selects -------------------------------------------------------------------

    def value_of(self, name: str) -> str:
        """What the form shows for ``name``: the posted value, else the initial one."""
        if self.is_bound:
            value = self.data.get(self.add_prefix(name), "")
        else:
            value = self.initial.get(name, "")
        return value if isinstance(value, str) else ""

    def _rows(self, parent: str | None) -> list[tuple[str, str]]:
        if parent not in self._children:
            self._children[parent] = region_children(parent)[1]
        return self._children[parent]

    def _options(self, level: str, parent_field: str | None) -> list[tuple[str, str]]:
        options = [("", str(placeholder(level)))]
        if parent_field is None:
            return options + self._rows(None)
        parent = self.value_of(parent_field)
        if level == Region.Level.REGENCY:
            known = code_level(parent) == Region.Level.PROVINCE
        else:  # a regency of another province than the one now chosen offers nothing
            province = self.value_of("province")
            known = code_level(parent) == Region.Level.REGENCY and parent[:2] == province
        return options + self._rows(parent) if known else options

    def _represented_options(self) -> list[tuple[str, str]]:
        organizer = self.training.organizer
        options = [("", str(_("— Pilih —")))]
        if self.national:
            province = self.value_of("represented_province")
            regencies = self._rows(province) if code_level(province) == "province" else []
        else:
            regencies = self._rows(self.venue_province)
        if organizer.region_id is None:
            return options + regencies
        own = _("%(agency)s (penyelenggara)") % {"agency": organizer.name}
        if any(code == organizer.region_id for code, _name in regencies):
            # A regency agency represents its own regency: one option says both.
            return options + [
                (code, f"{name} — {own}" if code == organizer.region_id else name)
                for code, name in regencies
            ]
        return [*options, (organizer.region_id, own), *regencies]

    def _wire_region_selects(self) -> None:
        url = reverse("trainings:region_options")
        for name, child in [("province", "regency"), ("regency", "district")]:
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": url,
                    "hx-target": f"#id_{child}",
                    "hx-trigger": "change",
                    "hx-sync": "this:replace",
                    "data-region-child": f"#id_{child}",
                }
            )
        self.fields["province"].widget.attrs["data-region-reset"] = "#id_district"
        self.fields["province"].widget.choices = LazyChoices(
            lambda: self._options(Region.Level.PROVINCE, None)
        )
        self.fields["regency"].widget.choices = LazyChoices(
            lambda: self._options(Region.Level.REGENCY, "province")
        )
        self.fields["district"].widget.choices = LazyChoices(
            lambda: self._options(Region.Level.DISTRICT, "regency")
        )
        self.fields["region_represented"].widget.choices = LazyChoices(self._represented_options)
        if self.national:
            field = self.fields["represented_province"]
            field.widget.choices = LazyChoices(lambda: self._options(Region.Level.PROVINCE, None))
            field.widget.attrs.update(
                {
                    "hx-get": url,
                    "hx-target": "#id_region_represented",
                    "hx-trigger": "change",
                    "hx-sync": "this:replace",
                    "data-region-child": "#id_region_represented",
                }
            )

    # --- field cleaning -------------------------------------------------------------------

    def _clean_code(self, name: str, level: str) -> str:
        value = self.cleaned_data.get(name, "")
        if value and code_level(value) != level:
            raise ValidationError(_("Pilihan wilayah tidak valid."), code="invalid_region")
        return value

    def clean_province(self) -> str:
        return self._clean_code("province", Region.Level.PROVINCE)

    def clean_regency(self) -> str:
        return self._clean_code("regency", Region.Level.REGENCY)

    def clean_district(self) -> str:
        return self._clean_code("district", Region.Level.DISTRICT)

    def clean_represented_province(self) -> str:
        return self._clean_code("represented_province", Region.Level.PROVINCE)

    def clean_region_represented(self) -> str:
        value = self.cleaned_data.get("region_represented", "")
        if value and code_level(value) is None:
            raise ValidationError(_("Pilihan wilayah tidak valid."), code="invalid_region")
        return value

    # --- whole form -----------------------------------------------------------------------

    def clean(self):
        # Regions first: the NIK warnings (PersonForm) compare the NIK with the home region.
        self._check_regions(self.cleaned_data)
        return super().clean()

    def _check_regions(self, data: dict) -> None:
        """Every region named must exist and sit inside the one above it. One query."""
        names = ["province", "regency", "district", "represented_province", "region_represented"]
        codes = {name: data.get(name) for name in names if data.get(name)}
        if not codes:
            return
        found = {
            region.code: region
            for region in Region.objects.filter(code__in=set(codes.values())).only(
                "code", "name", "level", "parent_id"
            )
        }

        def inside(name: str, level: str, parent: str | None) -> bool:
            region = found.get(codes.get(name, ""))
            return region is not None and region.level == level and region.parent_id == parent

        invalid = _("Pilihan wilayah tidak valid.")
        if "province" in codes and not inside("province", Region.Level.PROVINCE, None):
            self.add_error("province", invalid)
        if "regency" in codes and not inside(
            "regency", Region.Level.REGENCY, codes.get("province")
        ):
            self.add_error("regency", _("Kabupaten/kota ini tidak ada di provinsi yang dipilih."))
        if "district" in codes and not inside(
            "district", Region.Level.DISTRICT, codes.get("regency")
        ):
            self.add_error("district", _("Kecamatan ini tidak ada di kabupaten/kota yang dipilih."))
        if "district" in codes and "district" not in self.errors:
            data["district"] = found[codes["district"]]
        if "represented_province" in codes and not inside(
            "represented_province", Region.Level.PROVINCE, None
        ):
            self.add_error("represented_province", invalid)
        represented = codes.get("region_represented")
        if represented is None:
            return
        own = self.training.organizer.region_id
        allowed_parent = codes.get("represented_province") if self.national else self.venue_province
        if represented in found and (
            represented == own or inside("region_represented", Region.Level.REGENCY, allowed_parent)
        ):
            data["region_represented"] = found[represented]
        else:
            self.add_error("region_represented", invalid)


class LostCodeForm(forms.Form):
    """NIK + birth date + training: ask for the code to be sent to the contact on file."""

    nik = nik_field()
    birth_date = birth_date_field()
    training = forms.ModelChoiceField(
        label=_("Pelatihan"),
        queryset=Training.objects.none(),
        to_field_name="slug",
        empty_label=_("— Pilih pelatihan —"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = Training.objects.filter(
            status=Training.Status.PUBLISHED, ends_on__gte=timezone.localdate()
        ).order_by("starts_on", "title")
        self.fields["birth_date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_nik(self) -> str:
        return clean_nik(self.cleaned_data["nik"])

    def clean_birth_date(self):
        return clean_birth_date(self.cleaned_data["birth_date"])
