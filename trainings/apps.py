from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Pelatihan")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from trainings import nik_audit  # noqa: F401 - connects the permission signals
        from trainings.middleware import mark_session_seen

        user_logged_in.connect(mark_session_seen, dispatch_uid="pilar_mark_session_seen")
