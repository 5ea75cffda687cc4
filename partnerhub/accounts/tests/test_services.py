"""Memberships: requests, claims, approvals, removals and invitations through the services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail

from partnerhub.accounts.models import Invitation, Membership
from partnerhub.accounts.selectors import organisation_members, user_organisations
from partnerhub.accounts.services import (
    invitation_accept,
    invitation_create,
    membership_approve,
    membership_remove,
    membership_request,
    membership_set_role,
    organisation_register,
)
from partnerhub.core.exceptions import InvalidInput, PermissionDenied
from partnerhub.core.models import AuditEntry, OutboxMessage
from partnerhub.core.outbox import outbox_drain_now
from partnerhub.test import grants_admin, make_user, ngo_admin, ngo_member, organisation

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_it_makes_the_first_request_of_an_organisation_a_claim_that_staff_approve():
    org = organisation("臺灣路竹會", "Taiwan Root")
    alice = make_user("alice", email="alice@example.org")
    claim = membership_request(user=alice, organisation=org)
    assert (claim.role, claim.status, claim.is_claim) == ("admin", "pending", True)
    assert list(user_organisations(alice)) == []
    with pytest.raises(PermissionDenied):
        membership_approve(membership=claim, actor=make_user("bob"))
    staff = grants_admin()
    membership_approve(membership=claim, actor=staff)
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == ("approved", staff)
    assert list(user_organisations(alice)) == [org]
    assert set(fresh(alice).groups.values_list("name", flat=True)) == {"ngo_member", "ngo_admin"}
    assert AuditEntry.objects.filter(model="accounts.Membership", summary="approved").count() == 1


def test_it_lets_an_organisation_admin_approve_a_member_request_but_not_another_claim():
    org = organisation("org")
    admin = ngo_admin(org)
    bob = make_user("bob")
    request = membership_request(user=bob, organisation=org)
    assert request.role == "member"
    membership_approve(membership=request, actor=admin)
    assert [m.user for m in organisation_members(org)] == [admin, bob]
    other = organisation("other")
    claim = membership_request(user=make_user("carol"), organisation=other)
    with pytest.raises(PermissionDenied):
        membership_approve(membership=claim, actor=admin)


def test_it_rejects_a_second_request_for_the_same_organisation():
    org = organisation("org")
    bob = make_user("bob")
    membership_request(user=bob, organisation=org)
    with pytest.raises(InvalidInput) as caught:
        membership_request(user=bob, organisation=org)
    assert "已" in caught.value.message("zh-hant") and caught.value.field == "organisation"
    assert Membership.objects.count() == 1


def test_it_removes_a_colleague_and_takes_the_ngo_groups_away():
    org = organisation("org")
    admin = ngo_admin(org)
    member = ngo_member(org)
    membership = Membership.objects.get(user=member)
    membership_remove(membership=membership, actor=admin)
    assert list(user_organisations(member)) == []
    assert not fresh(member).groups.filter(name="ngo_member").exists()


def test_it_refuses_to_remove_the_last_admin_but_lets_them_leave_after_a_new_admin():
    org = organisation("org")
    admin = ngo_admin(org)
    member = ngo_member(org)
    own = Membership.objects.get(user=admin)
    with pytest.raises(InvalidInput) as caught:
        membership_remove(membership=own, actor=admin)
    assert caught.value.field == "role"
    membership_set_role(membership=Membership.objects.get(user=member), role="admin", actor=admin)
    membership_remove(membership=own, actor=fresh(admin))
    assert Membership.objects.get(user=admin).status == "removed"


def test_it_refuses_a_member_who_removes_a_colleague():
    org = organisation("org")
    ngo_admin(org)
    first, second = ngo_member(org), ngo_member(org)
    with pytest.raises(PermissionDenied):
        membership_remove(membership=Membership.objects.get(user=second), actor=first)
    assert Membership.objects.get(user=second).status == "approved"


def test_it_registers_a_new_organisation_with_a_claim_and_refuses_a_variant_of_a_known_name():
    organisation("台灣路竹會", "Taiwan Root Medical Peace Corps", aliases=["路竹會"])
    alice = make_user("alice")
    with pytest.raises(InvalidInput) as caught:
        organisation_register(user=alice, name_zh="臺灣路竹會")
    assert "認領" in caught.value.message("zh-hant") and caught.value.field == "name_zh"
    with pytest.raises(InvalidInput):
        organisation_register(
            user=alice, name_zh="新組織", name_en="TAIWAN ROOT MEDICAL PEACE CORPS"
        )
    assert Membership.objects.count() == 0
    claim = organisation_register(user=alice, name_zh="臺灣新希望協會", name_en="New Hope")
    assert (claim.role, claim.status, claim.organisation.category) == (
        "admin",
        "pending",
        "domestic-ngo",
    )


def test_it_mails_an_invitation_in_the_inviters_language_and_joins_on_acceptance(
    django_capture_on_commit_callbacks,
):
    org = organisation("臺灣路竹會", "Taiwan Root")
    admin = ngo_admin(org)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            organisation=org, email="Dan@Example.org", actor=admin, language="en"
        )
    queued = OutboxMessage.objects.get()
    assert (queued.to_email, queued.language, queued.sent_at) == ("dan@example.org", "en", None)
    assert outbox_drain_now().sent == 1
    assert [m.to for m in mail.outbox] == [["dan@example.org"]]
    assert "Invitation to join" in mail.outbox[0].subject
    assert invitation.token in mail.outbox[0].body
    # The link opens the invitation in the language it was written in.
    assert f"/en/accounts/invitations/{invitation.token}/" in mail.outbox[0].body
    stranger = make_user("eve", email="eve@example.org")
    with pytest.raises(InvalidInput):
        invitation_accept(invitation=invitation, user=stranger)
    dan = make_user("dan", email="dan@example.org")
    membership = invitation_accept(invitation=invitation, user=dan)
    assert (membership.status, membership.role, membership.decided_by) == (
        "approved",
        "member",
        admin,
    )
    invitation.refresh_from_db()
    with pytest.raises(InvalidInput):
        invitation_accept(invitation=invitation, user=dan)


def test_it_refuses_an_invitation_from_a_plain_member_and_writes_nothing():
    org = organisation("org")
    member = ngo_member(org)
    with pytest.raises(PermissionDenied):
        invitation_create(organisation=org, email="x@example.org", actor=member)
    assert Invitation.objects.count() == 0 and mail.outbox == []


def test_it_keeps_a_registered_organisation_out_of_the_public_directory_until_its_claim_is_approved(
    client,
):
    from django.urls import reverse

    from partnerhub.organisations.lists import ORGANISATIONS
    from partnerhub.organisations.selectors import organisation_count

    alice = make_user("alice")
    claim = organisation_register(user=alice, name_zh="臺灣新希望協會", name_en="New Hope")
    slug = claim.organisation.slug
    assert not claim.organisation.listed
    assert slug not in set(ORGANISATIONS.queryset().values_list("slug", flat=True))
    assert organisation_count() == 0
    assert client.get(reverse("portal:organisation", args=[slug])).status_code == 404
    assert client.get(f"/api/v1/organisations/{slug}").status_code == 404
    assert f"/organisations/{slug}/" not in client.get("/sitemap.xml").content.decode()
    membership_approve(membership=claim, actor=grants_admin())
    claim.organisation.refresh_from_db()
    assert claim.organisation.listed and organisation_count() == 1
    assert client.get(reverse("portal:organisation", args=[slug])).status_code == 200
    assert client.get(f"/api/v1/organisations/{slug}").status_code == 200
    assert AuditEntry.objects.filter(changes__listed=[False, True]).exists()
