"""Reads of memberships, invitations and organisation look-ups for the accounts pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from partnerhub.accounts.models import Invitation, Membership, MembershipRole, MembershipStatus
from partnerhub.core.exceptions import NotFound
from partnerhub.core.text import search_key
from partnerhub.organisations.models import Organisation, OrganisationAlias

#: Names shorter than this (as search keys) are compared whole only: "NGO" or "協會" would
#: otherwise be "similar" to half the directory.
SIMILAR_MIN_LENGTH = 4


def user_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations the user is an approved member (or admin) of."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user_id=user.pk, memberships__status=MembershipStatus.APPROVED
    ).order_by("name_zh", "name_en")


def user_memberships(user: Any) -> QuerySet[Membership]:
    """The user's pending and approved memberships with their organisations (one query)."""
    return (
        Membership.objects.filter(user_id=user.pk)
        .exclude(status=MembershipStatus.REMOVED)
        .select_related("organisation")
        .order_by("organisation__name_zh", "organisation__name_en")
    )


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    """The approved members of an organisation, admins first, with their users."""
    return (
        Membership.objects.approved()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__username")
    )


def organisation_admin_emails(organisation: Organisation) -> list[str]:
    """The addresses of an organisation's approved admins, for notices about its applications."""
    rows = (
        Membership.objects.approved()
        .admins()
        .filter(organisation=organisation, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    return list(rows)


def organisation_pending_requests(organisation: Organisation) -> QuerySet[Membership]:
    """Member requests waiting for the organisation's admins (claims wait for grants staff)."""
    return (
        Membership.objects.pending()
        .filter(organisation=organisation, role=MembershipRole.MEMBER)
        .select_related("user")
        .order_by("created_at")
    )


def organisation_open_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.open().filter(organisation=organisation).order_by("-created_at")


def claims_pending() -> QuerySet[Membership]:
    """Admin requests (claims of an organisation and registrations) waiting for grants staff."""
    return (
        Membership.objects.pending()
        .admins()
        .select_related("user", "organisation")
        .order_by("created_at")
    )


def membership_for(*, pk: int) -> Membership:
    membership = Membership.objects.select_related("user", "organisation").filter(pk=pk).first()
    if membership is None:
        raise NotFound(f"No membership {pk}.", f"找不到編號為 {pk} 的成員資格。", field="id")
    return membership


def invitation_by_token(token: str) -> Invitation:
    """An open invitation by its secret token; NotFound for a wrong, used or revoked one."""
    invitation = (
        Invitation.objects.open().select_related("organisation").filter(token=token).first()
        if token
        else None
    )
    if invitation is None:
        raise NotFound(
            "This invitation does not exist or was already used.",
            "此邀請不存在或已使用。",
            field="token",
        )
    return invitation


def organisation_duplicates(*names: str) -> list[Organisation]:
    """Organisations already known by one of ``names`` (any printed form, 台/臺 folded)."""
    keys = {search_key(n) for n in names if n and n.strip()}
    if not keys:
        return []
    ids = OrganisationAlias.objects.filter(key__in=keys).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name_zh", "name_en"))


def organisation_similar(*names: str, limit: int = 10) -> list[Organisation]:
    """Organisations whose names contain one of ``names`` (or the other way round for short ones)."""
    keys = {search_key(n) for n in names if n and n.strip()}
    query = Q()
    for key in keys:
        if len(key) >= SIMILAR_MIN_LENGTH:
            query |= Q(search_text__contains=key)
    if not query:
        return []
    return list(Organisation.objects.filter(query).order_by("name_zh", "name_en")[:limit])


def organisation_search(text: str, *, limit: int = 20) -> list[Organisation]:
    """Directory organisations matching every word of ``text``, for the claim page."""
    words = search_key(text).split()
    if not words:
        return []
    qs = Organisation.objects.all()
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return list(qs.order_by("name_zh", "name_en")[:limit])
