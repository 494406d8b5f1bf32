from django.contrib import admin
from django.urls import include, path

from trainings.views import health, icons

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", icons.favicon, name="favicon"),
    path("staff/", include("trainings.staff_urls")),
    path("reports/", include("trainings.reports.urls")),
    path("", include("trainings.urls")),
]
