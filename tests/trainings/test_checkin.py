"""Check-in at the door (/staff/trainings/<pk>/checkin/): the session picked by the clock,
codes typed or scanned, one-tap statuses with and without htmx, closing a session, the
search, masked NIKs, scope, and what a tap costs in queries.

The world (tests/personas.py): Dinsos PMD Barito Utara organises ``barut_training`` (WIB);
its supervisor and the Kalteng province only read it; Kapuas is an outsider; Banjar's
operator is invited to the Kalsel bimtek only.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import formats, timezone

from participants.nik import build_nik, mask_nik
from tests.factories import AttendanceFactory, RegistrationFactory, SessionFactory
from tests.html import messages_of, texts
from trainings.formatting import time_range
from trainings.models import Attendance, AuditEvent, Registration, Session
from trainings.views.staff.checkin import current_session

pytestmark = pytest.mark.django_db
BIRTH = datetime.date(1985, 10, 23)
WIB = datetime.timezone(datetime.timedelta(hours=7))


# --- helpers ------------------------------------------------------------------------------


def nik(n: int) -> str:
    return build_nik(district_code="62.05.05", birth_date=BIRTH, sex="L", serial=n)


def person(training, n: int, name: str, code: str, **kwargs) -> Registration:
    return RegistrationFactory(
        training=training,
        participant__full_name=name,
        participant__nik=nik(n),
        code=code,
        **kwargs,
    )


def page_url(training, **query) -> str:
    url = reverse("staff:checkin", kwargs={"pk": training.pk})
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def url(name: str, training) -> str:
    return reverse(f"staff:checkin_{name}", kwargs={"pk": training.pk})


def statuses(session) -> dict[str, str]:
    return dict(
        Attendance.objects.filter(session=session).values_list(
            "registration__participant__full_name", "status"
        )
    )


@pytest.fixture
def training(world):
    return world.barut_training


@pytest.fixture
def session(training):
    return SessionFactory(training=training, topic="Pembukaan")


@pytest.fixture
def people(training):
    """Three confirmed people, one pending and one cancelled, and someone of another training."""
    return {
        "ani": person(training, 1, "Ani Lestari", "A7K29M0P"),
        "budi": person(training, 2, "Budi Santoso", "B0B1CDEF"),
        "citra": person(training, 3, "Citra Dewi", "C1TRA234"),
        "eka": person(training, 4, "Eka Putra", "EKA45678", status="pending"),
        "fajar": person(training, 5, "Fajar Nugroho", "FAJAR999", status="cancelled"),
    }


# --- the current session --------------------------------------------------------------------


def test_current_session_is_the_running_one_else_the_next_today_else_the_first(training):
    day1, day2 = datetime.date(2026, 12, 10), datetime.date(2026, 12, 11)

    def at(day, hour, minute=0):
        return datetime.datetime.combine(day, datetime.time(hour, minute), WIB)

    opening = SessionFactory.build(training=training, starts_at=at(day1, 8), ends_at=at(day1, 9))
    material = SessionFactory.build(training=training, starts_at=at(day1, 10), ends_at=at(day1, 12))
    closing = SessionFactory.build(training=training, starts_at=at(day2, 8), ends_at=at(day2, 9))
    agenda = [opening, material, closing]

    def current(day, hour, minute=0):
        return current_session(agenda, now=at(day, hour, minute), training=training)

    assert [
        current(day1, 8, 30),  # running
        current(day1, 9, 30),  # between: the next one today
        current(day1, 7),  # before the day: the next one today
        current(day1, 13),  # after the day's last: the first
        current(day2, 8),  # starts now: running
        current(day2, 10),  # nothing left today: the first
    ] == [opening, material, opening, opening, closing, opening]
    assert current_session([], now=at(day1, 8), training=training) is None


def test_page_preselects_the_session_running_now_in_the_trainings_zone(client, world, training):
    now = timezone.now()
    SessionFactory(training=training, topic="Tadi", starts_at=now - datetime.timedelta(hours=3))
    running = SessionFactory(
        training=training, topic="Sekarang", starts_at=now - datetime.timedelta(minutes=30)
    )
    SessionFactory(training=training, topic="Istirahat", kind=Session.Kind.BREAK, starts_at=now)
    client.force_login(world.barut_staff)

    response = client.get(page_url(training))

    assert response.context["session"] == running
    options = [
        (label, value == running.pk)
        for value, label in response.context["form"].fields["session"].choices
    ]
    labels = [
        f"{topic} · {time_range(start, start + datetime.timedelta(hours=2), training)} · "
        f"{formats.date_format(timezone.localtime(start, training.tz), 'l, j F Y')}"
        for topic, start in (
            ("Tadi", now - datetime.timedelta(hours=3)),
            ("Sekarang", running.starts_at),
        )
    ]
    assert options == [(labels[0], False), (labels[1], True)]  # no attendance at a break
    assert f'<option value="{running.pk}" selected>' in response.content.decode()


def test_page_of_a_training_without_sessions_says_so(client, world, training):
    client.force_login(world.barut_staff)

    response = client.get(page_url(training))

    assert response.status_code == 200
    assert "Pelatihan ini belum memiliki sesi." in response.content.decode()


# --- the page ------------------------------------------------------------------------------


def test_page_lists_who_is_missing_first_then_who_is_marked(client, world, session, people):
    AttendanceFactory(registration=people["budi"], session=session, status="late")
    client.force_login(world.barut_staff)

    response = client.get(page_url(session.training, session=session.pk))

    assert texts(response, "pilar-missing-count") == ["Belum hadir: 2 dari 3 peserta"]
    assert texts(response, "pilar-status-counts") == ["Hadir 0 Terlambat 1 Izin 0 Sakit 0 Alpa 0"]
    missing, marked = texts(response, "pilar-missing"), texts(response, "pilar-marked")
    assert [row.split(" NIK ")[0] for row in texts(response, "pilar-checkin-row")] == [
        "Ani Lestari A7K29M0P",
        "Citra Dewi C1TRA234",
        "Budi Santoso B0B1CDEF",
    ]
    assert "Budi" not in missing[0] and "Budi" in marked[0]
    assert texts(response, "pilar-attendance") == ["Belum tercatat", "Belum tercatat", "Terlambat"]
    html = response.content.decode()
    assert "autofocus" in html and f'name="session" value="{session.pk}"' in html
    assert "Tandai semua yang belum hadir sebagai alpa" in html


def test_page_masks_niks_without_the_permission(client, world, session, people):
    client.force_login(world.barut_staff)

    response = client.get(page_url(session.training, session=session.pk))

    assert texts(response, "pilar-person") == [
        f"NIK {mask_nik(nik(1))} · TKSK",
        f"NIK {mask_nik(nik(2))} · TKSK",
        f"NIK {mask_nik(nik(3))} · TKSK",
    ]
    assert nik(1) not in response.content.decode()


def test_page_shows_whole_niks_with_the_permission(client, world, session, people):
    world.barut_staff.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    client.force_login(world.barut_staff)

    response = client.get(page_url(session.training, session=session.pk))

    assert texts(response, "pilar-person")[0] == f"NIK {nik(1)} · TKSK"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("budi", ["Budi Santoso"]),
        (nik(3), ["Citra Dewi"]),
        (nik(3)[:10], []),  # never part of a NIK: masked lists cannot be read back
    ],
)
def test_search_by_name_or_whole_nik(client, world, session, people, query, found):
    client.force_login(world.barut_staff)

    searched = client.post(url("search", session.training), {"session": session.pk, "q": query})
    response = client.get(searched["Location"])

    # The term stays in the session: the URL carries only the marker (no NIK in any log).
    assert (searched.status_code, searched["Location"]) == (
        303,
        f"{page_url(session.training)}?cari=1&session={session.pk}",
    )
    assert texts(response, "pilar-name") == found
    assert texts(response, "pilar-missing-count") == ["Belum hadir: 3 dari 3 peserta"]


def test_a_search_term_in_the_address_is_refused(client, world, session, people):
    client.force_login(world.barut_staff)

    response = client.get(page_url(session.training, session=session.pk, q=nik(3)))

    assert (response.status_code, response["Location"]) == (
        303,
        f"{page_url(session.training)}?session={session.pk}",
    )
    page = client.get(response["Location"])
    assert texts(page, "pilar-name") == ["Ani Lestari", "Budi Santoso", "Citra Dewi"]
    assert nik(3) not in page.content.decode()


# --- typed or scanned codes ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["A7K29M0P", "a7k29m0p", "A7K2-9MOP", " a7k2 9m0p "])
def test_code_marks_the_person_present_however_it_was_typed(client, world, session, people, typed):
    client.force_login(world.barut_staff)

    response = client.post(url("code", session.training), {"session": session.pk, "code": typed})

    assert response.status_code == 302
    assert response["Location"] == page_url(session.training, session=session.pk)
    assert statuses(session) == {"Ani Lestari": "present"}
    attendance = Attendance.objects.get()
    assert (attendance.method, attendance.recorded_by) == ("qr", world.barut_staff)
    assert messages_of(client.get(response["Location"])) == ["Ani Lestari: Hadir."]


def test_code_scanned_twice_is_harmless(client, world, session, people):
    client.force_login(world.barut_staff)
    client.post(
        url("code", session.training), {"session": session.pk, "code": "A7K29M0P"}, follow=True
    )

    response = client.post(
        url("code", session.training), {"session": session.pk, "code": "A7K29M0P"}, follow=True
    )

    assert messages_of(response) == ["Ani Lestari sudah tercatat Hadir."]
    assert statuses(session) == {"Ani Lestari": "present"}
    assert AuditEvent.objects.filter(action="attendance.record").count() == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ZZZZZZZZ", "Kode ZZZZZZZZ tidak terdaftar pada pelatihan ini."),
        ("G1TA0001", "Kode G1TA0001 tidak terdaftar pada pelatihan ini."),  # another training's
        ("hello", "Kode HE110 tidak terdaftar pada pelatihan ini."),
        ("", "Ketik atau pindai kode pendaftaran."),
    ],
)
def test_code_unknown_here_is_refused_with_a_message(
    client, world, session, people, typed, message
):
    RegistrationFactory(training=world.kalsel_training, code="G1TA0001")
    client.force_login(world.barut_staff)

    response = client.post(
        url("code", session.training), {"session": session.pk, "code": typed}, follow=True
    )

    assert messages_of(response) == [message]
    assert response.redirect_chain == [(page_url(session.training, session=session.pk), 302)]
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("EKA45678", "Eka Putra berstatus “Menunggu persetujuan”"),
        ("FAJAR999", "Fajar Nugroho berstatus “Dibatalkan”"),
    ],
)
def test_code_of_a_registration_that_is_not_confirmed_records_nothing(
    client, world, session, people, code, message
):
    client.force_login(world.barut_staff)

    response = client.post(
        url("code", session.training), {"session": session.pk, "code": code}, follow=True
    )

    assert messages_of(response) == [
        f"{message}: kehadiran hanya dicatat untuk peserta yang terdaftar."
    ]
    assert (Attendance.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_code_with_a_session_of_another_training_asks_for_a_session(client, world, session, people):
    elsewhere = SessionFactory(training=world.kalsel_training)
    client.force_login(world.barut_staff)

    response = client.post(
        url("code", session.training), {"session": elsewhere.pk, "code": "A7K29M0P"}, follow=True
    )

    assert messages_of(response) == ["Pilih sesi pelatihan ini terlebih dahulu."]
    assert response.redirect_chain == [(page_url(session.training), 302)]
    assert Attendance.objects.count() == 0


# --- one tap ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("present", "Hadir"),
        ("late", "Terlambat"),
        ("excused", "Izin"),
        ("sick", "Sakit"),
        ("absent", "Alpa"),
    ],
)
def test_tap_records_each_status_and_comes_back_to_the_session(
    client, world, session, people, status, label
):
    client.force_login(world.barut_staff)
    budi = people["budi"]
    client.post(url("search", session.training), {"session": session.pk, "q": "budi"})

    response = client.post(
        url("mark", session.training),
        {"session": session.pk, "registration": budi.pk, "status": status, "q": "budi"},
    )

    assert response["Location"] == f"{page_url(session.training)}?cari=1&session={session.pk}"
    assert statuses(session) == {"Budi Santoso": status}
    assert Attendance.objects.get().method == "staff"
    page = client.get(response["Location"])
    assert messages_of(page) == [f"Budi Santoso: {label}."]
    assert texts(page, "pilar-attendance") == [label]


def test_tap_changes_a_status_and_twice_is_harmless(client, world, session, people):
    client.force_login(world.barut_staff)
    tap = {"session": session.pk, "registration": people["ani"].pk}
    client.post(url("mark", session.training), {**tap, "status": "present"}, follow=True)
    client.post(url("mark", session.training), {**tap, "status": "late"}, follow=True)

    response = client.post(url("mark", session.training), {**tap, "status": "late"}, follow=True)

    assert messages_of(response) == ["Ani Lestari sudah tercatat Terlambat."]
    assert statuses(session) == {"Ani Lestari": "late"}
    assert [
        event.changes["status"]
        for event in AuditEvent.objects.filter(action="attendance.record").order_by("pk")
    ] == [[None, "present"], ["present", "late"]]


def test_tap_with_htmx_answers_the_persons_status_and_buttons(client, world, session, people):
    client.force_login(world.barut_staff)
    ani = people["ani"]

    response = client.post(
        url("mark", session.training),
        {"session": session.pk, "registration": ani.pk, "status": "sick"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<div class="pilar-checkin-mark mt-2" id="mark-{ani.pk}">')
    assert texts(response, "pilar-attendance") == ["Sakit"]
    assert html.count('aria-pressed="true"') == 1
    assert 'value="sick" aria-pressed="true"' in html
    assert statuses(session) == {"Ani Lestari": "sick"}
    assert list(client.get(page_url(session.training)).context["messages"]) == []


def test_tap_on_a_registration_of_another_training_is_refused(client, world, session, people):
    stranger = RegistrationFactory(training=world.kalsel_training)
    client.force_login(world.barut_staff)

    response = client.post(
        url("mark", session.training),
        {"session": session.pk, "registration": stranger.pk, "status": "present"},
        follow=True,
    )

    assert messages_of(response) == ["Peserta yang dipilih tidak terdaftar pada pelatihan ini."]
    assert Attendance.objects.count() == 0


def test_tap_with_an_unknown_status_is_refused(client, world, session, people):
    client.force_login(world.barut_staff)

    response = client.post(
        url("mark", session.training),
        {"session": session.pk, "registration": people["ani"].pk, "status": "gone"},
        follow=True,
    )

    assert messages_of(response) == ["Pilihan kehadiran tidak dikenal."]
    assert Attendance.objects.count() == 0


# --- closing a session ----------------------------------------------------------------------


def test_close_marks_everyone_not_yet_checked_in_as_alpa(client, world, session, people):
    other = SessionFactory(training=session.training, topic="Materi 1")
    AttendanceFactory(registration=people["ani"], session=session)
    client.force_login(world.barut_staff)

    response = client.post(url("close", session.training), {"session": session.pk}, follow=True)

    assert response.redirect_chain == [(page_url(session.training, session=session.pk), 302)]
    assert messages_of(response) == ["2 peserta yang belum hadir ditandai alpa."]
    assert statuses(session) == {
        "Ani Lestari": "present",
        "Budi Santoso": "absent",
        "Citra Dewi": "absent",
    }
    assert statuses(other) == {}
    assert texts(response, "pilar-missing-count") == ["Belum hadir: 0 dari 3 peserta"]
    assert "Tandai semua yang belum hadir sebagai alpa" not in response.content.decode()
    event = AuditEvent.objects.get(action="attendance.close_session")
    assert (event.actor, event.object_id, event.changes) == (
        world.barut_staff,
        str(session.pk),
        {"absent": 2, "session": session.pk},
    )


def test_close_of_a_session_of_another_training_is_refused(client, world, session, people):
    elsewhere = SessionFactory(training=world.kalsel_training)
    client.force_login(world.barut_staff)

    response = client.post(url("close", session.training), {"session": elsewhere.pk}, follow=True)

    assert messages_of(response) == ["Pilih sesi pelatihan ini terlebih dahulu."]
    assert Attendance.objects.count() == 0


# --- scope --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "buttons"),
    [
        ("barut_admin", 200, True),
        ("barut_staff", 200, True),
        ("barut_supervisor", 200, False),
        ("kalteng_staff", 200, False),  # the province reads its regencies' trainings
        ("kapuas_staff", 404, False),
        ("kalsel_staff", 404, False),
    ],
)
def test_page_scope_and_who_may_mark(client, world, session, people, persona, status, buttons):
    client.force_login(getattr(world, persona))

    response = client.get(page_url(session.training, session=session.pk))

    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert ('name="status"' in html, "autofocus" in html) == (buttons, buttons)
        assert texts(response, "pilar-name") == ["Ani Lestari", "Budi Santoso", "Citra Dewi"]
        assert ("tidak dapat mencatatnya" in html) == (not buttons)


def test_page_is_404_for_a_regency_operator_even_of_an_invited_training(client, world):
    session = SessionFactory(training=world.kalsel_training)
    client.force_login(world.banjar_operator)

    assert client.get(page_url(world.kalsel_training, session=session.pk)).status_code == 404


def test_page_needs_a_login(client, world, session):
    response = client.get(page_url(session.training))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("barut_supervisor", 403),
        ("kalteng_staff", 403),
        ("kapuas_staff", 404),
        ("kalsel_staff", 404),
    ],
)
@pytest.mark.parametrize("action", ["code", "mark", "close"])
def test_writes_are_refused_to_readers_and_outsiders(
    client, world, session, people, persona, status, action
):
    client.force_login(getattr(world, persona))
    data = {"session": session.pk, "code": "A7K29M0P"}
    data |= {"registration": people["ani"].pk, "status": "present"}

    response = client.post(url(action, session.training), data)

    assert response.status_code == status
    assert (Attendance.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_writes_are_404_for_a_regency_operator(client, world):
    session = SessionFactory(training=world.kalsel_training)
    ani = RegistrationFactory(training=world.kalsel_training, code="A7K29M0P")
    client.force_login(world.banjar_operator)

    for action in ("code", "mark", "close"):
        data = {
            "session": session.pk,
            "code": ani.code,
            "registration": ani.pk,
            "status": "present",
        }
        assert client.post(url(action, world.kalsel_training), data).status_code == 404
    assert Attendance.objects.count() == 0


# --- query budgets --------------------------------------------------------------------------
#
# Every request here pays the middleware: the session row and the user (2 queries); the
# session is written back at most once a minute (trainings.middleware), not on a tap.
# A tap's own queries are three: the
# user's membership, one lookup (registration + training + participant + the posted
# session, in the scope of the trainings the user may change) and the one upsert-and-
# audit statement.

MIDDLEWARE = 2


def _class_of(training, size: int) -> list[Registration]:
    return [person(training, n, f"Peserta {n:02d}", f"P{n:07d}") for n in range(1, size + 1)]


def _view_queries(captured) -> list[str]:
    """The tap's own queries: the first table a SELECT reads, the start of anything else."""
    own = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if "django_session" in sql or 'FROM "auth_user"' in sql:
            continue
        if sql.startswith(("SAVEPOINT", "RELEASE")):
            continue
        words, quoted = sql.split(), sql.split('"')
        own.append(f"SELECT {quoted[1]}" if words[0] == "SELECT" else " ".join(words[:2]))
    return own


