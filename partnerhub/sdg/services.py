"""Writes of the sdg app: store suggestions on activities, accept or reject one, the backfill."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnerhub.activities.models import Activity
from partnerhub.activities.records import SdgRecord
from partnerhub.activities.services import (
    activities_changed,
    activity_child_records,
    activity_update,
)
from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput
from partnerhub.sdg.models import SdgSuggestion, SuggestionStatus
from partnerhub.sdg.selectors import activity_text, untagged_activities
from partnerhub.sdg.suggester import Suggestion, get_suggester


def _reasons(suggestion: Suggestion, goal: int) -> list[dict[str, Any]]:
    return [
        {"kind": r.kind, "text": r.text[:300], "target": r.target, "score": r.score}
        for r in suggestion.reasons
        if r.goal == goal
    ][:5]


@transaction.atomic
def sdg_suggestions_store(
    *, activity: Activity, suggestion: Suggestion, model_version: str, actor: Any = None
) -> list[SdgSuggestion]:
    """Replace the activity's pending suggestions with ``suggestion``'s goals.

    Goals a person already accepted or rejected are not suggested again; the reported SDGs are
    never touched.
    """
    decided = set(
        SdgSuggestion.objects.filter(activity=activity)
        .exclude(status=SuggestionStatus.SUGGESTED)
        .values_list("goal", flat=True)
    )
    reported = {r.goal for r in activity_child_records(activity, "sdgs")}
    SdgSuggestion.objects.filter(activity=activity, status=SuggestionStatus.SUGGESTED).delete()
    best_target: dict[int, str] = {}
    for t in suggestion.targets:
        best_target.setdefault(int(t.target.split(".")[0]), t.target)
    rows = []
    for g in suggestion.goals:
        if g.goal in decided or g.goal in reported:
            continue
        row = SdgSuggestion(
            activity=activity,
            goal=g.goal,
            target=best_target.get(g.goal, ""),
            score=g.score,
            reasons=_reasons(suggestion, g.goal),
            model_version=model_version,
        )
        row.full_clean()
        rows.append(row)
    SdgSuggestion.objects.bulk_create(rows)
    activities_changed()  # the list's sdg_source facet counts suggestions
    audit_record(
        action="update",
        instance=activity,
        summary=f"SDG suggestions: {', '.join(str(r.goal) for r in rows) or '-'}",
        changes={"sdg_suggestions": [r.goal for r in rows]},
        actor=actor,
    )
    return rows


@transaction.atomic
def sdg_suggestion_accept(*, suggestion: SdgSuggestion, actor: Any = None) -> SdgSuggestion:
    """A person's one click: the suggested goal (and target) becomes a reported SDG."""
    if suggestion.status != SuggestionStatus.SUGGESTED:
        raise InvalidInput(
            f"Suggestion {suggestion.pk} was already {suggestion.status}.",
            f"建議 {suggestion.pk} 已經處理過（{suggestion.get_status_display()}）。",
            field="suggestion",
        )
    activity = suggestion.activity
    current = activity_child_records(activity, "sdgs")
    if not any(r.goal == suggestion.goal for r in current):
        activity_update(
            activity=activity,
            actor=actor,
            sdgs=[*current, SdgRecord(goal=suggestion.goal, target=suggestion.target)],
        )
    return _decide(suggestion, SuggestionStatus.ACCEPTED, actor)


@transaction.atomic
def sdg_suggestion_reject(*, suggestion: SdgSuggestion, actor: Any = None) -> SdgSuggestion:
    """A person says no: the goal is not suggested again for this activity."""
    if suggestion.status != SuggestionStatus.SUGGESTED:
        raise InvalidInput(
            f"Suggestion {suggestion.pk} was already {suggestion.status}.",
            f"建議 {suggestion.pk} 已經處理過（{suggestion.get_status_display()}）。",
            field="suggestion",
        )
    return _decide(suggestion, SuggestionStatus.REJECTED, actor)


def _decide(suggestion: SdgSuggestion, status: str, actor: Any) -> SdgSuggestion:
    before = suggestion.status
    suggestion.status = status
    suggestion.decided_by = actor if getattr(actor, "pk", None) else None
    suggestion.decided_at = timezone.now()
    suggestion.full_clean()
    suggestion.save()
    activities_changed()
    audit_record(
        action="update",
        instance=suggestion,
        summary=f"SDG {suggestion.goal} {status} for activity {suggestion.activity_id}",
        changes={"status": [before, status]},
        actor=actor,
    )
    return suggestion


@dataclass
class BackfillReport:
    activities: int = 0
    with_suggestions: int = 0
    suggestions: int = 0
    empty: int = 0


def sdg_backfill(
    *,
    limit: int | None = None,
    batch_size: int = 64,
    actor: Any = None,
    progress: Callable[[BackfillReport], None] | None = None,
) -> BackfillReport:
    """Store suggestions on every activity without a reported SDG, ``batch_size`` at a time.

    Each batch is its own transaction, so a long run keeps what it did if it stops.
    """
    model = get_suggester()
    report = BackfillReport()
    qs = untagged_activities().only(
        "pk", "title_zh", "title_en", "description_zh", "description_en"
    )
    if limit is not None:
        qs = qs[:limit]
    batch: list[Activity] = []

    def flush() -> None:
        texts = [activity_text(a) for a in batch]
        for activity, text, suggestion in zip(batch, texts, model.suggest_many(texts), strict=True):
            report.activities += 1
            if not text:
                report.empty += 1
                continue
            rows = sdg_suggestions_store(
                activity=activity, suggestion=suggestion, model_version=model.version, actor=actor
            )
            report.suggestions += len(rows)
            report.with_suggestions += 1 if rows else 0
        batch.clear()
        if progress:
            progress(report)

    for activity in qs.iterator(chunk_size=batch_size):
        batch.append(activity)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return report
