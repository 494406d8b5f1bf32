"""What anyone may reach without an account: a training that is not a draft, and a
registration by its code (the code is the key; guessing codes is rate limited)."""

from __future__ import annotations

import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from trainings import ratelimit
from trainings.codes import normalize_code
from trainings.http import client_ip, too_many_requests
from trainings.models import Registration, Training
from trainings.models.registrations import CROCKFORD_CODE_REGEX

_CODE = re.compile(CROCKFORD_CODE_REGEX)


def public_training_or_404(slug: str) -> Training:
    """A training of the public registration pages (never a draft), with its organiser and
    venue region."""
    return get_object_or_404(
        Training.objects.select_related("organizer", "venue_region").exclude(
            status=Training.Status.DRAFT
        ),
        slug=slug,
    )


def registration_by_code_or_404(request, code: str) -> Registration | HttpResponse:
    """The registration with this code (as typed), a 404, or a 429 for a code guesser."""
    code = normalize_code(code)
    registration = None
    if _CODE.fullmatch(code):
        registration = (
            Registration.objects.select_related(
                "participant", "training__organizer", "training__venue_region"
            )
            .filter(code=code)
            .first()
        )
    if registration is None:
        exceeded = ratelimit.hit(
            (ratelimit.STATUS_MISS_PER_IP, ratelimit.ip_key(client_ip(request)))
        )
        if exceeded:
            return too_many_requests(request, exceeded)
        raise Http404(_("Kode pendaftaran tidak ditemukan."))
    return registration
