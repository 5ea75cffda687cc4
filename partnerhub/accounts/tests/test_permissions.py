"""Every role against every other organisation's membership pages: no leak, only 404s.

Two NGOs, each with an admin, a member and a pending request, and every staff role. Each person
tries each organisation's pages and each membership's actions. Those who may not see an
organisation's members get exactly the page an unknown address gets, so a 404 says nothing about
whether the organisation has members, requests or invitations.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.accounts.models import Invitation, Membership
from partnerhub.accounts.services import invitation_create, membership_request
from partnerhub.core.languages import bare_path
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


@pytest.fixture
def world():
    a, b = (
        organisation("甲協會", "Alpha", slug="alpha"),
        organisation("乙協會", "Beta", slug="beta"),
    )
    people = {
        "admin_a": ngo_admin(a),
        "member_a": ngo_member(a),
        "admin_b": ngo_admin(b),
        "member_b": ngo_member(b),
        "mofa_reviewer": mofa_reviewer(),
        "icdf_officer": icdf_officer(),
        "approver": approver(),
        "grants_admin": grants_admin(),
        "outsider": outsider(),
    }
    for org, name in ((a, "pending-a"), (b, "pending-b")):
        membership_request(user=make_user(name), organisation=org)
    invitation_create(organisation=a, email="new-a@example.org", actor=people["admin_a"])
    invitation_create(organisation=b, email="new-b@example.org", actor=people["admin_b"])
    return {"orgs": {"alpha": a, "beta": b}, "people": people}


# Who may read an organisation's members page: its own people and grants staff.
READERS = {
    "alpha": {"admin_a", "member_a", "grants_admin"},
    "beta": {"admin_b", "member_b", "grants_admin"},
}
# Who may invite, decide member requests and remove colleagues.
MANAGERS = {"alpha": {"admin_a", "grants_admin"}, "beta": {"admin_b", "grants_admin"}}


def page(response) -> str:
    """The page without its CSRF token and its own address (in every language), which differ on
    every response."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return text.replace(bare_path(response.wsgi_request.path), "")


def body_of_404(client: Client) -> str:
    response = client.get(reverse("accounts:organisation", args=["no-such-organisation"]))
    assert response.status_code == 404
    return page(response)


def test_it_shows_an_organisations_members_only_to_its_people_and_grants_staff(world):
    for name, user in world["people"].items():
        client = Client()
        client.force_login(user)
        unknown = body_of_404(client)
        for slug in ("alpha", "beta"):
            response = client.get(reverse("accounts:organisation", args=[slug]))
            if name in READERS[slug]:
                assert response.status_code == 200, (name, slug)
                assert world["orgs"][slug].name in response.content.decode()
            else:
                assert response.status_code == 404, (name, slug)
                assert page(response) == unknown, (name, slug)


def test_it_lets_nobody_act_on_another_organisations_memberships_and_changes_nothing(world):
    before = sorted(Membership.objects.values_list("pk", "status", "role"))
    invitations = Invitation.objects.count()
    for name, user in world["people"].items():
        client = Client()
        client.force_login(user)
        unknown = body_of_404(client)
        for slug, org in world["orgs"].items():
            if name in MANAGERS[slug]:
                continue
            others = Membership.objects.filter(organisation=org).exclude(user=user)
            for membership in others:
                for action in ("membership-approve", "membership-remove", "membership-role"):
                    response = client.post(
                        reverse(f"accounts:{action}", args=[membership.pk]), {"role": "admin"}
                    )
                    assert response.status_code == 404, (name, action, membership)
                    assert page(response) == unknown
            invite = client.post(
                reverse("accounts:invite", args=[slug]), {"email": "x@example.org", "role": "admin"}
            )
            assert invite.status_code == 404, (name, slug)
    assert sorted(Membership.objects.values_list("pk", "status", "role")) == before
    assert Invitation.objects.count() == invitations


def test_it_lets_each_organisations_admin_decide_only_its_own_member_requests(world):
    client = Client()
    client.force_login(world["people"]["admin_a"])
    own = Membership.objects.get(user__username="pending-a")
    other = Membership.objects.get(user__username="pending-b")
    assert client.post(reverse("accounts:membership-approve", args=[other.pk])).status_code == 404
    assert client.post(reverse("accounts:membership-approve", args=[own.pk])).status_code == 302
    assert Membership.objects.get(pk=own.pk).status == "approved"
    assert Membership.objects.get(pk=other.pk).status == "pending"


def test_it_shows_the_claims_queue_only_to_grants_staff(world):
    org = organisation("丙協會", "Gamma", slug="gamma")
    membership_request(user=make_user("claimant"), organisation=org)
    for name, user in world["people"].items():
        client = Client()
        client.force_login(user)
        page = client.get(reverse("accounts:organisations")).content.decode()
        assert ("claimant" in page) == (name == "grants_admin"), name


def test_it_sends_a_visitor_to_sign_in_from_every_page_without_saying_more(world):
    client = Client()
    urls = [reverse("accounts:organisation", args=[s]) for s in ("alpha", "beta", "nope")]
    locations = {client.get(url)["Location"].split("?")[0] for url in urls}
    assert locations == {reverse("account_login")}
