from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from participants.models import Participant, Region, RoleGroup, SocialRole
from trainings.models.organizations import Organization
from trainings.models.trainings import Session, Training

CROCKFORD_CODE_REGEX = r"^[0-9A-HJKMNP-TV-Z]{8}$"


class Quota(models.Model):
    """Seats of a training reserved for a region and/or a set of roles.

    A blank region or role group means "any". The region is a regency or, for
    "the organising agency itself", the organiser's own region (a provincial
    agency's staff represent the province).

    * seats > 0 — database ``quota_seats_positive``;
    * one quota per (training, region, role group), blank meaning "any" —
      database ``quota_one_per_cell`` (``nulls_distinct=False``);
    * confirmed seats never exceed the quota — database
      ``quota_seats_taken_within_seats`` on the counter the services keep;
    * Σ seats ≤ the training's capacity — ``trainings.services`` (spans rows).
    """

    training = models.ForeignKey(
        Training, verbose_name=_("pelatihan"), on_delete=models.CASCADE, related_name="quotas"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotas",
    )
    role_group = models.ForeignKey(
        RoleGroup,
        verbose_name=_("kelompok unsur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotas",
    )
    seats = models.PositiveIntegerField(_("kursi"))
    seats_taken = models.PositiveIntegerField(_("kursi terisi"), default=0, editable=False)
    label = models.CharField(_("keterangan"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("kuota")
        verbose_name_plural = _("kuota")
        constraints = [
            models.CheckConstraint(name="quota_seats_positive", condition=Q(seats__gt=0)),
            models.CheckConstraint(
                name="quota_seats_taken_within_seats", condition=Q(seats_taken__lte=F("seats"))
            ),
            models.UniqueConstraint(
                fields=["training", "region", "role_group"],
                name="quota_one_per_cell",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        region = self.region.name if self.region_id else _("semua wilayah")
        roles = self.role_group.name if self.role_group_id else _("semua unsur")
        return f"{region} · {roles} · {self.seats}"

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_taken, 0)


class Registration(models.Model):
    """A participant's place (or wish for one) in a training.

    * one per participant per training — database
      ``registration_one_per_participant_training`` (re-registering after a
      cancellation revives the same row). Identity claims are apart: a public
      registration whose typed name or birth date does not match the NIK's stored
      person is *held* (``identity_check`` "held", status "held", no seat) until
      staff accept it as that person or reject it (``trainings.services.identity``),
      so a stranger's claim never collides with, or reveals, the person's own
      registration;
    * status "held" exactly while the identity check is "held" — database
      ``registration_held_iff_identity_held``;
    * the public code is 8 Crockford base32 characters, unique — database;
    * a waiting-list position exactly when waitlisted — database
      ``registration_position_iff_waitlisted``; positions unique per quota cell
      (open pool: quota blank) — database ``registration_waitlist_position_unique``;
    * the seat rule (which quota, full → waiting list, no overbooking) —
      ``trainings.services`` under the training's row lock;
    * a training or participant with registrations cannot be deleted (PROTECT).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        CONFIRMED = "confirmed", _("Terdaftar")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        REJECTED = "rejected", _("Ditolak")
        CANCELLED = "cancelled", _("Dibatalkan")
        HELD = "held", _("Menunggu verifikasi data")

    class IdentityCheck(models.TextChoices):
        NOT_NEEDED = "", _("Tidak perlu")
        HELD = "held", _("Menunggu verifikasi")
        ACCEPTED = "accepted", _("Diterima sebagai orang yang tercatat")
        REJECTED = "rejected", _("Ditolak")

    class Source(models.TextChoices):
        ONLINE = "online", _("Daring (formulir publik)")
        STAFF = "staff", _("Panitia")
        NOMINATION = "nomination", _("Usulan kabupaten/kota")
        IMPORT = "import", _("Impor Excel")

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("peserta"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    training = models.ForeignKey(
        Training,
        verbose_name=_("pelatihan"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    role = models.ForeignKey(
        SocialRole, verbose_name=_("unsur"), on_delete=models.PROTECT, related_name="registrations"
    )
    region_represented = models.ForeignKey(
        Region,
        verbose_name=_("mewakili wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    organization_unit = models.CharField(_("lembaga/unit"), max_length=150, blank=True)
    phone = models.CharField(_("nomor HP saat mendaftar"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail saat mendaftar"), blank=True)
    quota = models.ForeignKey(
        Quota,
        verbose_name=_("kuota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        help_text=_("Kosong: kursi umum (di luar kuota)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    waitlist_position = models.PositiveIntegerField(
        _("urutan daftar tunggu"), null=True, blank=True
    )
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("menggantikan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    code = models.CharField(_("kode pendaftaran"), max_length=8)
    # The person as typed with this registration (name, birth date, sex, birth place,
    # home region): the status page shows this, never the stored record.
    typed_identity = models.JSONField(_("data diri sesuai isian"), default=dict, blank=True)
    identity_check = models.CharField(
        _("verifikasi data diri"),
        max_length=10,
        choices=IdentityCheck.choices,
        default=IdentityCheck.NOT_NEEDED,
        blank=True,
    )
    consent_at = models.DateTimeField(_("persetujuan data pribadi"), null=True, blank=True)
    language = models.CharField(
        _("bahasa pemberitahuan"), max_length=5, choices=settings.LANGUAGES, default="id"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registration_decisions",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decision_reason = models.CharField(_("alasan"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("mendaftar pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "training"],
                condition=Q(identity_check__in=["", "accepted"]),
                name="registration_one_per_participant_training",
            ),
            models.CheckConstraint(
                name="registration_held_iff_identity_held",
                condition=Q(status="held", identity_check="held")
                | (~Q(status="held") & ~Q(identity_check="held")),
            ),
            models.UniqueConstraint(fields=["code"], name="registration_code_unique"),
            models.CheckConstraint(
                name="registration_code_crockford", condition=Q(code__regex=CROCKFORD_CODE_REGEX)
            ),
            models.CheckConstraint(
                name="registration_position_iff_waitlisted",
                condition=Q(
                    status="waitlisted", waitlist_position__isnull=False, waitlist_position__gte=1
                )
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
            ),
            models.UniqueConstraint(
                fields=["training", "quota", "waitlist_position"],
                condition=Q(status="waitlisted"),
                name="registration_waitlist_position_unique",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            # Staff lists and seat counts: a training's registrations by status.
            models.Index(fields=["training", "status"], name="registration_by_status"),
            # Promotion: the first waiting registration of a quota cell.
            models.Index(
                fields=["training", "quota", "waitlist_position"],
                condition=Q(status="waitlisted"),
                name="registration_waitlist_order",
            ),
        ]

    def __str__(self) -> str:
        # The audit trail keeps this text: an unverified claim must not name the stored person.
        return f"{self.code} · {self.shown_name} · {self.training}"

    @property
    def holds_seat(self) -> bool:
        return self.status == self.Status.CONFIRMED

    # A person's own registration (``identity_check`` "" or "accepted"), as opposed to
    # someone's claim on their NIK: what counts for seats, history, merges and reminders.
    OWN_IDENTITY_CHECKS = ("", "accepted")

    @property
    def is_identity_claim(self) -> bool:
        """Made on the public form with a known NIK but someone else's name or birth date."""
        return self.identity_check != self.IdentityCheck.NOT_NEEDED

    @property
    def typed_name(self) -> str:
        return self.typed_identity.get("full_name", "")

    @property
    def is_unverified_claim(self) -> bool:
        """An identity claim staff have not accepted (held, or rejected): not the stored
        person's registration."""
        return self.identity_check in (self.IdentityCheck.HELD, self.IdentityCheck.REJECTED)

    @property
    def shown_name(self) -> str:
        """The name staff pages and messages give this registration: the name as typed for
        an unverified claim (the stored person's name is shown only beside it, to a user
        who has that person in scope), else the person's name."""
        return self.typed_name if self.is_unverified_claim else self.participant.full_name

    @property
    def notice_email(self) -> str:
        """Where this registration's notices go: the address typed with it, else (not for
        an identity claim) the person's address on file."""
        if self.email or self.is_identity_claim:
            return self.email
        return self.participant.email


class Attendance(models.Model):
    """Presence of a registration at one session — one per pair (database
    ``attendance_one_per_registration_session``)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Hadir")
        LATE = "late", _("Terlambat")
        EXCUSED = "excused", _("Izin")
        SICK = "sick", _("Sakit")
        ABSENT = "absent", _("Alpa")

    class Method(models.TextChoices):
        STAFF = "staff", _("Dicatat panitia")
        QR = "qr", _("Pindai kode")
        IMPORT = "import", _("Impor")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("pendaftaran"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("sesi"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    method = models.CharField(_("cara"), max_length=8, choices=Method.choices, default=Method.STAFF)
    recorded_at = models.DateTimeField(_("dicatat pada"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendance_records",
    )

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="attendance_one_per_registration_session"
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"], name="attendance_by_session"),
        ]

    def __str__(self) -> str:
        participant = self.registration.participant.full_name
        return f"{participant} · {self.session} · {self.get_status_display()}"


class Certificate(models.Model):
    """A certificate (STTP) for a registration that met the completion rule.

    * one per registration — database (``OneToOneField``);
    * number unique per issuing organisation — database
      ``certificate_number_unique_per_organization`` (the organisation is
      copied from the training's organiser so the database can hold it);
    * verification code unique — database;
    * a revocation has a reason — database ``certificate_revocation_has_reason``.
    """

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("pendaftaran"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("lembaga"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField(_("nomor"), max_length=100)
    issued_on = models.DateField(_("tanggal terbit"))
    verification_code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_reason = models.CharField(_("alasan pencabutan"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="certificate_number_unique_per_organization"
            ),
            models.CheckConstraint(
                name="certificate_revocation_has_reason",
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return self.number
