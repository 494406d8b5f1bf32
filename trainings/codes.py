"""Public codes: 8 characters of Crockford base32 (no I, L, O, U).

40 random bits: unguessable in practice (registration pages are also rate
limited), short enough to read aloud over the phone and type at the door.
A drawn code may be taken already: ``trainings.services.codes`` inserts new
registrations and redraws.
"""

import secrets

CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TYPED_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0", "-": None, " ": None})


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(CROCKFORD_ALPHABET) for _ in range(length))


def normalize_code(typed: str) -> str:
    """What a person typed or a scanner sent → the canonical code (may still be invalid)."""
    return typed.strip().upper().translate(_TYPED_ALIASES)
