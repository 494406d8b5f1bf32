"""Public registration pages: the form, region options, the status page, cancelling, lost code.

Thin views: they parse the request, count it against the rate limits, call one
service and render or redirect. Pages that show personal data are never
cached (``never_cache`` sends ``no-store``) nor indexed.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_cookie

from participants.nik import NIKError, parse_nik
from trainings import access, ics, notifications, ratelimit, services
from trainings.errors import PilarError, TrainingBusy
from trainings.forms import (
    CancelCheckForm,
    LostCodeForm,
    RegistrationForm,
    placeholder,
    region_children,
)
from trainings.http import client_ip, service_unavailable, too_many_requests
from trainings.models import Registration, Training
from trainings.selectors import public, schedule
from trainings.services.registrations import ACTIVE, registration_check_open

_REFRESH = "_refresh"  # the no-JavaScript "Lanjut" buttons of the region selects


def _noindex(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _language() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _well_formed_nik(value: object) -> str | None:
    try:
        return parse_nik(value).nik if isinstance(value, str) else None
    except NIKError:
        return None


def _limit(request, per_ip: ratelimit.Rule, per_nik: ratelimit.Rule):
    """Count this request by client IP and, when the NIK is well-formed, by NIK."""
    checks = [(per_ip, ratelimit.ip_key(client_ip(request)))]
    nik = _well_formed_nik(request.POST.get("nik"))
    if nik:
        checks.append((per_nik, ratelimit.nik_key(nik)))
    return ratelimit.hit(*checks)


# --- the registration form ------------------------------------------------------------------


def _closed_reason(training: Training) -> str:
    try:
        registration_check_open(training, source=Registration.Source.ONLINE, now=timezone.now())
    except PilarError as error:
        return error.message
    return ""


def _render_form(request, training: Training, form: RegistrationForm, **extra) -> HttpResponse:
    context = {"training": training, "form": form, **extra}
    return _noindex(render(request, "trainings/register.html", context))


def _refresh_initial(data) -> dict[str, str]:
    """The typed values, shown again (not validated) with the next level's regions."""
    skip = {"csrfmiddlewaretoken", _REFRESH, RegistrationForm.HONEYPOT}
    return {name: value for name, value in data.items() if name not in skip}


@never_cache
@require_http_methods(["GET", "POST"])
def register(request, slug):
    training = access.public_training_or_404(slug)
    if request.method == "GET":
        closed = _closed_reason(training)
        form = RegistrationForm(
            training=training, initial={"province": training.venue_region_id[:2]}
        )
        return _render_form(request, training, form, closed_reason=closed)
    if _REFRESH in request.POST:
        form = RegistrationForm(training=training, initial=_refresh_initial(request.POST))
        return _render_form(request, training, form)
    exceeded = _limit(request, ratelimit.REGISTER_PER_IP, ratelimit.REGISTER_PER_NIK)
    if exceeded:
        return too_many_requests(request, exceeded)
    if request.POST.get(RegistrationForm.HONEYPOT):
        return HttpResponseBadRequest(_("Permintaan tidak dapat diproses."))
    form = RegistrationForm(request.POST, training=training)
    if not form.is_valid():
        return _render_form(request, training, form)
    data = form.cleaned_data
    try:
        result = services.registration_submit(
            actor=None,
            training=training,
            person=form.person_details(),
            role=data["role"],
            region_represented=data["region_represented"],
            organization_unit=data["organization_unit"],
            source=Registration.Source.ONLINE,
            consent=data["consent"],
            language=_language(),
        )
    except TrainingBusy as error:
        return service_unavailable(request, error.message)
    except PilarError as error:  # RegistrationClosed, NotEligible, missing consent
        form.add_error(None, error.message)
        return _render_form(request, training, form)
    if result.already_registered:
        # Never the code, never the status page: the NIK alone proves nothing.
        return _render_form(request, training, None, already_registered=True)
    url = reverse("trainings:registration_status", kwargs={"code": result.registration.code})
    return redirect(f"{url}?baru=1")


@require_GET
@cache_control(public=True, max_age=86400)
@vary_on_cookie  # the placeholder option follows the language cookie
def region_options(request):
    """``<option>``s of one region's children (the provinces without ``parent``)."""
    parent = request.GET.get("parent", "")
    try:
        level, rows = region_children(parent or None)
    except ValueError:
        return HttpResponseBadRequest(_("Kode wilayah tidak valid."))
    context = {"placeholder": placeholder(level), "rows": rows}
    return render(request, "trainings/_region_options.html", context)


# --- the status page and cancelling -----------------------------------------------------------


