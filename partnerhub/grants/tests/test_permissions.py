"""Every role against every other role's objects: nothing private leaks, and a denial looks exactly
like a record that does not exist (404). The personas hold their roles exactly as core_roles and the
accounts app give them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerhub.grants import appraisal, files, services
from partnerhub.grants.tests.conftest import PDF, complete_draft, member
from partnerhub.test import (
    approver,
    grants_admin,
    icdf_officer,
    mofa_reviewer,
    ngo_admin,
    ngo_member,
    outsider,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(world):
    """One person per role: NGO staff of each organisation, and each grant staff role."""
    return {
        "member_a": ngo_member(world["ngo"]),
        "admin_b": ngo_admin(world["other"]),
        "reviewer": mofa_reviewer(),
        "other_reviewer": mofa_reviewer(),
        "officer": icdf_officer(),
        "approver": approver(),
        "grants_admin": grants_admin(),
        "outsider": outsider(),
    }


@pytest.fixture
def objects(world, roles):
    """Two organisations' applications, one under appraisal with an assigned reviewer."""
    out = {}
    for key, org, user in (("a", world["ngo"], world["applicant"]),
                           ("b", world["other"], world["stranger"])):  # fmt: skip
        app = services.application_create(call=world["call"], organisation=org, actor=user)
        app = services.application_save(
            application=app, draft=complete_draft(), version=1, actor=user
        )
        out[f"file_{key}"] = files.attachment_add(
            application=app, kind="proposal", upload=SimpleUploadedFile("p.pdf", PDF), actor=user
        )
        out[f"app_{key}"] = app
    app = services.application_transition(
        application=out["app_a"], name="submit", actor=world["applicant"]
    )
    app = services.application_transition(application=app, name="screen", actor=world["officer"])
    out["review_a"] = appraisal.review_assign(
        application=app, reviewer=roles["reviewer"], actor=roles["officer"]
    )
    out["app_a"] = app
    return out


def _urls(o):
    a, b = o["app_a"].pk, o["app_b"].pk
    return {
        "detail_a": reverse("grants:application", args=[a]),
        "detail_b": reverse("grants:application", args=[b]),
        "edit_b": reverse("grants:edit", args=[b]),
        "file_a": reverse("grants:attachment", args=[o["file_a"].pk]),
        "file_b": reverse("grants:attachment", args=[o["file_b"].pk]),
        "workbook_b": reverse("grants:workbook", args=[b]),
        "review_a": reverse("grants:review", args=[o["review_a"].pk]),
        "dossier_a": reverse("grants:dossier", args=[a]),
        "export": reverse("grants:export_csv", args=["ngo-2026"]),
        "dashboard": reverse("grants:dashboard"),
    }


# What each persona may open; everything else must answer 404 (or send the anonymous to sign in).
STAFF = {"detail_a", "detail_b", "file_a", "file_b", "dossier_a", "export", "dashboard"}
MAY_OPEN = {
    "member_a": {"detail_a", "file_a"},
    "admin_b": {"detail_b", "edit_b", "file_b", "workbook_b"},
    # An assigned reviewer gets the declaration page; the application redirects there until then.
    "reviewer": {"review_a"},
    "other_reviewer": set(),
    "officer": STAFF,
    "approver": STAFF,
    "grants_admin": STAFF,
    "outsider": set(),
}
REDIRECTS = {("reviewer", "detail_a")}


def test_it_leaks_nothing_across_roles_and_organisations(client, roles, objects):
    urls = _urls(objects)
    leaks = []
    for persona, allowed in MAY_OPEN.items():
        client.force_login(roles[persona])
        for name, url in urls.items():
            status = client.get(url).status_code
            expected = 200 if name in allowed else 404
            if (persona, name) in REDIRECTS:
                expected = 302
            if status != expected:
                leaks.append((persona, name, status, expected))
    assert leaks == []


def test_it_sends_anonymous_visitors_to_sign_in_for_every_private_page(client, objects):
    for name, url in _urls(objects).items():
        assert client.get(url).status_code == 302, name


def test_it_refuses_actions_on_another_organisations_application(client, roles, objects):
    b = objects["app_b"]
    client.force_login(roles["member_a"])
    for url, data in (
        (reverse("grants:transition", args=[b.pk, "submit"]), {}),
        (reverse("grants:upload", args=[b.pk]), {"kind": "proposal"}),
        (reverse("grants:tranche", args=[b.pk]), {"amount": "10"}),
        (reverse("grants:edit", args=[b.pk]), {}),
    ):
        assert client.post(url, data).status_code == 404, url
    b.refresh_from_db()
    assert b.state == "draft" and b.attachments.count() == 1


def test_it_refuses_each_role_the_transitions_of_the_others(world, roles, objects):
    refusals = []
    for persona, name, app in (
        ("member_a", "send-to-appraisal", objects["app_a"]),
        ("reviewer", "send-to-appraisal", objects["app_a"]),
        ("approver", "send-to-appraisal", objects["app_a"]),
        ("officer", "submit", objects["app_b"]),
        ("grants_admin", "submit", objects["app_b"]),
        ("member_a", "submit", objects["app_b"]),
    ):
        with pytest.raises(services.TransitionRefused) as refused:
            services.application_transition(application=app, name=name, actor=roles[persona])
        refusals.append(refused.value.message_en)
    assert set(refusals) == {
        "Your role may not do this.",
        "Only a member of the applying organisation may do this.",
    }
    newcomer = member(world["other"], "newcomer")
    assert not services.actor_for(newcomer, objects["app_a"]).is_applicant


def test_it_gives_each_staff_role_its_grant_permissions_and_no_more(roles):
    held = {
        name: sorted(p for p in roles[name].get_all_permissions() if p.startswith("grants."))
        for name in ("reviewer", "officer", "approver", "grants_admin", "member_a", "outsider")
    }
    assert held == {
        "reviewer": ["grants.review_application"],
        "officer": [
            "grants.manage_grant", "grants.screen_application", "grants.view_all_applications"
        ],
        "approver": ["grants.determine_application", "grants.view_all_applications"],
        "grants_admin": [
            "grants.approve_payment", "grants.manage_call", "grants.screen_application",
            "grants.view_all_applications",
        ],
        "member_a": [],
        "outsider": [],
    }  # fmt: skip
