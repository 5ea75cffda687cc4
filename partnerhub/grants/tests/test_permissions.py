"""Every persona against every other persona's objects: nothing private leaks, and a denial looks
exactly like a record that does not exist (404)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerhub.grants import appraisal, files, services
from partnerhub.grants.tests.conftest import PDF, complete_draft, member, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(world):
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
        application=app, reviewer=world["reviewer"], actor=world["officer"]
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
MAY_OPEN = {
    "applicant": {"detail_a", "file_a"},
    "stranger": {"detail_b", "edit_b", "file_b", "workbook_b"},
    # An assigned reviewer gets the declaration page; the application redirects there until then.
    "reviewer": {"review_a"},
    "reviewer2": set(),
    "officer": {"detail_a", "detail_b", "file_a", "file_b", "dossier_a", "export", "dashboard"},
    "approver": {"detail_a", "detail_b", "file_a", "file_b", "dossier_a", "export", "dashboard"},
    "finance": {"detail_a", "detail_b", "file_a", "file_b", "dossier_a", "export", "dashboard"},
    "outsider": set(),
}
REDIRECTS = {("reviewer", "detail_a")}


def test_it_leaks_nothing_across_roles_and_organisations(client, world, objects):
    world["outsider"] = staff("nobody")
    urls = _urls(objects)
    leaks = []
    for persona, allowed in MAY_OPEN.items():
        client.force_login(world[persona])
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


def test_it_refuses_actions_on_another_organisations_application(client, world, objects):
    b = objects["app_b"]
    client.force_login(world["applicant"])
    for url, data in (
        (reverse("grants:transition", args=[b.pk, "submit"]), {}),
        (reverse("grants:upload", args=[b.pk]), {"kind": "proposal"}),
        (reverse("grants:tranche", args=[b.pk]), {"amount": "10"}),
        (reverse("grants:edit", args=[b.pk]), {}),
    ):
        assert client.post(url, data).status_code == 404, url
    b.refresh_from_db()
    assert b.state == "draft" and b.attachments.count() == 1


def test_it_refuses_staff_transitions_to_the_applicant_and_applicant_ones_to_staff(world, objects):
    with pytest.raises(services.TransitionRefused):
        services.application_transition(
            application=objects["app_a"], name="send-to-appraisal", actor=world["applicant"]
        )
    with pytest.raises(services.TransitionRefused):
        services.application_transition(
            application=objects["app_b"], name="submit", actor=world["officer"]
        )
    newcomer = member(world["other"], "newcomer")
    with pytest.raises(services.TransitionRefused):
        services.application_transition(application=objects["app_a"], name="screen", actor=newcomer)
