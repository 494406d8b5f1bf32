"""Scoping the admin by ``trainings.access``: outsiders get a 404, readers a read-only view.

Every ModelAdmin of the project mixes in ``ScopedAdminMixin`` and says what a
non-superuser may see in ``scope_queryset`` and what of that they may change in
``may_change``. The mixin then:

* limits the changelist, the change/delete/history views and the autocompletes
  (Django builds all of them on ``get_queryset``);
* answers a plain 404 for an object outside the scope, where Django would
  redirect to the index with "… doesn't exist. Perhaps it was deleted?" — and
  before any permission check, so a 403 never confirms that something exists;
* refuses change and delete (403, or a read-only form) for objects the user
  sees but may not change: a partner's or the province's trainings, anything
  for a supervisor. Django's "delete selected" action asks the same per object;
* limits every foreign key and many-to-many choice to what the user may point
  at (``choices_for``): a training they may edit, their own organisation, a
  participant they can see — in the form's queryset (what a POST may name)
  *and* in the autocomplete's results (what the dropdown offers).

Superusers are never scoped.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.http import Http404

from participants.models import Participant
from trainings import access
from trainings.models import Organization, Quota, Registration, Session, Speaker, Training

_EDITABLE_CACHE = "_pilar_editable_trainings"


def is_unscoped(request) -> bool:
    return request.user.is_superuser


def training_editable(request, training_id: int | None) -> bool:
    """May the user change this training (and its rows)? One query per training and request."""
    if request.user.is_superuser:
        return True
    if training_id is None:
        return False
    cache = request.__dict__.setdefault(_EDITABLE_CACHE, {})
    if training_id not in cache:
        cache[training_id] = access.may_change_training(request.user, training_id)
    return cache[training_id]


def choices_for(request, db_field) -> QuerySet | None:
    """What a non-superuser may point ``db_field`` at; None: what the target's admin shows.

    Foreign keys to a training (or its sessions, quotas, registrations) name only
    trainings the user may edit: a row added there would be a change to that training.
    """
    user = request.user
    if user.is_superuser:
        return None
    target = db_field.related_model
    if db_field.model is Training and db_field.name == "partners":
        # Any agency may be named a partner: agencies and their names are public.
        return Organization.objects.all()
    if target is Training:
        return access.editable_trainings(user)
    if target in (Session, Quota, Registration):
        return target.objects.filter(training__in=access.editable_trainings(user))
    if target is Organization:
        return Organization.objects.filter(pk=access.own_organization_id(user))
    if target is Participant:
        return access.visible_participants(user)
    if target is Speaker:
        return access.visible_speakers(user)
    if target is get_user_model():
        return access.organization_users(user)
    return None


def autocomplete_source_field(request):
    """The form field an admin autocomplete request serves, or None for other requests."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    params = request.GET
    try:
        model = apps.get_model(params["app_label"], params["model_name"])
        return model._meta.get_field(params["field_name"])
    except (KeyError, LookupError, FieldDoesNotExist):
        return None


class ScopedChoicesMixin:
    """Foreign key and many-to-many choices limited by ``choices_for`` (admins and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = choices_for(request, db_field)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = choices_for(request, db_field)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdminMixin(ScopedChoicesMixin):
    """See the module docstring. Subclasses override ``scope_queryset`` and ``may_change``."""

    def scope_queryset(self, request, queryset: QuerySet) -> QuerySet:
        """The rows a non-superuser may see; by default none (superusers' business)."""
        return queryset.none()

    def may_change(self, request, obj) -> bool:
        """May a non-superuser change or delete ``obj`` (already known to be in scope)?"""
        return True

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_unscoped(request):
            return queryset
        source_field = autocomplete_source_field(request)
        if source_field is not None:
            choices = choices_for(request, source_field)
            if choices is not None:
                # The dropdown offers exactly what the form will accept.
                return queryset.filter(pk__in=choices.values("pk"))
        return self.scope_queryset(request, queryset)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with a message; outsiders get a plain 404.
        raise Http404

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or is_unscoped(request):
            return allowed
        return self.may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None or is_unscoped(request):
            return allowed
        return self.may_change(request, obj)


class TrainingScopedAdminMixin(ScopedAdminMixin):
    """Rows that belong to a training: seen with it, changed by whoever may change it.

    ``training_path`` is the ORM path from the row to its training.
    """

    training_path = "training"

    def scope_queryset(self, request, queryset):
        return queryset.filter(
            **{f"{self.training_path}__in": access.visible_trainings(request.user)}
        )

    def training_id_of(self, obj) -> int | None:
        *parents, last = self.training_path.split("__")
        for name in parents:
            obj = getattr(obj, name)
        return getattr(obj, f"{last}_id")

    def may_change(self, request, obj):
        return training_editable(request, self.training_id_of(obj))


class TrainingInlineMixin(ScopedChoicesMixin):
    """An inline of a training's change form: read only when the training is."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (
            obj is None or training_editable(request, obj.pk)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or training_editable(request, obj.pk)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or training_editable(request, obj.pk)
        )
