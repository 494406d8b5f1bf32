"""Security headers, the Content-Security-Policy, no-store on personal pages, error pages.

The tests run with DEBUG off, as production does; only the HTTPS settings
differ (the test client speaks plain HTTP unless told ``secure=True``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import RegistrationFactory, TrainingFactory, UserFactory
from trainings.models import Registration

# WhiteNoise warns at start-up that STATIC_ROOT (var/staticfiles) does not exist;
# tests never collect static files. To go once settings stop the warning.

ROOT = Path(__file__).resolve().parents[1]

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"
HTMX_CONFIG_META = (
    '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false}\'>'
)


def csp_directives(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources} (django-csp does not
    keep the directives in a fixed order)."""
    parts = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, sources in parts}


class InlineCodeFinder(HTMLParser):
    """Everything in a page that a CSP without 'unsafe-inline' would block."""

    # <script> elements with these types are data, never executed.
    DATA_TYPES = {"application/json", "application/ld+json"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style" or name.startswith(("on", "hx-on")):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action"} and (value or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style> element")
        executable = attributes.get("type") not in self.DATA_TYPES
        if tag == "script" and "src" not in attributes and executable:
            self.found.append("<script> without src")

    @classmethod
    def scan(cls, html: str) -> list[str]:
        finder = cls()
        finder.feed(html)
        return finder.found


# --- Content-Security-Policy and the other headers -------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/tidak-ada/"])
def test_every_page_sends_the_content_security_policy(client, path):
    response = client.get(path)

    assert csp_directives(response) == POLICY


@pytest.mark.django_db
def test_security_headers_on_an_https_page(client):
    response = client.get("/", secure=True)

    assert {
        name: response.get(name)
        for name in (
            "Strict-Transport-Security",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "X-Frame-Options",
            "Cross-Origin-Opener-Policy",
        )
    } == {
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


@pytest.mark.django_db
def test_base_template_configures_htmx_without_injected_styles_or_eval(client):
    response = client.get("/")

    html = response.content.decode()
    assert html.count(HTMX_CONFIG_META) == 1
    assert "hx-on" not in html


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style(client, regions):
    training = TrainingFactory(slug="bimtek-kalsel")
    pages = ["/", reverse("trainings:detail", kwargs={"slug": training.slug}), "/tidak-ada/"]

    found = {path: InlineCodeFinder.scan(client.get(path).content.decode()) for path in pages}

    assert found == {path: [] for path in pages}


def _admin_pages(superuser) -> list[str]:
    """The index, and every registered model's list and (where adding is allowed) add form."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{prefix}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{prefix}_add"))
    return pages


@pytest.mark.django_db
def test_admin_works_under_the_policy_without_inline_script_or_style(client, regions):
    """Django 5.2's admin templates and JavaScript need no 'unsafe-inline': its scripts
    are files configured through data- attributes, and its widgets style elements
    through the CSSOM (allowed), never through style attributes."""
    anonymous = InlineCodeFinder.scan(client.get("/admin/login/").content.decode())
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    pages = _admin_pages(superuser)

    responses = {path: client.get(path) for path in pages}

    assert {path: r.status_code for path, r in responses.items()} == {path: 200 for path in pages}
    assert {path: InlineCodeFinder.scan(r.content.decode()) for path, r in responses.items()} == {
        path: [] for path in pages
    }
    assert anonymous == []
    assert [csp_directives(r) for r in responses.values()] == [POLICY] * len(pages)


def test_inline_code_finder_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json">{}</script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:x()">x</a></p>'
    )

    assert InlineCodeFinder.scan(html) == [
        "<script> without src",
        "<style> element",
        "<p style='color:red'>",
        "<p onclick='x()'>",
        "<a href='javascript:x()'>",
    ]


def test_production_settings_pass_the_deployment_checks():
    """`manage.py check --deploy --fail-level WARNING` with production settings, as
    `make check-deploy` and CI run it (django-csp's own checks included)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DJANGO_SECRET_KEY="check-only-"
        + "k" * 50
        + "-not-a-real-secret-but-long-and-varied-0123456789",
        DJANGO_ALLOWED_HOSTS="pilar.example.org",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",  # the checks need no database
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


def test_production_settings_secure_the_cookies_and_exempt_only_healthz_from_https():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DJANGO_SECRET_KEY="check-only-not-a-real-secret",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
    )
    code = (
        "import config.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT, "
        "s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.stdout.strip() == "True True True True ['^healthz$'] 31536000", result.stderr


# --- Cache-Control: no-store where personal data is shown -------------------


@pytest.mark.django_db
def test_registration_status_page_is_never_stored(client, regions, roles):
    registration = RegistrationFactory(participant__full_name="Siti Rahmah")
    path = reverse("trainings:registration_status", kwargs={"code": registration.code})

    response = client.get(path)

    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/login/",
        "/staff/",
        "/staff/trainings/",
        "/reports/",
        "/registrations/lost/",
        "/certificates/ABCDEFGH/",
        "/trainings/bimtek-kalsel/register/",
    ],
)
def test_personal_data_areas_are_never_stored(client, path):
    response = client.get(path)

    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_staff_admin_pages_are_never_stored_when_logged_in(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/admin/auth/user/")

    assert (response.status_code, response["Cache-Control"]) == (200, NO_STORE)


@pytest.mark.django_db
def test_public_catalogue_may_be_cached(client):
    response = client.get("/")

    assert "no-store" not in response.get("Cache-Control", "")


# --- Error pages, in Indonesian ---------------------------------------------


@pytest.mark.django_db
def test_missing_page_shows_the_indonesian_404(client):
    response = client.get("/pelatihan-yang-tidak-ada/")

    html = response.content.decode()
    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    assert '<html lang="id">' in html
    assert "<title>Halaman tidak ditemukan · Pilar</title>" in html
    assert '<h1 class="h3">Halaman tidak ditemukan</h1>' in html


@pytest.mark.django_db
def test_post_without_csrf_token_shows_the_indonesian_403_and_a_fresh_token():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    html = response.content.decode()
    assert response.status_code == 403
    assert "<title>Formulir kedaluwarsa · Pilar</title>" in html
    assert '<h1 class="h3">Formulir tidak dapat dikirim</h1>' in html
    # Rendered with the request: the page's own forms carry a token and the cookie is
    # set, so reloading the form and sending again works.
    assert 'name="csrfmiddlewaretoken"' in html
    assert response.cookies["csrftoken"].value
    assert csp_directives(response) == POLICY


@pytest.mark.django_db
def test_forbidden_admin_page_shows_the_indonesian_403(client):
    client.force_login(UserFactory(is_staff=True))  # staff without any permission

    response = client.get("/admin/auth/user/")

    html = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="h3">Akses ditolak</h1>' in html
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_bad_request_shows_the_indonesian_400(client):
    response = client.get("/", headers={"host": "bukan-pilar.example"})

    html = response.content.decode()
    assert response.status_code == 400
    assert '<h1 class="h3">Permintaan tidak valid</h1>' in html


def test_server_error_page_renders_without_request_context_or_database():
    """The 500 page is rendered with no context processors, possibly with the database
    down: it extends nothing and looks nothing up."""
    response = server_error(RequestFactory().get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="id">' in html
    assert '<h1 class="h3">Terjadi kesalahan pada server</h1>' in html
    assert '<link rel="stylesheet" href="/static/vendor/bootstrap/bootstrap.min.css">' in html
    assert InlineCodeFinder.scan(html) == []


# --- Undecodable request bodies ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/staff/login/", "/registrations/lost/", "/admin/login/"])
@pytest.mark.parametrize("charset", ["utf-16", "iso-8859-1"])
def test_undecodable_post_body_gets_the_400_page_not_a_500(path, charset):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    token = "a" * 32  # a valid CSRF pair: the body is read only once the check passes
    client.cookies["csrftoken"] = token

    response = client.generic(
        "POST",
        path,
        "username=a&password=b".encode("utf-16"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()


# --- Personal data: the rules as checks over every public page -----------------------
# (The staff side: tests/test_staff_scope.py sweeps every staff URL for whole NIKs, the
# full-NIK trail and search terms in URLs; tests/test_scope_writes.py drives every write
# that attaches people as every persona.)


STORED = {
    "name": "Siti Rahmawati",
    "phone": "+6281311112222",
    "email": "siti.tercatat@example.org",
    "birth_place": "Gambut",
}


@pytest.fixture
def stored_person(world, roles):
    """A Banjar resident on record, already registered in Barito Utara's training."""
    import datetime

    from participants.models import Region
    from participants.nik import build_nik
    from tests.factories import ParticipantFactory

    birth = datetime.date(1985, 10, 23)
    person = ParticipantFactory(
        nik=build_nik(district_code="63.03.03", birth_date=birth, sex="P", serial=55),
        full_name=STORED["name"],
        sex="P",
        birth_date=birth,
        birth_place=STORED["birth_place"],
        phone=STORED["phone"],
        email=STORED["email"],
        home_region=Region.objects.get(code="63.03.03"),
    )
    own = RegistrationFactory(
        participant=person, training=world.barut_training, role=roles["tksk"], phone="", email=""
    )
    return person, own


def _stored_data_in(text: str) -> list[str]:
    phone = STORED["phone"]
    shapes = {phone, "0" + phone[3:], phone[3:], f"0{phone[3:6]}-{phone[6:10]}-{phone[10:]}"}
    found = [value for value in (STORED["name"], STORED["email"]) if value in text]
    return found + [shape for shape in shapes if shape in text]


def test_no_public_answer_reveals_what_is_stored_about_a_nik(client, world, roles, stored_person):
    from tests.forms import registration_post

    person, own = stored_person
    training = world.barut_training
    answers = []

    # The public form with her NIK, another name and birth date (warnings confirmed).
    typed = registration_post(
        roles["tksk"], nik=person.nik, full_name="Orang Lain", sex="P", birth_date="1990-01-01"
    )
    first = client.post(reverse("trainings:register", args=[training.slug]), typed)
    answers.append(first)
    digest = re.search(r'name="warnings_digest" value="([0-9a-f]+)"', first.content.decode())
    if digest:
        typed |= {"confirm_warnings": "on", "warnings_digest": digest.group(1)}
        answers.append(
            client.post(reverse("trainings:register", args=[training.slug]), typed, follow=True)
        )
    # Her own registration's status page, as anyone holding the shared link sees it.
    answers.append(client.get(reverse("trainings:registration_status", args=[own.code])))
    answers.append(client.get(reverse("trainings:registration_cancel", args=[own.code])))
    # Lost code with her NIK, with a wrong and with her real birth date.
    for birth in ("1990-01-01", person.birth_date.isoformat()):
        answers.append(
            client.post(
                reverse("trainings:lost_code"),
                {"nik": person.nik, "birth_date": birth, "training": training.slug},
                follow=True,
            )
        )

    leaks = {
        response.request["PATH_INFO"]: _stored_data_in(response.content.decode())
        for response in answers
    }
    assert [path for path, found in leaks.items() if found] == []
    assert all(response.status_code in (200, 302) for response in answers)
    claim = Registration.objects.exclude(pk=own.pk).get()
    assert (claim.status, claim.participant_id) == ("held", person.pk)


def test_sharing_a_status_link_shows_and_never_acts(client, world, roles, stored_person):
    """Every public URL that takes a registration's code, GET and POST with nothing but
    the code: the registration stays exactly as it was."""
    from trainings import urls as public_urls

    _person, own = stored_person
    before = Registration.objects.filter(pk=own.pk).values().get()
    coded = [p.name for p in public_urls.urlpatterns if "code" in p.pattern.converters]
    assert set(coded) == {"registration_status", "registration_cancel", "registration_calendar"}

    for name in coded:
        url = reverse(f"trainings:{name}", args=[own.code])
        assert client.get(url).status_code == 200
        client.post(url, {"confirm": "1"})
        client.post(url, {"code": own.code, "confirm": "1", "cancel": "1"})

    assert Registration.objects.filter(pk=own.pk).values().get() == before
