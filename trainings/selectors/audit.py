"""Reads for the audit trail page (``/staff/audit/``): the filters' choices, which events,
and each event made fit to show.

Who may read the trail is ``trainings.access``'s (``may_view_audit``,
``visible_audit_events``): agency admins see the events of their own
organisation, superusers all; everyone else gets a 404 from the view. Events are
written only by the services (``trainings.audit.audit_record``); this module
never writes.

NIKs never leave here whole unless the user holds ``participants.view_full_nik``:
any run of exactly 16 digits in the changes or the object's name is masked.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.models import zone_label
from participants.nik import mask_nik, mask_niks_in
from participants.permissions import can_view_full_nik
from trainings import access
from trainings.models import Attendance, AuditEvent, Registration, Training

PAGE_SIZE = 50
PUBLIC_ACTOR = "public"  # the actor filter's value for events without a user

# Action codes written by the services, in words. An action missing here is shown
# by its code: add its label when a service starts writing it.
ACTION_LABELS = {
    "registration.submit": gettext_lazy("Pendaftaran masuk"),
    "registration.confirm": gettext_lazy("Pendaftaran dikonfirmasi"),
    "registration.waitlist": gettext_lazy("Pendaftaran masuk daftar tunggu"),
    "registration.promote": gettext_lazy("Naik dari daftar tunggu"),
    "registration.reject": gettext_lazy("Pendaftaran ditolak"),
    "registration.cancel": gettext_lazy("Pendaftaran dibatalkan"),
    "registration.code_resent": gettext_lazy("Kode pendaftaran dikirim ulang"),
    "attendance.record": gettext_lazy("Kehadiran dicatat"),
    "attendance.close_session": gettext_lazy("Sesi ditutup: yang belum hadir dicatat alpa"),
    "quota.create": gettext_lazy("Kuota dibuat"),
    "quota.update": gettext_lazy("Kuota diubah"),
    "quota.release": gettext_lazy("Kursi kuota dilepas"),
    "quota.matrix": gettext_lazy("Matriks kuota diisi"),
    "nomination.replace": gettext_lazy("Pengganti diusulkan"),
    "nomination.return": gettext_lazy("Usulan dikembalikan"),
    "training.capacity": gettext_lazy("Kapasitas diubah"),
    "training.cancel": gettext_lazy("Pelatihan dibatalkan"),
    "participant.merge": gettext_lazy("Data peserta digabung"),
    "registry.import": gettext_lazy("Registri diimpor dari Excel"),
}

# Keys of ``AuditEvent.changes``, in words; other keys are shown as written.
FIELD_LABELS = {
    "status": gettext_lazy("Status"),
    "reason": gettext_lazy("Alasan"),
    "quota": gettext_lazy("Kuota"),
    "seats": gettext_lazy("Kursi"),
    "capacity": gettext_lazy("Kapasitas"),
    "region": gettext_lazy("Wilayah"),
    "role_group": gettext_lazy("Kelompok unsur"),
    "waitlist_position": gettext_lazy("Urutan daftar tunggu"),
    "source": gettext_lazy("Sumber"),
    "participant_created": gettext_lazy("Peserta baru"),
    "registrations": gettext_lazy("Pendaftaran terdampak"),
    "label": gettext_lazy("Nama kuota"),
    "nik": gettext_lazy("NIK"),
    "replaces": gettext_lazy("Menggantikan"),
    "deleted": gettext_lazy("Kuota dihapus"),
    "moved_to_open_pool": gettext_lazy("Pindah ke kursi umum"),
    "quota_total": gettext_lazy("Jumlah kursi kuota"),
    "before": gettext_lazy("Sebelum"),
    "after": gettext_lazy("Sesudah"),
    "removed": gettext_lazy("Data yang dihapus"),
    "registrations_moved": gettext_lazy("Pendaftaran dipindahkan"),
    "registrations_dropped": gettext_lazy("Pendaftaran ganda dihapus"),
    "roles_moved": gettext_lazy("Unsur dipindahkan"),
    "roles_merged": gettext_lazy("Unsur digabung"),
}

# "status" means a different thing on each kind of object.
_STATUS_CHOICES = {
    "registration": dict(Registration.Status.choices),
    "attendance": dict(Attendance.Status.choices),
    "training": dict(Training.Status.choices),
}
_SOURCE_CHOICES = dict(Registration.Source.choices)


def audit_trainings(user) -> QuerySet[Training]:
    """Trainings offered by the training filter: the organisation's own."""
    trainings = Training.objects.only("pk", "title", "starts_on").order_by("-starts_on", "title")
    if user.is_superuser:
        return trainings
    return trainings.filter(organizer=access.membership_of(user).organization)


