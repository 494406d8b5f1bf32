"""Excel imports: a training's registrations and an agency's pilar sosial registry.

The same machinery for both, in layers:

* ``columns`` — the expected columns (Indonesian headers, what each holds);
* ``workbook`` — the downloadable templates, and reading an uploaded ``.xlsx``
  into plain rows (values only, the row numbers Excel shows);
* ``cells`` — one cell at a time: NIK (and the NIK Excel turned into a number),
  dates, sex, phone, e-mail, yes/no, year; each failure an Indonesian message;
* ``lookups`` — regions by name or code and roles by name or abbreviation, loaded
  once per file;
* ``registrations`` / ``registry`` — validate a whole file into a *plan* (no
  writes; every bad row reported with its row, column and reason); ``bulk``
  and ``registry`` apply a valid plan in one transaction (all or nothing) with
  a constant number of queries — ``bulk`` takes the seat-rule decisions of
  ``registration_submit`` in memory under one training lock (see its docstring
  for why, and the test that both decide alike);
* ``jobs`` — the ImportJob's life on the task queue: validate with progress,
  preview, confirm, apply, result.

Progress: the apply is one transaction, so nothing it does is visible to the
progress page until it commits. A task therefore first re-reads and re-checks
every row (no writes; ``ImportJob.progress`` committed every ``PROGRESS_EVERY``
rows), then applies the plan in one transaction while the page says
"menerapkan…".
"""
