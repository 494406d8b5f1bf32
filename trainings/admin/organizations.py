"""Admin for who runs things (organisations, staff memberships) and the audit trail.

Scope for non-superusers (``trainings.admin.scope``): their own organisation
(a provincial agency also reads the agencies of its province), their own
organisation's memberships and audit trail. What an organisation *is* (kind,
region, code) decides what its staff see, so only superusers change it; and a
regency operator's regency must lie within the organisation's region.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from participants.permissions import can_view_full_nik
from trainings import access, nik_audit
from trainings.admin.regions import PROVINCE_OR_REGENCY, REGENCY_ONLY, RegionLevelsMixin
from trainings.admin.scope import ScopedAdminMixin, is_unscoped
from trainings.formatting import mask_niks_in
from trainings.models import AuditEvent, Membership, Organization
from trainings.permissions import AGENCY_ADMIN, REGENCY_OPERATOR, SUPERVISOR, TRAINING_STAFF

GROUP_OF_ROLE = {
    Membership.Role.AGENCY_ADMIN: AGENCY_ADMIN,
    Membership.Role.TRAINING_STAFF: TRAINING_STAFF,
    Membership.Role.REGENCY_OPERATOR: REGENCY_OPERATOR,
    Membership.Role.SUPERVISOR: SUPERVISOR,
}


def membership_sync_access(membership: Membership) -> None:
    """The user's staff group and admin access follow their membership's role.

    Regency operators work in /staff/ only: never ``is_staff``.
    """
    user = membership.user
    user.groups.remove(*Group.objects.filter(name__in=GROUP_OF_ROLE.values()))
    user.groups.add(Group.objects.get(name=GROUP_OF_ROLE[membership.role]))
    is_staff = membership.role != Membership.Role.REGENCY_OPERATOR
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


@admin.register(Organization)
class OrganizationAdmin(ScopedAdminMixin, RegionLevelsMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "region")
    list_filter = ("kind",)
    list_select_related = ("region",)
    search_fields = ("name", "short_name", "code")
    ordering = ("name", "id")
    autocomplete_fields = ("region",)
    region_levels = {"region": PROVINCE_OR_REGENCY}
    fieldsets = (
        (None, {"fields": ("name", "short_name", "code", "kind", "region", "address")}),
        (_("Kop surat dan logo"), {"fields": ("letterhead", "logo")}),
        (
            _("Sertifikat"),
            {
                "fields": (
                    "certificate_number_pattern",
                    "signatory_name",
                    "signatory_position",
                    "signatory_nip",
                )
            },
        ),
    )

    def scope_queryset(self, request, queryset):
        return queryset.filter(pk__in=access.visible_organizations(request.user).values("pk"))

    def may_change(self, request, obj):
        return obj.pk == access.own_organization_id(request.user)

    def has_add_permission(self, request):
        # New agencies are the platform's set-up: an agency's staff could not see one anyway.
        return is_unscoped(request) and super().has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        if is_unscoped(request):
            return self.readonly_fields
        return (*self.readonly_fields, "code", "kind", "region")


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, RegionLevelsMixin, admin.ModelAdmin):
    """Agency admins manage their own staff: role and regency; new staff come with their
    account (``trainings.admin.accounts``)."""

    list_display = ("user", "organization", "role", "region")
    list_filter = ("role", ("organization", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "organization", "region")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "organization__name",
        "organization__short_name",
    )
    ordering = ("organization__name", "user__username")
    autocomplete_fields = ("user", "organization", "region")
    region_levels = {"region": REGENCY_ONLY}

    def scope_queryset(self, request, queryset):
        return queryset.filter(organization_id=access.own_organization_id(request.user))

    def has_add_permission(self, request):
        return is_unscoped(request) and super().has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        if is_unscoped(request):
            return self.readonly_fields
        return (*self.readonly_fields, "user", "organization")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region" and not is_unscoped(request):
            kwargs["queryset"] = access.operator_regions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        membership_sync_access(obj)


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read only: the services write the trail, nobody edits it.

    ``changes`` may hold a full NIK (a participant merge records the removed
    one): it is shown masked to users without ``view_full_nik``.
    """

    list_display = (
        "created_at",
        "actor_label",
        "action",
        "object_repr",
        "content_type",
        "training",
        "organization",
    )
    list_filter = ("action", ("content_type", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("content_type", "training", "organization")
    search_fields = ("object_repr", "actor_label", "action", "=object_id")
    ordering = ("-created_at", "-id")
    date_hierarchy = "created_at"
    show_full_result_count = False  # grows with every write: one COUNT per page is enough
    fields = (
        "created_at",
        "actor",
        "actor_label",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes_masked",
        "organization",
        "training",
    )

    def scope_queryset(self, request, queryset):
        return queryset.filter(organization_id=access.own_organization_id(request.user))

    def get_fields(self, request, obj=None):
        if can_view_full_nik(request.user):
            nik_audit.note_full_niks_shown(request)
            return tuple(
                "changes_full" if name == "changes_masked" else name for name in self.fields
            )
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("perubahan"))
    def changes_masked(self, obj: AuditEvent) -> str:
        return format_html("<pre>{}</pre>", mask_niks_in(_changes_text(obj)))

    @admin.display(description=_("perubahan"))
    def changes_full(self, obj: AuditEvent) -> str:
        return format_html("<pre>{}</pre>", _changes_text(obj))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _changes_text(event: AuditEvent) -> str:
    return json.dumps(event.changes, ensure_ascii=False, indent=2, sort_keys=True)
