"""Who speaks for which organisation: the one place grants asks the accounts app about it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from partnerhub.accounts import selectors as accounts
from partnerhub.accounts.rules import is_member_of_organisation
from partnerhub.organisations.models import Organisation


def user_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` is an approved member of (none for anonymous users)."""
    return accounts.user_organisations(user)


def is_member(user: Any, organisation: Organisation) -> bool:
    """Whether ``user`` is an approved member (or admin) of ``organisation``."""
    return bool(is_member_of_organisation(user, organisation))
