"""The admin keeps the seat rule's invariants: cells and capacity go through the quota
services under the training's lock, no form ever writes a ``seats_taken`` counter, and
attendance goes through ``attendance_record`` (audited)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from participants.models import Region
from tests.factories import (
    OrganizationFactory,
    QuotaFactory,
    RegistrationFactory,
    SessionFactory,
    TrainingFactory,
)
from tests.html import form_data
from tests.registrations import register
from trainings.models import Attendance, AuditEvent, Quota, Registration, Training

KALSEL_VENUE = "63.71.01"


def _confirmed(training: Training) -> int:
    return Registration.objects.filter(training=training, status="confirmed").count()


@pytest.mark.django_db
def test_adding_a_training_with_quota_rows_saves_the_cells_through_the_service(
    admin_client, regions
):
    organizer = OrganizationFactory(region=Region.objects.get(code="63"))
    add_url = reverse("admin:trainings_training_add")
    data = form_data(admin_client.get(add_url), "training_form")
    data.update(
        {
            "organizer": [str(organizer.pk)],
            "title": ["Bimtek Pendamping Sosial"],
            "slug": ["bimtek-pendamping-sosial-2024"],
            "fiscal_year": ["2024"],
            "venue_name": ["Hotel di Banjarmasin"],
            "venue_region": [KALSEL_VENUE],
            "starts_on": ["31-01-2024"],
            "ends_on": ["01-02-2024"],
            "capacity": ["34"],
            "quotas-TOTAL_FORMS": ["2"],
            "quotas-0-region": ["63.71"],
            "quotas-0-seats": ["2"],
            "quotas-1-region": ["63.72"],
            "quotas-1-seats": ["2"],
        }
    )

    response = admin_client.post(add_url, data)

    assert response.status_code == 302
    training = Training.objects.get(slug="bimtek-pendamping-sosial-2024")
    assert sorted(training.quotas.values_list("region_id", "seats", "seats_taken")) == [
        ("63.71", 2, 0),
        ("63.72", 2, 0),
    ]
    assert AuditEvent.objects.filter(action="quota.create", training=training).count() == 2


@pytest.mark.django_db
def test_adding_quota_rows_beyond_the_capacity_is_refused_with_the_total(admin_client, regions):
    organizer = OrganizationFactory(region=Region.objects.get(code="63"))
    add_url = reverse("admin:trainings_training_add")
    data = form_data(admin_client.get(add_url), "training_form")
    data.update(
        {
            "organizer": [str(organizer.pk)],
            "title": ["Bimtek"],
            "slug": ["bimtek-2024"],
            "fiscal_year": ["2024"],
            "venue_name": ["Hotel"],
            "venue_region": [KALSEL_VENUE],
            "starts_on": ["31-01-2024"],
            "ends_on": ["01-02-2024"],
            "capacity": ["3"],
            "quotas-TOTAL_FORMS": ["1"],
            "quotas-0-region": ["63.71"],
            "quotas-0-seats": ["4"],
        }
    )

    response = admin_client.post(add_url, data)

    assert response.status_code == 200
    assert "Jumlah kursi kuota (4) melebihi kapasitas pelatihan (3)." in response.content.decode()
    assert not Training.objects.filter(slug="bimtek-2024").exists()


@pytest.mark.django_db
def test_a_stale_training_form_does_not_put_back_an_old_seat_count(admin_client, regions, roles):
    training = TrainingFactory()
    quota = QuotaFactory(training=training, region=Region.objects.get(code="62.05"), seats=5)
    change_url = reverse("admin:trainings_training_change", args=[training.pk])
    data = form_data(admin_client.get(change_url), "training_form")  # opened: 0 seats taken
    register(training, 1, role=roles["tksk"], region=quota.region)  # takes a cell seat
    data["title"] = ["Pelatihan TKSK (judul diperbaiki)"]
    data["capacity"] = ["40"]

    response = admin_client.post(change_url, data)

    assert response.status_code == 302
    training.refresh_from_db()
    quota.refresh_from_db()
    assert (training.title, training.capacity, training.seats_taken) == (
        "Pelatihan TKSK (judul diperbaiki)",
        40,
        1,
    )
    assert quota.seats_taken == 1 == _confirmed(training)
    assert AuditEvent.objects.filter(action="training.capacity", training=training).exists()


@pytest.mark.django_db
def test_a_stale_quota_form_does_not_put_back_an_old_seat_count(admin_client, regions, roles):
    training = TrainingFactory()
    quota = QuotaFactory(training=training, region=Region.objects.get(code="62.05"), seats=5)
    change_url = reverse("admin:trainings_quota_change", args=[quota.pk])
    data = form_data(admin_client.get(change_url), "quota_form")
    register(training, 1, role=roles["tksk"], region=quota.region)
    data["seats"] = ["6"]

    response = admin_client.post(change_url, data)

    assert response.status_code == 302
    quota.refresh_from_db()
    assert (quota.seats, quota.seats_taken) == (6, 1)
    assert AuditEvent.objects.filter(action="quota.update", training=training).exists()


@pytest.mark.django_db
def test_attendance_added_in_the_admin_goes_through_the_service_and_is_audited(admin_client):
    registration = RegistrationFactory()
    session = SessionFactory(training=registration.training)
    add_url = reverse("admin:trainings_attendance_add")
    data = form_data(admin_client.get(add_url), "attendance_form")
    data.update(
        registration=[str(registration.pk)],
        session=[str(session.pk)],
        status=["late"],
        recorded_at_0=["10-12-2026"],
        recorded_at_1=["08:15"],
    )

    response = admin_client.post(add_url, data)

    assert response.status_code == 302
    mark = Attendance.objects.get(registration=registration, session=session)
    assert (mark.status, mark.recorded_by.username) == ("late", "admin")
    event = AuditEvent.objects.get(action="attendance.record")
    assert event.changes["status"] == [None, "late"]


@pytest.mark.django_db
def test_attendance_for_a_session_of_another_training_is_a_form_error(admin_client):
    registration = RegistrationFactory()
    other_session = SessionFactory()
    add_url = reverse("admin:trainings_attendance_add")
    data = form_data(admin_client.get(add_url), "attendance_form")
    data.update(
        registration=[str(registration.pk)],
        session=[str(other_session.pk)],
        status=["present"],
        recorded_at_0=["10-12-2026"],
        recorded_at_1=["08:15"],
    )

    response = admin_client.post(add_url, data)

    assert response.status_code == 200
    assert "bukan bagian dari pelatihan peserta ini" in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_admin_saves_racing_registrations_keep_the_counters_true(regions, roles):
    admin = User.objects.create_superuser("racer-admin", password="x")
    training = TrainingFactory(capacity=30)
    quota = QuotaFactory(training=training, region=Region.objects.get(code="62.05"), seats=20)
    clients = [Client() for _ in range(4)]
    for client in clients:
        client.force_login(admin)
    training_url = reverse("admin:trainings_training_change", args=[training.pk])
    quota_url = reverse("admin:trainings_quota_change", args=[quota.pk])
    stale_training = form_data(clients[0].get(training_url), "training_form")
    stale_quota = form_data(clients[0].get(quota_url), "quota_form")
    jobs = [
        *(
            lambda n=n: register(training, n, role=roles["tksk"], region=quota.region)
            for n in range(1, 13)
        ),
        *(lambda c=c: c.post(training_url, stale_training) for c in clients[:2]),
        *(lambda c=c: c.post(quota_url, stale_quota) for c in clients[2:]),
    ]
    barrier = threading.Barrier(len(jobs))
    failures: list[BaseException] = []
    statuses: list[int] = []

    def run(job):
        try:
            barrier.wait()
            outcome = job()
            if hasattr(outcome, "status_code"):
                statuses.append(outcome.status_code)
        except BaseException as error:  # collected and asserted below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (failures, statuses) == ([], [302] * 4)
    training.refresh_from_db()
    quota.refresh_from_db()
    assert training.seats_taken == quota.seats_taken == _confirmed(training) == 12
    assert Quota.objects.get(pk=quota.pk).seats == 20


def _session_data(admin_client, training: Training, *, start: str, end: str, jp: int) -> dict:
    data = form_data(admin_client.get(reverse("admin:trainings_session_add")), "session_form")
    data.update(
        training=[str(training.pk)],
        starts_at_0=["10-12-2026"],
        starts_at_1=[start],
        ends_at_0=["10-12-2026"],
        ends_at_1=[end],
        topic=["Kebijakan perlindungan sosial"],
        kind=["material"],
        jp=[str(jp)],
    )
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("jp", "outcome"),
    [
        (2, "saved"),  # 90 minutes in 90
        (3, "warned"),  # 135 minutes in 90
        (4, "warned"),  # 180 minutes in 90: exactly twice
        (5, "refused"),  # 225 minutes in 90
    ],
)
def test_session_jp_longer_than_the_session_warns_and_more_than_twice_is_refused(
    admin_client, jp, outcome
):
    training = TrainingFactory()
    data = _session_data(admin_client, training, start="08:00", end="09:30", jp=jp)

    response = admin_client.post(reverse("admin:trainings_session_add"), data, follow=True)

    page = response.content.decode()
    warning = f"{jp} JP ({jp * 45} menit) lebih panjang dari sesinya (90 menit)."
    refusal = f"{jp} JP ({jp * 45} menit) lebih dari dua kali lama sesi (90 menit)."
    assert (warning in page, refusal in page, training.sessions.count()) == {
        "saved": (False, False, 1),
        "warned": (True, False, 1),
        "refused": (False, True, 0),
    }[outcome]
