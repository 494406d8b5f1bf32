"""/reports/: the supervisors' reports (``reports:`` names)."""

from django.urls import path

from trainings.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("trainings/<int:pk>/", views.training_report, name="training"),
    path(
        "trainings/<int:pk>/kehadiran.xlsx",
        views.training_attendance_xlsx,
        name="training_attendance_xlsx",
    ),
    path(
        "trainings/<int:pk>/kehadiran.csv",
        views.training_attendance_csv,
        name="training_attendance_csv",
    ),
]
