"""Staff pages: the trainings list and a training's dashboard (seats per cell, decisions),
with its writes: cancel the training, release a quota's unfilled seats.

The world (tests/personas.py): Dinsos PMD Barito Utara organises ``barut_training``
(capacity 30, no approval, TKSK and PSM); the Kalteng province oversees it (reads);
Kapuas is another agency (404); Kalsel's bimtek invites Banjar's operator.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from participants.models import Participant, Region
from tests.factories import QuotaFactory, TrainingFactory
from tests.html import messages_of, texts
from tests.registrations import nik, register
from trainings.models import AuditEvent, Quota, Registration, Training

pytestmark = pytest.mark.django_db
BARUT = "62.05"


# --- helpers ------------------------------------------------------------------------------


def dashboard_url(training) -> str:
    return reverse("staff:dashboard", kwargs={"pk": training.pk})


def require_approval(training) -> None:
    Training.objects.filter(pk=training.pk).update(requires_approval=True)
    training.refresh_from_db()


# --- the trainings list -------------------------------------------------------------------


def test_list_shows_the_users_trainings_with_seats_pending_and_waiting(client, world, roles):
    training = world.barut_training
    Training.objects.filter(pk=training.pk).update(capacity=2)
    training.refresh_from_db()
    for n in (1, 2, 3):
        register(training, n, role=roles["tksk"])  # 2 seats, then the waiting list
    require_approval(training)
    register(training, 4, role=roles["tksk"])  # pending
    TrainingFactory(
        organizer=world.barut,
        title="Draf Barut 2025",
        fiscal_year=2025,
        status="draft",
        starts_on=datetime.date(2025, 10, 23),
        ends_on=datetime.date(2025, 10, 23),
    )
    client.force_login(world.barut_staff)

    response = client.get(reverse("staff:trainings"))

    assert response.status_code == 200
    assert texts(response, "pilar-training") == [
        "Pelatihan Pilar Sosial Barito Utara Akan datang Pelatihan · Dinsos PMD Barut · TA 2026 "
        "Tanggal Kamis–Jumat, 10–11 Desember 2026 · WIB Kursi 2 terisi dari 2 "
        "Menunggu persetujuan 1 Daftar tunggu 1 "
        "Ringkasan Pendaftaran 1 perlu keputusan",
        "Draf Barut 2025 Draf Pelatihan · Dinsos PMD Barut · TA 2025 "
        "Tanggal Kamis, 23 Oktober 2025 · WIB Kursi 0 terisi dari 30 "
        "Menunggu persetujuan 0 Daftar tunggu 0 Ringkasan Pendaftaran",
    ]


def test_list_filters_by_status_and_year(client, world):
    TrainingFactory(
        organizer=world.barut, title="Draf Barut 2025", fiscal_year=2025, status="draft"
    )
    TrainingFactory(
        organizer=world.barut, title="Batal Barut 2025", fiscal_year=2025, status="cancelled"
    )
    client.force_login(world.barut_staff)

    drafts = client.get(reverse("staff:trainings"), {"status": "draft"})
    of_2025 = client.get(reverse("staff:trainings"), {"year": "2025"})
    nonsense = client.get(reverse("staff:trainings"), {"year": "1999", "status": "x"})

    def titles(response):
        return [
            text.split(" Draf ")[0].split(" Dibatalkan ")[0].split(" Akan datang ")[0]
            for text in texts(response, "pilar-training")
        ]

    assert titles(drafts) == ["Draf Barut 2025"]
    assert sorted(titles(of_2025)) == ["Batal Barut 2025", "Draf Barut 2025"]
    assert len(titles(nonsense)) == 3  # an unknown value is ignored, not an error


def test_list_shows_nothing_of_other_agencies(client, world):
    client.force_login(world.kapuas_staff)

    response = client.get(reverse("staff:trainings"))

    assert response.status_code == 200
    assert texts(response, "pilar-training") == []
    assert world.barut_training.title not in response.content.decode()


def test_list_gives_a_regency_operator_their_invitations_and_nomination_links(client, world):
    client.force_login(world.banjar_operator)

    response = client.get(reverse("staff:trainings"))

    html = response.content.decode()
    assert texts(response, "pilar-training") == [
        "Bimtek Pendamping Sosial Kalsel Akan datang Pelatihan · Dinsos Kalsel · TA 2026 "
        "Tanggal Kamis–Jumat, 10–11 Desember 2026 · WITA Kursi kabupaten/kota Anda 0 terisi dari 2 "
        "Menunggu persetujuan 0 Daftar tunggu 0 Usulkan peserta Laporan"
    ]
    nominations = reverse("staff:nominations", kwargs={"pk": world.kalsel_training.pk})
    assert f'href="{nominations}"' in html
    assert f'href="{dashboard_url(world.kalsel_training)}"' not in html


def test_list_query_count_does_not_grow_with_trainings(
    client, world, roles, django_assert_num_queries
):
    register(world.barut_training, 1, role=roles["tksk"])
    client.force_login(world.barut_staff)
    with django_assert_num_queries(8):
        one = client.get(reverse("staff:trainings"))
    for n in range(19):
        TrainingFactory(organizer=world.barut, title=f"Pelatihan {n}")
    with django_assert_num_queries(8):
        twenty = client.get(reverse("staff:trainings"))

    assert (len(texts(one, "pilar-training")), len(texts(twenty, "pilar-training"))) == (1, 20)


# --- the dashboard ------------------------------------------------------------------------


@pytest.fixture
def barut_cells(world, roles):
    """A 3-seat TKSK quota for Barito Utara (2 confirmed, 1 pending, 1 waiting) and the open
    pool (27 seats: 1 confirmed, 1 pending)."""
    training = world.barut_training
    quota = QuotaFactory(training=training, region=Region.objects.get(code=BARUT), seats=3)
    barut = Region.objects.get(code=BARUT)
    register(training, 1, role=roles["tksk"], region=barut)
    register(training, 2, role=roles["tksk"], region=barut)
    register(training, 3, role=roles["psm"])
    require_approval(training)
    register(training, 4, role=roles["tksk"], region=barut)
    register(training, 5, role=roles["psm"])
    Quota.objects.filter(pk=quota.pk).update(seats=2)  # make the quota full on paper…
    register(training, 6, role=roles["tksk"], region=barut, source="staff")  # …so 6 waits
    Quota.objects.filter(pk=quota.pk).update(seats=3)
    training.refresh_from_db()
    return training, quota


def test_dashboard_counts_seats_pending_and_waiting_per_cell(client, world, barut_cells):
    training, _quota = barut_cells
    client.force_login(world.barut_staff)

    response = client.get(dashboard_url(training))

    assert response.status_code == 200
    assert texts(response, "pilar-cell") == [
        "Kabupaten Barito Utara · semua unsur Kursi 3 Terisi 2 Menunggu 1 Daftar tunggu 1 "
        "Lepas 1 kursi ke kursi umum",
        "Kursi umum (di luar kuota) Kursi 27 Terisi 1 Menunggu 1 Daftar tunggu 0",
    ]


def test_dashboard_lists_what_needs_a_decision_and_the_latest_registrations(
    client, world, barut_cells
):
    training, _quota = barut_cells
    Participant.objects.filter(nik=nik(1)).update(phone="+6281311112222")
    client.force_login(world.barut_staff)

    response = client.get(dashboard_url(training))

    masked = {n: f"6205********{n:04d}" for n in range(1, 7)}
    assert texts(response, "pilar-needs") == [
        f"Warga 1 Terdaftar NIK {masked[1]} · {code(1)} · TKSK "
        "Kontak berbeda dari data peserta: HP +6281200000001 (data: +6281311112222)",
        f"Warga 4 Menunggu persetujuan NIK {masked[4]} · {code(4)} · TKSK",
        f"Warga 5 Menunggu persetujuan NIK {masked[5]} · {code(5)} · PSM",
    ]
    assert [text.split(" NIK ")[0] for text in texts(response, "pilar-recent")] == [
        "Warga 6 Daftar tunggu #1",
        "Warga 5 Menunggu persetujuan",
        "Warga 4 Menunggu persetujuan",
        "Warga 3 Terdaftar",
        "Warga 2 Terdaftar",
        "Warga 1 Terdaftar",
    ]


def code(n: int) -> str:
    return Registration.objects.get(participant__nik=nik(n)).code


def test_dashboard_masks_niks_without_the_permission(client, world, barut_cells):
    client.force_login(world.barut_staff)

    body = client.get(dashboard_url(barut_cells[0])).content.decode()

    for n in range(1, 7):
        assert nik(n) not in body
    assert f"6205********{6:04d}" in body


def test_dashboard_shows_whole_niks_with_the_permission(client, world, barut_cells):
    world.barut_staff.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    client.force_login(world.barut_staff)

    body = client.get(dashboard_url(barut_cells[0])).content.decode()

    assert nik(6) in body
    assert "6205********0006" not in body


@pytest.mark.parametrize(
    ("persona", "status", "buttons"),
    [
        ("barut_staff", 200, True),
        ("barut_admin", 200, True),
        ("barut_supervisor", 200, False),
        ("kalteng_staff", 200, False),  # the province reads its regencies' trainings
        ("kapuas_staff", 404, False),
        ("kalsel_staff", 404, False),
        ("banjar_operator", 404, False),
    ],
)
def test_dashboard_scope_and_who_sees_the_buttons(
    client, world, barut_cells, persona, status, buttons
):
    client.force_login(getattr(world, persona))

    response = client.get(dashboard_url(barut_cells[0]))

    assert response.status_code == status
    html = response.content.decode()
    assert ("Lepas 1 kursi" in html, "Batalkan pelatihan" in html) == (buttons, buttons)
    if status == 404:
        assert world.barut_training.title not in html


def test_dashboard_of_an_invited_training_is_404_for_the_regency_operator(client, world):
    client.force_login(world.banjar_operator)

    response = client.get(dashboard_url(world.kalsel_training))

    assert response.status_code == 404


def test_dashboard_query_count_does_not_grow_with_registrations(
    client, world, roles, django_assert_num_queries
):
    training = world.barut_training
    QuotaFactory(training=training, region=Region.objects.get(code=BARUT), seats=3)
    register(training, 1, role=roles["tksk"], region=Region.objects.get(code=BARUT))
    client.force_login(world.barut_staff)
    with django_assert_num_queries(11):
        one = client.get(dashboard_url(training))
    require_approval(training)
    for n in range(2, 21):
        register(training, n, role=roles["psm"])
    with django_assert_num_queries(11):
        twenty = client.get(dashboard_url(training))

    assert (len(texts(one, "pilar-recent")), len(texts(twenty, "pilar-recent"))) == (1, 10)
    assert (len(texts(one, "pilar-needs")), len(texts(twenty, "pilar-needs"))) == (0, 19)


# --- cancelling the training --------------------------------------------------------------


def test_cancel_training_cancels_every_active_registration_audits_and_notifies(
    client, world, barut_cells
):
    training, _quota = barut_cells
    mark = DBTaskResult.objects.count()
    client.force_login(world.barut_staff)

    response = client.post(
        reverse("staff:training_cancel", kwargs={"pk": training.pk}),
        {"reason": "  Anggaran dialihkan  "},
        follow=True,
    )

    training.refresh_from_db()
    assert response.redirect_chain == [(dashboard_url(training), 302)]
    assert messages_of(response) == [
        "Pelatihan dibatalkan; 6 pendaftaran ikut dibatalkan dan diberi tahu."
    ]
    assert (training.status, training.cancelled_reason, training.seats_taken) == (
        "cancelled",
        "Anggaran dialihkan",
        0,
    )
    assert set(Registration.objects.filter(training=training).values_list("status", flat=True)) == {
        "cancelled"
    }
    assert list(
        AuditEvent.objects.filter(action="training.cancel").values_list("actor", "changes")
    ) == [
        (world.barut_staff.pk, {
            "status": ["published", "cancelled"], "reason": "Anggaran dialihkan", "registrations": 6,
        }),
    ]  # fmt: skip
    tasks = DBTaskResult.objects.order_by("enqueued_at", "id")[mark:]
    assert [task.task_path.rsplit(".", 1)[1] for task in tasks] == ["send_training_cancelled"]
    assert "Batalkan pelatihan" not in response.content.decode()


def test_cancel_training_needs_a_reason(client, world, barut_cells):
    training, _quota = barut_cells
    client.force_login(world.barut_staff)

    response = client.post(
        reverse("staff:training_cancel", kwargs={"pk": training.pk}), {"reason": "  "}, follow=True
    )

    training.refresh_from_db()
    assert messages_of(response) == ["Alasan pembatalan wajib diisi."]
    assert (training.status, AuditEvent.objects.filter(action="training.cancel").count()) == (
        "published",
        0,
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("barut_supervisor", 403),
        ("kalteng_staff", 403),
        ("kapuas_staff", 404),
        ("banjar_operator", 404),
    ],
)
def test_cancel_training_and_release_refused_to_readers_and_outsiders(
    client, world, barut_cells, persona, status
):
    training, quota = barut_cells
    client.force_login(getattr(world, persona))

    cancel = client.post(
        reverse("staff:training_cancel", kwargs={"pk": training.pk}), {"reason": "Coba"}
    )
    release = client.post(
        reverse("staff:quota_release", kwargs={"pk": training.pk, "quota_pk": quota.pk})
    )

    training.refresh_from_db()
    assert (cancel.status_code, release.status_code) == (status, status)
    assert (training.status, Quota.objects.get(pk=quota.pk).seats) == ("published", 3)
    assert not AuditEvent.objects.exclude(actor_label="publik").exists()


# --- releasing a quota's unfilled seats -------------------------------------------------------


def test_release_from_the_dashboard_shrinks_the_quota_and_reports(client, world, barut_cells):
    training, quota = barut_cells
    client.force_login(world.barut_staff)

    response = client.post(
        reverse("staff:quota_release", kwargs={"pk": training.pk, "quota_pk": quota.pk}),
        follow=True,
    )

    assert response.redirect_chain == [(dashboard_url(training), 302)]
    assert messages_of(response) == [
        "1 kursi kuota Kabupaten Barito Utara · semua unsur dilepas ke kursi umum."
    ]
    assert Quota.objects.get(pk=quota.pk).seats == 2
    assert texts(response, "pilar-cell") == [
        "Kabupaten Barito Utara · semua unsur Kursi 2 Terisi 2 Menunggu 1 Daftar tunggu 1",
        "Kursi umum (di luar kuota) Kursi 28 Terisi 1 Menunggu 1 Daftar tunggu 0",
    ]
    assert list(
        AuditEvent.objects.filter(action="quota.release").values_list("actor", "object_id", "changes")
    ) == [
        (world.barut_staff.pk, str(quota.pk), {"seats": [3, 2], "deleted": False, "moved_to_open_pool": 0}),
    ]  # fmt: skip


def test_release_of_another_trainings_quota_is_404(client, world, barut_cells):
    kalsel_quota = world.kalsel_training.quotas.first()
    client.force_login(world.barut_staff)

    response = client.post(
        reverse(
            "staff:quota_release",
            kwargs={"pk": world.barut_training.pk, "quota_pk": kalsel_quota.pk},
        )
    )

    assert response.status_code == 404
    assert Quota.objects.get(pk=kalsel_quota.pk).seats == 1
