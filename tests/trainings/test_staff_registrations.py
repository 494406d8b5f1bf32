"""Staff pages: a training's registrations — scope, filters, search (exact NIK only), masking,
decisions one by one and in bulk, query budgets.

The world (tests/personas.py): Dinsos PMD Barito Utara organises ``barut_training``
(capacity 30, TKSK and PSM); the Kalteng province reads it; Kapuas is an outsider.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from participants.models import Participant, Region
from tests.html import messages_of, texts
from tests.registrations import nik, register
from trainings.formatting import moment
from trainings.models import AuditEvent, Registration, Training

pytestmark = pytest.mark.django_db
BARUT, KAPUAS = "62.05", "62.03"


# --- helpers ------------------------------------------------------------------------------


def names(response) -> list[str]:
    return texts(response, "pilar-name")


def list_url(training) -> str:
    return reverse("staff:registrations", kwargs={"pk": training.pk})


def decide_url(training) -> str:
    return reverse("staff:registrations_decide", kwargs={"pk": training.pk})


def search(client, training, term: str, **filters):
    """The search form, as a browser sends it (POST), followed to the results page."""
    return client.post(
        reverse("staff:registrations_search", kwargs={"pk": training.pk}),
        {"q": term, **filters},
        follow=True,
    )


def require_approval(training) -> None:
    Training.objects.filter(pk=training.pk).update(requires_approval=True)
    training.refresh_from_db()


def statuses(training) -> list[tuple[str, str, int | None]]:
    return list(
        Registration.objects.filter(training=training)
        .order_by("pk")
        .values_list("participant__full_name", "status", "waitlist_position")
    )


def staff_audit() -> list[tuple[str, str, dict]]:
    return list(
        AuditEvent.objects.exclude(actor_label="publik")
        .order_by("pk")
        .values_list("action", "object_id", "changes")
    )


def notices_after(mark: int) -> list[tuple[int, str]]:
    return [
        (row.args_kwargs["kwargs"]["registration_id"], row.args_kwargs["kwargs"]["kind"])
        for row in DBTaskResult.objects.order_by("enqueued_at", "id")[mark:]
    ]


@pytest.fixture
def barut(world, roles):
    """Six registrations of the Barito Utara training:

    1 Warga 1 TKSK for Barito Utara, confirmed (online)
    2 Siti Aminah PSM for Kapuas, confirmed (staff)
    3 Warga 3 TKSK, confirmed (online)
    4 Warga 4 TKSK for Barito Utara, pending
    5 Warga 5 PSM, pending
    6 Warga 6 TKSK, pending
    """
    training = world.barut_training
    register(training, 1, role=roles["tksk"], region=Region.objects.get(code="62.05.05"))
    register(
        training,
        2,
        role=roles["psm"],
        region=Region.objects.get(code=KAPUAS),
        source="staff",
        full_name="Siti Aminah",
    )
    register(training, 3, role=roles["tksk"])
    require_approval(training)
    register(training, 4, role=roles["tksk"], region=Region.objects.get(code=BARUT))
    register(training, 5, role=roles["psm"])
    register(training, 6, role=roles["tksk"])
    return training


# --- scope --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "actions"),
    [
        ("barut_staff", 200, True),
        ("barut_admin", 200, True),
        ("barut_supervisor", 200, False),
        ("kalteng_staff", 200, False),
        ("kapuas_staff", 404, False),
        ("kalsel_staff", 404, False),
        ("banjar_operator", 404, False),
    ],
)
def test_list_scope_and_who_may_act(client, world, barut, persona, status, actions):
    client.force_login(getattr(world, persona))

    response = client.get(list_url(barut))

    assert response.status_code == status
    html = response.content.decode()
    assert ('id="bulk"' in html, decide_url(barut) in html) == (actions, actions)
    if status == 200:
        assert len(names(response)) == 6
    else:
        assert "Warga 1" not in html


def test_list_of_an_invited_training_is_404_for_the_regency_operator(client, world):
    client.force_login(world.banjar_operator)

    response = client.get(list_url(world.kalsel_training))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("barut_supervisor", 403),
        ("kalteng_staff", 403),
        ("kapuas_staff", 404),
        ("banjar_operator", 404),
    ],
)
def test_decisions_refused_to_readers_and_outsiders(client, world, barut, persona, status):
    pending = Registration.objects.get(participant__nik=nik(4))
    client.force_login(getattr(world, persona))

    response = client.post(decide_url(barut), {"action": "confirm", "registrations": [pending.pk]})

    assert response.status_code == status
    assert Registration.objects.get(pk=pending.pk).status == "pending"
    assert staff_audit() == []


# --- filters and search -------------------------------------------------------------------


def test_list_shows_registrations_in_order_with_masked_niks(client, world, barut):
    client.force_login(world.barut_staff)

    response = client.get(list_url(barut))

    first = Registration.objects.get(participant__nik=nik(1))
    assert names(response) == ["Warga 1", "Siti Aminah", "Warga 3", "Warga 4", "Warga 5", "Warga 6"]
    assert texts(response, "pilar-registration")[0] == (
        f"Warga 1 Terdaftar NIK 6205********0001 · kode {first.code} · +6281200000001 "
        "TKSK · Teweh Tengah · Kursi umum (di luar kuota) · Daring (formulir publik) · "
        f"{moment(first.created_at, barut)} Tolak Alasan penolakan Tolak Kirim ulang kode"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "pending"}, ["Warga 4", "Warga 5", "Warga 6"]),
        ({"role": "psm"}, ["Siti Aminah", "Warga 5"]),
        ({"regency": BARUT}, ["Warga 1", "Warga 4"]),  # 62.05.05 lies in 62.05
        ({"regency": KAPUAS}, ["Siti Aminah"]),
        ({"source": "staff"}, ["Siti Aminah"]),
        ({"status": "pending", "role": "tksk"}, ["Warga 4", "Warga 6"]),
        (
            {"status": "nonsense"},
            ["Warga 1", "Siti Aminah", "Warga 3", "Warga 4", "Warga 5", "Warga 6"],
        ),
    ],
)
def test_list_filters(client, world, barut, query, expected):
    client.force_login(world.barut_staff)

    response = client.get(list_url(barut), query)

    assert names(response) == expected


def test_regency_filter_offers_the_regencies_represented(client, world, barut):
    client.force_login(world.barut_staff)

    response = client.get(list_url(barut))

    form = response.context["form"]
    assert list(form.fields["regency"].choices) == [
        ("", "Semua kabupaten/kota"),
        (BARUT, "Kabupaten Barito Utara"),
        (KAPUAS, "Kabupaten Kapuas"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("aminah", ["Siti Aminah"]),
        ("0812-0000-0005", ["Warga 5"]),  # as typed nationally → +6281200000005
        ("+62 812 0000 0003", ["Warga 3"]),
        (nik(4), ["Warga 4"]),  # a whole NIK: exact
        (" ".join([nik(4)[:6], nik(4)[6:12], nik(4)[12:]]), ["Warga 4"]),
        (nik(4)[:12], []),  # part of a NIK: never matched
        (nik(4)[-4:], []),
        (nik(4)[:-1], []),
        ("6205********0004", []),  # the masked NIK
    ],
)
def test_search_by_name_phone_and_whole_nik_only(client, world, barut, query, expected):
    client.force_login(world.barut_staff)

    response = search(client, barut, query)

    assert names(response) == expected


def test_search_by_registration_code_as_read_aloud(client, world, barut):
    registration = Registration.objects.get(participant__nik=nik(5))
    Registration.objects.filter(pk=registration.pk).update(code="1A0BC2D3")
    client.force_login(world.barut_staff)

    response = search(client, barut, "iaobc-2d3")

    assert names(response) == ["Warga 5"]


def test_search_by_phone_on_the_participants_record(client, world, barut):
    Participant.objects.filter(nik=nik(6)).update(phone="+6285299998888")
    client.force_login(world.barut_staff)

    response = search(client, barut, "085299998888")

    assert names(response) == ["Warga 6"]


def test_contact_filter_lists_registrations_whose_contact_differs_from_the_record(
    client, world, barut
):
    Participant.objects.filter(nik=nik(3)).update(email="WARGA3@example.org")  # same, by case
    Participant.objects.filter(nik=nik(5)).update(email="lain@example.org")
    client.force_login(world.barut_staff)

    response = client.get(list_url(barut), {"contact": "on"})

    assert names(response) == ["Warga 5"]
    assert (
        "Kontak berbeda dari data peserta: e-mail warga5@example.org (data: lain@example.org)"
        in texts(response, "pilar-registration")[0]
    )


# --- masking ------------------------------------------------------------------------------


def test_list_never_shows_a_whole_nik_without_the_permission(client, world, barut):
    client.force_login(world.kalteng_staff)

    body = client.get(list_url(barut)).content.decode()

    for n in range(1, 7):
        assert nik(n) not in body
        assert f"6205********{n:04d}" in body


def test_list_shows_whole_niks_with_the_permission(client, world, barut):
    world.barut_staff.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    client.force_login(world.barut_staff)

    body = client.get(list_url(barut)).content.decode()

    for n in range(1, 7):
        assert nik(n) in body
    assert "6205********" not in body


# --- decisions ----------------------------------------------------------------------------


def test_confirm_one_registration(client, world, barut):
    pending = Registration.objects.get(participant__nik=nik(4))
    mark = DBTaskResult.objects.count()
    client.force_login(world.barut_staff)

    response = client.post(
        decide_url(barut),
        {
            "action": "confirm",
            "registrations": [pending.pk],
            "next": list_url(barut) + "?status=pending",
        },
        follow=True,
    )

    assert response.redirect_chain == [(list_url(barut) + "?status=pending", 302)]
    assert messages_of(response) == ["1 dikonfirmasi"]
    assert names(response) == ["Warga 5", "Warga 6"]
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == ("confirmed", world.barut_staff)
    assert Training.objects.get(pk=barut.pk).seats_taken == 4
    assert staff_audit() == [
        ("registration.confirm", str(pending.pk), {"status": ["pending", "confirmed"]})
    ]
    assert notices_after(mark) == [(pending.pk, "confirmed")]


def test_reject_needs_a_reason(client, world, barut):
    pending = Registration.objects.get(participant__nik=nik(4))
    client.force_login(world.barut_staff)

    response = client.post(
        decide_url(barut),
        {"action": "reject", "registrations": [pending.pk], "reason": " "},
        follow=True,
    )

    assert response.redirect_chain == [(list_url(barut), 302)]
    assert messages_of(response) == ["Alasan penolakan wajib diisi."]
    assert (Registration.objects.get(pk=pending.pk).status, staff_audit()) == ("pending", [])


def test_reject_a_confirmed_registration_promotes_the_first_waiting(client, world, barut, roles):
    Training.objects.filter(pk=barut.pk).update(capacity=3, requires_approval=False)
    waiting = register(barut, 7, role=roles["tksk"])  # full: waiting list, 1
    confirmed = Registration.objects.get(participant__nik=nik(3))
    mark = DBTaskResult.objects.count()
    client.force_login(world.barut_staff)

    response = client.post(
        decide_url(barut),
        {"action": "reject", "registrations": [confirmed.pk], "reason": "Bukan TKSK aktif"},
        follow=True,
    )

    assert messages_of(response) == ["1 ditolak, 1 naik otomatis dari daftar tunggu"]
    assert [(row[0], row[1]) for row in statuses(barut)][2:] == [
        ("Warga 3", "rejected"),
        ("Warga 4", "pending"),
        ("Warga 5", "pending"),
        ("Warga 6", "pending"),
        ("Warga 7", "confirmed"),
    ]
    assert staff_audit() == [
        ("registration.reject", str(confirmed.pk), {"status": ["confirmed", "rejected"], "reason": "Bukan TKSK aktif"}),
        ("registration.promote", str(waiting.pk), {"status": ["waitlisted", "confirmed"], "waitlist_position": [1, None]}),
    ]  # fmt: skip
    assert notices_after(mark) == [(confirmed.pk, "rejected"), (waiting.pk, "promoted")]


def test_bulk_waitlist_then_promote_with_partial_failure(client, world, barut):
    four, five, six = (Registration.objects.get(participant__nik=nik(n)) for n in (4, 5, 6))
    confirmed = Registration.objects.get(participant__nik=nik(1))
    client.force_login(world.barut_staff)

    waitlisted = client.post(
        decide_url(barut),
        {"action": "waitlist", "registrations": [six.pk, four.pk, confirmed.pk, five.pk]},
        follow=True,
    )
    Training.objects.filter(pk=barut.pk).update(capacity=4)
    promoted = client.post(
        decide_url(barut), {"action": "promote", "registrations": [four.pk, five.pk]}, follow=True
    )

    assert messages_of(waitlisted) == [
        "3 masuk daftar tunggu, 1 gagal: Warga 1: Hanya pendaftaran yang menunggu persetujuan "
        "yang bisa dimasukkan ke daftar tunggu (status sekarang: terdaftar)."
    ]
    assert messages_of(promoted) == [
        "1 naik dari daftar tunggu, 1 gagal: Warga 5: Kursi untuk kursi umum sudah penuh; "
        "konfirmasi tidak dapat dilakukan."
    ]
    assert statuses(barut) == [
        ("Warga 1", "confirmed", None),
        ("Siti Aminah", "confirmed", None),
        ("Warga 3", "confirmed", None),
        ("Warga 4", "confirmed", None),
        ("Warga 5", "waitlisted", 2),
        ("Warga 6", "waitlisted", 3),
    ]
    assert staff_audit() == [
        ("registration.waitlist", str(four.pk), {"status": ["pending", "waitlisted"], "waitlist_position": [None, 1]}),
        ("registration.waitlist", str(five.pk), {"status": ["pending", "waitlisted"], "waitlist_position": [None, 2]}),
        ("registration.waitlist", str(six.pk), {"status": ["pending", "waitlisted"], "waitlist_position": [None, 3]}),
        ("registration.confirm", str(four.pk), {"status": ["waitlisted", "confirmed"]}),
    ]  # fmt: skip


def test_bulk_confirm_until_the_training_is_full(client, world, barut):
    Training.objects.filter(pk=barut.pk).update(capacity=5)
    pending = list(Registration.objects.filter(training=barut, status="pending").order_by("pk"))
    mark = DBTaskResult.objects.count()
    client.force_login(world.barut_staff)

    response = client.post(
        decide_url(barut),
        {"action": "confirm", "registrations": [registration.pk for registration in pending]},
        follow=True,
    )

    assert messages_of(response) == [
        "2 dikonfirmasi, 1 gagal: Warga 6: Kursi untuk kursi umum sudah penuh; konfirmasi tidak "
        "dapat dilakukan."
    ]
    assert [row[1] for row in statuses(barut)] == [
        "confirmed", "confirmed", "confirmed", "confirmed", "confirmed", "pending",
    ]  # fmt: skip
    assert [action for action, _pk, _changes in staff_audit()] == [
        "registration.confirm",
        "registration.confirm",
    ]
    assert notices_after(mark) == [(pending[0].pk, "confirmed"), (pending[1].pk, "confirmed")]


def test_decisions_on_another_trainings_registration_are_refused(client, world, barut, roles):
    elsewhere = register(world.kalsel_training, 9, role=roles["pendamping-sosial"])
    client.force_login(world.barut_staff)

    response = client.post(
        decide_url(barut), {"action": "confirm", "registrations": [elsewhere.pk]}, follow=True
    )

    assert messages_of(response) == ["Pendaftaran yang dipilih tidak ditemukan pada pelatihan ini."]
    assert Registration.objects.get(pk=elsewhere.pk).status == "pending"


def test_decide_does_not_redirect_outside_the_training(client, world, barut):
    pending = Registration.objects.get(participant__nik=nik(4))
    client.force_login(world.barut_staff)

    response = client.post(
        decide_url(barut),
        {"action": "confirm", "registrations": [pending.pk], "next": "https://evil.example/"},
    )

    assert response["Location"] == list_url(barut)


# --- query budget -------------------------------------------------------------------------


def test_list_query_count_does_not_grow_with_rows(client, world, roles, django_assert_num_queries):
    training = world.barut_training
    register(training, 1, role=roles["tksk"], region=Region.objects.get(code=BARUT))
    client.force_login(world.barut_staff)
    with django_assert_num_queries(12):
        one = client.get(list_url(training))
    for n in range(2, 21):
        register(training, n, role=roles["psm"], region=Region.objects.get(code=KAPUAS))
    with django_assert_num_queries(12):
        twenty = client.get(list_url(training))

    assert (len(names(one)), len(names(twenty))) == (1, 20)
