"""Staff pages and identity claims: the "Perlu verifikasi data" part of a training's
registrations (the typed identity beside the stored person's, only for a user who has that
person in scope; accept or reject), and every other place a claim shows up — the main
list, searches, bulk decisions, the dashboard, the check-in desk — where it carries the
name typed with it, never the stored person's.

The world (tests/personas.py): Dinsos PMD Barito Utara organises ``barut_training``; the
Kalteng province reads it. Two people are on record: Rudi, a Barito Utara resident (in
Barito Utara's scope), and Siti, a Banjar resident (Kalsel: in nobody's scope here).
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from participants.models import Region
from participants.nik import build_nik
from tests.factories import ParticipantFactory, SessionFactory
from tests.html import messages_of, texts
from tests.registrations import notices
from trainings.formatting import moment
from trainings.models import Attendance, AuditEvent, Registration
from trainings.services import PersonDetails, registration_submit
from trainings.services.identity import registration_identity_decide

pytestmark = pytest.mark.django_db
BIRTH = datetime.date(1985, 10, 23)
OTHER_BIRTH = datetime.date(1990, 1, 1)
RUDI_NIK = build_nik(district_code="62.05.05", birth_date=BIRTH, sex="L", serial=7)
SITI_NIK = build_nik(district_code="63.03.03", birth_date=BIRTH, sex="P", serial=77)


# --- helpers ------------------------------------------------------------------------------


def list_url(training, query: str = "") -> str:
    url = reverse("staff:registrations", kwargs={"pk": training.pk})
    return f"{url}?{query}" if query else url


def identity_url(training) -> str:
    return reverse("staff:registrations_identity", kwargs={"pk": training.pk})


def staff_audit() -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.exclude(actor_label="publik")
        .order_by("pk")
        .values_list("action", "object_id")
    )


def submit(training, *, nik: str, name: str, roles, sex="L", email="klaim@example.org"):
    """A public registration typed with ``name``, born 1 January 1990, from Gambut."""
    return registration_submit(
        actor=None,
        training=training,
        person=PersonDetails(
            nik=nik, full_name=name, sex=sex, birth_date=OTHER_BIRTH, birth_place="Gambut",
            phone="+6285700001111", email=email, home_region_id="63.03.03",
        ),
        role=roles["tksk"],
        region_represented=Region.objects.get(code="62.05"),
        consent=True,
    ).registration  # fmt: skip


@pytest.fixture
def rudi(regions):
    return ParticipantFactory(
        nik=RUDI_NIK, full_name="Rudi Hartono", sex="L", birth_date=BIRTH,
        birth_place="Muara Teweh", phone="+6281299990000", email="rudi@example.org",
    )  # fmt: skip


@pytest.fixture
def siti(regions):
    return ParticipantFactory(
        nik=SITI_NIK, full_name="Siti Rahmawati", sex="P", birth_date=BIRTH,
        birth_place="Martapura", home_region=Region.objects.get(code="63.03.03"),
        phone="+6281311112222", email="siti@example.org",
    )  # fmt: skip


@pytest.fixture
def claims(world, rudi, siti, roles):
    """Two held claims in the Barito Utara training: "Rudi H." on Rudi's NIK (in scope),
    then "Siti R." on Siti's (out of scope)."""
    training = world.barut_training
    return (
        submit(training, nik=RUDI_NIK, name="Rudi H.", roles=roles),
        submit(training, nik=SITI_NIK, name="Siti R.", roles=roles, sex="P"),
    )


# --- the section --------------------------------------------------------------------------


def test_claims_are_listed_apart_with_their_count(client, world, claims, roles):
    training = world.barut_training
    registration_submit(
        actor=None, training=training, role=roles["tksk"], region_represented=None, consent=True,
        person=PersonDetails(nik=build_nik(district_code="62.05.05", birth_date=BIRTH, sex="L",
                                           serial=8), full_name="Warga Baru", sex="L",
                             birth_date=BIRTH),
    )  # fmt: skip
    client.force_login(world.barut_staff)

    everyone = client.get(list_url(training))
    held = client.get(list_url(training, "status=held"))

    assert texts(everyone, "pilar-held-tab") == ["Perlu verifikasi data 2"]
    assert texts(everyone, "pilar-name") == ["Rudi H.", "Siti R.", "Warga Baru"]
    assert texts(held, "pilar-name") == ["Rudi H.", "Siti R."]
    assert "Perlu verifikasi data (2)" in held.content.decode()


