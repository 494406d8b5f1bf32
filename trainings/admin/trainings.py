"""Admin for trainings (with their agenda, quotas, committee and guests), sessions, speakers.

Sessions are entered and shown in the training's zone: see ``trainings.admin.zones``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.utils.translation import gettext_lazy as _

from trainings import access
from trainings.admin.quota_matrix import QuotaMatrixAdminMixin
from trainings.admin.regions import REGENCY_OR_DISTRICT, RegionLevelsMixin
from trainings.admin.registrations import QuotaInline
from trainings.admin.scope import (
    ScopedAdminMixin,
    TrainingInlineMixin,
    TrainingScopedAdminMixin,
    is_unscoped,
    training_editable,
)
from trainings.admin.zones import (
    SplitDateTimeMinutes,
    TrainingZoneMixin,
    label_times,
    training_for,
    zone_from_choices,
)
from trainings.errors import PilarError
from trainings.formatting import local_date, local_time, short_date
from trainings.models import CommitteeMember, Guest, Quota, Session, Speaker, Training
from trainings.services import quota_save, training_change_capacity

DATETIME_MINUTES = {models.DateTimeField: {"widget": SplitDateTimeMinutes}}


def warn_jp_overrun(model_admin, request, session: Session) -> None:
    """A warning when a session's JP (45 minutes each) are longer than the session itself
    (more than twice as long is refused by ``Session.clean``)."""
    if session.jp_overrun_minutes:
        model_admin.message_user(
            request,
            _(
                "Sesi “%(topic)s”: %(jp)d JP (%(jp_minutes)d menit) lebih panjang dari "
                "sesinya (%(minutes)d menit). Periksa JP atau jam sesi."
            )
            % {
                "topic": session.topic,
                "jp": session.jp,
                "jp_minutes": session.jp_minutes,
                "minutes": session.minutes,
            },
            messages.WARNING,
        )


class SessionInline(TrainingInlineMixin, admin.TabularInline):
    model = Session
    extra = 1
    fields = ("starts_at", "ends_at", "topic", "kind", "jp", "speakers", "moderator")
    autocomplete_fields = ("speakers",)
    formfield_overrides = DATETIME_MINUTES
    ordering = ("starts_at", "id")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        label_times(formset.form, request)
        return formset


class CommitteeMemberInline(TrainingInlineMixin, admin.TabularInline):
    model = CommitteeMember
    extra = 0
    fields = ("name", "duty", "position", "institution", "phone", "is_contact", "sort_order")
    ordering = ("sort_order", "id")


class GuestInline(TrainingInlineMixin, admin.TabularInline):
    model = Guest
    extra = 0
    fields = ("name", "position", "institution", "sort_order")
    ordering = ("sort_order", "id")


class TrainingAdminForm(forms.ModelForm):
    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        taken = self.instance.seats_taken if self.instance.pk else 0
        if capacity is not None and capacity < taken:
            raise forms.ValidationError(
                _("Kapasitas tidak boleh kurang dari kursi yang sudah terisi (%(taken)d)."),
                code="capacity_below_taken",
                params={"taken": taken},
            )
        return capacity


@admin.register(Training)
class TrainingAdmin(
    QuotaMatrixAdminMixin,
    ScopedAdminMixin,
    TrainingZoneMixin,
    RegionLevelsMixin,
    admin.ModelAdmin,
):
    form = TrainingAdminForm
    list_display = ("title", "organizer", "dates", "status", "capacity", "seats_taken")
    list_filter = (
        "status",
        "kind",
        "fiscal_year",
        ("organizer", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("organizer",)
    search_fields = ("title", "slug", "venue_name", "organizer__short_name", "organizer__name")
    ordering = ("-starts_on", "-id")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("organizer", "partners", "venue_region")
    region_levels = {"venue_region": REGENCY_OR_DISTRICT}
    readonly_fields = ("seats_taken", "created_at", "updated_at")
    formfield_overrides = DATETIME_MINUTES
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "organizer",
                    "partners",
                    "title",
                    "slug",
                    "kind",
                    "field",
                    "fiscal_year",
                    "status",
                    "cancelled_reason",
                )
            },
        ),
        (
            _("Tempat dan waktu"),
            {
                "fields": (
                    "venue_name",
                    "venue_address",
                    "venue_region",
                    ("starts_on", "ends_on"),
                    "time_zone",
                )
            },
        ),
        (
            _("Peserta dan pendaftaran"),
            {
                "fields": (
                    ("capacity", "seats_taken"),
                    "eligible_roles",
                    "registration_opens_at",
                    "registration_closes_at",
                    "requires_approval",
                    "min_attendance_percent",
                    "completion_basis",
                )
            },
        ),
        (_("Tujuan dan hasil"), {"fields": ("objectives", "expected_outputs")}),
        (_("Kontak panitia"), {"fields": ("contact_name", "contact_phone")}),
        (_("Catatan sistem"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = (SessionInline, QuotaInline, CommitteeMemberInline, GuestInline)

    def scope_queryset(self, request, queryset):
        return queryset.filter(pk__in=access.visible_trainings(request.user).values("pk"))

    def save_model(self, request, obj, form, change):
        """A new training is saved whole. A change writes only the fields the form changed
        — never ``seats_taken``, which the seat rule keeps under the training's lock (a
        stale form would put back an old count) — and a new capacity goes through
        ``training_change_capacity``, under the lock, audited."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        concrete = {field.name for field in Training._meta.concrete_fields}
        fields = [
            name
            for name in form.changed_data
            if name in concrete and name not in {"capacity", "seats_taken"}
        ]
        if "venue_region" in fields and "time_zone" not in fields:
            fields.append("time_zone")  # save() derives an empty zone from the venue
        if fields:
            obj.save(update_fields=[*fields, "updated_at"])
        if "capacity" in form.changed_data:
            try:
                training_change_capacity(
                    actor=request.user, training=obj, capacity=form.cleaned_data["capacity"]
                )
            except PilarError as error:  # a registration or a cell took seats meanwhile
                self.message_user(request, str(error), messages.ERROR)

    def save_formset(self, request, form, formset, change):
        """Quota cells go through ``quota_save`` (Σ seats ≤ capacity under the lock, never
        the ``seats_taken`` counter, audited); the other inlines are saved as usual, and
        sessions whose JP outrun their length are named in a warning."""
        if formset.model is not Quota:
            super().save_formset(request, form, formset, change)
            if formset.model is Session:
                for session in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                    warn_jp_overrun(self, request, session)
            return
        # What the admin's change message reads (ModelAdmin.construct_change_message).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                deleted.instance.delete()
                formset.deleted_objects.append(deleted.instance)
        for quota_form in formset.forms:
            if quota_form in formset.deleted_forms or not quota_form.has_changed():
                continue
            data = quota_form.cleaned_data
            new = quota_form.instance.pk is None
            try:
                quota_form.instance = saved = quota_save(
                    actor=request.user,
                    training=form.instance,
                    seats=data["seats"],
                    region=data.get("region"),
                    role_group=data.get("role_group"),
                    label=data.get("label") or "",
                    quota=None if new else quota_form.instance,
                )
            except PilarError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            if new:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, quota_form.changed_data))

    def may_change(self, request, obj):
        return training_editable(request, obj.pk)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not is_unscoped(request):
            initial.setdefault("organizer", access.own_organization_id(request.user))
        return initial

    @admin.display(description=_("tanggal"), ordering="starts_on")
    def dates(self, obj: Training) -> str:
        start = short_date(obj.starts_on)
        if obj.ends_on == obj.starts_on:
            return f"{start} ({obj.zone_label})"
        return f"{start} – {short_date(obj.ends_on)} ({obj.zone_label})"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "eligible_roles":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        label_times(form, request, names=("registration_opens_at", "registration_closes_at"))
        return form

    def training_zone(self, request, object_id):
        """The posted zone (or the posted venue's province's), else the saved training's.

        Posted values win on a change too: sessions are saved with the training as
        submitted, so they are read in the zone it is being saved with.
        """
        if request.method == "POST":
            zone = zone_from_choices(
                request.POST.get("time_zone"), request.POST.get("venue_region")
            )
            if zone is not None:
                return zone
        training = training_for(pk=unquote(object_id)) if object_id else None
        return training.tz if training else None


