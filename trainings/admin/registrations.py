"""Admin for seats and what follows them: quotas, registrations, attendance, certificates.

Taking and releasing seats is ``trainings.services``' business (the seat rule holds
under the training's row lock and keeps the ``seats_taken`` counters). So here
registrations and certificates cannot be added or deleted, and the fields the
seat rule or the numbering depends on are read only.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import Sum
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from trainings.admin.regions import PROVINCE_OR_REGENCY, RegionLevelsMixin
from trainings.admin.scope import TrainingInlineMixin, TrainingScopedAdminMixin
from trainings.admin.zones import (
    SplitDateTimeMinutes,
    TrainingZoneMixin,
    label_times,
    training_for,
)
from trainings.codes import CROCKFORD_ALPHABET, normalize_code
from trainings.errors import PilarError
from trainings.formatting import local_datetime
from trainings.models import Attendance, Certificate, Quota, Registration
from trainings.services import quota_save
from trainings.services.attendance import attendance_check, attendance_record

QUOTA_REGION_LEVELS = {"region": PROVINCE_OR_REGENCY}


def _quota_total_error(total: int, capacity: int) -> forms.ValidationError:
    return forms.ValidationError(
        _("Jumlah kursi kuota (%(total)d) melebihi kapasitas pelatihan (%(capacity)d)."),
        code="quotas_exceed_capacity",
        params={"total": total, "capacity": capacity},
    )


class QuotaForm(forms.ModelForm):
    class Meta:
        model = Quota
        fields = ("training", "region", "role_group", "seats", "label")

    def clean_seats(self) -> int:
        seats = self.cleaned_data["seats"]
        taken = self.instance.seats_taken if self.instance.pk else 0
        if seats is not None and seats < taken:
            raise forms.ValidationError(
                _("Kursi tidak boleh kurang dari yang sudah terisi (%(taken)d)."),
                code="seats_below_taken",
                params={"taken": taken},
            )
        return seats

    def clean(self):
        """Σ quotas ≤ capacity, checked here for the message (services check it under lock)."""
        cleaned = super().clean()
        training, seats = cleaned.get("training"), cleaned.get("seats")
        # In the training's own inline on its add page the training is not saved yet:
        # the inline formset then checks the total of its rows against the capacity.
        if (
            training is not None
            and training.pk is not None
            and seats is not None
            and "training" in self.fields
        ):
            others = training.quotas.exclude(pk=self.instance.pk).aggregate(total=Sum("seats"))
            total = (others["total"] or 0) + seats
            if total > training.capacity:
                raise _quota_total_error(total, training.capacity)
        return cleaned


class QuotaInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        capacity = self.instance.capacity
        if capacity is None:
            return
        total = sum(
            form.cleaned_data.get("seats") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if total > capacity:
            raise _quota_total_error(total, capacity)


class QuotaInline(TrainingInlineMixin, RegionLevelsMixin, admin.TabularInline):
    model = Quota
    form = QuotaForm
    formset = QuotaInlineFormSet
    extra = 0
    fields = ("region", "role_group", "seats", "seats_taken", "label")
    readonly_fields = ("seats_taken",)
    autocomplete_fields = ("region", "role_group")
    region_levels = QUOTA_REGION_LEVELS


@admin.register(Quota)
class QuotaAdmin(TrainingScopedAdminMixin, RegionLevelsMixin, admin.ModelAdmin):
    form = QuotaForm
    list_display = ("training", "region", "role_group", "seats", "seats_taken", "seats_left")
    list_select_related = ("training", "region", "role_group")
    search_fields = ("training__title", "region__name", "role_group__name", "label")
    ordering = ("training", "id")
    autocomplete_fields = ("training", "region", "role_group")
    region_levels = QUOTA_REGION_LEVELS
    fields = ("training", "region", "role_group", "seats", "seats_taken", "label")
    readonly_fields = ("seats_taken",)

    def get_queryset(self, request):
        # __str__ names the region and role group: autocompletes need the joins too.
        # (A changelist ignores list_select_related once the queryset has any.)
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description=_("kursi tersisa"))
    def seats_left(self, obj: Quota) -> int:
        return obj.seats_left

    def get_readonly_fields(self, request, obj=None):
        # A cell stays in its training: its seats were counted there.
        return ("training", "seats_taken") if obj is not None else ("seats_taken",)

    def save_model(self, request, obj, form, change):
        """Through ``quota_save``: Σ seats ≤ capacity under the training's lock, never the
        ``seats_taken`` counter, audited."""
        saved = quota_save(
            actor=request.user,
            training=obj.training,
            seats=obj.seats,
            region=obj.region,
            role_group=obj.role_group,
            label=obj.label,
            quota=obj if change else None,
        )
        obj.pk, obj.seats_taken, obj._state.adding = saved.pk, saved.seats_taken, False


@admin.register(Registration)
class RegistrationAdmin(TrainingScopedAdminMixin, admin.ModelAdmin):
    """Look-up and contact corrections; the seat and the decision come from the services."""

    list_display = (
        "code",
        "participant",
        "training",
        "role",
        "status",
        "waitlist_position",
        "quota",
        "source",
        "registered_at",
    )
    list_filter = ("status", "source", "role")
    list_select_related = (
        "participant",
        "training",
        "role",
        "quota__region",
        "quota__role_group",
    )
    search_fields = ("participant__full_name", "=participant__nik", "training__title")
    search_help_text = _("Kode pendaftaran, nama peserta, NIK lengkap, atau judul pelatihan.")
    ordering = ("-created_at", "-id")
    fields = (
        "code",
        "participant",
        "training",
        "role",
        "region_represented",
        "organization_unit",
        "phone",
        "email",
        "quota",
        "status",
        "waitlist_position",
        "source",
        "replaces",
        "consent_at",
        "decided_by",
        "decided_at",
        "decision_reason",
        "created_at",
        "updated_at",
    )
    readonly_fields = tuple(
        name for name in fields if name not in {"organization_unit", "phone", "email"}
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # __str__ names the participant and the training: autocompletes need the joins too.
        # (A changelist ignores list_select_related once the queryset has any.)
        queryset = super().get_queryset(request).select_related(*self.list_select_related)
        if request.user.is_superuser:
            return queryset
        # An identity claim names a stored person its registrant did not prove to be: it is
        # decided on the staff registrations page, which shows that person only to users
        # who already had them in scope. Here it would show the stored name to anyone.
        return queryset.exclude(
            identity_check__in=[
                Registration.IdentityCheck.HELD,
                Registration.IdentityCheck.REJECTED,
            ]
        )

    @admin.display(description=_("mendaftar pada"), ordering="created_at")
    def registered_at(self, obj: Registration) -> str:
        return local_datetime(obj.created_at, obj.training)

    def get_search_results(self, request, queryset, search_term):
        """Also the code as typed or read aloud ("abcd-efgh", O for 0, I/L for 1)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        code = normalize_code(search_term)
        if len(code) == 8 and set(code) <= set(CROCKFORD_ALPHABET):
            found = found | queryset.filter(code=code)
        return found, may_have_duplicates


