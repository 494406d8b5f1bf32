"""Staff password reset: Django's form, with the e-mail queued instead of sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation

from trainings.notifications import send_password_reset


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail is queued (see ``send_password_reset``)."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        send_password_reset.enqueue(user_id=context["user"].pk, language=language)
