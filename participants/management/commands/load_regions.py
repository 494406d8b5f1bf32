import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from participants.models import Region
from participants.regions import load_regions


class Command(BaseCommand):
    help = _(
        "Memuat wilayah resmi Kemendagri (provinsi, kabupaten/kota, kecamatan; dengan "
        "--villages juga desa/kelurahan). Aman dijalankan berulang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--villages", action="store_true", help=_("Muat juga 83.762 desa/kelurahan.")
        )

    def handle(self, *args, villages: bool, **options):
        labels = dict(Region.Level.choices)
        started = time.monotonic()

        def progress(level: str, done: int) -> None:
            if options["verbosity"] >= 2 or done % 20000 == 0:
                self.stdout.write(f"  {labels[level]}: {done:,}".replace(",", "."))

        result = load_regions(villages=villages, progress=progress)
        summary = ", ".join(
            f"{count:,} {labels[level].lower()}".replace(",", ".")
            for level, count in result.counts.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Wilayah dimuat: %(summary)s; %(created)s baru; %(seconds).1f detik.")
                % {
                    "summary": summary,
                    "created": result.created,
                    "seconds": time.monotonic() - started,
                }
            )
        )
