"""manage.py housekeeping [--dry-run]

Clean-up that runs on a schedule (daily from cron or a systemd timer, README
"Production"): the steps of ``trainings.housekeeping.STEPS``, today deleting
export files and their jobs older than ``PILAR_EXPORT_RETENTION_DAYS``. Prints
one line per step; ``--dry-run`` only says what it would delete.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from trainings.housekeeping import housekeeping


class Command(BaseCommand):
    help = _(
        "Membersihkan data yang sudah kedaluwarsa (berkas ekspor lama). Jalankan tiap hari "
        "dari cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Hanya menghitung apa yang akan dihapus; tidak ada yang dihapus."),
        )

    def handle(self, *args, **options):
        for line in housekeeping(now=timezone.now(), dry_run=options["dry_run"]):
            self.stdout.write(line)
