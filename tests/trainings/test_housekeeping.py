"""``manage.py housekeeping`` (trainings/housekeeping.py): its export step deletes the jobs
and files older than ``PILAR_EXPORT_RETENTION_DAYS`` and keeps the rest; ``--dry-run``
deletes nothing; a task finishing after its job was deleted keeps no file."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from tests.reports import stored_files
from trainings.housekeeping import STEPS
from trainings.models import ExportJob
from trainings.reports import jobs
from trainings.reports.registry import EXPORTS, Export, ExportKind
from trainings.reports.sheets import Table

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_steps_are_listed_for_later_issues_to_extend():
    assert [step.name for step in STEPS] == ["exports"]


def _stored_job(user, organization, *, days_old: int, name: str) -> ExportJob:
    job = ExportJob.objects.create(
        user=user,
        organization=organization,
        kind="attendance",
        params={},
        format="xlsx",
        status="done",
        file=default_storage.save(f"exports/{name}.xlsx", ContentFile(b"x")),
        filename=f"{name}.xlsx",
        finished_at=timezone.now(),
    )
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_old, minutes=1)
    )
    return job


def test_housekeeping_deletes_old_exports_and_keeps_new_ones(world, capsys):
    old = _stored_job(world.barut_staff, world.barut, days_old=7, name="lama")
    failed = ExportJob.objects.create(
        user=None, kind="attendance", format="csv", status="failed", finished_at=timezone.now()
    )
    ExportJob.objects.filter(pk=failed.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    new = _stored_job(world.barut_staff, world.barut, days_old=6, name="baru")

    call_command("housekeeping", "--dry-run")
    dry = capsys.readouterr().out
    kept_by_dry_run = (
        sorted(ExportJob.objects.values_list("pk", flat=True)),
        sorted(default_storage.listdir("exports")[1]),
    )
    call_command("housekeeping")
    real = capsys.readouterr().out

    assert dry == (
        "Ekspor: 2 pekerjaan dan 1 berkas lebih tua dari 7 hari akan dihapus "
        "(uji coba, tidak ada yang dihapus).\n"
    )
    assert kept_by_dry_run == (sorted([old.pk, failed.pk, new.pk]), ["baru.xlsx", "lama.xlsx"])
    assert real == "Ekspor: 2 pekerjaan dan 1 berkas lebih tua dari 7 hari dihapus.\n"
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [new.pk]
    assert default_storage.listdir("exports")[1] == ["baru.xlsx"]


def test_housekeeping_follows_the_retention_setting(world, settings, capsys):
    settings.PILAR_EXPORT_RETENTION_DAYS = 30
    _stored_job(world.barut_staff, world.barut, days_old=7, name="lama")

    call_command("housekeeping")

    assert capsys.readouterr().out == (
        "Ekspor: 0 pekerjaan dan 0 berkas lebih tua dari 30 hari dihapus.\n"
    )
    assert ExportJob.objects.count() == 1


def test_a_job_deleted_while_its_file_was_written_leaves_no_file(world, monkeypatch, settings):
    def rows():
        ExportJob.objects.filter(kind="probe").delete()  # housekeeping, meanwhile
        yield [1]

    def probe(user, params):
        return Export(filename="uji", rows=1, tables=[Table("Uji", ["No."], rows())])

    monkeypatch.setitem(EXPORTS, "probe", ExportKind(label="Uji", open=probe))
    job = jobs.export_job_create(
        user=world.barut_staff, kind="probe", params={}, fmt="xlsx", rows_expected=1
    )

    outcome = jobs.run_export_job.call(job_id=job.pk)

    assert outcome == "deleted"
    assert stored_files(settings) == []
