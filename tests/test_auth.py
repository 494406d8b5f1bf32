"""Staff sign-in: lockout (django-axes), login and logout, password reset by e-mail,
and sessions that expire after inactivity.

Under django-axes ``client.login()`` raises (its backend needs the request): these
tests post to the real login pages, as a person does.
"""

from __future__ import annotations

import datetime
import re
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory
from trainings import middleware, ratelimit
from trainings.notifications import send_password_reset

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # UserFactory's
OFFICE = "203.0.113.10"
OTHER_OFFICE = "198.51.100.20"
LOCKOUT_TITLE = "Akun dikunci sementara"
RESET_TASK = "trainings.notifications.send_password_reset"
SITE = "https://pilar.example.org"


@pytest.fixture(autouse=True)
def _fresh_counters():
    ratelimit.reset()
    yield
    ratelimit.reset()


def login(client, username, password, *, ip=OFFICE, path=None, **headers):
    return client.post(
        path or reverse("staff:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )


def fail(client, username, times, **kwargs):
    return [login(client, username, "salah-sandi", **kwargs).status_code for _ in range(times)]


def logged_in_as(client) -> str | None:
    user_id = client.session.get(SESSION_KEY)
    return None if user_id is None else str(user_id)


# --- login and logout ----------------------------------------------------------


def test_login_page_is_indonesian_and_links_the_password_reset(client):
    response = client.get(reverse("staff:login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Masuk ke ruang kerja staf" in html
    assert reverse("staff:password_reset") in html


def test_login_success_redirects_to_the_trainings_list(client):
    user = UserFactory(username="staf.barut")

    response = login(client, "staf.barut", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, reverse("staff:trainings"))
    assert logged_in_as(client) == str(user.pk)


def test_login_follows_a_local_next_but_not_another_site(client):
    UserFactory(username="staf.barut")
    url = reverse("staff:login")

    local = client.post(
        f"{url}?next=/staff/audit/", {"username": "staf.barut", "password": PASSWORD}
    )
    client.logout()
    foreign = client.post(
        f"{url}?next=https://evil.example/", {"username": "staf.barut", "password": PASSWORD}
    )

    assert local["Location"] == "/staff/audit/"
    assert foreign["Location"] == reverse("staff:trainings")


def test_a_supervisor_lands_on_the_reports_unless_a_local_next_says_otherwise(client, world):
    url = reverse("staff:login")
    supervisor = {"username": "kabid.barut", "password": PASSWORD}

    plain = client.post(url, supervisor)
    again = client.get(url)  # already signed in: where the login page sends them
    client.logout()
    local = client.post(f"{url}?next=/staff/trainings/", supervisor)
    client.logout()
    foreign = client.post(f"{url}?next=https://evil.example/reports/", supervisor)

    assert [plain["Location"], again["Location"], local["Location"], foreign["Location"]] == [
        reverse("reports:index"),
        reverse("reports:index"),
        "/staff/trainings/",
        reverse("reports:index"),
    ]


@pytest.mark.parametrize("username", ["admin.barut", "staf.barut", "operator.banjar"])
def test_everyone_else_lands_on_the_trainings(client, world, username):
    response = login(client, username, PASSWORD)

    assert response["Location"] == reverse("staff:trainings")


def test_wrong_password_shows_the_form_again_without_logging_in(client):
    UserFactory(username="staf.barut")

    response = login(client, "staf.barut", "salah-sandi")

    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]
    assert logged_in_as(client) is None


def test_logout_is_post_only(client):
    user = UserFactory(username="staf.barut")
    login(client, "staf.barut", PASSWORD)

    by_get = client.get(reverse("staff:logout"))
    still = logged_in_as(client)
    by_post = client.post(reverse("staff:logout"))

    assert by_get.status_code == 405
    assert still == str(user.pk)
    assert (by_post.status_code, by_post["Location"]) == (302, reverse("staff:login"))
    assert logged_in_as(client) is None


# --- lockout: 5 failures per username + address, 20 per username, 30 per address ----


def test_five_failures_lock_out_that_username_from_that_address(client):
    UserFactory(username="staf.barut")

    failures = fail(client, "staf.barut", 5)
    right_password = login(client, "staf.barut", PASSWORD)

    assert failures == [200, 200, 200, 200, 429]
    assert right_password.status_code == 429
    assert LOCKOUT_TITLE in right_password.content.decode()
    assert "coba lagi dalam 15 menit" in right_password.content.decode()
    assert right_password["Retry-After"] == "900"
    assert logged_in_as(client) is None


def test_four_failures_do_not_lock_out(client):
    user = UserFactory(username="staf.barut")

    failures = fail(client, "staf.barut", 4)
    response = login(client, "staf.barut", PASSWORD)

    assert failures == [200, 200, 200, 200]
    assert response.status_code == 302
    assert logged_in_as(client) == str(user.pk)


def test_lockout_spares_the_same_user_from_another_address(client):
    user = UserFactory(username="staf.barut")
    fail(client, "staf.barut", 5, ip=OFFICE)

    response = login(client, "staf.barut", PASSWORD, ip=OTHER_OFFICE)

    assert response.status_code == 302
    assert logged_in_as(client) == str(user.pk)


def test_lockout_spares_another_user_at_the_same_address(client):
    UserFactory(username="staf.barut")
    colleague = UserFactory(username="kabid.barut")
    fail(client, "staf.barut", 5, ip=OFFICE)

    response = login(client, "kabid.barut", PASSWORD, ip=OFFICE)

    assert response.status_code == 302
    assert logged_in_as(client) == str(colleague.pk)


def test_admin_login_shares_the_lockout(client):
    UserFactory(username="admin.barut", is_staff=True)
    admin_login = reverse("admin:login")

    staff_failures = fail(client, "admin.barut", 3)
    admin_failures = fail(client, "admin.barut", 2, path=admin_login)
    response = login(client, "admin.barut", PASSWORD, path=admin_login)

    assert (staff_failures, admin_failures) == ([200, 200, 200], [200, 429])
    assert response.status_code == 429
    assert LOCKOUT_TITLE in response.content.decode()
    assert logged_in_as(client) is None


def test_lockout_ends_after_the_cool_off(client):
    user = UserFactory(username="staf.barut")
    fail(client, "staf.barut", 5)

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = login(client, "staf.barut", PASSWORD)

    assert response.status_code == 302
    assert logged_in_as(client) == str(user.pk)


def test_one_username_from_many_addresses_is_locked_after_twenty_failures(client):
    user = UserFactory(username="staf.barut")

    spread = [
        login(client, "staf.barut", "salah-sandi", ip=f"192.0.2.{n}").status_code
        for n in range(1, 21)
    ]
    from_a_new_address = login(client, "staf.barut", PASSWORD, ip="198.51.100.1")

    # One try from each of 20 addresses: no username + address pair reaches its limit.
    assert spread == [200] * 19 + [429]
    assert from_a_new_address.status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert login(client, "staf.barut", PASSWORD, ip="198.51.100.1").status_code == 302
    assert logged_in_as(client) == str(user.pk)


def test_one_address_spraying_many_usernames_is_locked_after_thirty_failures(client):
    UserFactory(username="staf.barut")

    sprayed = [
        login(client, f"user{n}", "Rahasia2025!", ip=OTHER_OFFICE).status_code for n in range(30)
    ]
    real_user_there = login(client, "staf.barut", PASSWORD, ip=OTHER_OFFICE)
    real_user_elsewhere = login(client, "staf.barut", PASSWORD, ip=OFFICE)

    assert sprayed == [200] * 29 + [429]
    assert real_user_there.status_code == 429
    assert real_user_elsewhere.status_code == 302


def test_failures_during_a_lockout_do_not_extend_it(client):
    UserFactory(username="staf.barut")
    fail(client, "staf.barut", 5)
    locked_at = timezone.now() - datetime.timedelta(minutes=14)
    AccessAttempt.objects.update(attempt_time=locked_at)

    during = fail(client, "staf.barut", 3)

    assert during == [429, 429, 429]
    # Nothing recorded: the cool-off still ends 15 minutes after the lockout began.
    assert list(AccessAttempt.objects.values_list("failures_since_start", "attempt_time")) == [
        (5, locked_at)
    ]


def test_a_successful_login_resets_the_failure_count(client):
    user = UserFactory(username="staf.barut")
    fail(client, "staf.barut", 4)
    login(client, "staf.barut", PASSWORD)
    client.post(reverse("staff:logout"))

    failures = fail(client, "staf.barut", 4)
    response = login(client, "staf.barut", PASSWORD)

    assert failures == [200, 200, 200, 200]
    assert response.status_code == 302
    assert logged_in_as(client) == str(user.pk)


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, settings):
    settings.PILAR_TRUSTED_PROXY_COUNT = 0
    UserFactory(username="staf.barut")

    # A client inventing a new X-Forwarded-For each time stays one address.
    failures = [
        login(client, "staf.barut", "salah-sandi", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(5)
    ]
    response = login(client, "staf.barut", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert failures == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        ("staf.barut", OFFICE)
    ]


def test_forwarded_for_names_the_client_behind_one_trusted_proxy(client, settings):
    settings.PILAR_TRUSTED_PROXY_COUNT = 1
    user = UserFactory(username="staf.barut")
    proxy = "10.0.0.5"
    # The left entry is whatever the client sent; the proxy appended the right one.
    fail(client, "staf.barut", 5, ip=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.7")
    recorded = list(AccessAttempt.objects.values_list("username", "ip_address"))

    same_client = login(client, "staf.barut", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.7")
    other_client = login(client, "staf.barut", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.8")

    assert recorded == [("staf.barut", "192.0.2.7")]
    assert same_client.status_code == 429
    assert other_client.status_code == 302
    assert logged_in_as(client) == str(user.pk)


# --- password reset by e-mail ---------------------------------------------------


@pytest.fixture
def site_url(settings):
    settings.PILAR_SITE_URL = SITE


def request_reset(client, email, **headers):
    return client.post(reverse("staff:password_reset"), {"email": email}, **headers)


def run_queued_tasks() -> list:
    """Run every queued task as the worker would: from its stored path and arguments."""
    results = []
    for queued in DBTaskResult.objects.order_by("enqueued_at"):
        task = import_string(queued.task_path)
        results.append(task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"]))
    return results


def without_csrf(response) -> str:
    """The page with its (per-response masked) CSRF tokens blanked."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def reset_link(message) -> str:
    (link,) = re.findall(r"https?://\S+", message.body)
    return link


def test_password_reset_queues_the_mail_instead_of_sending_it(client, mailoutbox, site_url):
    user = UserFactory(username="staf.barut", email="staf.barut@dinsos.example.org")

    response = request_reset(client, "STAF.BARUT@dinsos.example.org")

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("staff:password_reset_done"),
    )
    assert mailoutbox == []
    # Only the user's id is queued: the one-time token is made when the mail is sent.
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        (RESET_TASK, {"args": [], "kwargs": {"user_id": user.pk, "language": "id"}})
    ]


def test_password_reset_for_an_unknown_address_looks_the_same(client, mailoutbox):
    UserFactory(username="staf.barut", email="staf.barut@dinsos.example.org")

    known = request_reset(client, "staf.barut@dinsos.example.org")
    unknown = request_reset(client, "tidak.ada@dinsos.example.org")
    known_done = without_csrf(client.get(known["Location"]))
    unknown_done = without_csrf(client.get(unknown["Location"]))

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert unknown_done == known_done
    assert DBTaskResult.objects.count() == 1  # the known address only


def test_password_reset_mail_carries_a_working_link(client, mailoutbox, site_url):
    user = UserFactory(username="staf.barut", email="staf.barut@dinsos.example.org")
    request_reset(client, "staf.barut@dinsos.example.org")

    assert run_queued_tasks() == [True]

    (message,) = mailoutbox
    link = reset_link(message)
    assert (message.to, message.subject) == (
        ["staf.barut@dinsos.example.org"],
        "Atur ulang kata sandi Pilar",
    )
    assert message.from_email == django_settings.DEFAULT_FROM_EMAIL
    assert "Nama pengguna Anda: staf.barut" in message.body
    assert link.startswith(f"{SITE}/staff/password-reset/")

    # The link leads to a form (Django moves the token into the session first).
    form_page = client.get(link.removeprefix(SITE), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    saved = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Teweh-Tengah-2025", "new_password2": "Teweh-Tengah-2025"},
    )

    assert (saved.status_code, saved["Location"]) == (
        302,
        reverse("staff:password_reset_complete"),
    )
    user.refresh_from_db()
    assert user.check_password("Teweh-Tengah-2025")
    assert login(client, "staf.barut", "Teweh-Tengah-2025").status_code == 302


def test_password_reset_link_works_once(client, mailoutbox, site_url):
    UserFactory(username="staf.barut", email="staf.barut@dinsos.example.org")
    request_reset(client, "staf.barut@dinsos.example.org")
    run_queued_tasks()
    path = reset_link(mailoutbox[0]).removeprefix(SITE)
    form_page = client.get(path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Teweh-Tengah-2025", "new_password2": "Teweh-Tengah-2025"},
    )

    again = client.get(path, follow=True)

    assert again.context["validlink"] is False
    assert "Tautan ini tidak berlaku lagi" in again.content.decode()


def test_password_reset_unlocks_the_account(client, mailoutbox, site_url):
    user = UserFactory(username="staf.barut", email="staf.barut@dinsos.example.org")
    fail(client, "staf.barut", 5)
    request_reset(client, "staf.barut@dinsos.example.org")
    run_queued_tasks()
    form_page = client.get(reset_link(mailoutbox[0]).removeprefix(SITE), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Teweh-Tengah-2025", "new_password2": "Teweh-Tengah-2025"},
    )

    response = login(client, "staf.barut", "Teweh-Tengah-2025")

    assert response.status_code == 302
    assert logged_in_as(client) == str(user.pk)


def test_password_reset_mail_is_in_the_language_of_the_request(client, mailoutbox, site_url):
    UserFactory(username="staf.barut", email="staf.barut@dinsos.example.org")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    request_reset(client, "staf.barut@dinsos.example.org")
    run_queued_tasks()

    with translation.override("en"):
        subject = translation.gettext("Atur ulang kata sandi Pilar")
    assert DBTaskResult.objects.get().args_kwargs["kwargs"]["language"] == "en"
    assert mailoutbox[0].subject == subject


def test_password_reset_task_sends_nothing_to_a_deactivated_account(mailoutbox, site_url):
    user = UserFactory(username="staf.barut", email="staf.barut@dinsos.example.org")
    user.is_active = False
    user.save()

    assert send_password_reset.call(user_id=user.pk, language="id") is False
    assert mailoutbox == []


def test_password_reset_requests_are_rate_limited_per_address(client, mailoutbox):
    UserFactory(username="staf.barut", email="staf.barut@dinsos.example.org")

    statuses = [
        request_reset(client, f"orang{n}@dinsos.example.org", REMOTE_ADDR=OFFICE).status_code
        for n in range(11)
    ]
    elsewhere = request_reset(client, "orang@dinsos.example.org", REMOTE_ADDR=OTHER_OFFICE)

    assert statuses == [302] * 10 + [429]
    assert elsewhere.status_code == 302


# --- sessions expire after inactivity --------------------------------------------


def test_session_expires_after_inactivity(client):
    UserFactory(username="staf.barut")
    login(client, "staf.barut", PASSWORD)

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("staff:audit"))

    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('staff:login')}?next={reverse('staff:audit')}",
    )
    assert logged_in_as(client) is None


def test_activity_extends_the_session(client, monkeypatch):
    UserFactory(username="admin.pilar", is_superuser=True, is_staff=True)
    login(client, "admin.pilar", PASSWORD)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(seconds=60))
    later = time.time() + middleware.SESSION_REFRESH_SECONDS
    monkeypatch.setattr(middleware, "_clock", lambda: later)

    before = timezone.now()
    response = client.get(reverse("staff:audit"))

    (session,) = Session.objects.all()
    age = datetime.timedelta(seconds=django_settings.SESSION_COOKIE_AGE)
    assert response.status_code == 200
    assert before + age <= session.expire_date <= timezone.now() + age
    assert response.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"] == (
        django_settings.SESSION_COOKIE_AGE
    )
