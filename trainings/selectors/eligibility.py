"""Which roles a training accepts — the one rule, for every form, service, import and page.

A training accepts the roles it names (``Training.eligible_roles``); a training
that names none accepts every active role. ``eligible_roles`` lists them for one
training (the forms' choices, the services' and the import's checks);
``accepts_role`` says the same of every training in a query (the catalogue's role
filter, the check read under the training's lock while registering).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from participants.models import SocialRole
from trainings.models import Training


def _named(training) -> QuerySet:
    """The rows naming the eligible roles of ``training`` (a pk, or an ``OuterRef``)."""
    return Training.eligible_roles.through.objects.filter(training_id=training)


def eligible_roles(training: Training) -> QuerySet[SocialRole]:
    """The roles that may register: the training's eligible roles, or every active role
    when it names none. One query, whichever applies."""
    named = _named(training.pk)
    return SocialRole.objects.filter(
        Q(pk__in=named.values("socialrole_id")) | (Q(active=True) & ~Exists(named))
    )


def accepts_role(**role) -> Q:
    """A condition on Training: it accepts the role ``role`` picks out (a lookup on
    SocialRole, e.g. ``code="tksk"`` or ``pk=3``) — the rule of ``eligible_roles``."""
    named = _named(OuterRef("pk"))
    names_it = named.filter(**{f"socialrole__{lookup}": value for lookup, value in role.items()})
    return Q(Exists(names_it)) | (
        ~Exists(named) & Exists(SocialRole.objects.filter(active=True, **role))
    )
