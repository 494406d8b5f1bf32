"""Staff pages: check-in at the door, on a phone or tablet.

The page (GET) picks a session — the one running now by the clock in the
training's zone, else the next one today, else the first — and lists the
session's confirmed registrations, who is still missing first, with one-tap
buttons Hadir / Terlambat / Izin / Sakit / Alpa. A field with ``autofocus``
takes a registration code typed by hand or by a USB/Bluetooth scanner (which
types it and presses Enter: a plain form POST). Everything works without
JavaScript (POST → redirect → GET, the session kept in the URL); with htmx a tap
swaps the person's status and buttons in place.

Scope comes from ``trainings.access``: outsiders and regency operators get 404,
readers (supervisors, partners, the province) see the page without buttons and
get 403 on a POST.

A tap is the hot path (a class of 50 at the door). Its view runs three queries
of its own — the user's membership (``access``), one lookup of the registration
with its training, participant and the posted session (in the scope of the
trainings the user may change), and the single upsert-and-audit statement of
``attendance_record`` — on top of what the session and auth middleware cost.
The scope check that tells a 404 from a 403 runs only when that lookup finds
nothing.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from trainings import access
from trainings.errors import PilarError
from trainings.formatting import DAY_FORMAT, time_range
from trainings.forms.checkin import (
    DOOR_STATUSES,
    AttendanceMarkForm,
    CheckinCodeForm,
    CheckinPageForm,
    SessionCloseForm,
)
from trainings.models import Attendance, Session, Training
from trainings.selectors import checkin as selectors
from trainings.services.attendance import attendance_record, session_close
from trainings.views.staff import searches

Status = Attendance.Status


# --- which session, and its name --------------------------------------------------------


def current_session(sessions: list[Session], *, now, training: Training) -> Session | None:
    """The session running now, else the next one today (in the training's zone), else
    the first."""
    running = next((s for s in sessions if s.starts_at <= now < s.ends_at), None)
    if running is not None:
        return running
    today = timezone.localdate(now, training.tz)
    later_today = (
        s
        for s in sessions
        if s.starts_at > now and timezone.localdate(s.starts_at, training.tz) == today
    )
    return next(later_today, sessions[0] if sessions else None)


def session_label(session: Session, training: Training) -> str:
    """ "Pembukaan · 08.00–10.00 WITA · Kamis, 10 Desember 2026": the topic first, which
    a narrow select still shows."""
    day = formats.date_format(timezone.localtime(session.starts_at, training.tz), DAY_FORMAT)
    return f"{session.topic} · {time_range(session.starts_at, session.ends_at, training)} · {day}"


# --- the page ---------------------------------------------------------------------------


def _page_url(training_pk: int, session_id: int | None, query: str = "") -> str:
    """The page, for a session; a search shows again by the marker, never by its term."""
    params = {"session": session_id} if session_id else {}
    url = reverse("staff:checkin", kwargs={"pk": training_pk})
    encoded = searches.with_marker(urlencode(params), query)
    return f"{url}?{encoded}" if encoded else url


def _search_key(training_pk: int) -> str:
    return f"checkin:{training_pk}"


@require_safe
@access.staff_required
def checkin(request, pk: int):
    training = access.staff_training_or_404(request.user, pk=pk)
    if refused := searches.refuse_term_in_url(request, _page_url(training.pk, None)):
        return refused
    sessions = selectors.door_sessions(training)
    labels = {session.pk: session_label(session, training) for session in sessions}
    data = request.GET.copy()
    data["q"] = searches.remembered(request, _search_key(training.pk))
    asked, query = CheckinPageForm(data, sessions=sessions, labels=labels).chosen()
    session = next((s for s in sessions if s.pk == asked), None) or current_session(
        sessions, now=timezone.now(), training=training
    )
    form = CheckinPageForm(
        {"session": session.pk if session else "", "q": query}, sessions=sessions, labels=labels
    )
    return render(
        request,
        "staff/checkin.html",
        {
            "training": training,
            "form": form,
            "session": session,
            "door": selectors.door(training, session, query=query) if session else None,
            "query": query,
            "may_change": access.may_change_training(request.user, training.pk),
            "code_form": CheckinCodeForm(initial={"session": session.pk if session else None}),
            "statuses": DOOR_STATUSES,
        },
    )


@require_POST
@access.staff_required
def checkin_search(request, pk: int):
    """The search box: keep the term in the session, show the results by GET (303)."""
    training = access.staff_training_or_404(request.user, pk=pk)
    sessions = selectors.door_sessions(training)
    labels = {session.pk: session_label(session, training) for session in sessions}
    session_id, term = CheckinPageForm(request.POST, sessions=sessions, labels=labels).chosen()
    searches.remember(request, _search_key(training.pk), term)
    return searches.see_other(_page_url(training.pk, session_id, term))


# --- the writes -------------------------------------------------------------------------


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _back(request, training_pk: int, session_id: int | None, query: str = ""):
    """Back to the page; htmx follows with a full load, which shows the message."""
    url = _page_url(training_pk, session_id, query)
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _not_found(request, pk: int, session_id: int | None, message: str, query: str = ""):
    """The lookup found nothing: 404 / 403 if it is the scope (an outsider learns
    nothing of what exists), else say what is wrong."""
    training = access.staff_training_or_404(request.user, pk=pk, write=True)
    if selectors.training_session(training, session_id) is None:
        message = _("Pilih sesi pelatihan ini terlebih dahulu.")
        session_id = None
    messages.error(request, message)
    return _back(request, pk, session_id, query)


def _record(request, registration, session, *, status: str, method: str, query: str = ""):
    name = registration.participant.full_name
    try:
        attendance = attendance_record(
            actor=request.user,
            registration=registration,
            session=session,
            status=status,
            method=method,
        )
    except PilarError as error:
        messages.error(request, error.message)
        return _back(request, registration.training_id, session.pk, query)
    if _is_htmx(request):
        registration.attendance_status = attendance.status
        selectors.label_attendance(registration)
        return render(
            request,
            "staff/_checkin_mark.html",
            {
                "training": registration.training,
                "registration": registration,
                "session": session,
                "query": query,
                "may_change": True,
                "statuses": DOOR_STATUSES,
                "just_marked": True,
            },
        )
    label = attendance.get_status_display()
    if attendance.previous_status == attendance.status:
        messages.info(
            request, _("%(name)s sudah tercatat %(status)s.") % {"name": name, "status": label}
        )
    else:
        messages.success(request, _("%(name)s: %(status)s.") % {"name": name, "status": label})
    return _back(request, registration.training_id, session.pk, query)


@require_POST
@access.staff_required
def checkin_code(request, pk: int):
    """A typed or scanned code: the person is present. Recorded as "Pindai kode" (``qr``)
    either way: the person showed their code at the door."""
    form = CheckinCodeForm(request.POST)
    valid = form.is_valid()
    session_id = form.cleaned_data.get("session")
    if not valid:
        return _not_found(request, pk, session_id, _("Ketik atau pindai kode pendaftaran."))
    code = form.cleaned_data["code"]
    registration, session = selectors.door_lookup(request.user, pk, session_id, code=code)
    if registration is None:
        message = _("Kode %(code)s tidak terdaftar pada pelatihan ini.") % {"code": code}
        return _not_found(request, pk, session_id, message)
    return _record(
        request, registration, session, status=Status.PRESENT, method=Attendance.Method.QR
    )


@require_POST
@access.staff_required
def checkin_mark(request, pk: int):
    """One tap on a person's row."""
    form = AttendanceMarkForm(request.POST)
    if not form.is_valid():
        session_id = form.cleaned_data.get("session")
        return _not_found(request, pk, session_id, _("Pilihan kehadiran tidak dikenal."))
    data = form.cleaned_data
    registration, session = selectors.door_lookup(
        request.user, pk, data["session"], pk=data["registration"]
    )
    if registration is None:
        message = _("Peserta yang dipilih tidak terdaftar pada pelatihan ini.")
        return _not_found(request, pk, data["session"], message, data["q"])
    return _record(
        request,
        registration,
        session,
        status=data["status"],
        method=Attendance.Method.STAFF,
        query=data["q"],
    )


@require_POST
@access.staff_required
def checkin_close(request, pk: int):
    """ "Tandai semua yang belum hadir sebagai alpa", after the confirm step."""
    training = access.staff_training_or_404(request.user, pk=pk, write=True)
    form = SessionCloseForm(request.POST)
    session = (
        selectors.training_session(training, form.cleaned_data["session"])
        if form.is_valid()
        else None
    )
    if session is None:
        messages.error(request, _("Pilih sesi pelatihan ini terlebih dahulu."))
        return redirect(_page_url(training.pk, None))
    count = session_close(actor=request.user, session=session)
    messages.success(
        request,
        ngettext(
            "%(count)d peserta yang belum hadir ditandai alpa.",
            "%(count)d peserta yang belum hadir ditandai alpa.",
            count,
        )
        % {"count": count},
    )
    return redirect(_page_url(training.pk, session.pk))


urlpatterns = [
    path("trainings/<int:pk>/checkin/", checkin, name="checkin"),
    path("trainings/<int:pk>/checkin/search/", checkin_search, name="checkin_search"),
    path("trainings/<int:pk>/checkin/code/", checkin_code, name="checkin_code"),
    path("trainings/<int:pk>/checkin/mark/", checkin_mark, name="checkin_mark"),
    path("trainings/<int:pk>/checkin/close/", checkin_close, name="checkin_close"),
]
