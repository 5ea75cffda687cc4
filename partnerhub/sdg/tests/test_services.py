"""Stored suggestions: the backfill (as a task and inline), accepting and rejecting them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from partnerhub.activities.models import ActivitySdg
from partnerhub.activities.records import SdgRecord
from partnerhub.core.exceptions import InvalidInput
from partnerhub.core.models import AuditEntry, Job
from partnerhub.sdg.models import SdgSuggestion, SuggestionStatus
from partnerhub.sdg.selectors import activities_with_goal, untagged_activities
from partnerhub.sdg.services import (
    sdg_backfill,
    sdg_suggestion_accept,
    sdg_suggestion_reject,
    sdg_suggestions_store,
)
from partnerhub.sdg.suggester import get_suggester
from partnerhub.sdg.tasks import sdg_backfill_start
from partnerhub.test import activity, administrator, run_worker


@pytest.fixture
def acts(db):
    return {
        "water": activity(title_zh="農村飲用水供應計畫", description_zh="興建淨水設施及儲水槽"),
        "school": activity(title_en="Primary school literacy and teacher training"),
        "tagged": activity(title_en="Coral reef restoration", sdgs=[SdgRecord(goal=14)]),
        "blank": activity(),
    }


def test_it_backfills_untagged_activities_as_suggested_never_reported(acts):
    report = sdg_backfill()
    assert report.activities == 3
    assert report.empty == 1
    water = SdgSuggestion.objects.get(activity=acts["water"], goal=6)
    assert water.status == SuggestionStatus.SUGGESTED
    assert water.target.startswith("6.")
    assert water.reasons and water.model_version == get_suggester().version
    assert SdgSuggestion.objects.filter(activity=acts["school"], goal=4).exists()
    assert not SdgSuggestion.objects.filter(activity=acts["tagged"]).exists()
    assert not ActivitySdg.objects.exclude(activity=acts["tagged"]).exists()
    assert list(untagged_activities()) == [acts["water"], acts["school"], acts["blank"]]


def test_it_runs_the_backfill_as_a_background_job_with_its_counts(
    acts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = sdg_backfill_start(limit=2)
    assert job.total == 2
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.counts == {"activities": 2, "with_suggestions": 2, "suggestions": 2, "empty": 0}
    assert SdgSuggestion.objects.filter(activity=acts["water"], goal=6).exists()
    assert not ActivitySdg.objects.filter(activity=acts["water"]).exists()


def test_it_keeps_a_rerun_idempotent_and_never_resuggests_a_decided_goal(acts):
    sdg_backfill()
    first = set(SdgSuggestion.objects.values_list("activity_id", "goal"))
    sdg_backfill()
    assert set(SdgSuggestion.objects.values_list("activity_id", "goal")) == first
    school = SdgSuggestion.objects.get(activity=acts["school"], goal=4)
    sdg_suggestion_reject(suggestion=school, actor=None)
    sdg_backfill()
    school.refresh_from_db()
    assert school.status == SuggestionStatus.REJECTED
    assert SdgSuggestion.objects.filter(activity=acts["school"], goal=4).count() == 1


def test_it_turns_an_accepted_suggestion_into_a_reported_sdg_with_an_audit_row(acts):
    user = administrator()
    sdg_backfill()
    water = SdgSuggestion.objects.get(activity=acts["water"], goal=6)
    sdg_suggestion_accept(suggestion=water, actor=user)
    water.refresh_from_db()
    assert water.status == SuggestionStatus.ACCEPTED
    assert water.decided_by == user and water.decided_at is not None
    assert ActivitySdg.objects.filter(activity=acts["water"], goal=6, target=water.target).exists()
    assert AuditEntry.objects.filter(model="sdg.SdgSuggestion", object_pk=str(water.pk)).exists()
    assert acts["water"] not in untagged_activities()


def test_it_refuses_to_decide_a_suggestion_twice_and_leaves_the_database_as_it_was(acts):
    sdg_backfill()
    water = SdgSuggestion.objects.get(activity=acts["water"], goal=6)
    sdg_suggestion_reject(suggestion=water)
    before = (ActivitySdg.objects.count(), AuditEntry.objects.count())
    with pytest.raises(InvalidInput) as caught:
        sdg_suggestion_accept(suggestion=water)
    assert "已經處理過" in caught.value.message_zh
    assert (ActivitySdg.objects.count(), AuditEntry.objects.count()) == before


def test_it_filters_activities_by_reported_suggested_or_both(acts):
    from partnerhub.activities.models import Activity

    sdg_backfill()
    coral = SdgSuggestion.objects.create(
        activity=acts["water"], goal=14, score=0.5, model_version="test"
    )
    everything = Activity.objects.all()
    assert set(activities_with_goal(everything, 14, "reported")) == {acts["tagged"]}
    assert set(activities_with_goal(everything, 14, "suggested")) == {acts["water"]}
    assert set(activities_with_goal(everything, 14, "both")) == {acts["tagged"], acts["water"]}
    sdg_suggestion_reject(suggestion=coral)
    assert set(activities_with_goal(everything, 14, "suggested")) == set()


def test_it_stores_nothing_for_goals_already_reported(acts):
    suggestion = get_suggester().suggest("Coral reef restoration and marine protected areas")
    rows = sdg_suggestions_store(
        activity=acts["tagged"], suggestion=suggestion, model_version="test"
    )
    assert 14 not in [r.goal for r in rows]


def test_it_prints_a_suggestion_and_backfills_from_the_command_line(acts, capsys):
    call_command("sdg_suggest", "--text", "珊瑚礁復育與海洋保護區管理計畫")
    out = capsys.readouterr().out
    assert out.startswith("goals: 14")
    call_command("sdg_suggest", "--backfill", "--inline", "--limit", "1")
    assert "done: 1 activities" in capsys.readouterr().out
    call_command("sdg_suggest", "--backfill")
    assert "queued: 3 activities" in capsys.readouterr().out
    assert Job.objects.get(kind="sdg-backfill").state == Job.State.QUEUED
