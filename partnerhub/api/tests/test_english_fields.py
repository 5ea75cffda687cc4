"""The API returns every field the pages show: English status, printed counts, event notes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.activities.models import Activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_seeds")]


def test_it_returns_an_events_country_count_notes_and_english_status(client: Client) -> None:
    body = client.get(reverse("api:event", args=["gctf-2019-09-29"])).json()
    assert body["participating_country_count"] == 10
    assert "首度移師第三國" in body["notes"]
    assert (body["host_country"], body["title_en_status"]) == ("PW", "translated")
    assert body["title_en"] == "2019 International Forum on Austronesian Language Revitalization"


def test_it_returns_the_printed_count_of_a_multi_country_row(client: Client) -> None:
    row = Activity.objects.get(extra__country_count=124)
    body = client.get(reverse("portal:activity-json", args=[row.pk, "json"])).json()
    assert body["country_count_printed"] == 124
    assert "124" in body["countries_printed"]
    assert body["title_en_status"] == "composed" and body["title_en"]
    html = client.get(reverse("portal:activity", args=[row.pk])).content.decode()
    assert "124" in html and "阿富汗等" in html
