"""Object-level permissions (django-rules): predicates that views, services and tests read.

Organisation predicates take the organisation, or any object with an ``organisation`` attribute
(an application, a report), so the grant portal can ask about its own objects directly:

    is_member_of_organisation(user, org)   an approved member or admin of ``org``
    is_organisation_admin(user, org)       an approved admin of ``org``
    has_role("grants_admin")(user)         the user holds that role group (core.roles)

The permissions registered below are the ones the accounts pages check; a view that finds one
denied answers 404 where the organisation's membership is private.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules

from partnerhub.core.roles import GRANT_STAFF_ROLES

#: A django-rules predicate: callable with (user) or (user, object), combinable with & | ~.
Predicate = Any


def predicate(fn: Callable[..., bool]) -> Predicate:
    """``rules.predicate`` with a type, so the predicates below stay checked."""
    return rules.predicate(fn)


NGO_MEMBER = "ngo_member"
NGO_ADMIN = "ngo_admin"
MOFA_REVIEWER = "mofa_reviewer"
ICDF_OFFICER = "icdf_officer"
APPROVER = "approver"
GRANTS_ADMIN = "grants_admin"

_CACHE = "_partnerhub_memberships"


def _organisation_id(obj: Any) -> int | None:
    if obj is None:
        return None
    organisation = getattr(obj, "organisation", obj)
    pk = getattr(organisation, "pk", None)
    return pk if isinstance(pk, int) else None


def approved_roles(user: Any) -> dict[int, str]:
    """``{organisation id: role}`` of the user's approved memberships, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return {}
    cached: dict[int, str] | None = getattr(user, _CACHE, None)
    if cached is None:
        from partnerhub.accounts.models import Membership

        cached = dict(
            Membership.objects.approved()
            .filter(user_id=user.pk)
            .values_list("organisation_id", "role")
        )
        setattr(user, _CACHE, cached)
    return cached


def group_names(user: Any) -> frozenset[str]:
    """The names of the user's groups, read once per user object (as rules' own predicate does)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    names: frozenset[str] | None = getattr(user, "_partnerhub_groups", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._partnerhub_groups = names
    return names


def forget_roles(user: Any) -> None:
    """Drop the cached memberships after a change, so the next check reads them again."""
    for name in (_CACHE, "_partnerhub_groups", "_group_names_cache"):
        if hasattr(user, name):
            delattr(user, name)


@predicate
def is_member_of_organisation(user: Any, organisation: Any) -> bool:
    pk = _organisation_id(organisation)
    return pk is not None and pk in approved_roles(user)


@predicate
def is_organisation_admin(user: Any, organisation: Any) -> bool:
    pk = _organisation_id(organisation)
    return pk is not None and approved_roles(user).get(pk) == "admin"


def has_role(name: str) -> Predicate:
    """The user belongs to the role group ``name`` (one of the slugs of ``core.roles``)."""
    return rules.is_group_member(name)


is_superuser = rules.is_superuser
is_grants_admin = has_role(GRANTS_ADMIN) | is_superuser
#: Any of the grant staff roles (reviewers, officers, approvers, grants administrators).
is_grant_staff = rules.Predicate(
    lambda user: bool(group_names(user) & GRANT_STAFF_ROLES), name="is_grant_staff"
)


@predicate
def is_membership_owner(user: Any, membership: Any) -> bool:
    return membership is not None and getattr(membership, "user_id", None) == user.pk


@predicate
def is_admin_of_membership_organisation(user: Any, membership: Any) -> bool:
    return membership is not None and is_organisation_admin(user, membership.organisation)


@predicate
def is_member_request(user: Any, membership: Any) -> bool:
    return membership is not None and membership.role == "member"


# Reading an organisation's members, its pending requests and invitations.
rules.add_perm("accounts.view_members", is_member_of_organisation | is_grants_admin)
# Inviting, approving member requests and removing colleagues.
rules.add_perm("accounts.manage_members", is_organisation_admin | is_grants_admin)
# Deciding a membership request: an organisation admin decides member requests; a claim (admin
# request) needs grants staff, so nobody vouches for themselves.
rules.add_perm(
    "accounts.decide_membership",
    (is_admin_of_membership_organisation & is_member_request) | is_grants_admin,
)
# Ending a membership: the member themselves, their organisation's admin or grants staff.
rules.add_perm(
    "accounts.remove_membership",
    is_membership_owner | is_admin_of_membership_organisation | is_grants_admin,
)
# Making a colleague admin, or an admin a member again.
rules.add_perm(
    "accounts.change_membership_role", is_admin_of_membership_organisation | is_grants_admin
)
# The queue of claims and new organisations waiting for staff.
rules.add_perm("accounts.review_claims", is_grants_admin)
