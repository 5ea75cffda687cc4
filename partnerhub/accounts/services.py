"""Writes for memberships and invitations; each checks the actor's object permission itself.

A membership moves pending → approved → removed (and removed → pending when asked again). Who may
decide is in :mod:`partnerhub.accounts.rules`; the services ask the same predicates the pages do,
so an admin action or a command cannot do what the page would refuse.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from partnerhub.accounts.models import (
    INVITATION_DAYS,
    Invitation,
    Membership,
    MembershipRole,
    MembershipStatus,
)
from partnerhub.accounts.rules import NGO_ADMIN, NGO_MEMBER, forget_roles
from partnerhub.accounts.selectors import organisation_duplicates
from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput, PermissionDenied
from partnerhub.organisations.models import Category, Organisation
from partnerhub.organisations.services import organisation_create, organisation_update


def _require(actor: Any, permission: str, obj: Any) -> None:
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(
            "You may not do this for this organisation.", "您無權對此組織執行此操作。"
        )


def membership_groups_sync(*, user: Any) -> None:
    """Keep the ngo_member and ngo_admin groups equal to the user's approved memberships."""
    roles = set(Membership.objects.approved().filter(user=user).values_list("role", flat=True))
    for name, wanted in ((NGO_MEMBER, bool(roles)), (NGO_ADMIN, MembershipRole.ADMIN in roles)):
        group, _ = Group.objects.get_or_create(name=name)
        if wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    forget_roles(user)


def user_has_email(user: Any, email: str) -> bool:
    """Whether ``email`` is the user's address."""
    return bool(user.email) and user.email.lower() == email.lower()


def _has_admin(organisation: Organisation) -> bool:
    return Membership.objects.approved().admins().filter(organisation=organisation).exists()


@transaction.atomic
def membership_request(
    *, user: Any, organisation: Organisation, role: str | None = None
) -> Membership:
    """Ask to join an organisation; with no admin yet the request is a claim for its admin role."""
    role = role or (MembershipRole.MEMBER if _has_admin(organisation) else MembershipRole.ADMIN)
    membership = Membership.objects.select_for_update().filter(
        user=user, organisation=organisation
    ).first() or Membership(user=user, organisation=organisation)
    if membership.pk and membership.status != MembershipStatus.REMOVED:
        raise InvalidInput(
            f"You already belong to or asked to join {organisation.name_en or organisation.name}.",
            f"您已屬於或已申請加入「{organisation.name_zh or organisation.name}」。",
            field="organisation",
        )
    membership.role = role
    membership.status = MembershipStatus.PENDING
    membership.decided_by = None
    membership.decided_at = None
    membership.full_clean()
    membership.save()
    audit_record(
        action="create", instance=membership, actor=user, summary=f"{role} request", changes={}
    )
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership, actor: Any) -> Membership:
    """Approve a pending request: an admin approves members, grants staff approve claims."""
    _require(actor, "accounts.decide_membership", membership)
    if membership.status != MembershipStatus.PENDING:
        raise InvalidInput(
            "Only a request waiting for approval can be approved.",
            "只能核准待審核的申請。",
            field="status",
        )
    membership.status = MembershipStatus.APPROVED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.full_clean()
    membership.save()
    membership_groups_sync(user=membership.user)
    audit_record(
        action="update",
        instance=membership,
        actor=actor,
        summary="approved",
        changes={"status": ["pending", "approved"]},
    )
    if membership.role == MembershipRole.ADMIN and not membership.organisation.listed:
        # A registered organisation enters the public directory once staff approve its claim.
        organisation_update(organisation=membership.organisation, listed=True, actor=actor)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: Any) -> Membership:
    """End a membership or decline a request; an organisation keeps at least one admin."""
    permission = (
        "accounts.decide_membership"
        if membership.status == MembershipStatus.PENDING and membership.user_id != actor.pk
        else "accounts.remove_membership"
    )
    _require(actor, permission, membership)
    if membership.status == MembershipStatus.REMOVED:
        raise InvalidInput("This membership has already ended.", "此成員資格已結束。")
    if (
        membership.status == MembershipStatus.APPROVED
        and membership.role == MembershipRole.ADMIN
        and not Membership.objects.approved()
        .admins()
        .filter(organisation_id=membership.organisation_id)
        .exclude(pk=membership.pk)
        .exists()
        and not actor.has_perm("accounts.review_claims")
    ):
        raise InvalidInput(
            "An organisation keeps at least one admin: make a colleague admin first.",
            "組織至少須保留一位管理者：請先指定另一位同事為管理者。",
            field="role",
        )
    before = membership.status
    membership.status = MembershipStatus.REMOVED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.full_clean()
    membership.save()
    membership_groups_sync(user=membership.user)
    audit_record(
        action="update",
        instance=membership,
        actor=actor,
        summary="removed",
        changes={"status": [before, "removed"]},
    )
    return membership


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, actor: Any) -> Membership:
    """Make an approved member an admin of their organisation, or an admin a member again."""
    _require(actor, "accounts.manage_members", membership.organisation)
    if membership.status != MembershipStatus.APPROVED or role not in MembershipRole.values:
        raise InvalidInput(
            "Only an approved member's role can change.", "只能變更已核准成員的角色。", field="role"
        )
    if membership.role == MembershipRole.ADMIN and role == MembershipRole.MEMBER:
        others = (
            Membership.objects.approved()
            .admins()
            .filter(organisation_id=membership.organisation_id)
        )
        if not others.exclude(pk=membership.pk).exists():
            raise InvalidInput(
                "An organisation keeps at least one admin.",
                "組織至少須保留一位管理者。",
                field="role",
            )
    before, membership.role = membership.role, role
    membership.full_clean()
    membership.save()
    membership_groups_sync(user=membership.user)
    audit_record(
        action="update", instance=membership, actor=actor, changes={"role": [before, role]}
    )
    return membership