def test_claim_card_sets_the_typed_identity_beside_the_stored_person_in_scope(
    client, world, claims
):
    rudi_claim, _siti_claim = claims
    client.force_login(world.barut_staff)

    response = client.get(list_url(world.barut_training, "status=held"))

    assert texts(response, "pilar-claim")[0] == (
        "Rudi H. Menunggu verifikasi data "
        f"NIK 6205********0007 · kode {rudi_claim.code} · TKSK · Kabupaten Barito Utara · "
        f"{moment(rudi_claim.created_at, world.barut_training)} "
        "Kontak yang diisi: HP +6285700001111 · e-mail klaim@example.org "
        "Data diri yang diisi pendaftar dan yang tercatat untuk NIK ini. "
        "Data Diisi pendaftar Tercatat "
        "Nama lengkap Rudi H. Rudi Hartono Berbeda "
        "Tanggal lahir 1 Januari 1990 23 Oktober 1985 Berbeda "
        "Jenis kelamin Laki-laki Laki-laki "
        "Tempat lahir Gambut Muara Teweh Berbeda "
        "Domisili Gambut Teweh Tengah Berbeda "
        "Terima sebagai orang yang tercatat Tolak Alasan penolakan Tolak"
    )


def test_claim_card_shows_nothing_of_a_stored_person_out_of_scope(client, world, claims):
    _rudi_claim, siti_claim = claims
    client.force_login(world.barut_staff)

    response = client.get(list_url(world.barut_training, "status=held"))

    body = response.content.decode()
    assert texts(response, "pilar-claim")[1] == (
        "Siti R. Menunggu verifikasi data "
        f"NIK 6303********0077 · kode {siti_claim.code} · TKSK · Kabupaten Barito Utara · "
        f"{moment(siti_claim.created_at, world.barut_training)} "
        "Kontak yang diisi: HP +6285700001111 · e-mail klaim@example.org "
        "Data diri yang diisi pendaftar. Data orang yang tercatat dengan NIK ini tidak "
        "ditampilkan: orangnya di luar wilayah kerja Anda. Anda hanya dapat menolak "
        "pendaftaran ini. "
        "Data Diisi pendaftar "
        "Nama lengkap Siti R. Tanggal lahir 1 Januari 1990 Jenis kelamin Perempuan "
        "Tempat lahir Gambut Domisili Gambut "
        "Tolak Alasan penolakan Tolak"
    )
    for stored in ("Siti Rahmawati", "Martapura", "+6281311112222", "siti@example.org"):
        assert stored not in body
    assert body.count('value="accept"') == 1  # Rudi's card only


def test_readers_see_the_cards_without_actions(client, world, claims):
    client.force_login(world.kalteng_staff)  # the province: Rudi is in its scope too

    response = client.get(list_url(world.barut_training, "status=held"))

    cards = texts(response, "pilar-claim")
    assert [card.split(" Nama lengkap ")[1] for card in cards] == [
        "Rudi H. Rudi Hartono Berbeda Tanggal lahir 1 Januari 1990 23 Oktober 1985 Berbeda "
        "Jenis kelamin Laki-laki Laki-laki Tempat lahir Gambut Muara Teweh Berbeda "
        "Domisili Gambut Teweh Tengah Berbeda",
        "Siti R. Tanggal lahir 1 Januari 1990 Jenis kelamin Perempuan Tempat lahir Gambut "
        "Domisili Gambut",
    ]
    assert identity_url(world.barut_training) not in response.content.decode()


