"""/reports/: the supervisors' reports (``reports:`` names)."""

from django.urls import path

from trainings.reports.views import index, training

app_name = "reports"

urlpatterns = [
    path("", index.report_index, name="index"),
    path("trainings/<int:pk>/", training.training_report, name="training"),
    path(
        "trainings/<int:pk>/kehadiran.xlsx",
        training.training_attendance_xlsx,
        name="training_attendance_xlsx",
    ),
    path(
        "trainings/<int:pk>/kehadiran.csv",
        training.training_attendance_csv,
        name="training_attendance_csv",
    ),
    path(
        "trainings/<int:pk>/laporan.pdf",
        training.training_report_pdf_view,
        name="training_report_pdf",
    ),
]