def audit_actors(user) -> list[tuple[str, str]]:
    """(value, label) choices for the actor filter: the public, then the organisation's
    members by username (superusers: everyone who has a membership or is staff)."""
    users = get_user_model().objects.order_by("username")
    if user.is_superuser:
        users = users.filter(Q(is_staff=True) | Q(membership__isnull=False))
    else:
        users = users.filter(membership__organization=access.membership_of(user).organization)
    people = []
    for pk, username, first, last in users.values_list("pk", "username", "first_name", "last_name"):
        full = f"{first} {last}".strip()
        people.append((str(pk), f"{full} ({username})" if full else username))
    return [(PUBLIC_ACTOR, _("Publik (tanpa akun)")), *people]


def audit_events(
    user,
    *,
    training: Training | None = None,
    action: str = "",
    actor: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The user's audit trail, newest first, filtered; days are read in the current zone.

    ``actor`` is a user's pk as text, ``PUBLIC_ACTOR``, or blank for everyone.
    """
    events = access.visible_audit_events(user)
    if training is not None:
        events = events.filter(training=training)
    if action:
        events = events.filter(action=action)
    if actor == PUBLIC_ACTOR:
        events = events.filter(actor__isnull=True)
    elif actor:
        events = events.filter(actor_id=actor)
    zone = timezone.get_current_timezone()
    if date_from:
        events = events.filter(
            created_at__gte=datetime.datetime.combine(date_from, datetime.time.min, zone)
        )
    if date_to:
        next_day = date_to + datetime.timedelta(days=1)
        events = events.filter(
            created_at__lt=datetime.datetime.combine(next_day, datetime.time.min, zone)
        )
    return events.select_related("actor", "training", "content_type").order_by("-created_at", "-pk")


@dataclass(frozen=True)
class ChangeRow:
    field: str
    before: str | None  # None: the event records a value, not a change
    after: str


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    zone_name: str  # IANA name the time is shown in
    zone_label: str  # WIB / WITA / WIT
    action_label: str
    actor_name: str
    object_kind: str
    object_name: str
    changes: list[ChangeRow]


def _mask(text: str, *, full_nik: bool) -> str:
    return text if full_nik else mask_niks_in(text)


def _value_text(value: Any, *, key: str, model: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if key == "status" and isinstance(value, str):
        return str(_STATUS_CHOICES.get(model, {}).get(value, value))
    if key == "source" and isinstance(value, str):
        return str(_SOURCE_CHOICES.get(value, value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _change_rows(changes: Any, *, model: str, full_nik: bool) -> list[ChangeRow]:
    if not isinstance(changes, dict):  # not the services' shape: shown as it is, masked
        return [
            ChangeRow("", None, _mask(json.dumps(changes, ensure_ascii=False), full_nik=full_nik))
        ]
    rows = []
    # jsonb keeps no key order: the known fields in FIELD_LABELS' order, then the rest.
    order = {key: position for position, key in enumerate(FIELD_LABELS)}
    for key, value in sorted(
        changes.items(), key=lambda item: (order.get(item[0], len(order)), item[0])
    ):
        label = str(FIELD_LABELS.get(key, key))

        def text(item, key=key):
            shown = _value_text(item, key=key, model=model)
            if key == "nik" and not full_nik and shown != "—":
                return mask_nik(shown)
            return _mask(shown, full_nik=full_nik)

        # The services write a change as [before, after] and a plain fact as a value.
        if isinstance(value, list) and len(value) == 2:
            rows.append(ChangeRow(label, text(value[0]), text(value[1])))
        else:
            rows.append(ChangeRow(label, None, text(value)))
    return rows


def audit_rows(events, *, user) -> list[AuditRow]:
    """Each event made fit to show ``user``: labelled, in its zone, NIKs masked.

    No queries beyond the events' own (``audit_events`` joins what is shown).
    """
    full_nik = can_view_full_nik(user)
    rows = []
    for event in events:
        zone = (event.training.time_zone if event.training else "") or settings.TIME_ZONE
        model = event.content_type.model
        if event.actor is not None:
            actor_name = event.actor.get_full_name() or event.actor_label
        elif event.actor_label == "publik":
            actor_name = _("Publik (tanpa akun)")
        else:
            actor_name = event.actor_label  # the account has been deleted since
        rows.append(
            AuditRow(
                event=event,
                zone_name=zone,
                zone_label=zone_label(zone),
                action_label=str(ACTION_LABELS.get(event.action, event.action)),
                actor_name=actor_name,
                object_kind=str(event.content_type.name),
                object_name=_mask(event.object_repr, full_nik=full_nik),
                changes=_change_rows(event.changes, model=model, full_nik=full_nik),
            )
        )
    return rows
