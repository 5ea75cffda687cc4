"""The activity list counts reported SDGs by default and suggested ones only when asked."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from partnerhub.activities.records import SdgRecord
from partnerhub.sdg.models import SdgSuggestion, SuggestionStatus
from partnerhub.test import activity, sdg_goals


def _titles(query: str) -> set[str]:
    response = Client().get(reverse("api:collection", args=["activities"]) + query)
    assert response.status_code == 200, response.content
    return {row["title_zh"] for row in response.json()["results"]}


def _world() -> None:
    sdg_goals()
    reported = activity(title_zh="申報水資源", sdgs=[SdgRecord(goal=6)])
    suggested = activity(title_zh="建議水資源")
    SdgSuggestion.objects.create(activity=suggested, goal=6, score=0.8, model_version="t")
    rejected = activity(title_zh="已拒絕建議")
    SdgSuggestion.objects.create(
        activity=rejected, goal=6, score=0.3, model_version="t", status=SuggestionStatus.REJECTED
    )
    assert reported.pk and suggested.pk and rejected.pk


def test_it_filters_by_reported_sdgs_unless_suggestions_are_asked_for(db):
    _world()
    assert _titles("?sdg=6") == {"申報水資源"}
    assert _titles("?sdg=6&sdg_source=reported") == {"申報水資源"}
    assert _titles("?sdg=6&sdg_source=suggested") == {"建議水資源"}
    assert _titles("?sdg=6&sdg_source=both") == {"申報水資源", "建議水資源"}


def test_it_rejects_an_unknown_sdg_source_naming_the_parameter(db):
    response = Client().get(reverse("api:collection", args=["activities"]) + "?sdg_source=guessed")
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "sdg_source"
