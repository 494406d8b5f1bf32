"""Fill a provincial training's quota matrix from the admin, in one step.

An intermediate page (``…/trainings/training/<id>/quota-matrix/``), reached from a
button on the training's change form or the changelist action: the province
(the organiser's by default), one or two role groups with their seats per
kabupaten/kota, and the organising agency's seats. The work is
``trainings.services.quota_matrix.quota_matrix_fill``'s; only those who may
change the training get here (others: 404 outside their scope, 403 to readers).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.models import Region, RoleGroup
from trainings.errors import PilarError
from trainings.models import Training
from trainings.services.quota_matrix import quota_matrix_fill


class QuotaMatrixForm(forms.Form):
    province = forms.ModelChoiceField(
        label=gettext_lazy("Provinsi"),
        queryset=Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"),
        help_text=gettext_lazy("Satu sel kuota per kabupaten/kota provinsi ini."),
    )
    group_1 = forms.ModelChoiceField(
        label=gettext_lazy("Kelompok unsur"), queryset=RoleGroup.objects.order_by("name")
    )
    seats_1 = forms.IntegerField(
        label=gettext_lazy("Kursi per kabupaten/kota"), min_value=0, initial=1
    )
    group_2 = forms.ModelChoiceField(
        label=gettext_lazy("Kelompok unsur kedua"),
        queryset=RoleGroup.objects.order_by("name"),
        required=False,
    )
    seats_2 = forms.IntegerField(
        label=gettext_lazy("Kursi per kabupaten/kota"), min_value=0, required=False
    )
    organizer_seats = forms.IntegerField(
        label=gettext_lazy("Kursi untuk lembaga penyelenggara"),
        min_value=0,
        initial=0,
        help_text=gettext_lazy("Satu sel untuk wilayah penyelenggara sendiri, semua unsur."),
    )

    def clean(self):
        cleaned = super().clean()
        group_2, seats_2 = cleaned.get("group_2"), cleaned.get("seats_2")
        if group_2 is not None and seats_2 is None:
            self.add_error("seats_2", _("Isi jumlah kursi untuk kelompok kedua."))
        if group_2 is None and seats_2:
            self.add_error("group_2", _("Pilih kelompok unsur kedua, atau kosongkan kursinya."))
        if group_2 is not None and group_2 == cleaned.get("group_1"):
            self.add_error("group_2", _("Pilih kelompok unsur yang berbeda."))
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        seats_by_group = {data["group_1"]: data["seats_1"]}
        if data.get("group_2") is not None:
            seats_by_group[data["group_2"]] = data["seats_2"]
        return {
            "province": data["province"],
            "seats_by_group": seats_by_group,
            "organizer_seats": data["organizer_seats"],
        }


def _initial_province(training: Training) -> str | None:
    region = training.organizer.region_id or training.venue_region_id
    return region[:2] if region else None


class QuotaMatrixAdminMixin:
    """Adds the page, its URL and the changelist action to ``TrainingAdmin``."""

    actions = ("fill_quota_matrix",)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/quota-matrix/",
                self.admin_site.admin_view(self.quota_matrix_view),
                name=f"{info[0]}_{info[1]}_quota_matrix",
            ),
            *super().get_urls(),
        ]

    def quota_matrix_url(self, training: Training) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse(f"admin:{info[0]}_{info[1]}_quota_matrix", args=[training.pk])

    @admin.action(description=gettext_lazy("Isi matriks kuota"), permissions=["change"])
    def fill_quota_matrix(self, request, queryset):
        trainings = list(queryset[:2])
        if len(trainings) != 1:
            self.message_user(
                request,
                _("Pilih tepat satu pelatihan untuk diisi matriks kuotanya."),
                messages.WARNING,
            )
            return None
        if not self.has_change_permission(request, trainings[0]):
            raise PermissionDenied
        return redirect(self.quota_matrix_url(trainings[0]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            context["quota_matrix_url"] = self.quota_matrix_url(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def quota_matrix_view(self, request, object_id):
        training = self.get_object(request, unquote(object_id))  # 404 outside the scope
        if not self.has_change_permission(request, training):
            raise PermissionDenied
        form = QuotaMatrixForm(
            request.POST or None, initial={"province": _initial_province(training)}
        )
        if form.is_bound and form.is_valid():
            try:
                result = quota_matrix_fill(
                    actor=request.user, training=training, **form.service_arguments()
                )
            except PilarError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    _(
                        "Matriks kuota: %(cells)d sel, %(seats)d kursi (%(created)d sel baru, "
                        "%(updated)d diubah). Jumlah semua kuota %(total)d dari kapasitas "
                        "%(capacity)d."
                    )
                    % {
                        "cells": len(result.cells),
                        "seats": result.seats,
                        "created": result.created,
                        "updated": result.updated,
                        "total": result.quota_total,
                        "capacity": training.capacity,
                    },
                    messages.SUCCESS,
                )
                info = self.opts.app_label, self.opts.model_name
                return redirect(f"admin:{info[0]}_{info[1]}_change", training.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Isi matriks kuota"),
            "subtitle": str(training),
            "opts": self.opts,
            "original": training,
            "form": form,
            "quotas": training.quotas.select_related("region", "role_group").order_by(
                "region_id", "role_group__name"
            ),
        }
        return TemplateResponse(
            request,
            "admin/trainings/training/quota_matrix.html",
            context,
            status=400 if form.is_bound else 200,
        )
