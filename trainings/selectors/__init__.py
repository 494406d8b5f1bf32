"""Reads, with their queries chosen: every page's rows, related objects and counts.

Views and forms call these instead of building querysets, so each page costs a
constant number of queries however many rows it shows (the query-count tests
pin the numbers). Split by page: ``public`` (the catalogue and a training's
public page, registration status), ``trainings`` (the staff trainings list and a
training's dashboard), ``registrations`` (a training's registrations),
``nominations``, ``checkin``, ``participants`` (merging), ``audit`` (the audit
trail), ``imports``; ``eligibility`` holds the one rule of which roles a
training accepts. Staff reads take what ``trainings.access`` already scoped.

Import the module you need: ``from trainings.selectors import public``.
"""
