from django.contrib.admin.apps import AdminConfig


class PilarAdminConfig(AdminConfig):
    """Django's admin with Pilar's site, which refuses regency operators."""

    default_site = "config.admin_site.PilarAdminSite"