def _qr_svg(url: str, code: str) -> str:
    # segno writes presentation attributes only (no style=""): fine under a strict CSP.
    svg = segno.make(url, error="m").svg_inline(
        scale=4,
        omitsize=True,
        svgclass="pilar-qr-svg",
        lineclass=None,
        title=_("Kode QR pendaftaran %(code)s") % {"code": code},
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # segno's own markup


def _status_page(registration: Registration) -> str:
    return reverse("trainings:registration_status", kwargs={"code": registration.code})


@never_cache
@require_GET
def registration_status(request, code):
    """What the code (shared, or in the QR) shows: the training, the status, the code and
    what was typed with this registration, never the stored person. It never acts."""
    registration = access.registration_by_code_or_404(request, code)
    if isinstance(registration, HttpResponse):
        return registration
    if registration.code != code:  # typed in lower case or with O for 0: one address
        return redirect("trainings:registration_status", code=registration.code)
    training = registration.training
    active = registration.status in ACTIVE
    url = notifications.status_url(registration)
    share = _("Status pendaftaran saya untuk %(title)s: %(url)s") % {
        "title": training.title,
        "url": url,
    }
    context = {
        "registration": registration,
        "training": training,
        "rank": public.registration_waitlist_rank(registration),
        "active": active,
        "qr_svg": _qr_svg(url, registration.code) if active else "",  # a held claim has no seat
        "whatsapp_url": "https://wa.me/?text=" + quote(share, safe=""),
        "just_registered": request.GET.get("baru") == "1",
        "can_cancel": services.cancellable_online(registration),
        "calendar": ics.calendar_offered(registration),
    }
    return _noindex(render(request, "trainings/registration_status.html", context))


@never_cache
@require_GET
def registration_calendar(request, code):
    """The registration's add-to-calendar file (``trainings.ics``), by its code: the same
    rule as the status page (a miss counts against the code-guessing limit), for a
    confirmed seat in a training that goes ahead; anything else is a 404."""
    registration = access.registration_by_code_or_404(request, code)
    if isinstance(registration, HttpResponse):
        return registration
    if registration.code != code:
        return redirect("trainings:registration_calendar", code=registration.code)
    if not ics.calendar_offered(registration):
        raise Http404(_("Berkas kalender hanya tersedia untuk pendaftaran yang terkonfirmasi."))
    training = registration.training
    region_names = schedule.venue_region_names(training)
    content = ics.registration_calendar(
        registration,
        days=schedule.training_days(training),
        place=schedule.venue_place(training, region_names),
        status_url=notifications.status_url(registration),
        now=timezone.now(),
    )
    response = HttpResponse(content, content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, ics.calendar_filename(registration)
    )
    return _noindex(response)


def _render_cancel(
    request, registration: Registration, form: CancelCheckForm | None, *, confirm: bool = False
) -> HttpResponse:
    context = {
        "registration": registration,
        "training": registration.training,
        "form": form,
        "confirm": confirm,
    }
    return _noindex(render(request, "trainings/registration_cancel.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
def registration_cancel(request, code):
    """Cancelling asks for the birth date and the phone number's last four digits
    (``trainings.services.cancellation``); right answers lead to "are you sure?", whose
    POST (``confirm=1``, the answers again) cancels. Every POST counts against the rate
    limits, per client address and per registration."""
    registration = access.registration_by_code_or_404(request, code)
    if isinstance(registration, HttpResponse):
        return registration
    if registration.status not in (*ACTIVE, Registration.Status.HELD):
        messages.info(request, _("Pendaftaran ini sudah tidak aktif."))
        return redirect(_status_page(registration))
    if not services.cancellable_online(registration):  # no phone number, or a held claim
        return _render_cancel(request, registration, None)  # the page names the committee
    if request.method == "GET":
        if registration.code != code:
            return redirect("trainings:registration_cancel", code=registration.code)
        return _render_cancel(request, registration, CancelCheckForm())
    exceeded = ratelimit.hit(
        (ratelimit.CANCEL_PER_IP, ratelimit.ip_key(client_ip(request))),
        (ratelimit.CANCEL_PER_REGISTRATION, ratelimit.registration_key(registration.pk)),
    )
    if exceeded:
        return too_many_requests(request, exceeded)
    form = CancelCheckForm(request.POST)
    if not form.is_valid():
        return _render_cancel(request, registration, form)
    answers = {
        "registration": registration,
        "birth_date": form.cleaned_data["birth_date"],
        "phone_ending": form.cleaned_data["phone_ending"],
    }
    try:
        if request.POST.get("confirm") != "1":
            services.registrant_check(**answers)
            return _render_cancel(request, registration, form, confirm=True)
        services.registration_cancel_by_registrant(**answers)
    except services.CancelRefused as error:
        form.add_error(None, error.message)
        return _render_cancel(request, registration, form)
    except TrainingBusy as error:
        return service_unavailable(request, error.message)
    except PilarError as error:  # cancelled or decided meanwhile
        messages.error(request, error.message)
        return redirect(_status_page(registration))
    messages.success(request, _("Pendaftaran Anda telah dibatalkan."))
    return redirect(_status_page(registration))


# --- lost code ------------------------------------------------------------------------------

_ANSWERED = "terkirim"  # the lost-code page after a request: the one answer, and a contact


def _send_code_reminder(*, training: Training, nik: str, birth_date: datetime.date) -> None:
    """Queue a code reminder when the person (NIK and stored birth date) holds an active
    registration of their own with an address to send it to (``notice_email``)."""
    with transaction.atomic():
        registration = public.active_registration_by_identity(
            training=training, nik=nik, birth_date=birth_date
        )
        if registration is not None and registration.notice_email:
            notifications.queue_registration_notice(registration, "code_reminder")


def _render_lost_code(request, form: LostCodeForm, answered: Training | None = None):
    context = {"form": form, "answered": answered}
    return _noindex(render(request, "trainings/lost_code.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
def lost_code(request):
    if request.method == "GET":
        slug = request.GET.get("training", "")
        answered = None
        if request.GET.get(_ANSWERED) == "1" and slug:
            answered = public.public_trainings().filter(slug=slug).first()
        return _render_lost_code(request, LostCodeForm(initial={"training": slug}), answered)
    exceeded = _limit(request, ratelimit.LOST_CODE_PER_IP, ratelimit.LOST_CODE_PER_NIK)
    if exceeded:
        return too_many_requests(request, exceeded)
    form = LostCodeForm(request.POST)
    if not form.is_valid():
        return _render_lost_code(request, form)
    training = form.cleaned_data["training"]
    _send_code_reminder(
        training=training,
        nik=form.cleaned_data["nik"],
        birth_date=form.cleaned_data["birth_date"],
    )
    # The same answer whether or not anything matched or had an e-mail: it reveals nothing.
    query = urlencode({"training": training.slug, _ANSWERED: "1"})
    return redirect(f"{reverse('trainings:lost_code')}?{query}")
