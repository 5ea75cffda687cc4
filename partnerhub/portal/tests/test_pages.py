"""The portal's rough edges: regions, pages beyond the last, facets, labels, amounts, the home's
partner-country link, prose pages, robots.txt, sitemap.xml and the favicon."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerhub.activities.models import Activity
from partnerhub.activities.selectors import partner_country_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_seeds")]


def english(name: str, *args: object) -> str:
    """The address of a page in English."""
    with translation.override("en"):
        return reverse(name, args=args)


def test_it_accepts_every_region_its_facet_offers(client: Client) -> None:
    html = client.get(reverse("portal:countries")).content.decode()
    regions = set(re.findall(r'data-facet="region" data-value="(\d+)"', html))
    assert "89" in regions  # Europe, regional: a two-digit code
    for code in regions:
        assert client.get(reverse("portal:countries"), {"region": code}).status_code == 200


def test_it_answers_404_for_a_page_beyond_the_last(client: Client) -> None:
    url = reverse("portal:activities")
    assert client.get(url, {"page": "2"}).status_code == 200
    response = client.get(url, {"page": "99999"})
    assert response.status_code == 404
    assert "99999" in response.content.decode()


def test_it_orders_the_year_facet_by_year_and_folds_long_facets_under_more(
    client: Client,
) -> None:
    html = client.get(english("portal:activities")).content.decode()
    years = re.findall(r'data-facet="year" data-value="(\d{4})"', html)
    assert years == sorted(years, reverse=True) and len(years) > 3
    assert 'class="facet-more"' in html and re.search(r"\d+ more</summary>", html)


def test_it_shows_labels_not_codes_and_groups_thousands(client: Client) -> None:
    activity = Activity.objects.get(iati_identifier="TW-SEEDS-UKRAINE-2022-07")
    html = client.get(english("portal:activity", activity.pk)).content.decode()
    assert "<td>Disbursement</td>" in html
    assert "100,000,000.00 TWD" in html
    assert ">ukraine<" not in html  # the extractor's table name is not shown
    with translation.override("zh-hant"):
        html = client.get(reverse("portal:activity", args=[activity.pk])).content.decode()
    assert "<h3>資金往來</h3>" in html, re.findall(r"<h[23]>[^<]*</h[23]>", html)


def test_it_links_the_home_figure_to_the_same_number_of_partner_countries(
    client: Client,
) -> None:
    html = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:countries")}?partner=yes"' in html
    body = client.get(reverse("portal:countries-export", args=["json"]), {"partner": "yes"})
    assert body.json()["count"] == partner_country_count() > 0


@pytest.mark.parametrize("name", ["about", "methodology", "licence", "contact"])
def test_it_serves_each_prose_page_in_both_languages(client: Client, name: str) -> None:
    zh = client.get(reverse("portal:page", args=[name])).content.decode()
    en = client.get(english("portal:page", name)).content.decode()
    assert '<html lang="zh-Hant">' in zh and '<html lang="en">' in en
    assert re.search(r"<h1>[^<]*[\u4e00-\u9fff]", zh) and re.search(r"<h1>[A-Z]", en)
    assert reverse("portal:page", args=[name]) in zh  # the footer links every page


def test_it_serves_robots_sitemap_and_favicon(client: Client) -> None:
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in robots.content.decode()
    assert "Disallow: /en/accounts/" in robots.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert sitemap.startswith("<?xml")
    assert "<loc>http://testserver/zh-hant/sources/002/</loc>" in sitemap
    activity = Activity.objects.filter(is_taiwan=True).first()
    assert activity is not None
    assert f"/zh-hant/activities/{activity.pk}/</loc>" in sitemap
    assert f"/en/activities/{activity.pk}/</loc>" in sitemap
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301 and favicon["Location"].endswith(".svg")
