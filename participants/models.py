"""Who people are: regions, the pilar sosial roles, participants and the registry.

Where each invariant lives (tests in tests/participants/test_models.py):

* one Participant per NIK — database: ``participant_nik_unique``;
* a NIK is 16 ASCII digits — database: ``participant_nik_16_digits`` (its
  calendar and serial rules live in ``participants.nik``, used by every form);
* one registry row per person and role — database: ``roleheld_participant_role_unique``;
* region codes have the shape of their level and link to their parent —
  database checks on Region, and ``load_regions`` loads only the official list.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from participants.nik import mask_nik
from participants.permissions import VIEW_FULL_NIK_CODENAME

ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


def zone_label(zone_name: str) -> str:
    return ZONE_LABELS.get(zone_name, zone_name)


class Region(models.Model):
    """A Kemendagri region, from the official list shipped in participants/data/regions.

    The dotted code is the key (``62``, ``62.05``, ``62.05.05``, ``62.05.05.1014``):
    foreign keys read as codes, and a reload never renumbers anything.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten/Kota")
        DISTRICT = "district", _("Kecamatan")
        VILLAGE = "village", _("Desa/Kelurahan")

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Desa")
        DESA_ADAT = "desa_adat", _("Desa adat")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, blank=True)
    timezone = models.CharField(
        _("zona waktu"), max_length=32, choices=TimeZone.choices, blank=True
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        constraints = [
            models.CheckConstraint(
                name="region_code_matches_level",
                condition=(
                    Q(level="province", code__regex=r"^[0-9]{2}$", parent__isnull=True)
                    | Q(level="regency", code__regex=r"^[0-9]{2}\.[0-9]{2}$", parent__isnull=False)
                    | Q(
                        level="district",
                        code__regex=r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$",
                        parent__isnull=False,
                    )
                    | Q(
                        level="village",
                        code__regex=r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$",
                        parent__isnull=False,
                    )
                ),
            ),
            models.CheckConstraint(
                name="region_timezone_only_on_provinces",
                condition=Q(level="province", timezone__in=TimeZone.values)
                | (~Q(level="province") & Q(timezone="")),
            ),
        ]
        indexes = [
            # Dependent selects: the children of one region, by name.
            models.Index(fields=["parent", "name"], name="region_children_by_name"),
            # Autocomplete: case-insensitive prefix search within a level.
            models.Index("level", Upper("name"), name="region_level_upper_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def regency_code(self) -> str | None:
        return self.code[:5] if len(self.code) >= 5 else None


class SocialRole(models.Model):
    """A pilar sosial role: the 12 PSKS of Permensos 08/2012 and the program companions.

    Seeded by ``participants.seeding.ensure_social_roles`` (a data migration and
    the test fixtures both call it); staff may edit names and descriptions.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("Perorangan")
        INSTITUTION = "institution", _("Lembaga")
        FAMILY = "family", _("Keluarga")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    abbreviation = models.CharField(_("singkatan"), max_length=30)
    name = models.CharField(_("nama"), max_length=150)
    description = models.TextField(_("keterangan"), blank=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    is_psks = models.BooleanField(_("PSKS (Permensos 08/2012)"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("unsur pilar sosial")
        verbose_name_plural = _("unsur pilar sosial")
        ordering = ["sort_order", "name"]  # a small table: always shown in this order

    def __str__(self) -> str:
        if self.abbreviation and self.abbreviation != self.name:
            return f"{self.abbreviation} — {self.name}"
        return self.name


class RoleGroup(models.Model):
    """A named set of roles, e.g. "Pendamping sosial" = RS-RTLH + UEP-P + Sembako.

    Quotas reserve seats for a role group (see ``trainings.Quota``); keeping the
    set as a row lets the database hold "one quota per training, region and
    role set".
    """

    name = models.CharField(_("nama"), max_length=100, unique=True)
    roles = models.ManyToManyField(SocialRole, verbose_name=_("unsur"), related_name="groups")

    class Meta:
        verbose_name = _("kelompok unsur")
        verbose_name_plural = _("kelompok unsur")

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Participant(models.Model):
    """One human, keyed by NIK, across all trainings (that is what makes history possible).

    The public form never overwrites the identity fields (name, birth date,
    sex) of an existing person; see ``trainings.services``.
    """

    nik = models.CharField(_("NIK"), max_length=16)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    phone = models.CharField(
        _("nomor HP"), max_length=16, blank=True, help_text=_("Disimpan dalam format +628…")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("domisili"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
        help_text=_("Kecamatan atau desa/kelurahan tempat tinggal."),
    )
    organization_unit = models.CharField(
        _("lembaga/unit"),
        max_length=150,
        blank=True,
        help_text=_("Mis. nama LKS atau Karang Taruna."),
    )
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    rank = models.CharField(_("pangkat/golongan"), max_length=60, blank=True)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        permissions = [(VIEW_FULL_NIK_CODENAME, _("Dapat melihat NIK lengkap"))]
        constraints = [
            models.UniqueConstraint(fields=["nik"], name="participant_nik_unique"),
            models.CheckConstraint(
                name="participant_nik_16_digits", condition=Q(nik__regex=r"^[0-9]{16}$")
            ),
            models.CheckConstraint(
                name="participant_nip_empty_or_18_digits",
                condition=Q(nip="") | Q(nip__regex=r"^[0-9]{18}$"),
            ),
            models.CheckConstraint(
                name="participant_phone_empty_or_e164",
                condition=Q(phone="") | Q(phone__regex=r"^\+[1-9][0-9]{7,14}$"),
            ),
        ]
        indexes = [
            # Staff search by name (prefix, case-insensitive).
            models.Index(Upper("full_name"), name="participant_upper_name"),
            models.Index(fields=["phone"], name="participant_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.masked_nik})"

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)


class RoleHeld(models.Model):
    """The pilar sosial registry: a person appointed to a role, with the decree (SK)."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("peserta"), on_delete=models.CASCADE, related_name="roles_held"
    )
    role = models.ForeignKey(
        SocialRole, verbose_name=_("unsur"), on_delete=models.PROTECT, related_name="holders"
    )
    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    year_appointed = models.PositiveSmallIntegerField(
        _("tahun pengangkatan"), null=True, blank=True
    )
    duty_region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah tugas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_holders",
    )
    active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("registri pilar sosial")
        verbose_name_plural = _("registri pilar sosial")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "role"], name="roleheld_participant_role_unique"
            ),
            models.CheckConstraint(
                name="roleheld_year_plausible",
                condition=Q(year_appointed__isnull=True)
                | Q(year_appointed__gte=1950, year_appointed__lte=2100),
            ),
        ]
        indexes = [
            # Coverage reports: active holders of a role by duty region.
            models.Index(fields=["role", "active", "duty_region"], name="roleheld_coverage"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.full_name} — {self.role.abbreviation}"