@transaction.atomic
def organisation_register(
    *,
    user: Any,
    name_zh: str,
    name_en: str = "",
    abbreviation: str = "",
    website: str = "",
    category: str = Category.DOMESTIC_NGO,
) -> Membership:
    """Register an organisation missing from the directory, with the user's claim to be its admin.

    A name that any known organisation already goes by (its names, abbreviation or aliases, with
    台/臺 and simplified forms folded) is refused: that organisation is to be claimed instead.
    """
    if not name_zh.strip() and not name_en.strip():
        raise InvalidInput("Give the organisation's name.", "請填寫組織名稱。", field="name_zh")
    found = organisation_duplicates(name_zh, name_en, abbreviation)
    if found:
        raise InvalidInput(
            f"{found[0].name_en or found[0].name} is already in the directory: claim it instead.",
            f"目錄中已有「{found[0].name_zh or found[0].name}」：請改為認領該組織。",
            field="name_zh" if name_zh.strip() else "name_en",
        )
    organisation = organisation_create(
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        abbreviation=abbreviation.strip(),
        website=website.strip(),
        category=category,
        listed=False,
    )
    return membership_request(user=user, organisation=organisation, role=MembershipRole.ADMIN)


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    actor: Any,
    role: str = MembershipRole.MEMBER,
    language: str = "zh-hant",
) -> Invitation:
    """Invite a colleague by email to join an organisation (its admins and grants staff may)."""
    _require(actor, "accounts.manage_members", organisation)
    email = email.strip().lower()
    if (
        Membership.objects.approved()
        .filter(organisation=organisation, user__email__iexact=email)
        .exists()
    ):
        raise InvalidInput(
            f"{email} is already a member.", f"{email} 已是本組織成員。", field="email"
        )
    if Invitation.objects.open().filter(organisation=organisation, email__iexact=email).exists():
        raise InvalidInput(
            f"{email} has already been invited.", f"已邀請過 {email}。", field="email"
        )
    invitation = Invitation(
        organisation=organisation, email=email, role=role, language=language, invited_by=actor
    )
    invitation.full_clean()
    invitation.save()
    audit_record(action="create", instance=invitation, actor=actor, summary=email)
    from partnerhub.accounts.mail import invitation_send

    invitation_send(invitation=invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: Any) -> Invitation:
    _require(actor, "accounts.manage_members", invitation.organisation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(action="update", instance=invitation, actor=actor, summary="revoked")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: Any) -> Membership:
    """Join through an invitation sent to the user's own email address."""
    if (
        invitation.accepted_at
        or invitation.revoked_at
        or invitation.created_at < timezone.now() - (dt.timedelta(days=INVITATION_DAYS))
    ):
        raise InvalidInput(
            "This invitation has expired or was already used.",
            "此邀請已過期或已使用。",
            field="token",
        )
    if not user_has_email(user, invitation.email):
        raise InvalidInput(
            f"This invitation was sent to {invitation.email}: sign in with that verified address.",
            f"此邀請寄給 {invitation.email}：請以該已驗證的電子郵件帳號登入。",
            field="email",
        )
    membership = Membership.objects.select_for_update().filter(
        user=user, organisation=invitation.organisation
    ).first() or Membership(user=user, organisation=invitation.organisation)
    membership.role = invitation.role
    membership.status = MembershipStatus.APPROVED
    membership.decided_by = invitation.invited_by
    membership.decided_at = timezone.now()
    membership.full_clean()
    membership.save()
    invitation.accepted_at, invitation.accepted_by = membership.decided_at, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership_groups_sync(user=user)
    audit_record(action="update", instance=membership, actor=user, summary="invitation accepted")
    return membership
