from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import Region, SocialRole, TimeZone, zone_label
from trainings.formatting import name_with_titles
from trainings.models.organizations import Organization


class Training(models.Model):
    """A training (pelatihan, bimtek, …) with its dates, zone, seats and window.

    Invariants and where they live (tests: tests/trainings/test_models.py):

    * end date ≥ start date — database ``training_dates_ordered``;
    * capacity > 0 — database ``training_capacity_positive``;
    * confirmed seats never exceed capacity — database
      ``training_seats_taken_within_capacity`` on the counter that the
      registration services keep under the training's row lock;
    * the window closes after it opens — database ``training_window_ordered``;
    * minimum attendance 1–100 % — database ``training_min_attendance_percent``;
    * Σ quota seats ≤ capacity — ``trainings.services`` (spans rows; under the
      training's row lock), with the same check in the admin form for its message;
    * a training with registrations cannot be deleted — ``Registration.training``
      is ``PROTECT``; sessions, quotas, committee and guests go with their training.
    """

    class Kind(models.TextChoices):
        PELATIHAN = "pelatihan", _("Pelatihan")
        BIMTEK = "bimtek", _("Bimbingan teknis")
        WORKSHOP = "workshop", _("Lokakarya")
        SOSIALISASI = "sosialisasi", _("Sosialisasi")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")
        CANCELLED = "cancelled", _("Dibatalkan")

    class CompletionBasis(models.TextChoices):
        """What the completion rule counts (``trainings.reports.attendance``)."""

        SESSIONS = "sessions", _("Jumlah sesi")
        JP = "jp", _("Jam pelajaran (JP)")

    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    partners = models.ManyToManyField(
        Organization, verbose_name=_("mitra"), blank=True, related_name="partner_trainings"
    )
    title = models.CharField(_("judul"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.PELATIHAN)
    field = models.CharField(_("bidang"), max_length=200, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    objectives = models.TextField(_("tujuan"), blank=True)
    expected_outputs = models.TextField(_("hasil yang diharapkan"), blank=True)
    venue_name = models.CharField(_("tempat"), max_length=200)
    venue_address = models.CharField(_("alamat tempat"), max_length=250, blank=True)
    venue_region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah tempat"),
        on_delete=models.PROTECT,
        related_name="trainings_held",
        help_text=_("Kabupaten/kota atau kecamatan tempat pelatihan."),
    )
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    time_zone = models.CharField(
        _("zona waktu"),
        max_length=32,
        choices=TimeZone.choices,
        blank=True,
        help_text=_("Kosongkan untuk mengikuti provinsi tempat pelatihan."),
    )
    capacity = models.PositiveIntegerField(_("kapasitas"))
    seats_taken = models.PositiveIntegerField(_("kursi terisi"), default=0, editable=False)
    eligible_roles = models.ManyToManyField(
        SocialRole, verbose_name=_("unsur yang boleh ikut"), blank=True, related_name="trainings"
    )
    registration_opens_at = models.DateTimeField(_("pendaftaran dibuka"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("pendaftaran ditutup"), null=True, blank=True)
    requires_approval = models.BooleanField(_("perlu persetujuan panitia"), default=False)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("kehadiran minimal (%)"), default=80
    )
    completion_basis = models.CharField(
        _("dasar perhitungan kehadiran"),
        max_length=8,
        choices=CompletionBasis.choices,
        default=CompletionBasis.SESSIONS,
        help_text=_("Sesi selain istirahat dihitung per sesi atau menurut JP-nya."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    cancelled_reason = models.CharField(_("alasan pembatalan"), max_length=250, blank=True)
    contact_name = models.CharField(_("kontak panitia"), max_length=150, blank=True)
    contact_phone = models.CharField(_("telepon kontak"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pelatihan")
        verbose_name_plural = _("pelatihan")
        constraints = [
            models.CheckConstraint(
                name="training_dates_ordered", condition=Q(ends_on__gte=F("starts_on"))
            ),
            models.CheckConstraint(name="training_capacity_positive", condition=Q(capacity__gt=0)),
            models.CheckConstraint(
                name="training_seats_taken_within_capacity",
                condition=Q(seats_taken__lte=F("capacity")),
            ),
            models.CheckConstraint(
                name="training_window_ordered",
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
            ),
            models.CheckConstraint(
                name="training_min_attendance_percent",
                condition=Q(min_attendance_percent__gte=1, min_attendance_percent__lte=100),
            ),
        ]
        indexes = [
            # The public catalogue: published trainings by start date.
            models.Index(fields=["status", "starts_on"], name="training_catalogue"),
            # Staff lists: an organiser's trainings, newest first.
            models.Index(fields=["organizer", "-starts_on"], name="training_by_organizer"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.time_zone and self.venue_region_id:
            self.time_zone = self.zone_from_venue()
        super().save(*args, **kwargs)

    def zone_from_venue(self) -> str:
        province = Region.objects.only("timezone").get(code=self.venue_region_id[:2])
        return province.timezone

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone or self.zone_from_venue())

    @property
    def zone_label(self) -> str:
        return zone_label(self.time_zone or self.zone_from_venue())

    @property
    def phase(self) -> str:
        """draft / cancelled / upcoming / running / finished, by the training's own calendar."""
        if self.status != self.Status.PUBLISHED:
            return self.status
        today = timezone.localdate(timezone=self.tz)
        if today < self.starts_on:
            return "upcoming"
        if today > self.ends_on:
            return "finished"
        return "running"

    def local_day_bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The first and last instants of the training's dates, in its zone."""
        start = datetime.datetime.combine(self.starts_on, datetime.time.min, tzinfo=self.tz)
        end = datetime.datetime.combine(
            self.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=self.tz
        )
        return start, end

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")}
            )
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Pendaftaran harus ditutup setelah dibuka.")}
            )


class TrainingPerson(models.Model):
    """Someone recorded on a training for their own daftar hadir (not a participant)."""

    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    institution = models.CharField(_("instansi"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class CommitteeMember(TrainingPerson):
    """A panitia member; ``duty`` is their task on the committee (ketua, sekretaris…)."""

    training = models.ForeignKey(
        Training, verbose_name=_("pelatihan"), on_delete=models.CASCADE, related_name="committee"
    )
    duty = models.CharField(_("tugas dalam panitia"), max_length=100, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    is_contact = models.BooleanField(_("narahubung"), default=False)

    class Meta:
        verbose_name = _("panitia")
        verbose_name_plural = _("panitia")


class Guest(TrainingPerson):
    """An invited guest (undangan), e.g. the camat of each kecamatan."""

    training = models.ForeignKey(
        Training, verbose_name=_("pelatihan"), on_delete=models.CASCADE, related_name="guests"
    )

    class Meta:
        verbose_name = _("tamu undangan")
        verbose_name_plural = _("tamu undangan")


class Speaker(models.Model):
    """A narasumber. Honorifics are kept apart from the name: "Dr. Hj." + name + "S.M.Pd"."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        related_name="speakers",
    )
    prefix = models.CharField(_("gelar depan"), max_length=40, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    suffix = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    institution = models.CharField(_("instansi"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    expertise = models.CharField(_("keahlian"), max_length=200, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")
        constraints = [
            models.CheckConstraint(
                name="speaker_nip_empty_or_18_digits",
                condition=Q(nip="") | Q(nip__regex=r"^[0-9]{18}$"),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return name_with_titles(self.name, prefix=self.prefix, suffix=self.suffix)


class Session(models.Model):
    """One agenda item; attendance is taken per session.

    * ends after it starts — database ``session_ends_after_start``;
    * teaching hours (JP, 45 min) ≥ 0 — the field type;
    * within the training's dates *in the training's zone* — ``clean()`` (spans
      two tables), called by every form and by ``trainings.services``;
    * its JP fit its length: more than twice the session's minutes is refused
      (``clean()``), more than its minutes is a warning the admin shows
      (``jp_overrun_minutes``).
    """

    JP_MINUTES = 45

    class Kind(models.TextChoices):
        OPENING = "opening", _("Pembukaan")
        MATERIAL = "material", _("Materi")
        PRACTICE = "practice", _("Praktik/diskusi")
        BREAK = "break", _("Istirahat")
        CLOSING = "closing", _("Penutupan")

    training = models.ForeignKey(
        Training, verbose_name=_("pelatihan"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    topic = models.CharField(_("acara/materi"), max_length=250)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.MATERIAL)
    jp = models.PositiveSmallIntegerField(
        _("JP"), default=0, help_text=_("Jam pelajaran, 45 menit.")
    )
    speakers = models.ManyToManyField(
        Speaker, verbose_name=_("narasumber"), blank=True, related_name="sessions"
    )
    moderator = models.CharField(_("moderator"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        constraints = [
            models.CheckConstraint(
                name="session_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))
            ),
        ]
        indexes = [
            # The agenda of a training in order; check-in's "current session".
            models.Index(fields=["training", "starts_at"], name="session_agenda"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.local_start:%d-%m-%Y %H.%M} {self.training.zone_label})"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def jp_minutes(self) -> int:
        return (self.jp or 0) * self.JP_MINUTES

    @property
    def jp_overrun_minutes(self) -> int:
        """How many minutes the JP exceed the session's length (0 when they fit)."""
        if not (self.starts_at and self.ends_at):
            return 0
        return max(self.jp_minutes - self.minutes, 0)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Sesi harus selesai setelah mulai.")})
        if self.starts_at and self.ends_at and self.jp_minutes > 2 * self.minutes:
            raise ValidationError(
                {
                    "jp": _(
                        "%(jp)d JP (%(jp_minutes)d menit) lebih dari dua kali lama sesi "
                        "(%(minutes)d menit). Periksa JP atau jam sesi."
                    )
                    % {"jp": self.jp, "jp_minutes": self.jp_minutes, "minutes": self.minutes}
                }
            )
        # On the training's add form the inline's training is unsaved: no id yet.
        try:
            training = self.training
        except Session.training.RelatedObjectDoesNotExist:
            training = None
        if training is not None and self.starts_at and self.ends_at:
            first, last = training.local_day_bounds()
            if self.starts_at < first or self.ends_at > last:
                raise ValidationError(
                    _(
                        "Sesi harus berada di antara tanggal pelatihan (%(start)s–%(end)s, "
                        "%(zone)s)."
                    )
                    % {
                        "start": training.starts_on.strftime("%d-%m-%Y"),
                        "end": training.ends_on.strftime("%d-%m-%Y"),
                        "zone": training.zone_label,
                    }
                )

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at, self.training.tz)

    @property
    def local_end(self) -> datetime.datetime:
        return timezone.localtime(self.ends_at, self.training.tz)
