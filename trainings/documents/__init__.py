"""Printable documents (PDF, WeasyPrint): the daftar hadir, later certificates and reports.

``pdf`` turns HTML into PDF bytes, fetching ``/static/`` and ``/media/`` files from
disk and the default storage, never over HTTP; each document module gathers its
rows in a constant number of queries and renders in the training's zone and in
Indonesian, whatever the request's language and zone.
"""

import logging

# WeasyPrint narrates every rendering step at INFO (some on import), and the root logger
# runs at INFO: quiet that one logger, before anything imports WeasyPrint, unless the
# LOGGING setting chose a level for it.
_progress = logging.getLogger("weasyprint.progress")
if _progress.level == logging.NOTSET:
    _progress.setLevel(logging.WARNING)
