"""Notification e-mails: rendered in the participant's language and the training's
zone, sent by the task (Django's locmem backend here), never from the request.

The tasks run with ``.call()`` (synchronously, in the test's transaction); the
worker process itself is exercised in tests/test_worker.py.
"""

from __future__ import annotations

import datetime

import pytest
from django.test.signals import template_rendered
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from participants.models import Region
from tests.factories import RegistrationFactory, TrainingFactory
from trainings.models import Registration
from trainings.notifications import send_registration_notice, send_training_cancelled
from trainings.services.registrations import training_cancel

TITLE = "Bimbingan Teknis Pendamping Sosial RS-RTLH, UEP-P dan Sembako"
ORGANIZER = "Dinas Sosial Provinsi Kalimantan Selatan"
VENUE = "Aula Dinas Sosial Provinsi"
DATES_ID = "Kamis–Jumat, 10–11 Desember 2026 · WITA"
DATES_EN = "Thursday–Friday, 10–11 December 2026 · WITA"
ADDRESS = "Banjarmasin Selatan, Kota Banjarmasin, Kalimantan Selatan"
FROM = "Pilar <noreply@pilar.invalid>"
CALENDAR_NOTE = (
    "Jadwal pelatihan terlampir sebagai berkas kalender (.ics): bukalah untuk "
    "menambahkannya ke kalender Anda."
)


def tr(language: str, message: str, **values: str) -> str:
    """``message`` (an Indonesian msgid) as the e-mail templates translate it."""
    with translation.override(language):
        text = gettext(message)
    return text % values if values else text


def expected_body(
    *,
    name: str,
    message: str,
    code: str,
    dates: str = DATES_ID,
    language: str = "id",
    calendar: bool = False,
) -> str:
    label = {
        text: tr(language, text)
        for text in ("Pelatihan", "Penyelenggara", "Tanggal", "Tempat", "Alamat")
    }
    calendar_note = f"{tr(language, CALENDAR_NOTE)}\n" if calendar else ""
    return (
        f"{tr(language, 'Yth. %(name)s,', name=name)}\n\n{message}\n\n"
        f"{label['Pelatihan']}: {TITLE}\n{label['Penyelenggara']}: {ORGANIZER}\n"
        f"{label['Tanggal']}: {dates}\n{label['Tempat']}: {VENUE}\n"
        f"{label['Alamat']}: {ADDRESS}\n"
        f"{tr(language, 'Kode pendaftaran')}: {code}\n\n"
        f"{tr(language, 'Status dan pembatalan')}: "
        f"https://pilar.example.org/registrations/{code}/\n{calendar_note}\n"
        f"{tr(language, 'Pesan ini dikirim otomatis oleh Pilar.')}\n\n"
    )


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.PILAR_SITE_URL = "https://pilar.example.org"


@pytest.fixture
def training(regions):
    """The Kalsel bimtek (WITA), in December 2026."""
    return TrainingFactory(
        title=TITLE,
        organizer__name=ORGANIZER,
        organizer__region=Region.objects.get(code="63"),
        venue_name=VENUE,
        venue_region=Region.objects.get(code="63.71.01"),  # Banjarmasin Selatan
        starts_on=datetime.date(2026, 12, 10),
        ends_on=datetime.date(2026, 12, 11),
        slug="pelatihan-kalsel",
    )


@pytest.fixture
def registration(training, roles):
    return RegistrationFactory(
        training=training,
        participant__full_name="Siti Rahmah",
        email="siti.rahmah@example.org",
        code="K7M2QX9D",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "status", "subject", "message", "calendar"),
    [
        (
            "received",
            "confirmed",
            "Pendaftaran diterima",
            "Pendaftaran Anda diterima dan kursi Anda sudah tersedia.",
            True,
        ),
        (
            "received",
            "pending",
            "Pendaftaran menunggu persetujuan",
            "Pendaftaran Anda kami terima dan menunggu persetujuan panitia.",
            False,
        ),
        (
            "received",
            "waitlisted",
            "Anda masuk daftar tunggu",
            "Kursi sudah penuh; Anda masuk daftar tunggu. Kami kabari bila ada kursi kosong.",
            False,
        ),
        (
            "code_reminder",
            "confirmed",
            "Kode pendaftaran Anda",
            "NIK Anda sudah terdaftar pada pelatihan ini. Berikut kode pendaftaran Anda.",
            False,
        ),
        (
            "confirmed",
            "confirmed",
            "Pendaftaran dikonfirmasi",
            "Panitia telah mengonfirmasi pendaftaran Anda.",
            True,
        ),
        (
            "waitlisted",
            "waitlisted",
            "Anda masuk daftar tunggu",
            "Panitia menempatkan Anda di daftar tunggu. Kami kabari bila ada kursi kosong.",
            False,
        ),
        (
            "promoted",
            "confirmed",
            "Anda mendapat kursi",
            "Ada kursi kosong dan kini menjadi milik Anda: pendaftaran Anda terkonfirmasi.",
            True,
        ),
        (
            "rejected",
            "rejected",
            "Pendaftaran tidak diterima",
            "Mohon maaf, pendaftaran Anda tidak diterima. Alasan: Kuota kabupaten sudah penuh.",
            False,
        ),
        (
            "cancelled",
            "cancelled",
            "Pendaftaran dibatalkan",
            "Pendaftaran Anda telah dibatalkan.",
            False,
        ),
    ],
)
def test_each_notice_kind_is_sent_in_indonesian(
    registration, mailoutbox, kind, status, subject, message, calendar
):
    Registration.objects.filter(pk=registration.pk).update(
        status=status,
        waitlist_position=1 if status == "waitlisted" else None,
        decision_reason="Kuota kabupaten sudah penuh." if status == "rejected" else "",
    )

    sent = send_registration_notice.call(registration_id=registration.pk, kind=kind)

    assert sent is True
    assert [
        (m.subject, m.body, m.to, m.from_email, [a.get_filename() for a in m.attachments])
        for m in mailoutbox
    ] == [
        (
            f"{subject}: {TITLE}",
            expected_body(name="Siti Rahmah", message=message, code="K7M2QX9D", calendar=calendar),
            ["siti.rahmah@example.org"],
            FROM,
            ["pelatihan-kalsel.ics"] if calendar else [],
        )
    ]


