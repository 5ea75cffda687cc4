"""Reads of the sdg app: a suggestion for a text, the text of an activity, stored suggestions."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from partnerhub.activities.models import Activity, ActivitySdg
from partnerhub.core.exceptions import InvalidInput
from partnerhub.sdg.models import SdgSuggestion, SdgSuggestionQuerySet, SuggestionStatus
from partnerhub.sdg.suggester import Suggestion, get_suggester

LANGS = ("zh-Hant", "en")
#: Which SDG links a list or a total counts: the activities' own, the suggestions, or either.
SDG_SOURCES = ("reported", "suggested", "both")


def sdg_suggest(text: Any, lang: Any = None) -> Suggestion:
    """Suggest goals and targets for ``text``; a bad argument is an :class:`InvalidInput`."""
    if not isinstance(text, str):
        raise InvalidInput(
            "The field 'text' must be a string.", "欄位「text」必須是文字。", field="text"
        )
    if lang is not None and lang not in LANGS:
        raise InvalidInput(
            f"Invalid value {lang!r} for 'lang': use zh-Hant, en or null.",
            f"「lang」的值「{lang}」無效：請使用 zh-Hant、en 或 null。",
            field="lang",
        )
    return get_suggester().suggest(text, lang)


def activity_text(activity: Activity) -> str:
    """What the suggester reads of an activity: its titles and descriptions in both languages."""
    parts = (activity.title_zh, activity.title_en, activity.description_zh, activity.description_en)
    return "\n".join(p.strip() for p in parts if p and p.strip())


def untagged_activities() -> QuerySet[Activity]:
    """Activities with no reported SDG."""
    reported = ActivitySdg.objects.filter(activity=OuterRef("pk"))
    return Activity.objects.filter(~Exists(reported)).order_by("pk")


def activity_suggestions(activity: Activity) -> SdgSuggestionQuerySet:
    """The activity's stored suggestions, best first (``.pending()`` for those not yet decided)."""
    return SdgSuggestion.objects.filter(activity=activity).order_by("-score")


def activities_with_goal(
    activities: QuerySet[Activity], goal: int, source: str = "reported", target: str = ""
) -> QuerySet[Activity]:
    """``activities`` linked to ``goal`` by their reported SDGs, pending suggestions, or either."""
    reported = ActivitySdg.objects.filter(activity=OuterRef("pk"), goal=goal)
    if target:
        reported = reported.filter(target=target)
    suggested = SdgSuggestion.objects.filter(
        activity=OuterRef("pk"), goal=goal, status=SuggestionStatus.SUGGESTED
    )
    if target:
        suggested = suggested.filter(target=target)
    if source == "suggested":
        return activities.filter(Exists(suggested))
    if source == "both":
        return activities.filter(Exists(reported) | Exists(suggested))
    return activities.filter(Exists(reported))


def suggestion_document(suggestion: Suggestion, language: str = "en") -> dict[str, Any]:
    """The JSON answer of the API and of ``sdg_suggest --json``."""
    zh = language.lower().startswith("zh")
    return {
        "goals": [{"goal": g.goal, "score": g.score} for g in suggestion.goals],
        "targets": [{"target": t.target, "score": t.score} for t in suggestion.targets],
        "candidates": [{"goal": g.goal, "score": g.score} for g in suggestion.candidates],
        "reasons": [
            {
                "kind": r.kind,
                "goal": r.goal,
                **({"target": r.target} if r.target else {}),
                **({"keyword": r.keyword} if r.keyword else {}),
                "text": r.text,
                "score": r.score,
                **({"goals": list(r.goals), "source": r.source} if r.kind == "similar" else {}),
            }
            for r in suggestion.reasons
        ],
        "language": suggestion.language or None,
        "truncated": suggestion.truncated,
        "low_confidence": suggestion.low_confidence,
        "notices": [
            {
                "code": n.code,
                "message": n.message_zh if zh else n.message_en,
                "message_en": n.message_en,
                "message_zh": n.message_zh,
            }
            for n in suggestion.notices
        ],
    }
