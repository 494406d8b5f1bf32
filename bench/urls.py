"""The app's URLs plus ``bench/floor/``, the one-INSERT floor."""

from django.urls import path

from bench import views
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    *app_urlpatterns,
]
