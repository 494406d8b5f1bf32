"""What the two import commands share: options, the template, printing a plan, applying."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trainings.imports.jobs import apply_plan, plan_file
from trainings.imports.problems import INFO, WARNING
from trainings.imports.workbook import build_template
from trainings.models import Organization, Registration, Training


def add_common_arguments(parser) -> None:
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=_("Hanya memeriksa berkas; tidak ada yang disimpan."),
    )
    parser.add_argument(
        "--template",
        metavar="OUT.xlsx",
        help=_("Tulis templat kosong ke berkas ini lalu selesai."),
    )
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help=_("Pengguna yang dicatat di jejak audit sebagai pelaku impor."),
    )


def write_template(command: BaseCommand, kind: str, path: str) -> None:
    Path(path).write_bytes(build_template(kind))
    command.stdout.write(command.style.SUCCESS(_("Templat ditulis ke %(path)s.") % {"path": path}))


def actor_for(username: str | None):
    if not username:
        return None
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise CommandError(_("Pengguna %(name)s tidak ada.") % {"name": username})
    return user


def run_import(
    command: BaseCommand,
    *,
    kind: str,
    path: str,
    options: dict,
    training: Training | None = None,
    organization: Organization | None = None,
) -> None:
    """Validate ``path``; print every error (exit 1, nothing written) or apply it and
    print the counts. Warnings are always printed, remarks with ``-v 2``."""
    actor = actor_for(options.get("user"))
    try:
        with Path(path).open("rb") as file:
            # No scope: whoever runs a management command holds the database already.
            plan = plan_file(
                kind=kind, file=file, user=None, training=training, organization=organization
            )
    except OSError as error:
        raise CommandError(
            _("Berkas %(path)s tidak dapat dibuka: %(error)s")
            % {"path": path, "error": error.strerror}
        ) from None
    verbosity = options.get("verbosity", 1)
    for note in plan.notes:
        if note.level == WARNING or (note.level == INFO and verbosity >= 2):
            prefix = _("Peringatan") if note.level == WARNING else _("Catatan")
            command.stdout.write(f"{prefix}: {note}")
    if not plan.is_valid:
        for problem in plan.errors:
            command.stderr.write(str(problem))
        raise CommandError(
            _("Berkas tidak valid: %(count)d kesalahan. Tidak ada yang disimpan.")
            % {"count": len(plan.errors)}
        )
    if options.get("dry_run"):
        command.stdout.write(
            command.style.SUCCESS(
                _(
                    "Berkas valid: %(total)d baris siap diimpor (%(created)d baru, "
                    "%(updated)d diperbarui, %(unchanged)d tidak berubah). Tidak ada yang "
                    "disimpan (--dry-run)."
                )
                % _counts(plan)
            )
        )
        return
    outcome = apply_plan(
        kind=kind, plan=plan, actor=actor, training=training, organization=organization
    )
    command.stdout.write(
        command.style.SUCCESS(
            _(
                "Selesai: %(total)d baris; %(created)d baru, %(updated)d diperbarui, "
                "%(unchanged)d tidak berubah."
            )
            % {
                "total": plan.total,
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
            }
        )
    )
    for status, count in sorted(outcome.summary.items()):
        command.stdout.write(f"  {Registration.Status(status).label}: {count}")


def _counts(plan) -> dict[str, int]:
    return {
        "total": plan.total,
        "created": plan.created,
        "updated": plan.updated,
        "unchanged": plan.unchanged,
    }
