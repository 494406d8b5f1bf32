"""Admin for who runs things (organisations, staff memberships) and the audit trail."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from participants.admin import PROVINCE_OR_REGENCY, REGENCY_ONLY, RegionLevelsMixin
from trainings.models import AuditEvent, Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(RegionLevelsMixin, admin.ModelAdmin):
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


@admin.register(Membership)
class MembershipAdmin(RegionLevelsMixin, admin.ModelAdmin):
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


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: the services write the trail, nobody edits it."""

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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