def test_a_blank_birth_place_or_region_is_not_marked_as_differing(client, world, rudi, roles):
    training = world.barut_training
    registration_submit(
        actor=None, training=training, role=roles["tksk"], region_represented=None, consent=True,
        person=PersonDetails(nik=RUDI_NIK, full_name="Rudi H.", sex="L", birth_date=BIRTH),
    )  # fmt: skip
    client.force_login(world.barut_staff)

    response = client.get(list_url(training, "status=held"))

    assert texts(response, "pilar-identity-line") == [
        "Nama lengkap Rudi H. Rudi Hartono Berbeda",
        "Tanggal lahir 23 Oktober 1985 23 Oktober 1985",
        "Jenis kelamin Laki-laki Laki-laki",
        "Tempat lahir — Muara Teweh",
        "Domisili — Teweh Tengah",
    ]


def test_claims_section_queries_do_not_grow_with_claims(
    client, world, rudi, siti, roles, django_assert_num_queries
):
    training = world.barut_training
    submit(training, nik=SITI_NIK, name="Siti R.", roles=roles, sex="P")
    client.force_login(world.barut_staff)
    with django_assert_num_queries(12):
        one = client.get(list_url(training, "status=held"))
    submit(training, nik=RUDI_NIK, name="Rudi H.", roles=roles)
    submit(training, nik=RUDI_NIK, name="Rudi Hartanto", roles=roles)
    with django_assert_num_queries(12):
        three = client.get(list_url(training, "status=held"))

    assert texts(one, "pilar-name") == ["Siti R."]
    assert texts(three, "pilar-name") == ["Siti R.", "Rudi H.", "Rudi Hartanto"]
    assert three.content.decode().count('value="accept"') == 2


# --- deciding -----------------------------------------------------------------------------


def test_accept_a_claim_as_the_stored_person(client, world, claims):
    rudi_claim, _siti_claim = claims
    client.force_login(world.barut_staff)
    next_url = list_url(world.barut_training, "status=held")

    response = client.post(
        identity_url(world.barut_training),
        {"registration": rudi_claim.pk, "decision": "accept", "next": next_url},
        follow=True,
    )

    assert response.redirect_chain == [(next_url, 302)]
    assert messages_of(response) == [
        f"Pendaftaran {rudi_claim.code} diterima sebagai Rudi Hartono (status: terdaftar)."
    ]
    assert texts(response, "pilar-name") == ["Siti R."]
    rudi_claim.refresh_from_db()
    assert (rudi_claim.status, rudi_claim.identity_check) == ("confirmed", "accepted")
    assert staff_audit() == [("registration.identity_accept", str(rudi_claim.pk))]


def test_reject_a_claim_with_a_reason(client, world, claims):
    _rudi_claim, siti_claim = claims
    client.force_login(world.barut_staff)

    response = client.post(
        identity_url(world.barut_training),
        {"registration": siti_claim.pk, "decision": "reject", "reason": " Bukan orang yang sama "},
        follow=True,
    )

    assert messages_of(response) == [f"Pendaftaran {siti_claim.code} atas nama Siti R. ditolak."]
    siti_claim.refresh_from_db()
    assert (siti_claim.status, siti_claim.identity_check, siti_claim.decision_reason) == (
        "rejected", "rejected", "Bukan orang yang sama",
    )  # fmt: skip
    assert notices()[-1] == (siti_claim.pk, "rejected")


def test_reject_without_a_reason_is_refused(client, world, claims):
    _rudi_claim, siti_claim = claims
    client.force_login(world.barut_staff)

    response = client.post(
        identity_url(world.barut_training),
        {"registration": siti_claim.pk, "decision": "reject", "reason": "  "},
        follow=True,
    )

    assert messages_of(response) == ["Alasan penolakan wajib diisi."]
    assert Registration.objects.get(pk=siti_claim.pk).status == "held"
    assert staff_audit() == []


def test_accepting_a_claim_on_a_person_out_of_scope_is_refused_with_a_message(
    client, world, claims
):
    _rudi_claim, siti_claim = claims
    client.force_login(world.barut_staff)

    response = client.post(
        identity_url(world.barut_training),
        {"registration": siti_claim.pk, "decision": "accept"},
        follow=True,
    )

    assert messages_of(response) == [
        f"Pendaftaran {siti_claim.code} tidak dapat diputuskan: NIK ini tidak dapat digunakan "
        "di sini. Hubungi dinas sosial di wilayah asal orang tersebut."
    ]
    assert "Siti Rahmawati" not in response.content.decode()
    assert Registration.objects.get(pk=siti_claim.pk).status == "held"
    assert staff_audit() == []


