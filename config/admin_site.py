"""The admin site: set-up for agency staff, never for regency operators.

Regency operators work only in /staff/ (their accounts are not ``is_staff``);
``PilarAdminSite.has_permission`` refuses them even if ``is_staff`` were set by
mistake. (A staff account without a membership gets in but sees nothing: its
scope is empty.) Installed by ``config.apps.PilarAdminConfig``; it lives
outside ``trainings.admin`` because that package registers on this site.
"""

from django.contrib.admin import AdminSite


class PilarAdminSite(AdminSite):
    def has_permission(self, request):
        from trainings import access

        if not super().has_permission(request):
            return False
        return request.user.is_superuser or not access.is_operator(request.user)
