"""manage.py import_registrations <training-slug> <file.xlsx> [--dry-run] [--user NAME]

Registers the people of an Excel file for a training, by the same seat rule as
the public form (``trainings.imports.registrations``); all or nothing.
``--template OUT.xlsx`` writes the empty template instead.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trainings.imports.cli import add_common_arguments, run_import, write_template
from trainings.models import Training


class Command(BaseCommand):
    help = _(
        "Mengimpor pendaftaran peserta sebuah pelatihan dari berkas Excel (.xlsx). Semua baris "
        "diperiksa lebih dulu; bila ada yang salah, tidak ada yang disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("training", nargs="?", help=_("Slug pelatihan"))
        parser.add_argument("file", nargs="?", help=_("Berkas .xlsx"))
        add_common_arguments(parser)

    def handle(self, *args, **options):
        if options["template"]:
            write_template(self, "registrations", options["template"])
            return
        if not options["training"] or not options["file"]:
            raise CommandError(_("Sebutkan slug pelatihan dan berkas .xlsx (atau --template)."))
        training = (
            Training.objects.select_related("organizer").filter(slug=options["training"]).first()
        )
        if training is None:
            raise CommandError(
                _("Pelatihan dengan slug %(slug)s tidak ada.") % {"slug": options["training"]}
            )
        run_import(
            self, kind="registrations", path=options["file"], options=options, training=training
        )
