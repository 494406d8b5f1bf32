"""Staff pages: sign in, sign out, and password reset by e-mail.

Django's auth views with Indonesian templates. django-axes (settings ``AXES_*``)
guards every ``authenticate()`` — this login and ``/admin/login/`` alike: five
failures for one username from one client address (``trainings.http.client_ip``)
lock that pair for ``AXES_COOLOFF_TIME``; ``locked_out`` is the page it shows.

The reset e-mail goes through the task queue, never from the request (a dead
mail server must not hold a worker), and the queue holds only the user's id:
the one-time link is made when the mail is sent, so no reset token is stored.
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from trainings import ratelimit
from trainings.http import client_ip, too_many_requests

# A reset request costs an e-mail: enough for an office sharing one address.
PASSWORD_RESET_PER_IP = ratelimit.Rule("password-reset-ip", limit=10, period=3600)


def locked_out(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the Indonesian lockout page, 429 with Retry-After."""
    cool_off = get_cool_off(request)
    seconds = math.ceil(cool_off.total_seconds()) if cool_off else 0
    response = render(
        request,
        "staff/lockout.html",
        {"minutes": max(1, math.ceil(seconds / 60)) if seconds else None},
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


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


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail is queued (see ``send_password_reset``)."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        send_password_reset.enqueue(user_id=context["user"].pk, language=language)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "staff/password_reset_form.html"
    success_url = reverse_lazy("staff:password_reset_done")

    def post(self, request, *args, **kwargs):
        exceeded = ratelimit.hit((PASSWORD_RESET_PER_IP, ratelimit.ip_key(client_ip(request))))
        if exceeded:
            return too_many_requests(request, exceeded)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "staff/password_reset_confirm.html"
    success_url = reverse_lazy("staff:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever can read the account's mailbox may sign in again at once.
        axes_reset(username=form.user.get_username())
        return response


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="staff/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    # Django's LogoutView accepts POST only (GET is 405); it redirects to
    # LOGOUT_REDIRECT_URL.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="staff/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="staff/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
