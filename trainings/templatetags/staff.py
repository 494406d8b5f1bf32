"""Template helpers for staff pages."""

from django import template

from participants.nik import mask_nik
from participants.permissions import VIEW_FULL_NIK

register = template.Library()


def nik_for(user, nik: str) -> str:
    """The NIK in full for users granted ``view_full_nik``, masked for everyone else."""
    if user is not None and user.has_perm(VIEW_FULL_NIK):
        return nik
    return mask_nik(nik)


@register.simple_tag(takes_context=True)
def nik(context, value: str) -> str:
    """``{% nik participant.nik %}``: masked unless the request's user may see it whole."""
    request = context.get("request")
    return nik_for(getattr(request, "user", None), value)
