"""Staff accounts in the admin: agency admins manage their own organisation's staff.

Django registers ``User`` and ``Group`` (and django-tasks-db its task results)
unscoped; they are registered again here with the project's scoping:

* users: a non-superuser sees and changes only the accounts of their own
  organisation, never a superuser's; they set names, e-mail, active, password
  and ``view_full_nik`` — never superuser status, groups or other permissions
  (the group follows the membership's role). A new account is made together
  with its membership in their organisation, so it is theirs from the start;
* groups and task results: superusers only.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group, Permission, User
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from participants.models import Region
from participants.permissions import VIEW_FULL_NIK_CODENAME
from trainings import access
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
        (_("Akses"), {"fields": ("is_active", "user_permissions")}),
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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "user_permissions" and not is_unscoped(request):
            # The one permission granted to a person, not a role.
            kwargs["queryset"] = Permission.objects.filter(
                content_type__app_label="participants", codename=VIEW_FULL_NIK_CODENAME
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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
        if is_unscoped(request) or "user_permissions" not in form.cleaned_data:
            return super().save_related(request, form, formsets, change)
        # The form offers only view_full_nik: keep whatever else a superuser granted.
        user = form.instance
        granted = set(form.cleaned_data["user_permissions"])
        offered = set(form.fields["user_permissions"].queryset)
        form.cleaned_data["user_permissions"] = list(
            (set(user.user_permissions.all()) - offered) | granted
        )
        return super().save_related(request, form, formsets, change)


admin.site.unregister(Group)


@admin.register(Group)
class StaffGroupAdmin(ScopedAdminMixin, GroupAdmin):
    """The four staff groups are set by ``trainings.permissions``: superusers only."""


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ScopedAdminMixin, DBTaskResultAdmin):
    """The notification queue (it names registrations): superusers only."""
