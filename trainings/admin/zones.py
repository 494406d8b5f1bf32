"""Entering and showing a training's times in the training's own zone.

``TIME_ZONE`` is Asia/Jakarta: without help, "08:00" typed for a Kalsel
(WITA) session would be read as WIB and stored an hour late. The change views
of trainings, sessions and attendance therefore activate the training's zone
while they parse the POST *and* while they render the form (a TemplateResponse
renders after the view returns, so it is rendered inside the zone here).
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from django.contrib.admin import widgets
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from participants.models import Region, TimeZone, zone_label
from trainings.models import Training

_REQUEST_ATTR = "pilar_training_zone"
_REGION_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2}){0,3}")


class SplitDateTimeMinutes(widgets.AdminSplitDateTime):
    """Date and time inputs with the time as "08:00".

    Indonesian formats would render "08.00.00"; "%H:%M" is read back under
    every language (Django always accepts the ISO time formats).
    """

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[1].format = "%H:%M"


def zone_from_choices(time_zone: str | None, venue_region: str | None) -> ZoneInfo | None:
    """The zone a posted training form asks for: its own, else its venue's province's."""
    if time_zone in TimeZone.values:
        return ZoneInfo(time_zone)
    if venue_region and _REGION_CODE.fullmatch(venue_region):
        name = (
            Region.objects.filter(code=venue_region[:2]).values_list("timezone", flat=True).first()
        )
        if name:
            return ZoneInfo(name)
    return None


def training_for(**filters: str | None) -> Training | None:
    """The training matching ``filters`` (ids from a URL or a POST), or None.

    A missing or non-numeric id gives None: the form reports the bad value.
    """
    if not filters or not all(value and str(value).isdigit() for value in filters.values()):
        return None
    return Training.objects.only("time_zone", "venue_region").filter(**filters).first()


def request_zone(request) -> ZoneInfo | None:
    """The training zone activated for this request, or None (not known yet)."""
    return getattr(request, _REQUEST_ATTR, None)


def label_times(form_class, request, names=("starts_at", "ends_at")) -> None:
    """Put the zone in the labels: "Mulai (WITA)" — visible even in tabular inlines."""
    zone = request_zone(request)
    for name in names:
        field = form_class.base_fields.get(name)
        if field is None:
            continue
        verbose = form_class._meta.model._meta.get_field(name).verbose_name
        if zone is None:
            field.help_text = _("Waktu setempat di tempat pelatihan.")
        else:
            field.label = f"{capfirst(verbose)} ({zone_label(zone.key)})"
            field.help_text = _("Waktu setempat di tempat pelatihan (%(zone)s).") % {
                "zone": zone_label(zone.key)
            }


class TrainingZoneMixin:
    """Run a ModelAdmin's add/change view in the zone of the training concerned.

    Subclasses say which zone in ``training_zone(request, object_id)``; None keeps
    the default zone (and the form then says "local time" without a label).
    """

    def training_zone(self, request, object_id: str | None) -> ZoneInfo | None:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.training_zone(request, object_id)
        setattr(request, _REQUEST_ATTR, zone)
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                response.render()
        return response
