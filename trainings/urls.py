from django.urls import path

from trainings.views import public, registration

app_name = "trainings"

urlpatterns = [
    path("", public.catalogue, name="catalogue"),
    path("trainings/<slug:slug>/", public.training_detail, name="detail"),
    path("trainings/<slug:slug>/register/", registration.register, name="register"),
    path("wilayah/", registration.region_options, name="region_options"),
    path("registrations/lost/", registration.lost_code, name="lost_code"),
    path("registrations/<str:code>/", registration.registration_status, name="registration_status"),
    path(
        "registrations/<str:code>/kalender.ics",
        registration.registration_calendar,
        name="registration_calendar",
    ),
    path(
        "registrations/<str:code>/cancel/",
        registration.registration_cancel,
        name="registration_cancel",
    ),
]
