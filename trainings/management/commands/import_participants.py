"""manage.py import_participants <file.xlsx> [--organization CODE] [--dry-run] [--user NAME]

Loads or updates the pilar sosial registry (people, roles held, SK, duty
region, active) from an Excel file (``trainings.imports.registry``); all or
nothing. With ``--organization`` regions must lie in that agency's region.
``--template OUT.xlsx`` writes the empty template instead.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trainings.imports.cli import add_common_arguments, run_import, write_template
from trainings.models import Organization


class Command(BaseCommand):
    help = _(
        "Mengimpor registri pilar sosial (orang, unsur, SK, wilayah tugas, aktif) dari berkas "
        "Excel (.xlsx). Data diri orang yang sudah ada tidak diubah."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help=_("Berkas .xlsx"))
        parser.add_argument(
            "--organization",
            metavar="CODE",
            help=_("Kode lembaga: wilayah di berkas harus berada di wilayah lembaga ini."),
        )
        add_common_arguments(parser)

    def handle(self, *args, **options):
        if options["template"]:
            write_template(self, "participants", options["template"])
            return
        if not options["file"]:
            raise CommandError(_("Sebutkan berkas .xlsx (atau --template)."))
        organization = None
        if options["organization"]:
            organization = Organization.objects.filter(code=options["organization"]).first()
            if organization is None:
                raise CommandError(
                    _("Lembaga dengan kode %(code)s tidak ada.") % {"code": options["organization"]}
                )
        run_import(
            self,
            kind="participants",
            path=options["file"],
            options=options,
            organization=organization,
        )