def test_deciding_a_claim_twice_says_it_is_decided(client, world, claims):
    rudi_claim, _siti_claim = claims
    registration_identity_decide(
        actor=world.barut_staff, registration=rudi_claim, accept=False, reason="Bukan dia"
    )
    client.force_login(world.barut_staff)

    response = client.post(
        identity_url(world.barut_training),
        {"registration": rudi_claim.pk, "decision": "accept"},
        follow=True,
    )

    assert messages_of(response) == [
        f"Pendaftaran {rudi_claim.code} tidak dapat diputuskan: Pendaftaran ini sudah "
        "berstatus ditolak."
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("barut_supervisor", 403), ("kalteng_staff", 403), ("kapuas_staff", 404)],
)
def test_claim_decisions_refused_to_readers_and_outsiders(client, world, claims, persona, status):
    rudi_claim, _siti_claim = claims
    client.force_login(getattr(world, persona))

    response = client.post(
        identity_url(world.barut_training), {"registration": rudi_claim.pk, "decision": "accept"}
    )

    assert response.status_code == status
    assert Registration.objects.get(pk=rudi_claim.pk).status == "held"


def test_bulk_decisions_never_act_on_held_claims(client, world, claims, roles):
    training = world.barut_training
    rudi_claim, siti_claim = claims
    client.force_login(world.barut_staff)

    response = client.post(
        reverse("staff:registrations_decide", kwargs={"pk": training.pk}),
        {"action": "confirm", "registrations": [rudi_claim.pk, siti_claim.pk]},
        follow=True,
    )

    assert messages_of(response) == [
        "Pendaftaran yang menunggu verifikasi data diputuskan satu per satu di bagian "
        f"“Perlu verifikasi data”: {', '.join(sorted([rudi_claim.code, siti_claim.code]))}."
    ]
    assert list(Registration.objects.values_list("status", flat=True).distinct()) == ["held"]
    assert staff_audit() == []


def test_bulk_failure_on_a_rejected_claim_names_it_as_typed(client, world, claims):
    _rudi_claim, siti_claim = claims
    registration_identity_decide(
        actor=world.barut_staff, registration=siti_claim, accept=False, reason="Bukan dia"
    )
    client.force_login(world.barut_staff)

    response = client.post(
        reverse("staff:registrations_decide", kwargs={"pk": world.barut_training.pk}),
        {"action": "waitlist", "registrations": [siti_claim.pk]},
        follow=True,
    )

    assert messages_of(response) == [
        "1 gagal: Siti R.: Hanya pendaftaran yang menunggu persetujuan yang bisa dimasukkan ke "
        "daftar tunggu (status sekarang: ditolak)."
    ]
    assert "Siti Rahmawati" not in response.content.decode()


# --- the rest of the page -----------------------------------------------------------------


def test_a_rejected_claim_in_the_list_carries_the_typed_name(client, world, claims):
    _rudi_claim, siti_claim = claims
    registration_identity_decide(
        actor=world.barut_staff, registration=siti_claim, accept=False, reason="Bukan dia"
    )
    client.force_login(world.barut_staff)

    response = client.get(list_url(world.barut_training, "status=rejected"))

    assert texts(response, "pilar-registration") == [
        f"Siti R. Ditolak NIK 6303********0077 · kode {siti_claim.code} · +6285700001111 "
        "TKSK · Kabupaten Barito Utara · Kursi umum (di luar kuota) · Daring (formulir publik) · "
        f"{moment(siti_claim.created_at, world.barut_training)} "
        "Data diri yang diisi tidak cocok dengan NIK yang tercatat; pendaftaran ini ditolak. "
        "Alasan: Bukan dia"
    ]
    assert "Siti Rahmawati" not in response.content.decode()


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("Siti R.", ["Siti R."]),  # the typed name
        ("rahmawati", []),  # the stored person's name
        ("081311112222", []),  # the stored person's phone
        ("085700001111", ["Rudi H.", "Siti R."]),  # the phone typed with the claims
        (SITI_NIK, ["Siti R."]),  # the NIK the claimant typed
    ],
)
def test_search_finds_a_claim_by_what_was_typed_only(client, world, claims, term, found):
    client.force_login(world.barut_staff)

    response = client.post(
        reverse("staff:registrations_search", kwargs={"pk": world.barut_training.pk}),
        {"q": term},
        follow=True,
    )

    assert texts(response, "pilar-name") == found


