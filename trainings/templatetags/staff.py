"""Template helpers for staff pages."""

from django import template

from participants.permissions import can_view_full_nik
from trainings.formatting import nik_for

register = template.Library()


@register.simple_tag(takes_context=True)
def nik(context, value: str) -> str:
    """``{% nik participant.nik %}``: in full for a user granted ``view_full_nik``, masked
    for everyone else."""
    user = getattr(context.get("request"), "user", None)
    return nik_for(value, full=user is not None and can_view_full_nik(user))
