"""Template filters for showing instants in a zone given by a Training, a ZoneInfo or a name.

``{{ session.starts_at|local_time:training }}`` → ``08.00 WITA``. The functions
live in :mod:`trainings.formatting`; this library only registers them.
"""

from django import template

from trainings.formatting import local_date, local_datetime, local_time

register = template.Library()

register.filter("local_time", local_time)
register.filter("local_date", local_date)
register.filter("local_datetime", local_datetime)