@pytest.mark.parametrize("size", [1, 50])
def test_a_tap_costs_the_same_queries_for_a_class_of_1_and_of_50(
    client, world, session, size, django_assert_num_queries
):
    last = _class_of(session.training, size)[-1]
    ContentType.objects.get_for_model(Attendance)  # cached once per process
    client.force_login(world.barut_staff)
    tap = {"session": session.pk, "registration": last.pk, "status": "present"}

    with django_assert_num_queries(MIDDLEWARE + 3) as captured:
        response = client.post(url("mark", session.training), tap)
    with django_assert_num_queries(MIDDLEWARE + 3):
        htmx = client.post(
            url("mark", session.training), {**tap, "status": "late"}, headers={"HX-Request": "true"}
        )

    assert (response.status_code, htmx.status_code) == (302, 200)
    assert _view_queries(captured) == [
        "SELECT trainings_membership",
        "SELECT trainings_registration",
        "WITH previous",
    ]
    assert statuses(session) == {f"Peserta {size:02d}": "late"}


@pytest.mark.parametrize("size", [1, 50])
def test_a_scanned_code_costs_the_same_queries_for_a_class_of_1_and_of_50(
    client, world, session, size, django_assert_num_queries
):
    last = _class_of(session.training, size)[-1]
    ContentType.objects.get_for_model(Attendance)
    client.force_login(world.barut_staff)

    with django_assert_num_queries(MIDDLEWARE + 3):
        response = client.post(
            url("code", session.training), {"session": session.pk, "code": last.code.lower()}
        )

    assert response.status_code == 302
    assert statuses(session) == {f"Peserta {size:02d}": "present"}