@admin.register(Session)
class SessionAdmin(TrainingScopedAdminMixin, TrainingZoneMixin, admin.ModelAdmin):
    list_display = ("topic", "training", "day", "start", "end", "kind", "jp", "speaker_list")
    list_filter = ("kind",)
    list_select_related = ("training",)
    search_fields = ("topic", "training__title", "moderator")
    ordering = ("-starts_at", "-id")
    autocomplete_fields = ("training", "speakers")
    formfield_overrides = DATETIME_MINUTES
    fields = ("training", "starts_at", "ends_at", "topic", "kind", "jp", "speakers", "moderator")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("speakers")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_jp_overrun(self, request, obj)

    @admin.display(description=_("hari"), ordering="starts_at")
    def day(self, obj: Session) -> str:
        return local_date(obj.starts_at, obj.training)

    @admin.display(description=_("mulai"), ordering="starts_at")
    def start(self, obj: Session) -> str:
        return local_time(obj.starts_at, obj.training)

    @admin.display(description=_("selesai"), ordering="ends_at")
    def end(self, obj: Session) -> str:
        return local_time(obj.ends_at, obj.training)

    @admin.display(description=_("narasumber"))
    def speaker_list(self, obj: Session) -> str:
        return "; ".join(speaker.display_name for speaker in obj.speakers.all())

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        label_times(form, request)
        return form

    def training_zone(self, request, object_id):
        """The chosen training's zone: posted (or ?training= on add), else the session's."""
        data = request.POST if request.method == "POST" else request.GET
        training = training_for(pk=data.get("training"))
        if training is None and object_id:
            training = training_for(sessions=unquote(object_id))
        return training.tz if training else None


@admin.register(Speaker)
class SpeakerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("display_name", "position", "institution", "organization", "expertise")
    list_select_related = ("organization",)
    search_fields = ("name", "institution", "expertise", "=nip")
    search_help_text = _("Nama, instansi, keahlian, atau NIP lengkap.")
    ordering = ("name", "id")
    autocomplete_fields = ("organization",)
    fieldsets = (
        (None, {"fields": ("organization", ("prefix", "name", "suffix"))}),
        (_("Jabatan"), {"fields": ("position", "institution", "nip", "expertise")}),
        (_("Kontak"), {"fields": ("phone", "email")}),
    )

    @admin.display(description=_("nama"), ordering="name")
    def display_name(self, obj: Speaker) -> str:
        return obj.display_name

    def scope_queryset(self, request, queryset):
        return queryset.filter(pk__in=access.visible_speakers(request.user).values("pk"))

    def may_change(self, request, obj):
        # Speakers another agency recorded are read only: only the recorder corrects them.
        return obj.organization_id == access.own_organization_id(request.user)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not is_unscoped(request):
            initial.setdefault("organization", access.own_organization_id(request.user))
        return initial
