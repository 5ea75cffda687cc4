"""The predicates the grant portal reads: membership, organisation admin and staff roles."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from partnerhub.accounts.rules import has_role, is_member_of_organisation, is_organisation_admin
from partnerhub.core.roles import ROLES
from partnerhub.test import (
    approver,
    grants_admin,
    icdf_officer,
    make_user,
    mofa_reviewer,
    ngo_admin,
    ngo_member,
    organisation,
    outsider,
)

pytestmark = pytest.mark.django_db


def test_it_tells_members_and_admins_of_an_organisation_apart():
    org, other = organisation("org"), organisation("other")
    member, admin, stranger = ngo_member(org), ngo_admin(org), outsider()
    assert is_member_of_organisation(member, org) and is_member_of_organisation(admin, org)
    assert not is_member_of_organisation(member, other)
    assert not is_member_of_organisation(stranger, org)
    assert is_organisation_admin(admin, org) and not is_organisation_admin(member, org)


def test_it_reads_the_organisation_of_an_object_that_belongs_to_one():
    org = organisation("org")
    member = ngo_member(org)
    application = SimpleNamespace(organisation=org)
    assert is_member_of_organisation(member, application)
    assert not is_organisation_admin(member, application)


def test_it_counts_a_pending_or_removed_membership_as_no_membership():
    from partnerhub.accounts.services import membership_request

    org = organisation("org")
    ngo_admin(org)
    pending = make_user("pending")
    membership_request(user=pending, organisation=org)
    assert not is_member_of_organisation(pending, org)


def test_it_gives_each_staff_persona_exactly_its_role():
    people = {
        "mofa_reviewer": mofa_reviewer(),
        "icdf_officer": icdf_officer(),
        "approver": approver(),
        "grants_admin": grants_admin(),
    }
    for name, user in people.items():
        assert [n for n in people if has_role(n)(user)] == [name]
    assert not has_role("grants_admin")(outsider())


def test_it_lists_the_six_grant_roles_with_labels_in_both_languages():
    slugs = ["ngo_member", "ngo_admin", "mofa_reviewer", "icdf_officer", "approver", "grants_admin"]
    roles = {r.name: r for r in ROLES}
    assert set(slugs) <= set(roles)
    for slug in slugs:
        assert roles[slug].label("zh-hant") != roles[slug].label("en")
        assert roles[slug].label("en") and roles[slug].label("zh-hant")
    # NGO staff act through object permissions only; no model permission at all.
    assert roles["ngo_member"].permissions == frozenset()
    assert roles["ngo_admin"].permissions == frozenset()