@pytest.mark.django_db
def test_notice_follows_the_registrations_language_and_leaves_the_callers_alone(
    registration, mailoutbox
):
    Registration.objects.filter(pk=registration.pk).update(language="en")

    with translation.override("id"):
        send_registration_notice.call(registration_id=registration.pk, kind="confirmed")
        language_after = translation.get_language()

    assert [(m.subject, m.body) for m in mailoutbox] == [
        (
            f"{tr('en', 'Pendaftaran dikonfirmasi')}: {TITLE}",
            expected_body(
                name="Siti Rahmah",
                message=tr("en", "Panitia telah mengonfirmasi pendaftaran Anda."),
                code="K7M2QX9D",
                dates=DATES_EN,
                language="en",
                calendar=True,
            ),
        )
    ]
    assert language_after == "id"


@pytest.mark.django_db
def test_notice_is_rendered_in_the_trainings_zone_and_the_participants_language(registration):
    """Times in a notice read in the training's zone (WITA here), whatever the
    server's zone (WIB) and whatever language the worker process runs in."""
    seen = []

    def record(sender, template, context, **kwargs):
        seen.append(
            (template.name, translation.get_language(), timezone.get_current_timezone_name())
        )

    Registration.objects.filter(pk=registration.pk).update(language="en")
    template_rendered.connect(record)
    try:
        send_registration_notice.call(registration_id=registration.pk, kind="confirmed")
    finally:
        template_rendered.disconnect(record)

    assert seen == [
        ("trainings/email/notice_subject.txt", "en", "Asia/Makassar"),
        ("trainings/email/notice_body.txt", "en", "Asia/Makassar"),
    ]
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"


@pytest.mark.django_db
def test_notice_goes_to_the_participants_address_when_the_registration_has_none(
    training, roles, mailoutbox
):
    registration = RegistrationFactory(
        training=training, email="", participant__email="arif@example.org", code="A1B2C3D4"
    )

    sent = send_registration_notice.call(registration_id=registration.pk, kind="confirmed")

    assert (sent, [m.to for m in mailoutbox]) == (True, [["arif@example.org"]])


@pytest.mark.django_db
def test_no_email_on_file_sends_nothing(training, roles, mailoutbox):
    registration = RegistrationFactory(training=training, email="", participant__email="")

    sent = send_registration_notice.call(registration_id=registration.pk, kind="confirmed")

    assert (sent, mailoutbox) == (False, [])


@pytest.mark.django_db
def test_cancelling_a_training_writes_to_every_affected_registration(training, roles, mailoutbox):
    people = [
        RegistrationFactory(
            training=training,
            participant__full_name=name,
            email=email,
            status=status,
            waitlist_position=position,
            language=language,
        )
        for name, email, status, position, language in [
            ("Siti Rahmah", "siti@example.org", "confirmed", None, "id"),
            ("Bayu Pratama", "bayu@example.org", "waitlisted", 1, "en"),
            ("Nur Aisyah", "", "confirmed", None, "id"),  # no e-mail on file
            ("Rudi Hartono", "rudi@example.org", "cancelled", None, "id"),  # not affected
        ]
    ]

    cancelled = training_cancel(actor=None, training=training, reason="Anggaran dialihkan.")
    queued = DBTaskResult.objects.get(task_path__endswith=".send_training_cancelled")
    sent = send_training_cancelled.call(**queued.args_kwargs["kwargs"])

    assert (cancelled, sent) == (3, 2)
    assert sorted(queued.args_kwargs["kwargs"]["registration_ids"]) == [p.pk for p in people[:3]]
    reason = "Anggaran dialihkan."
    message = "Mohon maaf, pelatihan ini dibatalkan oleh penyelenggara. Alasan: %(reason)s"
    assert sorted((m.to, m.subject, m.body) for m in mailoutbox) == [
        (
            ["bayu@example.org"],
            f"{tr('en', 'Pelatihan dibatalkan')}: {TITLE}",
            expected_body(
                name="Bayu Pratama",
                message=tr("en", message, reason=reason),
                code=people[1].code,
                dates=DATES_EN,
                language="en",
            ),
        ),
        (
            ["siti@example.org"],
            f"Pelatihan dibatalkan: {TITLE}",
            expected_body(
                name="Siti Rahmah", message=tr("id", message, reason=reason), code=people[0].code
            ),
        ),
    ]
