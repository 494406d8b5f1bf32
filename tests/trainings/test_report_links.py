"""How people reach the reports: the staff navigation (everyone the staff pages let in,
regency operators included), each training's dashboard, and an operator's invitations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAV_REPORTS = f'<a class="nav-link px-2" href="{reverse("reports:index")}">Laporan</a>'
NAV_EXPORTS = f'<a class="nav-link px-2" href="{reverse("reports:exports")}">Ekspor</a>'


@pytest.mark.parametrize(
    "persona",
    ["barut_admin", "barut_staff", "barut_supervisor", "kalteng_staff", "banjar_operator", "root"],
)
def test_the_staff_navigation_links_the_reports_and_the_exports(client, world, persona):
    user = (
        UserFactory(username="root", is_superuser=True, is_staff=True)
        if persona == "root"
        else getattr(world, persona)
    )
    client.force_login(user)

    html = client.get(reverse("staff:trainings")).content.decode()

    assert (NAV_REPORTS in html, NAV_EXPORTS in html) == (True, True)


@pytest.mark.parametrize("persona", ["barut_admin", "barut_staff", "barut_supervisor"])
def test_a_trainings_dashboard_links_its_report(client, world, persona):
    training = world.barut_training
    client.force_login(getattr(world, persona))

    html = client.get(reverse("staff:dashboard", kwargs={"pk": training.pk})).content.decode()

    report = reverse("reports:training", kwargs={"pk": training.pk})
    assert f'<a class="btn btn-outline-primary" href="{report}">Laporan kehadiran</a>' in html


def test_a_regency_operator_gets_a_report_link_beside_each_invitation(client, world):
    client.force_login(world.banjar_operator)

    html = client.get(reverse("staff:trainings")).content.decode()

    nominate = reverse("staff:nominations", kwargs={"pk": world.kalsel_training.pk})
    report = reverse("reports:training", kwargs={"pk": world.kalsel_training.pk})
    assert (
        f'<a class="btn btn-sm btn-primary" href="{nominate}">Usulkan peserta</a>\n'
        f'              <a class="btn btn-sm btn-outline-primary" href="{report}">Laporan</a>'
    ) in html
    assert html.count('href="/reports/trainings/') == 1


def test_the_login_page_shows_no_navigation(client):
    html = client.get(reverse("staff:login")).content.decode()

    assert NAV_REPORTS not in html
