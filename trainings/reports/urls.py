"""/reports/: the supervisors' reports (``reports:`` names)."""

from django.urls import path

from trainings.reports.views import index, jobs, period, training

app_name = "reports"

urlpatterns = [
    path("", index.report_index, name="index"),
    path("pelatihan.xlsx", index.report_index_xlsx, name="index_xlsx"),
    path("pelatihan.csv", index.report_index_csv, name="index_csv"),
    path("period/", period.period_report, name="period"),
    path("period/ringkasan.xlsx", period.period_xlsx, name="period_xlsx"),
    path("period/ringkasan.csv", period.period_csv, name="period_csv"),
    path("period/ringkasan.pdf", period.period_pdf_view, name="period_pdf"),
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
    path("exports/", jobs.export_list, name="exports"),
    path("exports/<int:pk>/", jobs.export_job, name="export_job"),
    path("exports/<int:pk>/progress/", jobs.export_job_progress, name="export_job_progress"),
    path("exports/<int:pk>/download/", jobs.export_job_download, name="export_job_download"),
]
