"""Admin for who people are: regions, pilar sosial roles, participants and the registry.

The ``participants`` app holds the models; their admin lives here because it is
scoped by the trainings' rules. Three habits every admin of the project follows:

* every foreign key to Region is an autocomplete (91,599 rows: a full ``<select>``
  would be megabytes), limited to the levels that make sense for the field by
  ``RegionLevelsMixin.region_levels`` — in the form's queryset *and* in the
  autocomplete's search results;
* a full NIK is shown only to users with ``participants.view_full_nik``; everyone
  else sees ``Participant.masked_nik``, in lists and on the change form;
* rows are scoped by ``trainings.admin.scope``: participants and the registry by
  ``trainings.access.visible_participants``; regions, roles and role groups are
  shared reference data everyone reads.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import and_

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.db.models import Q
from django.db.models.functions import Length
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from participants.models import Participant, Region, RoleGroup, RoleHeld, SocialRole
from participants.nik import NIKError, parse_nik
from participants.permissions import can_view_full_nik
from trainings import access, nik_audit
from trainings.admin.regions import DISTRICT_OR_VILLAGE, RegionLevelsMixin
from trainings.admin.scope import ScopedAdminMixin, is_unscoped
from trainings.models import Registration

_CODE_TERM = re.compile(r"[0-9][0-9.]*")
_NIK_TERM = re.compile(r"[0-9]{16}")
MIN_NAME_TERM = 2  # one letter matches most of the 83,762 villages: not a search


def _dotted_code(term: str) -> str:
    """'620505' → '62.05.05' (a NIK's first six digits), dotted codes unchanged."""
    if "." in term:
        return term
    parts = [term[:2], term[2:4], term[4:6], term[6:10]]
    return ".".join(part for part in parts if part)


class SharedReferenceMixin(ScopedAdminMixin):
    """Reference data every staff user reads in full (writes follow the model permissions)."""

    def scope_queryset(self, request, queryset):
        return queryset


@admin.register(Region)
class RegionAdmin(SharedReferenceMixin, admin.ModelAdmin):
    """Read only: regions come from the official list (``load_regions``), never typed in."""

    list_display = ("code", "name", "level", "kind", "parent", "timezone")
    list_filter = ("level", "kind", "timezone")
    list_select_related = ("parent",)
    search_fields = ("name", "code__startswith")
    search_help_text = _("Nama wilayah (minimal 2 huruf) atau awal kode, mis. 62.05 atau 620505.")
    ordering = ("code",)
    show_full_result_count = False  # the unfiltered count is 91,599 and known

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        """Digits search the code by prefix; words search the name, broad levels first.

        From an autocomplete, only the levels the source field accepts are offered.
        """
        levels = self._autocomplete_levels(request)
        if levels:
            queryset = queryset.filter(level__in=levels)
        term = search_term.strip()
        if not term:
            return queryset, False
        if _CODE_TERM.fullmatch(term):
            return queryset.filter(code__startswith=_dotted_code(term)), False
        if len(term) < MIN_NAME_TERM:
            return queryset.none(), False
        matches = reduce(and_, (Q(name__icontains=word) for word in term.split()))
        # A changelist re-orders by its own column; the autocomplete keeps this order.
        return queryset.filter(matches).order_by(Length("code"), "name", "code"), False

    def _autocomplete_levels(self, request) -> tuple[str, ...] | None:
        params = request.GET
        if not {"app_label", "model_name", "field_name"} <= params.keys():
            return None
        try:
            model = apps.get_model(params["app_label"], params["model_name"])
            source_admin = self.admin_site.get_model_admin(model)
        except (LookupError, NotRegistered):
            return None
        return getattr(source_admin, "region_levels", {}).get(params["field_name"])


@admin.register(SocialRole)
class SocialRoleAdmin(SharedReferenceMixin, admin.ModelAdmin):
    list_display = ("abbreviation", "name", "code", "kind", "is_psks", "active", "sort_order")
    list_filter = ("kind", "is_psks", "active")
    search_fields = ("abbreviation", "name", "code")
    prepopulated_fields = {"code": ("abbreviation",)}

    def get_readonly_fields(self, request, obj=None):
        # Seeding and imports find a role by its code: it never changes once made.
        return ("code",) if obj is not None else ()

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}


@admin.register(RoleGroup)
class RoleGroupAdmin(SharedReferenceMixin, admin.ModelAdmin):
    list_display = ("name", "role_list")
    search_fields = ("name",)
    filter_horizontal = ("roles",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description=_("unsur"))
    def role_list(self, obj: RoleGroup) -> str:
        return ", ".join(role.abbreviation or role.name for role in obj.roles.all())


