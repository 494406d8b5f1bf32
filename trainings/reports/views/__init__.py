"""The reports' pages and exports under ``/reports/``, one module per report.

Scoped like the staff pages (``trainings.access``). NIKs are masked unless the
user holds ``participants.view_full_nik``, and every whole NIK shown or
exported is put on the audit trail.
"""
