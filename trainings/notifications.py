"""Notifications sent by the task queue — never from a request: to participants, and
staff password reset links.

``queue_*`` functions are called by the services inside their transaction;
the tasks render the message in the participant's language and the
training's zone and send it with a timeout (``EMAIL_TIMEOUT``). There is no
SMS gateway yet: a person with no e-mail on file gets nothing by mail and is
told on the page to keep their code.

A password reset task holds only the user's id: the one-time link is made when
the mail is sent, so no reset token is stored in the queue.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from trainings import formatting, ics
from trainings.selectors import schedule

logger = logging.getLogger(__name__)

NOTICE_KINDS = (
    "received",
    "code_reminder",
    "confirmed",
    "waitlisted",
    "promoted",
    "rejected",
    "cancelled",
    "withdrawn",
    "held",
)


def queue_registration_notice(registration, kind: str) -> None:
    assert kind in NOTICE_KINDS, kind
    send_registration_notice.enqueue(registration_id=registration.pk, kind=kind)


def queue_training_cancelled(training, registration_ids: list[int]) -> None:
    if registration_ids:
        send_training_cancelled.enqueue(training_id=training.pk, registration_ids=registration_ids)


def status_url(registration) -> str:
    return settings.PILAR_SITE_URL.rstrip("/") + reverse(
        "trainings:registration_status", kwargs={"code": registration.code}
    )


# Notices that give the person a seat carry the add-to-calendar file.
CALENDAR_KINDS = frozenset({"received", "confirmed", "promoted"})


def _notice(registration, kind: str, recipient: str) -> EmailMessage:
    """The notice in the participant's language and the training's zone: what happened,
    when the training starts (the first session's local time with WIB/WITA/WIT, or its
    dates while the agenda is empty), where (venue, address, region), the code and the
    status link; with the calendar file when it confirms a seat."""
    training = registration.training
    days = schedule.training_days(training)
    region_names = schedule.venue_region_names(training)
    url = status_url(registration)
    with_calendar = kind in CALENDAR_KINDS and ics.calendar_offered(registration)
    with translation.override(registration.language), timezone.override(training.tz):
        first_start = schedule.first_session_start(days)
        context = {
            "registration": registration,
            "training": training,
            "participant": registration.participant,
            "kind": kind,
            "status_url": url,
            "starts": formatting.moment(first_start, training) if first_start else "",
            "dates": formatting.training_dates(training),
            "venue_address": schedule.venue_address(training, region_names),
            "with_calendar": with_calendar,
        }
        subject = render_to_string("trainings/email/notice_subject.txt", context).strip()
        body = render_to_string("trainings/email/notice_body.txt", context)
        message = EmailMessage(subject, body, None, [recipient])
        if with_calendar:
            content = ics.registration_calendar(
                registration,
                days=days,
                place=schedule.venue_place(training, region_names),
                status_url=url,
                now=timezone.now(),
            )
            message.attach(ics.mime_part(content, ics.calendar_filename(registration)))
    return message


def _send(registration, kind: str) -> bool:
    recipient = registration.notice_email
    if not recipient:
        logger.info(
            "No e-mail on file for registration %s; %s notice not sent", registration.pk, kind
        )
        return False
    _notice(registration, kind, recipient).send()
    return True


@task()
def send_registration_notice(*, registration_id: int, kind: str) -> bool:
    from trainings.models import Registration

    registration = Registration.objects.select_related(
        "participant", "training", "training__organizer"
    ).get(pk=registration_id)
    return _send(registration, kind)


@task()
def send_training_cancelled(*, training_id: int, registration_ids: list[int]) -> int:
    from trainings.models import Registration

    sent = 0
    for registration in Registration.objects.select_related(
        "participant", "training", "training__organizer"
    ).filter(training_id=training_id, pk__in=registration_ids):
        sent += _send(registration, "training_cancelled")
    return sent


@task()
def send_password_reset(*, user_id: int, language: str) -> bool:
    """E-mail a one-time password reset link to the user, if they may still reset.

    Side effects: one e-mail (``EMAIL_TIMEOUT`` applies). Returns False when the
    account is gone, inactive, has no usable password or no e-mail address.
    """
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password() or not user.email:
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.PILAR_SITE_URL.rstrip("/") + reverse(
        "staff:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    with translation.override(language):
        context = {
            "user": user,
            "reset_url": link,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        subject = render_to_string("staff/email/password_reset_subject.txt", context)
        body = render_to_string("staff/email/password_reset_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
    return True
