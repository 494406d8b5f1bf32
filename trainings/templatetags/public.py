"""Dates and times of the public pages, always in the training's own zone.

``{{ registration.created_at|moment:training }}``, ``{{ session.starts_at|in_zone:training }}``,
``{% time_range session.starts_at session.ends_at training %}`` and
``{% date_range training %}``. The functions live in :mod:`trainings.formatting`;
this library only registers them.

They are registered as filters without ``expects_localtime`` and as simple tags,
so the template engine never converts the instant to the request's zone first.
"""

from django import template

from trainings.formatting import local_time, moment, time_range, training_dates

register = template.Library()

register.filter("in_zone", local_time)
register.filter("moment", moment)
register.simple_tag(time_range, name="time_range")
register.simple_tag(training_dates, name="date_range")