def test_a_claims_contact_is_never_compared_with_the_stored_persons(client, world, claims):
    client.force_login(world.barut_staff)

    response = client.get(list_url(world.barut_training, "contact=on"))

    assert texts(response, "pilar-name") == []
    assert "+6281311112222" not in response.content.decode()


# --- other staff pages --------------------------------------------------------------------


def test_dashboard_counts_claims_and_lists_them_by_the_typed_name(client, world, claims):
    client.force_login(world.barut_staff)

    response = client.get(reverse("staff:dashboard", kwargs={"pk": world.barut_training.pk}))

    body = response.content.decode()
    assert texts(response, "pilar-held") == ["2 pendaftaran perlu verifikasi data"]
    assert [text.split(" NIK ")[0] for text in texts(response, "pilar-recent")] == [
        "Siti R. Menunggu verifikasi data",
        "Rudi H. Menunggu verifikasi data",
    ]
    assert texts(response, "pilar-needs") == []
    assert "Siti Rahmawati" not in body and "Rudi Hartono" not in body
    assert f"{list_url(world.barut_training)}?status=held" in body


def test_dashboard_links_a_registration_needing_a_decision_by_its_id(client, world, roles):
    training = world.barut_training
    training.requires_approval = True
    training.save()
    pending = registration_submit(
        actor=None, training=training, role=roles["tksk"], region_represented=None, consent=True,
        person=PersonDetails(nik=RUDI_NIK, full_name="Rudi Hartono", sex="L", birth_date=BIRTH),
    ).registration  # fmt: skip
    registration_submit(
        actor=None, training=training, role=roles["psm"], region_represented=None, consent=True,
        person=PersonDetails(nik=SITI_NIK, full_name="Siti", sex="P", birth_date=BIRTH),
    )  # fmt: skip
    client.force_login(world.barut_staff)

    dashboard = client.get(reverse("staff:dashboard", kwargs={"pk": training.pk}))
    listed = client.get(list_url(training, f"pendaftaran={pending.pk}"))

    link = list_url(training, f"pendaftaran={pending.pk}")
    assert f'href="{link}"' in dashboard.content.decode()
    assert texts(listed, "pilar-name") == ["Rudi Hartono"]


def test_checkin_of_a_held_claims_code_names_it_as_typed(client, world, claims):
    _rudi_claim, siti_claim = claims
    session = SessionFactory(training=world.barut_training, topic="Pembukaan")
    client.force_login(world.barut_staff)

    response = client.post(
        reverse("staff:checkin_code", kwargs={"pk": world.barut_training.pk}),
        {"session": session.pk, "code": siti_claim.code},
        follow=True,
    )

    assert messages_of(response) == [
        "Siti R. berstatus “Menunggu verifikasi data”: kehadiran hanya dicatat untuk peserta "
        "yang terdaftar."
    ]
    assert Attendance.objects.count() == 0


def test_the_audit_trail_names_a_claim_as_typed(client, world, claims):
    _rudi_claim, siti_claim = claims
    registration_identity_decide(
        actor=world.barut_staff, registration=siti_claim, accept=False, reason="Bukan dia"
    )

    events = AuditEvent.objects.filter(object_id=str(siti_claim.pk)).order_by("pk")

    assert list(events.values_list("action", "object_repr")) == [
        ("registration.hold", f"{siti_claim.code} · Siti R. · Pelatihan Pilar Sosial Barito Utara"),
        ("registration.identity_reject",
         f"{siti_claim.code} · Siti R. · Pelatihan Pilar Sosial Barito Utara"),
    ]  # fmt: skip
