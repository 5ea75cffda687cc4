"""One application through the whole cycle, through the services, with every refusal on the way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.activities.models import Activity
from partnerhub.core.exceptions import InvalidInput, PermissionDenied
from partnerhub.grants import appraisal, files, implementation, services
from partnerhub.grants.models import Application, ReportKind
from partnerhub.grants.tests.conftest import PDF, complete_draft

pytestmark = pytest.mark.django_db


def _submitted(world):
    app = services.application_create(
        call=world["call"], organisation=world["ngo"], actor=world["applicant"]
    )
    app = services.application_save(
        application=app, draft=complete_draft(), version=app.version, actor=world["applicant"]
    )
    files.attachment_add(
        application=app,
        kind="proposal",
        upload=SimpleUploadedFile("proposal.pdf", PDF),
        actor=world["applicant"],
    )
    return services.application_transition(application=app, name="submit", actor=world["applicant"])


def _appraised(world):
    app = _submitted(world)
    app = services.application_transition(application=app, name="screen", actor=world["officer"])
    appraisal.review_assign(application=app, reviewer=world["reviewer"], actor=world["officer"])
    app = services.application_transition(
        application=app, name="send-to-appraisal", actor=world["officer"]
    )
    review = app.reviews.get()
    appraisal.review_declare(assignment=review, actor=world["reviewer"], conflict=False)
    appraisal.review_submit(
        assignment=review,
        actor=world["reviewer"],
        scores={"technical-capacity": (4, "Good team"), "finance": (3, "")},
    )
    return Application.objects.get(pk=app.pk)


def test_it_refuses_to_submit_an_incomplete_draft_and_says_what_is_missing(world):
    app = services.application_create(
        call=world["call"], organisation=world["ngo"], actor=world["applicant"]
    )
    with pytest.raises(services.TransitionRefused) as refused:
        services.application_transition(application=app, name="submit", actor=world["applicant"])
    assert "title" in refused.value.message_en
    assert "計畫名稱" in refused.value.message_zh
    assert Application.objects.get(pk=app.pk).state == "draft"


def test_it_refuses_a_budget_over_the_ceiling_and_keeps_the_draft(world):
    from partnerhub.grants.records import BudgetLineRecord

    app = services.application_create(
        call=world["call"], organisation=world["ngo"], actor=world["applicant"]
    )
    draft = complete_draft()
    draft.budget = [BudgetLineRecord("Everything", Decimal("2500000"), "TWD")]
    app = services.application_save(
        application=app, draft=draft, version=app.version, actor=world["applicant"]
    )
    files.attachment_add(
        application=app, kind="proposal", upload=SimpleUploadedFile("p.pdf", PDF),
        actor=world["applicant"],
    )  # fmt: skip
    with pytest.raises(services.TransitionRefused) as refused:
        services.application_transition(application=app, name="submit", actor=world["applicant"])
    assert "ceiling" in refused.value.message_en
    saved = Application.objects.get(pk=app.pk)
    assert saved.state == "draft"
    assert saved.budget.get().amount == Decimal("2500000")


def test_it_refuses_a_save_based_on_an_older_version_and_names_what_changed(world):
    app = services.application_create(
        call=world["call"], organisation=world["ngo"], actor=world["applicant"]
    )
    first = complete_draft()
    services.application_save(application=app, draft=first, version=1, actor=world["colleague"])
    second = complete_draft()
    second.title_en = "My own title"
    with pytest.raises(services.EditConflict) as conflict:
        services.application_save(
            application=app, draft=second, version=1, actor=world["applicant"]
        )
    assert "title_en" in conflict.value.changed
    assert Application.objects.get(pk=app.pk).title_en == first.title_en


def test_it_lets_only_members_edit_a_draft(world):
    app = services.application_create(
        call=world["call"], organisation=world["ngo"], actor=world["applicant"]
    )
    with pytest.raises(PermissionDenied):
        services.application_save(
            application=app, draft=complete_draft(), version=1, actor=world["stranger"]
        )


def test_it_makes_a_second_submission_impossible(world):
    app = _submitted(world)
    with pytest.raises(services.TransitionRefused):
        services.application_transition(application=app, name="submit", actor=world["applicant"])
    assert app.revisions.count() == 2


def test_it_refuses_a_reviewer_from_the_applying_organisation(world):
    app = _submitted(world)
    app = services.application_transition(application=app, name="screen", actor=world["officer"])
    colleague = world["colleague"]
    from partnerhub.test import grant

    colleague = grant(colleague, "grants.review_application")
    with pytest.raises(InvalidInput) as refused:
        appraisal.review_assign(application=app, reviewer=colleague, actor=world["officer"])
    assert "conflict of interest" in refused.value.message_en


def test_it_keeps_a_recused_reviewer_out_of_the_scores(world):
    app = _submitted(world)
    app = services.application_transition(application=app, name="screen", actor=world["officer"])
    appraisal.review_assign(application=app, reviewer=world["reviewer"], actor=world["officer"])
    appraisal.review_assign(application=app, reviewer=world["reviewer2"], actor=world["officer"])
    app = services.application_transition(
        application=app, name="send-to-appraisal", actor=world["officer"]
    )
    recused = app.reviews.get(reviewer=world["reviewer2"])
    appraisal.review_declare(
        assignment=recused, actor=world["reviewer2"], conflict=True, note="Board member"
    )
    with pytest.raises(InvalidInput):
        appraisal.review_submit(
            assignment=recused,
            actor=world["reviewer2"],
            scores={"technical-capacity": (5, ""), "finance": (5, "")},
        )
    with pytest.raises(services.TransitionRefused):
        appraisal.determination_record(
            application=app, decision="approve", reasons="Fine", actor=world["approver"]
        )


def test_it_weights_the_criteria_on_a_hundred_point_scale(world):
    from partnerhub.grants.selectors import appraisal_summary

    app = _appraised(world)
    summary = appraisal_summary(app)
    # (4×2 + 3×1) / 3 × 20 = 73.33
    assert summary.mean_weighted == Decimal("73.33")
    assert summary.reviewers[0].scores == {"technical-capacity": 4, "finance": 3}


def test_it_walks_an_application_from_approval_to_closure(world):
    app = _appraised(world)
    determination = appraisal.determination_record(
        application=app, decision="approve", reasons="Strong proposal.", actor=world["approver"]
    )
    app = Application.objects.get(pk=app.pk)
    assert app.state == "approved"
    activity = Activity.objects.get(pk=app.activity_id)
    assert activity.source == "grants"
    assert activity.participations.filter(role="4", organisation=world["ngo"]).exists()
    assert determination.weighted_score == Decimal("73.33")

    with pytest.raises(services.TransitionRefused) as refused:
        services.application_transition(
            application=app, name="sign-agreement", actor=world["officer"]
        )
    assert "agreement" in refused.value.message_en
    files.attachment_add(
        application=app, kind="agreement", upload=SimpleUploadedFile("agreement.pdf", PDF),
        actor=world["officer"],
    )  # fmt: skip
    app = services.application_transition(
        application=app, name="sign-agreement", actor=world["officer"]
    )
    app = services.application_transition(
        application=app, name="start-implementation", actor=world["officer"]
    )
    assert app.reports.filter(kind=ReportKind.PROGRESS).exists()

    tranche = implementation.tranche_request(
        application=app, amount=Decimal("600000"), actor=world["applicant"]
    )
    implementation.tranche_officer_approve(tranche=tranche, actor=world["officer"])
    officer_and_finance = world["officer"]
    from partnerhub.test import grant

    officer_and_finance = grant(officer_and_finance, "grants.approve_payment")
    with pytest.raises(PermissionDenied):
        implementation.tranche_pay(tranche=tranche, actor=officer_and_finance)
    implementation.tranche_pay(tranche=tranche, actor=world["finance"])
    assert sorted(activity.transactions.values_list("type", flat=True)) == ["2", "3"]

    indicator = app.indicators.get()
    actual = implementation.actual_save(
        indicator=indicator, period_end=app.planned_end, value=Decimal(1200),
        actor=world["applicant"],
    )  # fmt: skip
    implementation.actual_submit(actual=actual, actor=world["applicant"])
    implementation.actual_review(actual=actual, approve=True, actor=world["officer"])
    published = activity.results.get().indicators.get()
    assert (published.actual_value, published.as_of) == (Decimal(1200), app.planned_end)
    with pytest.raises(InvalidInput):
        implementation.actual_save(
            indicator=indicator, period_end=app.planned_end, value=Decimal(1),
            actor=world["applicant"],
        )  # fmt: skip

    app = services.application_transition(application=app, name="complete", actor=world["officer"])
    closure = app.reports.get(kind=ReportKind.CLOSURE)
    assert (closure.due_on - closure.application.updated_at.date()).days <= 183
    implementation.report_submit(report=closure, body="All done.", actor=world["applicant"])
    app = services.application_transition(
        application=app, name="submit-closure-report", actor=world["applicant"]
    )
    app = services.application_transition(
        application=app, name="accept-closure-report", actor=world["officer"]
    )
    app = services.application_transition(application=app, name="close", actor=world["officer"])
    assert app.state == "closed"
    assert Activity.objects.get(pk=activity.pk).status == "4"


def test_it_publishes_the_approved_grant_under_the_grants_source_of_the_api(client, world):
    from django.urls import reverse

    app = _appraised(world)
    appraisal.determination_record(
        application=app, decision="approve", reasons="Good.", actor=world["approver"]
    )
    url = reverse("api:collection", kwargs={"name": "activities"})
    data = client.get(url, {"source": "grants"}).json()
    identifiers = [row["iati_identifier"] for row in data["results"]]
    assert identifiers == [f"TW-GOV-MOFA-GRANT-{app.reference}"]


def test_it_normalises_away_a_reviewers_habitual_strictness(world):
    from partnerhub.grants.selectors import appraisal_summary

    def appraise(scores_by_reviewer):
        app = _submitted(world)
        app = services.application_transition(
            application=app, name="screen", actor=world["officer"]
        )
        for reviewer in scores_by_reviewer:
            appraisal.review_assign(
                application=app, reviewer=world[reviewer], actor=world["officer"]
            )
        app = services.application_transition(
            application=app, name="send-to-appraisal", actor=world["officer"]
        )
        for reviewer, (tech, fin) in scores_by_reviewer.items():
            review = app.reviews.get(reviewer=world[reviewer])
            appraisal.review_declare(assignment=review, actor=world[reviewer], conflict=False)
            appraisal.review_submit(
                assignment=review, actor=world[reviewer],
                scores={"technical-capacity": (tech, ""), "finance": (fin, "")},
            )  # fmt: skip
        return app

    # reviewer2 scores everything one point lower than reviewer does.
    first = appraise({"reviewer": (5, 5), "reviewer2": (4, 4)})
    appraise({"reviewer": (3, 3), "reviewer2": (2, 2)})
    rows = {r.assignment.reviewer.username: r for r in appraisal_summary(first).reviewers}
    assert (rows["reviewer"].weighted, rows["reviewer2"].weighted) == (Decimal(100), Decimal(80))
    assert rows["reviewer"].normalised == rows["reviewer2"].normalised == Decimal(90)


def test_it_decides_several_applications_at_once_or_none_when_one_is_refused(client, world):
    from django.urls import reverse
    from django.utils import translation

    from partnerhub.core.models import OutboxMessage
    from partnerhub.grants.models import Determination

    first, second = _appraised(world), _appraised(world)
    waiting = _submitted(world)
    waiting = services.application_transition(
        application=waiting, name="screen", actor=world["officer"]
    )
    appraisal.review_assign(application=waiting, reviewer=world["reviewer"], actor=world["officer"])
    waiting = services.application_transition(
        application=waiting, name="send-to-appraisal", actor=world["officer"]
    )
    mails_before = OutboxMessage.objects.count()
    with pytest.raises(appraisal.BatchRefused) as refused:
        appraisal.determinations_record_batch(
            applications=[first, second, waiting],
            decision="approve",
            reasons="Strong proposals.",
            actor=world["approver"],
        )
    assert [a.pk for a, _why in refused.value.refusals] == [waiting.pk]
    assert waiting.reference in refused.value.message_en
    assert not Determination.objects.exists()
    assert OutboxMessage.objects.count() == mails_before
    assert set(Application.objects.values_list("state", flat=True)) == {"feasibility-appraisal"}

    client.force_login(world["approver"])
    translation.activate("en")  # the addresses below are of pages in this language
    listing = client.get(reverse("grants:applications"), {"state": "feasibility-appraisal"})
    assert f'value="{first.pk}" id="pick-{first.pk}" form="batch-determination"' in (
        listing.content.decode()
    )
    page = client.post(
        reverse("grants:determine_batch"),
        {"applications": [first.pk, second.pk], "decision": "approve", "reasons": "Strong."},
        follow=True,
    )
    assert "recorded for 2 applications" in page.content.decode()
    assert Determination.objects.count() == 2
    assert Application.objects.get(pk=first.pk).state == "approved"
    assert Application.objects.get(pk=waiting.pk).state == "feasibility-appraisal"


def test_it_refuses_a_joint_determination_from_someone_who_may_not_decide(client, world):
    app = _appraised(world)
    from django.urls import reverse

    client.force_login(world["officer"])
    client.post(
        reverse("grants:determine_batch"),
        {"applications": [app.pk], "decision": "approve", "reasons": "Fine."},
    )
    assert Application.objects.get(pk=app.pk).state == "feasibility-appraisal"
