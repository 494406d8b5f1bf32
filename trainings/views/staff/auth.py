"""Staff pages: sign in, sign out, and password reset by e-mail.

Django's auth views with Indonesian templates; after signing in, a safe ``next``
wins, else supervisors land on ``/reports/`` and everyone else on the trainings.
django-axes (settings ``AXES_*``) guards every ``authenticate()`` — this login and
``/admin/login/`` alike: five failures for one username from one client address
(``trainings.http.client_ip``) lock that pair for ``AXES_COOLOFF_TIME``;
``locked_out`` is the page it shows.

The reset e-mail goes through the task queue, never from the request (a dead
mail server must not hold a worker): ``trainings.forms.auth.QueuedPasswordResetForm``
queues ``trainings.notifications.send_password_reset``.
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.shortcuts import render, resolve_url
from django.urls import path, reverse_lazy

from trainings import access, ratelimit
from trainings.forms.auth import QueuedPasswordResetForm
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


class LoginView(auth_views.LoginView):
    """Sign in; a safe ``next`` wins, otherwise each role lands on its own start page
    (``access.landing_url_name``: supervisors on the reports)."""

    template_name = "staff/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return resolve_url(access.landing_url_name(self.request.user))


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
        LoginView.as_view(),
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
