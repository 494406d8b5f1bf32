"""The one permission the participants app defines beyond Django's model permissions.

A full NIK is personal data: everyone else sees ``Participant.masked_nik``. The
permission is in no staff group; it is granted to a person on purpose.
"""

from __future__ import annotations

VIEW_FULL_NIK_CODENAME = "view_full_nik"
VIEW_FULL_NIK = f"participants.{VIEW_FULL_NIK_CODENAME}"


def can_view_full_nik(user) -> bool:
    """May ``user`` (possibly anonymous or None) see a NIK in full?"""
    return user is not None and user.has_perm(VIEW_FULL_NIK)
