"""Every staff and report URL, built from the URL resolver: outsiders get 404, NIKs stay
masked.

New staff pages join these tests by existing: a URL whose arguments this
module cannot fill fails the test, so it has to be taught here.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import subprocess

import openpyxl
import pytest
from django.urls import URLPattern, reverse

from tests.factories import RegistrationFactory, SessionFactory
from tests.reports import H, person_with_marks
from trainings import staff_urls
from trainings.models import ExportJob, Registration, Session, Training
from trainings.reports import urls as reports_urls
from trainings.reports.sheets import XLSX_CONTENT_TYPE

pytestmark = pytest.mark.django_db

# Pages that belong to the user rather than to an object: nothing to hide.
NOT_OBJECT_SCOPED = {
    "login", "logout", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "trainings", "participant_merge", "audit",
    "import_participants", "import_template", "index", "index_xlsx", "index_csv", "period",
    "period_xlsx", "period_csv", "period_pdf", "exports",
}  # fmt: skip

# The reports that list or sum every training the user sees: swept apart below.
SCOPE_SUMS = [
    "index",
    "index_xlsx",
    "index_csv",
    "period",
    "period_xlsx",
    "period_csv",
    "period_pdf",
]

# (namespace, pattern) of every page swept: /staff/ and /reports/.
ROUTES = [("staff", p) for p in staff_urls.urlpatterns] + [
    ("reports", p) for p in reports_urls.urlpatterns
]


def _patterns() -> list[tuple[str, URLPattern]]:
    return [(ns, p) for ns, p in ROUTES if p.name not in NOT_OBJECT_SCOPED]


@pytest.fixture
def barut_objects(world, roles):
    """Rows of Barito Utara's training that staff URLs name."""
    training = world.barut_training
    quota = training.quotas.create(region_id="62.05", seats=2)
    registration = RegistrationFactory(training=training, quota=quota, role=roles["tksk"])
    session = SessionFactory(training=training)
    objects = {"pk": training.pk, "quota_pk": quota.pk, "code": registration.code, "kind": "blank"}
    try:
        from trainings.models import ImportJob
    except ImportError:
        ImportJob = None
    if ImportJob is not None:
        objects["job"] = ImportJob.objects.create(
            kind="registrations",
            training=training,
            organization=world.barut,
            created_by=world.barut_staff,
            file="imports/x.xlsx",
        ).pk
    # A background export of Barito Utara's staff: theirs alone (every other user gets 404).
    objects["export_job"] = ExportJob.objects.create(
        user=world.barut_staff, organization=world.barut, kind="attendance",
        params={"training": training.pk}, format="xlsx",
    ).pk  # fmt: skip
    return objects, registration, session


def _url(route: tuple[str, URLPattern], objects: dict) -> str:
    namespace, pattern = route
    kwargs = {}
    for name in pattern.pattern.converters:
        if name == "pk" and pattern.name.startswith("import_job"):
            kwargs[name] = objects["job"]
        elif name == "pk" and pattern.name.startswith("export_job"):
            kwargs[name] = objects["export_job"]
        else:
            kwargs[name] = objects[name]
    return reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)


@pytest.mark.parametrize("pattern", _patterns(), ids=lambda route: f"{route[0]}:{route[1].name}")
@pytest.mark.parametrize("outsider", ["kapuas_staff", "kalsel_staff", "banjar_operator"])
def test_another_agencys_object_is_not_found_on_every_staff_url(
    client, world, barut_objects, pattern, outsider
):
    objects, _registration, _session = barut_objects
    client.force_login(getattr(world, outsider))
    url = _url(pattern, objects)

    statuses = {client.get(url).status_code, client.post(url).status_code}

    # 405 answers a method the page never takes, whatever the object: it tells nothing.
    assert statuses in ({404}, {404, 405}), (url, statuses)


@pytest.mark.parametrize("name", SCOPE_SUMS)
@pytest.mark.parametrize("outsider", ["kapuas_staff", "kalsel_staff", "banjar_operator"])
def test_the_report_lists_and_sums_leave_out_another_agencys_training(
    client, world, barut_objects, name, outsider
):
    """Barito Utara's training, with a person who attended its session, is in its own
    supervisor's index and period summary and in nobody else's."""
    _objects, _registration, session = barut_objects
    training = world.barut_training
    day = datetime.date(2026, 1, 10)
    Training.objects.filter(pk=training.pk).update(
        field="Bidang Rahasia Barut", starts_on=day, ends_on=day, fiscal_year=2026
    )
    start = datetime.datetime(2026, 1, 10, 1, tzinfo=datetime.UTC)
    Session.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    person_with_marks(training, [session], [H])
    url = reverse(f"reports:{name}") + "?year=2026"
    client.force_login(world.barut_supervisor)
    own = _text(client.get(url))
    client.force_login(getattr(world, outsider))

    response = client.get(url)

    text = _text(response)
    assert response.status_code == 200
    if name.startswith("index"):
        assert training.title in own and "Bidang Rahasia Barut" in own
        assert training.title not in text and "Bidang Rahasia Barut" not in text
    else:
        # Held: 1 training; counted: 2 people (the one of barut_objects and the one here).
        held = "-" if name == "period_csv" else "1"
        assert _period_counts(own) == (held, "2")
        assert _period_counts(text) == ("-" if name == "period_csv" else "0", "0")


