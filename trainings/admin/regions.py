"""Region foreign keys in the admin: autocompletes limited to the levels that make sense.

Every foreign key to Region is an autocomplete (91,599 rows: a full ``<select>``
would be megabytes), limited to the levels listed for the field in
``RegionLevelsMixin.region_levels`` — in the form's queryset here, and in the
autocomplete's search results by ``trainings.admin.participants.RegionAdmin``.
"""

from __future__ import annotations

from participants.models import Region

# Levels a Region foreign key may point at, per field.
DISTRICT_OR_VILLAGE = (Region.Level.DISTRICT, Region.Level.VILLAGE)
REGENCY_OR_DISTRICT = (Region.Level.REGENCY, Region.Level.DISTRICT)
PROVINCE_OR_REGENCY = (Region.Level.PROVINCE, Region.Level.REGENCY)
REGENCY_ONLY = (Region.Level.REGENCY,)


class RegionLevelsMixin:
    """Limit Region foreign keys to the levels listed in ``region_levels``.

    ``RegionAdmin.get_search_results`` reads the same mapping (from the admin of
    the autocomplete's source model), so the dropdown offers only what the form
    accepts.
    """

    region_levels: dict[str, tuple[str, ...]] = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        levels = self.region_levels.get(db_field.name)
        if levels and "queryset" not in kwargs:
            kwargs["queryset"] = Region.objects.filter(level__in=levels)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
