"""Who may read a training's records and bring data in or out: the audit trail, Excel
imports, background exports, and the printed daftar hadir of a day or a session."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import Http404

from trainings.access.members import WRITERS, Role, membership_of
from trainings.documents.attendance import (
    SheetNotFound,
    SheetScope,
    day_scope,
    session_scope,
)
from trainings.models import AuditEvent, ExportJob, ImportJob, Organization, Training


def may_view_audit(user) -> bool:
    """Superusers, and agency admins holding ``trainings.view_auditevent``."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role == Role.AGENCY_ADMIN
        and user.has_perm("trainings.view_auditevent")
    )


def visible_audit_events(user) -> QuerySet[AuditEvent]:
    """The events ``user`` may read: their organisation's (call only after
    ``may_view_audit``); superusers read every event."""
    events = AuditEvent.objects.all()
    if user.is_superuser:
        return events
    return events.filter(organization=membership_of(user).organization)


def visible_import_jobs(user) -> QuerySet[ImportJob]:
    """Jobs of the user's organisation, for its writers (agency admins, training staff)."""
    jobs = ImportJob.objects.select_related(
        "training", "organization__region__parent__parent", "created_by"
    )
    if getattr(user, "is_superuser", False):
        return jobs
    membership = membership_of(user)
    if membership is None or membership.role not in WRITERS:
        return jobs.none()
    return jobs.filter(organization=membership.organization)


def visible_export_jobs(user) -> QuerySet[ExportJob]:
    """A user's own exports: nobody else's, superusers included (the file was written
    with the asker's scope and NIK permission)."""
    if not getattr(user, "is_authenticated", False):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(user=user)


def registry_organization_or_404(user) -> Organization:
    """The organisation whose registry the user may import into: their own, if they are
    its agency admin or training staff."""
    membership = membership_of(user)
    if membership is None or membership.role not in WRITERS:
        raise Http404
    return membership.organization


def sheet_scope_or_404(request, training: Training) -> SheetScope:
    """The ``session=<id>`` or ``day=<YYYY-MM-DD>`` of the query, as a sheet scope of
    ``training``; a session or a day that is not the training's is a 404."""
    session, day = request.GET.get("session"), request.GET.get("day")
    try:
        if session and not day:
            if not session.isascii() or not session.isdigit():
                raise Http404
            return session_scope(training, int(session))
        if day and not session:
            try:
                parsed = datetime.date.fromisoformat(day)
            except ValueError:
                raise Http404 from None
            return day_scope(training, parsed)
    except SheetNotFound:
        raise Http404 from None
    raise Http404