class AttendanceAdminForm(forms.ModelForm):
    def clean(self):
        """What ``attendance_record`` would refuse, as a form error before saving."""
        cleaned = super().clean()
        registration = cleaned.get("registration") or (
            self.instance.registration_id and (self.instance.registration)
        )
        session = cleaned.get("session") or (self.instance.session_id and self.instance.session)
        if registration and session:
            try:
                attendance_check(registration, session)
            except PilarError as error:
                raise forms.ValidationError(str(error), code="attendance_refused") from error
        return cleaned


@admin.register(Attendance)
class AttendanceAdmin(TrainingScopedAdminMixin, TrainingZoneMixin, admin.ModelAdmin):
    list_display = (
        "participant_name",
        "session",
        "training",
        "status",
        "method",
        "recorded",
        "recorded_by",
    )
    list_filter = ("status", "method")
    list_select_related = ("registration__participant", "session__training", "recorded_by")
    search_fields = (
        "registration__participant__full_name",
        "=registration__code",
        "session__topic",
        "session__training__title",
    )
    ordering = ("-recorded_at", "-id")
    show_full_result_count = False  # the biggest table: one COUNT per page is enough
    autocomplete_fields = ("registration", "session", "recorded_by")
    training_path = "session__training"
    formfield_overrides = {models.DateTimeField: {"widget": SplitDateTimeMinutes}}

    @admin.display(description=_("peserta"), ordering="registration__participant__full_name")
    def participant_name(self, obj: Attendance) -> str:
        return obj.registration.participant.full_name

    @admin.display(description=_("pelatihan"))
    def training(self, obj: Attendance) -> str:
        return str(obj.session.training)

    @admin.display(description=_("dicatat pada"), ordering="recorded_at")
    def recorded(self, obj: Attendance) -> str:
        return local_datetime(obj.recorded_at, obj.session.training)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("form", AttendanceAdminForm)
        form = super().get_form(request, obj, change, **kwargs)
        label_times(form, request, names=("recorded_at",))
        return form

    def get_readonly_fields(self, request, obj=None):
        # A mark belongs to one person at one session; to mark another, add one.
        return ("registration", "session", "recorded_by") if obj is not None else ("recorded_by",)

    def save_model(self, request, obj, form, change):
        """Through ``attendance_record``: one row per person and session, an audit event
        for each change of status, the recorder being the admin user."""
        saved = attendance_record(
            actor=request.user,
            registration=obj.registration,
            session=obj.session,
            status=obj.status,
            method=obj.method,
            # The time typed when adding or correcting it; otherwise the change is now.
            now=obj.recorded_at if not change or "recorded_at" in form.changed_data else None,
        )
        obj.pk, obj._state.adding = saved.pk, False
        obj.recorded_by_id = saved.recorded_by_id

    def training_zone(self, request, object_id):
        data = request.POST if request.method == "POST" else request.GET
        training = training_for(sessions=data.get("session"))
        if training is None and object_id:
            training = training_for(sessions__attendances=unquote(object_id))
        return training.tz if training else None


@admin.register(Certificate)
class CertificateAdmin(TrainingScopedAdminMixin, admin.ModelAdmin):
    """Issued by the certificate service (numbering, completion rule); here only revoked."""

    list_display = (
        "number",
        "participant_name",
        "training",
        "organization",
        "issued_on",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "issued_on")
    list_select_related = ("registration__participant", "registration__training", "organization")
    search_fields = (
        "number",
        "=verification_code",
        "=registration__code",
        "registration__participant__full_name",
    )
    ordering = ("-issued_on", "-id")
    training_path = "registration__training"
    fields = (
        "number",
        "registration",
        "organization",
        "issued_on",
        "verification_code",
        "revoked_at",
        "revoked_reason",
    )
    readonly_fields = ("number", "registration", "organization", "issued_on", "verification_code")
    formfield_overrides = {models.DateTimeField: {"widget": SplitDateTimeMinutes}}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("peserta"), ordering="registration__participant__full_name")
    def participant_name(self, obj: Certificate) -> str:
        return obj.registration.participant.full_name

    @admin.display(description=_("pelatihan"))
    def training(self, obj: Certificate) -> str:
        return str(obj.registration.training)
