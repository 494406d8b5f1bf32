"""Supervisors' reports: what happened in a training, and its exports.

* ``attendance`` — the one definition of "attended" and "completed" (its
  docstring states the rule; docs/architecture.md, "Attendance and completion");
* ``breakdowns`` — the one-training report's figures by role, regency and sex;
* ``exports`` — the same figures as XLSX and CSV, safe to open in a spreadsheet;
* ``views`` / ``urls`` — the ``reports:`` pages under ``/reports/``, scoped by
  ``trainings.access`` like the staff pages (templates in ``templates/reports/``).
"""
