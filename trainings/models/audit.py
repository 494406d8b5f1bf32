from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what to which object, and what changed. Written only by services.

    ``actor`` blank means the public (a participant without an account);
    ``actor_label`` keeps the name even after the user is deleted.
    ``organization`` and ``training`` scope the trail for agency admins.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    actor_label = models.CharField(_("nama pelaku"), max_length=150)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    action = models.CharField(_("tindakan"), max_length=60)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("jenis objek"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("ID objek"), max_length=40)
    object_repr = models.CharField(_("objek"), max_length=250)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    organization = models.ForeignKey(
        "trainings.Organization",
        verbose_name=_("lembaga"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    training = models.ForeignKey(
        "trainings.Training",
        verbose_name=_("pelatihan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        indexes = [
            # An object's history.
            models.Index(fields=["content_type", "object_id"], name="audit_by_object"),
            # An agency admin's trail, newest first.
            models.Index(fields=["organization", "-created_at"], name="audit_by_organization"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )
