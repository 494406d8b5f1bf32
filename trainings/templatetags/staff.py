"""Template helpers for staff pages."""

from django import template

from participants.permissions import can_view_full_nik
from trainings import access, nik_audit
from trainings.formatting import nik_for

register = template.Library()


@register.simple_tag(takes_context=True)
def nik(context, value: str) -> str:
    """``{% nik participant.nik %}``: in full for a user granted ``view_full_nik``, masked
    for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    full = user is not None and can_view_full_nik(user)
    if full and value:
        nik_audit.note_full_niks_shown(request)
    return nik_for(value, full=full)


register.filter("may_view_reports", access.may_view_reports)