def _period_counts(text: str) -> tuple[str, str]:
    """(trainings held, people counted) as the period summary's page, XLSX and PDF write
    them; the CSV (role × regency rows) has no count of trainings: ("-", people)."""
    if "Pelatihan terlaksana" not in text:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
        return "-", str(sum(int(row[3]) for row in rows))
    held = re.search(r"Pelatihan terlaksana\D*?(\d+)", text).group(1)
    people = re.search(r"Peserta \(orang\)\D*?(\d+)", text).group(1)
    return held, people


def test_the_outsiders_lists_do_not_mention_the_training(client, world, barut_objects):
    client.force_login(world.kapuas_staff)

    page = client.get(reverse("staff:trainings")).content.decode()

    assert world.barut_training.title not in page


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=b"".join(response) if response.streaming else response.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith(XLSX_CONTENT_TYPE):
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(str(value) for sheet in workbook for row in sheet.values for value in row)
    return body.decode(errors="replace")


def test_no_staff_page_shows_a_full_nik_without_the_permission(client, world, barut_objects):
    objects, registration, session = barut_objects
    full_niks = set(Registration.objects.values_list("participant__nik", flat=True))
    client.force_login(world.barut_admin)  # agency admin, but not granted view_full_nik
    queries = {"attendance_sheet_pdf": f"?session={session.pk}"}
    seen = []

    for route in ROUTES:
        name = route[1].name
        if name in {"logout", "password_reset_confirm"}:
            continue
        url = _url(route, objects) + queries.get(name, "")
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _text(response)
        seen.append(f"{route[0]}:{name}")
        leaked = [nik for nik in full_niks if nik in text]
        assert leaked == [], f"{url} shows {leaked}"
    assert registration.participant.masked_nik
    assert {
        "staff:dashboard", "staff:registrations", "staff:checkin", "staff:nomination_review",
        "reports:training", "reports:training_attendance_xlsx", "reports:training_attendance_csv",
        "reports:training_report_pdf",
    } <= set(seen)  # fmt: skip


def test_every_staff_page_that_shows_a_full_nik_puts_the_view_on_the_trail(
    client, world, barut_objects
):
    from django.contrib.auth.models import Permission

    from trainings.models import AuditEvent

    objects, registration, session = barut_objects
    full_niks = set(Registration.objects.values_list("participant__nik", flat=True))
    world.barut_admin.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    client.force_login(world.barut_admin)
    queries = {"attendance_sheet_pdf": f"?session={session.pk}"}
    shown, unrecorded, recorded_without_nik = [], [], []
    participant_admin = reverse(
        "admin:participants_participant_change", args=[registration.participant.pk]
    )
    urls = [
        _url(route, objects) + queries.get(route[1].name, "")
        for route in ROUTES
        if route[1].name not in {"logout", "password_reset_confirm"}
    ] + [reverse("admin:participants_participant_changelist"), participant_admin]

    for url in urls:
        before = AuditEvent.objects.filter(action="nik.full_view").count()
        response = client.get(url)
        if response.status_code != 200:
            continue
        showed = any(nik in _text(response) for nik in full_niks)
        recorded = AuditEvent.objects.filter(action="nik.full_view").count() - before
        path = url.split("?")[0]
        if showed:
            shown.append(path)
            if (
                recorded != 1
                or not AuditEvent.objects.filter(
                    action="nik.full_view", changes__path=path, actor=world.barut_admin
                ).exists()
            ):
                unrecorded.append(path)
        elif recorded:
            recorded_without_nik.append(path)

    assert unrecorded == []
    assert recorded_without_nik == []
    assert {
        participant_admin,
        reverse("staff:registrations", kwargs={"pk": objects["pk"]}),
        reverse("reports:training", kwargs={"pk": objects["pk"]}),
        reverse("reports:training_attendance_xlsx", kwargs={"pk": objects["pk"]}),
        reverse("reports:training_attendance_csv", kwargs={"pk": objects["pk"]}),
        reverse("reports:training_report_pdf", kwargs={"pk": objects["pk"]}),
    } <= set(shown)


def _comparable(response) -> str:
    """A page's HTML without what changes on every request, echoes the address, or is a
    message left by the page before."""
    html = _text(response)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'<div class="pilar-messages">.*?</div>\s*</div>', "", html, flags=re.DOTALL)
    html = re.sub(r'<input type="hidden" name="next" value="[^"]*">', "", html)
    return " ".join(html.split())


def test_no_staff_page_takes_a_search_term_from_its_url(client, world, barut_objects):
    """A NIK in a query string lands in access logs and browser history: a staff page with
    ``?q=<NIK>`` answers as it does without it, or refuses — never with results."""
    objects, registration, _session = barut_objects
    nik = registration.participant.nik
    client.force_login(world.barut_staff)
    searched = []

    for route in ROUTES:
        if route[1].name in {"logout", "password_reset_confirm"}:
            continue
        url = _url(route, objects)
        plain = client.get(url)  # first: it also shows any message a refusal left pending
        response = client.get(f"{url}?q={nik}")
        redirected = response.status_code in (301, 302, 303)
        html = response.status_code == 200 and response["Content-Type"].startswith("text/html")
        if (redirected and nik in response["Location"]) or (
            html and _comparable(response) != _comparable(plain)
        ):
            searched.append(route[1].name)

    assert searched == []