@pytest.mark.parametrize("size", [1, 50])
def test_the_page_costs_the_same_queries_for_a_class_of_1_and_of_50(
    client, world, session, size, django_assert_num_queries
):
    people = _class_of(session.training, size)
    for registration in people[: size // 2]:
        AttendanceFactory(registration=registration, session=session)
    client.force_login(world.barut_staff)

    # Middleware 2; membership, training, may-change, sessions, counts, rows; the user's
    # and their groups' permissions (whole NIK or masked).
    with django_assert_num_queries(MIDDLEWARE + 8):
        response = client.get(page_url(session.training, session=session.pk))

    assert len(texts(response, "pilar-checkin-row")) == size


def test_tap_with_htmx_on_a_registration_cancelled_meanwhile_reloads_with_the_reason(
    client, world, session, people
):
    ani = people["ani"]
    Registration.objects.filter(pk=ani.pk).update(status="cancelled")
    client.force_login(world.barut_staff)

    response = client.post(
        url("mark", session.training),
        {"session": session.pk, "registration": ani.pk, "status": "present"},
        headers={"HX-Request": "true"},
    )

    assert (response.status_code, response["HX-Redirect"]) == (
        204,
        page_url(session.training, session=session.pk),
    )
    assert messages_of(client.get(response["HX-Redirect"])) == [
        "Ani Lestari berstatus “Dibatalkan”: kehadiran hanya dicatat untuk peserta yang terdaftar."
    ]
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("asked", ["abc", "999999"])
def test_page_ignores_a_session_that_is_not_the_trainings(client, world, session, asked):
    client.force_login(world.barut_staff)

    response = client.get(page_url(session.training, session=asked))

    assert (response.status_code, response.context["session"]) == (200, session)
