from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participants.models import Region


class Organization(models.Model):
    """An agency or partner that organises trainings and issues certificates.

    ``certificate_number_pattern`` is a Python format string over ``seq``,
    ``code``, ``month_roman`` and ``year`` (Tata Naskah Dinas style, e.g.
    ``{seq:03d}/STTP/{code}/{month_roman}/{year}``).
    """

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Kementerian Sosial")
        BBPPKS = "bbppks", _("BBPPKS / balai diklat")
        DINSOS_PROVINCE = "dinsos_province", _("Dinas Sosial provinsi")
        DINSOS_REGENCY = "dinsos_regency", _("Dinas Sosial kabupaten/kota")
        OTHER = "other", _("Lainnya")

    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    code = models.SlugField(
        _("kode"), max_length=40, unique=True, help_text=_("Dipakai dalam nomor sertifikat.")
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
        help_text=_("Provinsi atau kabupaten/kota lembaga; kosong untuk tingkat nasional."),
    )
    letterhead = models.TextField(
        _("kop surat"), blank=True, help_text=_("Satu baris per baris kop, dari atas ke bawah.")
    )
    logo = models.ImageField(_("logo"), upload_to="organizations/logos/", blank=True)
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    certificate_number_pattern = models.CharField(
        _("pola nomor sertifikat"),
        max_length=120,
        default="{seq:03d}/STTP/{code}/{month_roman}/{year}",
    )
    signatory_name = models.CharField(_("nama penandatangan"), max_length=150, blank=True)
    signatory_position = models.CharField(_("jabatan penandatangan"), max_length=150, blank=True)
    signatory_nip = models.CharField(_("NIP penandatangan"), max_length=18, blank=True)

    class Meta:
        verbose_name = _("lembaga")
        verbose_name_plural = _("lembaga")
        constraints = [
            models.CheckConstraint(
                name="organization_signatory_nip_empty_or_18_digits",
                condition=Q(signatory_nip="") | Q(signatory_nip__regex=r"^[0-9]{18}$"),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Membership(models.Model):
    """A staff user's place: one organisation and one role (its group).

    A regency operator also names the regency whose quota cells they fill —
    database: ``membership_operator_has_region``.
    """

    class Role(models.TextChoices):
        AGENCY_ADMIN = "agency_admin", _("Admin dinas")
        TRAINING_STAFF = "training_staff", _("Staf pelatihan")
        REGENCY_OPERATOR = "regency_operator", _("Operator kabupaten/kota")
        SUPERVISOR = "supervisor", _("Supervisor")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("lembaga"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operators",
        help_text=_("Wajib untuk operator kabupaten/kota."),
    )

    class Meta:
        verbose_name = _("keanggotaan staf")
        verbose_name_plural = _("keanggotaan staf")
        constraints = [
            models.CheckConstraint(
                name="membership_operator_has_region",
                condition=~Q(role="regency_operator") | Q(region__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"
