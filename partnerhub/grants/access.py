"""Who speaks for which organisation: the one place grants asks about memberships."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from partnerhub.organisations.models import Organisation


def user_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` is an approved member of (none for anonymous users)."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    # TEMPORARY until accounts lands: memberships as groups named "org-member:<pk>".
    ids = [
        int(name.split(":", 1)[1])
        for name in user.groups.filter(name__startswith="org-member:").values_list(
            "name", flat=True
        )
    ]
    return Organisation.objects.filter(pk__in=ids)


def is_member(user: Any, organisation: Organisation) -> bool:
    return user_organisations(user).filter(pk=organisation.pk).exists()
