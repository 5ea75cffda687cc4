"""The organisation pages: claim, register, invite, approve and remove, in both languages."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from partnerhub.accounts.models import Invitation, Membership
from partnerhub.core.outbox import outbox_drain_now
from partnerhub.test import (
    compile_catalogues,
    grants_admin,
    make_user,
    ngo_admin,
    ngo_member,
    organisation,
    url_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, scope="module")
def catalogues():
    compile_catalogues()


def test_it_sends_a_visitor_to_sign_in(client):
    response = client.get(reverse("accounts:organisations"))
    assert response.status_code == 302


def test_it_claims_an_organisation_found_by_its_other_spelling(client):
    org = organisation("台灣路竹會", "Taiwan Root Medical Peace Corps", slug="root")
    client.force_login(make_user("alice"))
    page = client.get(reverse("accounts:claim"), {"q": "臺灣路竹"})
    assert "台灣路竹會" in page.content.decode()
    response = client.post(reverse("accounts:claim"), {"organisation": "root"}, follow=True)
    assert "待補助業務人員審核" in response.content.decode()
    assert Membership.objects.get(organisation=org).status == "pending"


def test_it_registers_after_confirming_that_no_similar_organisation_is_theirs(client):
    organisation("臺灣路竹會國際醫療", "Root International")
    client.force_login(make_user("alice"))
    url = url_in("en", "accounts:register")
    data = {"name_zh": "台灣路竹會", "name_en": "", "abbreviation": "", "website": ""}
    first = client.post(url, data)
    assert first.status_code == 400
    assert "Similar organisations" in first.content.decode()
    assert not Membership.objects.exists()
    second = client.post(url, {**data, "confirm_new": "on"})
    assert second.status_code == 302
    assert Membership.objects.get().organisation.name_zh == "台灣路竹會"


def test_it_refuses_to_register_a_name_already_known_and_says_so_on_the_field(client):
    organisation("臺灣路竹會", "Taiwan Root")
    client.force_login(make_user("alice"))
    response = client.post(
        reverse("accounts:register"), {"name_zh": "台灣路竹會", "confirm_new": "on"}
    )
    assert response.status_code == 400
    assert "請改為認領" in response.content.decode()
    assert not Membership.objects.exists()


def test_it_lets_an_admin_invite_approve_and_remove_colleagues(
    client, django_capture_on_commit_callbacks
):
    org = organisation("org", slug="org")
    admin = ngo_admin(org)
    member = ngo_member(org)
    client.force_login(admin)
    page = client.get(url_in("en", "accounts:organisation", "org"))
    assert "Invite a colleague" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:invite", args=["org"]), {"email": "x@example.org", "role": "member"}
        )
    outbox_drain_now()
    assert Invitation.objects.get().email == "x@example.org" and len(mail.outbox) == 1
    removal = client.post(
        reverse("accounts:membership-remove", args=[Membership.objects.get(user=member).pk])
    )
    assert removal.status_code == 302
    assert Membership.objects.get(user=member).status == "removed"


def test_it_shows_a_member_the_list_without_the_admin_forms(client):
    org = organisation("org", slug="org")
    ngo_admin(org)
    client.force_login(ngo_member(org))
    page = client.get(url_in("en", "accounts:organisation", "org"))
    assert page.status_code == 200
    assert "Invite a colleague" not in page.content.decode()


def test_it_answers_404_to_outsiders_for_an_organisations_members(client):
    org = organisation("org", slug="org")
    admin = ngo_admin(org)
    client.force_login(ngo_admin(organisation("other")))
    for url, method in [
        (reverse("accounts:organisation", args=["org"]), "get"),
        (reverse("accounts:invite", args=["org"]), "post"),
        (
            reverse("accounts:membership-remove", args=[Membership.objects.get(user=admin).pk]),
            "post",
        ),
        (
            reverse("accounts:membership-approve", args=[Membership.objects.get(user=admin).pk]),
            "post",
        ),
    ]:
        assert getattr(client, method)(url).status_code == 404, url
    assert client.get(reverse("accounts:organisation", args=["nope"])).status_code == 404


def test_it_lists_claims_for_grants_staff_who_approve_them(client):
    org = organisation("臺灣路竹會", slug="root")
    alice = make_user("alice")
    from partnerhub.accounts.services import membership_request

    claim = membership_request(user=alice, organisation=org)
    client.force_login(grants_admin())
    page = client.get(url_in("en", "accounts:organisations"))
    assert "Claims waiting for grants staff" in page.content.decode()
    assert "alice" in page.content.decode()
    client.post(reverse("accounts:membership-approve", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == "approved"


def test_it_accepts_an_invitation_for_the_invited_address_only(client):
    org = organisation("org", slug="org")
    admin = ngo_admin(org)
    from partnerhub.accounts.services import invitation_create

    invitation = invitation_create(organisation=org, email="dan@example.org", actor=admin)
    url = reverse("accounts:invitation", args=[invitation.token])
    client.force_login(make_user("eve", email="eve@example.org"))
    assert client.post(url).status_code == 400
    client.force_login(make_user("dan", email="dan@example.org"))
    assert "org" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Membership.objects.get(user__username="dan").status == "approved"
    assert client.get(reverse("accounts:invitation", args=["wrong"])).status_code == 404
