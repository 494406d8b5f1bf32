"""Staff accounts in the admin: agency admins manage their own organisation's staff.

Django registers ``User`` and ``Group`` (and django-tasks-db its task results)
unscoped; they are registered again here with the project's scoping:

* users: a non-superuser sees and changes only the accounts of their own
  organisation, never a superuser's; they set names, e-mail, active and password
  — never superuser status, groups or permissions (the group follows the
  membership's role). Only a superuser grants ``view_full_nik`` (whole NIKs), so
  no agency admin can widen what they themselves see; each grant and revocation
  is recorded in Pilar's audit trail (``trainings.nik_audit``). A new account is
  made together with its membership in their organisation, so it is theirs from
  the start;
* groups and task results: superusers only.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from participants.models import Region
from trainings import access, nik_audit
from trainings.admin.organizations import membership_sync_access
from trainings.admin.scope import ScopedAdminMixin, is_unscoped
from trainings.models import Membership


class StaffUserCreationForm(AdminUserCreationForm):
    """A new account for the agency, with its role (and regency, for an operator)."""

    role = forms.ChoiceField(label=_("Peran"), choices=Membership.Role.choices)
    region = forms.ModelChoiceField(
        label=_("Kabupaten/kota"),
        queryset=Region.objects.none(),  # set per request: ``operator_regions``
        required=False,
        help_text=_("Wajib untuk operator kabupaten/kota."),
    )

    def clean(self):
        cleaned = super().clean()
        role, region = cleaned.get("role"), cleaned.get("region")
        if role == Membership.Role.REGENCY_OPERATOR and region is None:
            self.add_error("region", _("Operator kabupaten/kota harus punya kabupaten/kota."))
        if role != Membership.Role.REGENCY_OPERATOR:
            cleaned["region"] = None
        return cleaned


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(ScopedAdminMixin, UserAdmin):
    agency_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Akses"), {"fields": ("is_active",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    agency_add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "usable_password",
                    "password1",
                    "password2",
                    "role",
                    "region",
                ),
            },
        ),
    )

    def scope_queryset(self, request, queryset):
        return queryset.filter(pk__in=access.organization_users(request.user).values("pk"))

    def get_readonly_fields(self, request, obj=None):
        if is_unscoped(request):
            return super().get_readonly_fields(request, obj)
        return ("last_login", "date_joined")

    def get_fieldsets(self, request, obj=None):
        if is_unscoped(request):
            return super().get_fieldsets(request, obj)
        return self.agency_add_fieldsets if obj is None else self.agency_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not is_unscoped(request):
            kwargs["form"] = StaffUserCreationForm
            form = super().get_form(request, obj, **kwargs)
            form.base_fields["region"].queryset = access.operator_regions(request.user)
            return form
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and not is_unscoped(request):
            membership = Membership.objects.create(
                user=obj,
                organization_id=access.own_organization_id(request.user),
                role=form.cleaned_data["role"],
                region=form.cleaned_data["region"],
            )
            membership_sync_access(membership)

    def save_related(self, request, form, formsets, change):
        with nik_audit.acting_as(request.user):
            super().save_related(request, form, formsets, change)


admin.site.unregister(Group)


@admin.register(Group)
class StaffGroupAdmin(ScopedAdminMixin, GroupAdmin):
    """The four staff groups are set by ``trainings.permissions``: superusers only."""

    def save_related(self, request, form, formsets, change):
        with nik_audit.acting_as(request.user):
            super().save_related(request, form, formsets, change)


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ScopedAdminMixin, DBTaskResultAdmin):
    """The notification queue (it names registrations): superusers only."""
