"""Check-in at the door on a phone: three people by code (typed into the autofocused field,
then Enter, as a scanner does), one tap with htmx, the rest marked alpa.

Barito Utara's training staff signs in on the staff login page, on a phone-sized screen
(the fixtures of tests/browser/conftest.py), with the site's CSP in force.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.accessibility import axe_violations, blocking, describe
from tests.browser.forms import sign_in
from tests.factories import RegistrationFactory, SessionFactory
from trainings.models import Attendance

pytestmark = pytest.mark.browser

PEOPLE = [
    ("Ani Lestari", "A7K29M0P"),
    ("Budi Santoso", "B0B1CDEF"),
    ("Citra Dewi", "C1TRA234"),
    ("Dedi Kurnia", "DED1K123"),
    ("Eka Putri", "EKA45678"),
]


@pytest.fixture
def door(transactional_db, fresh_rate_limits, request):
    """Barito Utara's training with its opening running now and five confirmed people."""
    world = request.getfixturevalue("world")
    training = world.barut_training
    now = timezone.now()
    SessionFactory(
        training=training, topic="Registrasi ulang", starts_at=now - datetime.timedelta(days=1)
    )
    session = SessionFactory(
        training=training, topic="Pembukaan", starts_at=now - datetime.timedelta(minutes=10)
    )
    for name, code in PEOPLE:
        RegistrationFactory(training=training, participant__full_name=name, code=code)
    return session


def _no_blocking_axe_violations(page: Page) -> None:
    found = blocking(axe_violations(page))  # under the page's CSP (accessibility.py)
    assert found == [], describe(found)


def test_staff_checks_in_three_by_code_and_marks_the_rest_alpa_on_a_phone(page: Page, door):
    session = door
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    checkin = f"/staff/trainings/{session.training_id}/checkin/"
    sign_in(page, "staf.barut", checkin)

    expect(page.get_by_role("heading", level=1)).to_have_text("Presensi")
    expect(page.get_by_label("Sesi", exact=True)).to_have_value(
        str(session.pk)
    )  # the one running now
    missing = page.locator(".pilar-missing-count")
    expect(missing).to_have_text("Belum hadir: 5 dari 5 peserta")
    code = page.get_by_label("Kode pendaftaran", exact=True)
    _no_blocking_axe_violations(page)

    # As a scanner does: the code typed into the focused field, then Enter.
    for (name, typed), shown_missing in zip(
        [("Ani Lestari", "A7K29M0P"), ("Budi Santoso", "b0b1-cdef"), ("Citra Dewi", "C1TRA234")],
        [4, 3, 2],
        strict=True,
    ):
        expect(code).to_be_focused()
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        expect(page.get_by_role("status").filter(has_text=f"{name}: Hadir.")).to_be_visible()
        expect(missing).to_have_text(f"Belum hadir: {shown_missing} dari 5 peserta")
        expect(page.get_by_label("Sesi", exact=True)).to_have_value(str(session.pk))

    assert page.evaluate("document.documentElement.scrollWidth") == 360  # no sideways scroll
    expect(page.locator(".pilar-missing .pilar-name")).to_have_text(["Dedi Kurnia", "Eka Putri"])

    # One tap with htmx: Ani's row changes in place, the page is not reloaded.
    ani = page.locator(".pilar-checkin-row").filter(has_text="Ani Lestari")
    ani.get_by_role("button", name="Terlambat — Ani Lestari").click()
    expect(ani.locator(".pilar-attendance")).to_have_text("Terlambat")
    expect(ani.get_by_role("button", name="Terlambat — Ani Lestari")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("status").filter(has_text="Citra Dewi: Hadir.")).to_be_visible()

    # The rest: alpa, after a confirm step.
    page.get_by_text("Tandai semua yang belum hadir sebagai alpa").click()
    page.get_by_role("button", name="Ya, tandai alpa").click()
    expect(
        page.get_by_role("status").filter(has_text="2 peserta yang belum hadir ditandai alpa.")
    ).to_be_visible()
    expect(missing).to_have_text("Belum hadir: 0 dari 5 peserta")
    expect(page.locator(".pilar-missing .pilar-checkin-row")).to_have_count(0)
    expect(page.locator(".pilar-marked .pilar-name")).to_have_text([name for name, _ in PEOPLE])
    _no_blocking_axe_violations(page)

    rows = Attendance.objects.filter(session=session).select_related(
        "registration__participant", "recorded_by"
    )
    assert sorted(
        (a.registration.participant.full_name, a.status, a.method, a.recorded_by.username)
        for a in rows
    ) == [
        ("Ani Lestari", "late", "staff", "staf.barut"),
        ("Budi Santoso", "present", "qr", "staf.barut"),
        ("Citra Dewi", "present", "qr", "staf.barut"),
        ("Dedi Kurnia", "absent", "staff", "staf.barut"),
        ("Eka Putri", "absent", "staff", "staf.barut"),
    ]
    assert Attendance.objects.exclude(session=session).count() == 0
    assert refused == []