class ProvinceFilter(admin.SimpleListFilter):
    """Domicile by province: 38 choices, where a filter on home_region would list 91,599."""

    title = _("provinsi domisili")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return (
            Region.objects.filter(level=Region.Level.PROVINCE)
            .order_by("code")
            .values_list("code", "name")
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(home_region__code__startswith=f"{self.value()}.")
        return queryset


class ParticipantAdminForm(forms.ModelForm):
    def clean_nik(self) -> str:
        nik = self.cleaned_data["nik"].strip()
        try:
            parse_nik(nik)
        except NIKError as error:
            raise forms.ValidationError(error.message, code=f"nik_{error.code}") from error
        return nik


class RoleHeldInline(RegionLevelsMixin, admin.TabularInline):
    model = RoleHeld
    extra = 0
    fields = ("role", "sk_number", "year_appointed", "duty_region", "active")
    autocomplete_fields = ("role", "duty_region")


class RegistrationHistoryInline(admin.TabularInline):
    """The person's trainings, newest first (read only: seats are the services' business)."""

    model = Registration
    verbose_name_plural = _("riwayat pelatihan")
    fields = ("training", "role", "status", "code", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Someone's unverified claim on the NIK is not this person's history.
        registrations = (
            super()
            .get_queryset(request)
            .filter(identity_check__in=Registration.OWN_IDENTITY_CHECKS)
        )
        if not is_unscoped(request):
            # The person's trainings elsewhere are not this user's business.
            visible = access.visible_registrations(request.user).values("pk")
            registrations = registrations.filter(pk__in=visible)
        return registrations.select_related("training", "role").order_by("-created_at")


@admin.register(Participant)
class ParticipantAdmin(ScopedAdminMixin, RegionLevelsMixin, admin.ModelAdmin):
    form = ParticipantAdminForm
    list_display = (
        "full_name",
        "nik_masked",
        "sex",
        "birth_date",
        "phone",
        "home_region",
        "organization_unit",
    )
    list_filter = ("sex", ProvinceFilter)
    list_select_related = ("home_region",)
    search_fields = ("full_name",)  # plus the exact NIK: see get_search_results
    search_help_text = _("Nama, atau NIK lengkap (16 angka).")
    ordering = ("full_name", "id")
    autocomplete_fields = ("home_region",)
    region_levels = {"home_region": DISTRICT_OR_VILLAGE}
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("nik", "full_name", "sex", "birth_place", "birth_date")}),
        (_("Kontak dan domisili"), {"fields": ("phone", "email", "home_region")}),
        (
            _("Lembaga dan kepegawaian"),
            {"fields": ("organization_unit", "nip", "rank", "position")},
        ),
        (_("Catatan sistem"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = (RoleHeldInline, RegistrationHistoryInline)
    actions = ("merge_duplicates",)

    def scope_queryset(self, request, queryset):
        return queryset.filter(pk__in=access.visible_participants(request.user).values("pk"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not access.may_merge(request.user):
            actions.pop("merge_duplicates", None)
        return actions

    @admin.action(description=_("Gabungkan dua data peserta ganda"))
    def merge_duplicates(self, request, queryset):
        """Hand the two chosen records to the staff merge page (no NIK in the URL)."""
        chosen = list(queryset.order_by("pk").values_list("pk", flat=True)[:3])
        if len(chosen) != 2:
            self.message_user(
                request, _("Pilih tepat dua data peserta untuk digabung."), messages.WARNING
            )
            return None
        request.session[access.MERGE_SESSION_KEY] = chosen
        return redirect("staff:participant_merge")

    @admin.display(description=_("NIK"), ordering="nik")
    def nik_masked(self, obj: Participant) -> str:
        return obj.masked_nik

    def get_list_display(self, request):
        if can_view_full_nik(request.user):
            nik_audit.note_full_niks_shown(request)
            return tuple("nik" if name == "nik_masked" else name for name in self.list_display)
        return self.list_display

    def get_fieldsets(self, request, obj=None):
        """Without view_full_nik an existing person's NIK is shown masked and read only."""
        if obj is not None and can_view_full_nik(request.user):
            nik_audit.note_full_niks_shown(request)
        if obj is None or can_view_full_nik(request.user):
            return self.fieldsets
        return tuple(
            (title, {**options, "fields": _swap(options["fields"], "nik", "nik_masked")})
            for title, options in self.fieldsets
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None or can_view_full_nik(request.user):
            return self.readonly_fields
        return (*self.readonly_fields, "nik_masked")

    def get_search_results(self, request, queryset, search_term):
        """A 16-digit term is a NIK, matched exactly (never by prefix); else the name."""
        term = search_term.strip()
        if _NIK_TERM.fullmatch(term):
            return queryset.filter(nik=term), False
        return super().get_search_results(request, queryset, search_term)


def _swap(fields: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    return tuple(new if name == old else name for name in fields)


@admin.register(RoleHeld)
class RoleHeldAdmin(ScopedAdminMixin, RegionLevelsMixin, admin.ModelAdmin):
    list_display = ("participant", "role", "sk_number", "year_appointed", "duty_region", "active")
    list_filter = ("role", "active")
    list_select_related = ("participant", "role", "duty_region")
    search_fields = ("participant__full_name", "=participant__nik", "sk_number")
    search_help_text = _("Nama peserta, NIK lengkap, atau nomor SK.")
    ordering = ("participant__full_name", "id")
    autocomplete_fields = ("participant", "role", "duty_region")

    def scope_queryset(self, request, queryset):
        return queryset.filter(
            participant__in=access.visible_participants(request.user).values("pk")
        )
