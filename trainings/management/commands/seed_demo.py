import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trainings.demo import DEMO_PASSWORD, DemoError, seed_demo


class Command(BaseCommand):
    help = _(
        "Membuat ulang data demo: dua pelatihan nyata (Barito Utara 2025, "
        "Kalsel 2024) beserta edisi berikutnya, registri pilar sosial dan login demo. "
        "Aman dijalankan berulang. Perlu `load_regions` lebih dulu."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=_(
                "Jalankan juga tanpa DJANGO_DEBUG (mis. server uji). Login demo memakai kata "
                "sandi yang dipublikasikan."
            ),
        )

    def handle(self, *args, **options):
        # The demo logins' password is published in the README: a production server
        # must not get them by accident.
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                _(
                    "seed_demo membuat login dengan kata sandi demo yang dipublikasikan, jadi "
                    "hanya berjalan dengan DJANGO_DEBUG=1. Jika memang disengaja (server uji), "
                    "tambahkan --allow-production."
                )
            )
        started = time.monotonic()
        try:
            result = seed_demo()
        except DemoError as error:
            raise CommandError(error.message) from error

        self.stdout.write(
            self.style.SUCCESS(
                _("Data demo siap: %(trainings)s pelatihan, %(people)s orang; %(seconds).1f detik.")
                % {
                    "trainings": len(result.trainings),
                    "people": result.participants,
                    "seconds": time.monotonic() - started,
                }
            )
        )
        for training in result.trainings:
            self.stdout.write(
                f"  {training.starts_on:%d-%m-%Y}  {training.slug}  "
                f"({training.seats_taken}/{training.capacity})"
            )

        header = (_("Peran"), _("Nama pengguna"), _("Kata sandi"), _("Lembaga"), _("Halaman"))
        rows = [
            (
                login.persona,
                login.username,
                DEMO_PASSWORD if login.demo_password else _("(tidak diubah)"),
                login.organization,
                login.area,
            )
            for login in result.logins
        ]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write(_("Login demo (hanya untuk pengembangan; ganti di server sungguhan):"))
        for row in [header, *rows]:
            cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
