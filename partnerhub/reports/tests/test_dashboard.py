"""The dashboard pages, chart exports and country summaries, over the hand-computed world."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerhub.reports.tests.fixtures import hand_world
from partnerhub.test import administrator

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    return hand_world()


def test_it_shows_every_total_with_a_link_to_the_activities_behind_it(
    world: dict[str, Any],
) -> None:
    call_command("reports_refresh", stdout=io.StringIO())
    page = Client().get(reverse("reports:dashboard")).content.decode()
    activities = reverse("portal:activities")
    assert f'href="{activities}?publisher=taiwan&amp;country=HN">180,000</a>' in page
    assert f'href="{activities}?publisher=taiwan&amp;sdg=2">150,000</a>' in page
    # Taiwan's total and the other donors' total stand side by side, never added up.
    assert ">403,750</a>" in page and ">1,000</a>" in page and "404,750" not in page
    assert "EUR 0.9000 (2022-01-01)" in page
    assert 'class="map-country"' in page and reverse("portal:country", args=["HN"]) in page
    assert f'<img src="{reverse("reports:chart", args=["sdg", "svg"])}" loading="lazy"' in page


def test_it_answers_in_english_with_the_same_figures(world: dict[str, Any]) -> None:
    client = Client()
    translation.activate("en")  # the addresses below are of pages in this language
    page = client.get(reverse("reports:dashboard"), {"currency": "TWD"}).content.decode()
    assert "By Sustainable Development Goal" in page
    assert ">12,720,000</a>" in page


def test_it_rejects_an_unknown_measure_naming_the_parameter(world: dict[str, Any]) -> None:
    response = Client().get(reverse("reports:dashboard"), {"measure": "everything"})
    assert response.status_code == 400
    assert "measure" in response.content.decode()


def test_it_exports_each_chart_as_svg_png_and_csv(world: dict[str, Any]) -> None:
    client = Client()
    svg = client.get(reverse("reports:chart", args=["sdg", "svg"]), {"download": "1"})
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert svg["Content-Disposition"] == 'attachment; filename="partnerhub-sdg.svg"'
    png = client.get(reverse("reports:chart", args=["organisation-funding", "png"]))
    assert png.content.startswith(b"\x89PNG")
    csv = client.get(reverse("reports:chart", args=["country", "csv"])).content.decode()
    assert "HN,宏都拉斯,180000.00,1" in csv.splitlines()
    assert client.get(reverse("reports:chart", args=["nothing", "csv"])).status_code == 404


def test_it_keeps_the_staff_view_for_staff(world: dict[str, Any]) -> None:
    client = Client()
    assert client.get(reverse("reports:dashboard-staff")).status_code == 302
    client.force_login(administrator())
    page = client.get(reverse("reports:dashboard-staff")).content.decode()
    assert "沒有國家或地區" in page or "without a country" in page


def test_it_summarises_a_country_on_its_page(world: dict[str, Any]) -> None:
    page = Client().get(reverse("portal:country", args=["HN"])).content.decode()
    assert "臺灣在此的支出" in page and "國際合作發展基金會" in page
    assert (
        f'href="{reverse("portal:activities")}?publisher=taiwan&amp;country=HN&amp;year=2023">120,000</a>'
        in page
    )
    assert reverse("reports:chart", args=["year", "csv"]) + "?country=HN" in page


def test_each_region_row_links_to_the_list_of_exactly_its_activities(
    world: dict[str, Any],
) -> None:
    from partnerhub.activities.selectors import ActivityFilters, activity_list
    from partnerhub.reports.ledger import Scope, ledger_build
    from partnerhub.reports.totals import totals_by

    totals = totals_by(ledger_build(Scope()), "region")
    regions = [row for row in totals.rows if row.key]
    assert {row.key for row in regions} >= {"389", "798"}
    for row in regions:
        link = totals.link(row.key)
        assert link == {"publisher": "taiwan", "region": row.key}
        listed = activity_list(ActivityFilters.from_query(link))
        assert listed.count() == row.activities, row.key
    page = Client().get(reverse("reports:dashboard")).content.decode()
    assert f'href="{reverse("portal:activities")}?publisher=taiwan&amp;region=389"' in page
