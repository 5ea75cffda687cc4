"""The public activity page shows suggested SDGs apart from the reported ones, and says so."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerhub.activities.records import SdgRecord
from partnerhub.sdg.models import SdgSuggestion, SuggestionStatus
from partnerhub.test import activity, sdg_goals


def test_it_shows_pending_suggestions_apart_from_reported_sdgs_in_both_languages(db):
    sdg_goals()
    water = activity(title_zh="農村飲用水供應計畫", sdgs=[SdgRecord(goal=3)])
    SdgSuggestion.objects.create(
        activity=water, goal=6, target="6.1", score=0.81, model_version="t"
    )
    SdgSuggestion.objects.create(
        activity=water, goal=4, score=0.4, model_version="t", status=SuggestionStatus.REJECTED
    )
    url = reverse("portal:activity", args=[water.pk])
    page = Client().get(url, headers={"accept-language": "zh-hant"}).content.decode()
    reported, suggested = page.split("建議的 SDGs（非申報）")
    assert 'sdg-badge sdg-3"' in reported and 'sdg-badge sdg-6"' not in reported
    assert 'sdg-badge sdg-6"' in suggested and "分數 0.81" in suggested
    assert 'sdg-badge sdg-4"' not in suggested
    with translation.override("en"):
        url = reverse("portal:activity", args=[water.pk])
    page = Client().get(url).content.decode()
    assert "Suggested SDGs (not reported)" in page and "score 0.81" in page
