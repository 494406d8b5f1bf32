"""Template helpers for staff pages."""

from django import template

from trainings.formatting import nik_for

register = template.Library()

FULL_NIK_PERMISSION = "participants.view_full_nik"


@register.simple_tag(takes_context=True)
def nik(context, value: str) -> str:
    """``{% nik participant.nik %}``: in full for a user granted ``view_full_nik``, masked
    for everyone else."""
    user = getattr(context.get("request"), "user", None)
    return nik_for(value, full=user is not None and user.has_perm(FULL_NIK_PERMISSION))
