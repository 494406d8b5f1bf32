"""The task worker: a slow or dead mail server never slows a registration.

A fake SMTP server on 127.0.0.1 accepts connections and never answers (a hung
mail server). A registration commits without contacting it — the notice waits
on the queue — and only the worker (``manage.py db_worker``, as `make run` and
production run it) connects, gives up after ``EMAIL_TIMEOUT`` and records the
task as failed, leaving the registration as it was.

``transaction=True``: the registration must really commit, and the worker
closes and reopens connections between tasks, which a test transaction would
not survive.
"""

from __future__ import annotations

import datetime
import socket
import threading

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from participants.nik import build_nik
from tests.factories import TrainingFactory
from trainings.models import Registration
from trainings.services.registrations import PersonDetails, registration_submit

# WhiteNoise warns at start-up that STATIC_ROOT (var/staticfiles) does not exist;
# tests never collect static files. To go once settings stop the warning.

NOTICE_TASK = "trainings.notifications.send_registration_notice"


class SilentSMTPServer:
    """Listens on 127.0.0.1, accepts and counts connections, never sends a byte."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)  # so the thread notices when to stop
        self.port = self._listener.getsockname()[1]
        self._accepted: list[socket.socket] = []
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="silent-smtp", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _address = self._listener.accept()
            except TimeoutError:
                continue
            with self._changed:
                self._accepted.append(conn)  # kept open, never answered
                self._changed.notify_all()

    @property
    def connections(self) -> int:
        with self._changed:
            return len(self._accepted)

    def wait_for_connections(self, count: int) -> int:
        """Wait (a bounded while) until ``count`` connections were accepted; the count."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._accepted) >= count, timeout=10)
            return len(self._accepted)

    def close(self) -> None:
        self._stopping.set()
        self._thread.join()
        self._listener.close()
        for conn in self._accepted:
            conn.close()


@pytest.fixture
def silent_smtp(settings):
    server = SilentSMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    yield server
    server.close()


@pytest.fixture
def training(regions, roles):
    return TrainingFactory(slug="pelatihan-barut-2026", eligible_roles=[roles["tksk"]])


def _submit(training, roles) -> Registration:
    person = PersonDetails(
        nik=build_nik(
            district_code="62.05.05", birth_date=datetime.date(1990, 3, 14), sex="P", serial=17
        ),
        full_name="Siti Rahmah",
        sex="P",
        birth_date=datetime.date(1990, 3, 14),
        birth_place="Muara Teweh",
        phone="+6281234567890",
        email="siti.rahmah@example.org",
        home_region_id="62.05.05",
    )
    result = registration_submit(
        actor=None,
        training=training,
        person=person,
        role=roles["tksk"],
        region_represented=None,
        consent=True,
    )
    return result.registration


def _seen_from_another_connection(pk: int) -> list[tuple[str, str]]:
    """The registration as a separate database connection sees it: committed or not."""
    rows: list[tuple[str, str]] = []

    def read() -> None:
        try:
            rows.extend(Registration.objects.filter(pk=pk).values_list("code", "status"))
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    return rows


def _snapshot(pk: int) -> dict:
    return Registration.objects.filter(pk=pk).values(
        "status", "code", "quota_id", "waitlist_position", "email", "updated_at"
    )[0]


@pytest.mark.django_db(transaction=True)
def test_a_dead_mail_server_never_slows_a_registration(training, roles, silent_smtp, run_worker):
    registration = _submit(training, roles)

    # The request's work is done and committed, and nobody has called the mail server.
    assert _seen_from_another_connection(registration.pk) == [(registration.code, "confirmed")]
    assert silent_smtp.connections == 0
    assert list(DBTaskResult.objects.values_list("task_path", "status", "args_kwargs")) == [
        (
            NOTICE_TASK,
            "READY",
            {"args": [], "kwargs": {"registration_id": registration.pk, "kind": "received"}},
        )
    ]
    before = _snapshot(registration.pk)

    run_worker()

    # The worker called once, waited EMAIL_TIMEOUT for a greeting that never came,
    # recorded the failure and exited; the registration is untouched.
    task = DBTaskResult.objects.get()
    assert silent_smtp.wait_for_connections(1) == 1
    assert (task.status, task.exception_class_path) == (
        "FAILED",
        "smtplib.SMTPServerDisconnected",
    )
    assert "timed out" in task.traceback
    assert _snapshot(registration.pk) == before


@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_queued_notice(training, roles, mailoutbox, run_worker):
    registration = _submit(training, roles)
    assert mailoutbox == []  # nothing is sent by the registration itself

    run_worker()

    task = DBTaskResult.objects.get()
    assert (task.task_path, task.status, task.return_value) == (NOTICE_TASK, "SUCCESSFUL", True)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["siti.rahmah@example.org"], f"Pendaftaran diterima: {training.title}")
    ]
    assert registration.code in mailoutbox[0].body
