"""The activity edit page (admin): suggestions beside the SDG rows, accepted with one click."""

from __future__ import annotations

from django.urls import reverse

from partnerhub.activities.models import ActivitySdg
from partnerhub.sdg.models import SdgSuggestion, SuggestionStatus
from partnerhub.test import activity, administrator, grant, make_user


def test_it_suggests_and_accepts_an_sdg_from_the_activity_edit_page(client, db):
    water = activity(title_zh="農村飲用水供應計畫", description_zh="興建淨水設施及儲水槽")
    client.force_login(administrator())
    change = reverse("admin:activities_activity_change", args=[water.pk])
    page = client.get(change).content.decode()
    assert "Suggest SDGs" in page or "建議 SDGs" in page
    response = client.post(reverse("admin:sdg_sdgsuggestion_suggest", args=[water.pk]))
    assert response.status_code == 302 and response["Location"] == change
    suggestion = SdgSuggestion.objects.get(activity=water, goal=6)
    assert not ActivitySdg.objects.filter(activity=water).exists()
    page = client.get(change).content.decode()
    accept = reverse("admin:sdg_sdgsuggestion_accept", args=[suggestion.pk])
    assert f'formaction="{accept}"' in page
    assert page.index("sdgs-group") < page.index("sdg_suggestions-group")
    response = client.post(accept)
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert ActivitySdg.objects.filter(activity=water, goal=6).exists()


def test_it_lets_only_people_who_may_change_activities_accept(client, db):
    water = activity(title_zh="農村飲用水供應計畫")
    suggestion = SdgSuggestion.objects.create(
        activity=water, goal=6, target="6.1", score=0.9, model_version="test"
    )
    viewer = grant(make_user("viewer", is_staff=True), "activities.view_activity")
    client.force_login(viewer)
    response = client.post(reverse("admin:sdg_sdgsuggestion_accept", args=[suggestion.pk]))
    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUGGESTED
    assert not ActivitySdg.objects.filter(activity=water).exists()
    assert client.get(
        reverse("admin:sdg_sdgsuggestion_accept", args=[suggestion.pk])
    ).status_code in (403, 405)


def test_it_rejects_a_suggestion_with_one_click(client, db):
    water = activity(title_zh="農村飲用水供應計畫")
    suggestion = SdgSuggestion.objects.create(
        activity=water, goal=6, target="6.1", score=0.9, model_version="test"
    )
    client.force_login(administrator())
    client.post(reverse("admin:sdg_sdgsuggestion_reject", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert not ActivitySdg.objects.filter(activity=water).exists()
