"""Portal pages: lists with facets, JSON and CSV twins of the same rows, errors, language switch."""

from __future__ import annotations

import csv
import io
from html import escape

import pytest
from django.conf import settings
from django.utils.encoding import iri_to_uri

from partnerhub.activities.selectors import ActivityFilters, activity_list


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.mark.parametrize(
    "url",
    [
        "/zh-hant/",
        "/zh-hant/activities/",
        "/zh-hant/organisations/",
        "/zh-hant/countries/",
        "/zh-hant/events/",
        "/zh-hant/search/?q=臺灣",
        "/zh-hant/countries/HN/",
        "/zh-hant/countries/xs/",
        "/zh-hant/organisations/taiwanicdf/",
        "/zh-hant/events/gctf-2023-health/",
    ],
)
def test_it_renders_every_page_with_the_language_switch_and_its_alternates(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    url = iri_to_uri(url)
    english_url = url.replace("/zh-hant/", "/en/", 1)
    assert (
        f'<a href="{escape(url)}" hreflang="zh-Hant" lang="zh-Hant" aria-current="true">中文</a>'
        in html
    )
    assert f'hreflang="en" href="http://testserver{escape(english_url)}"' in html
    assert ">English</a>" in html
    assert '<html lang="zh-Hant">' in html


def test_it_shows_headline_figures_linking_into_the_lists(client, world):
    html = client.get("/zh-hant/").content.decode()
    assert '<a href="/zh-hant/activities/"><span class="figure">5</span>' in html
    # The partner-country figure opens the list of exactly those countries.
    assert '<a href="/zh-hant/countries/?partner=yes"><span class="figure">4</span>' in html
    assert '<a href="/zh-hant/events/"><span class="figure">2</span>' in html


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({}, "activities"),
        ({"country": "HN"}, "activities"),
        ({"sdg": "3", "publisher": "taiwan"}, "activities"),
        ({"relationship": "ally", "year": "2022"}, "activities"),
        ({"category": "icdf"}, "organisations"),
        ({}, "events"),
        ({"relationship": "ally"}, "countries"),
    ],
)
def test_it_gives_json_and_csv_twins_of_exactly_the_filtered_list(client, world, query, name):
    key = {"activities": "id", "organisations": "slug", "events": "slug", "countries": "code"}[name]
    page = client.get(f"/zh-hant/{name}.json", query).json()
    also = client.get(f"/zh-hant/{name}/", {**query, "format": "json"}).json()
    rows = csv_rows(client.get(f"/zh-hant/{name}.csv", query))
    assert [r[key] for r in page["results"]] == [r[key] for r in also["results"]]
    assert [str(r[key]) for r in page["results"]] == [r[key] for r in rows]
    assert page["count"] == len(rows)
    if name == "activities":
        expected = [a.pk for a in activity_list(ActivityFilters.from_query(query))]
        assert [r["id"] for r in page["results"]] == expected


def test_it_streams_every_filtered_row_to_csv_not_one_page(client, world):
    response = client.get("/zh-hant/activities.csv", {"page_size": "2"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert len(csv_rows(response)) == 5


def test_it_keeps_chinese_intact_in_csv(client, world):
    rows = csv_rows(client.get("/zh-hant/activities.csv", {"country": "SZ"}))
    assert rows[0]["title_zh"] == "史瓦帝尼醫療計畫：臺灣醫療團"
    assert rows[0]["citation"] == "002_whitepaper.txt:4679-4684"


def test_it_gives_facets_as_objects_with_toggle_urls(client, world):
    body = client.get("/zh-hant/activities.json", {"country": "HN"}).json()
    facets = {f["name"]: f for f in body["facets"]}
    assert set(facets) == {
        "country",
        "region",
        "relationship",
        "sector",
        "sdg_source",
        "sdg",
        "modality",
        "year",
        "organisation",
        "status",
        "source",
        "publisher",
    }
    honduras = next(v for v in facets["country"]["values"] if v["value"] == "HN")
    assert honduras["selected"] is True and honduras["count"] == 2
    assert honduras["toggle_url"] == "/zh-hant/activities.json"  # selecting it again clears it
    hunger = next(v for v in facets["sdg"]["values"] if v["value"] == "2")
    assert hunger["toggle_url"] == "/zh-hant/activities.json?country=HN&sdg=2"
    assert set(hunger) == {"value", "label", "count", "selected", "toggle_url"}


def test_it_links_facets_on_the_html_page(client, world):
    html = client.get("/zh-hant/activities/", {"country": "HN"}).content.decode()
    assert 'href="/zh-hant/activities/?country=HN&amp;sdg=2"' in html
    assert 'aria-current="true"' in html


def test_it_opens_the_facets_the_list_declares_open_and_any_in_use(client, world):
    import re

    from django.urls import reverse

    def opened(html: str) -> set[str]:
        return set(re.findall(r'<details class="facet" data-facet="([a-z_]+)" open>', html))

    url = reverse("portal:activities")
    plain = opened(client.get(url).content.decode())
    by_year = opened(client.get(url, {"year": "2020"}).content.decode())
    assert {"country", "sector", "sdg"} <= plain
    assert "year" not in plain and "modality" not in plain
    assert "year" in by_year


def test_it_searches_alike_with_tai_variants_and_simplified_input(client, world):
    def hits(q):
        body = client.get("/zh-hant/activities.json", {"q": q}).json()
        return [r["id"] for r in body["results"]]

    assert hits("臺灣醫療團") == hits("台灣醫療團") == hits("台湾医疗团") != []
    pages = [
        client.get("/zh-hant/search/", {"q": q}).content.decode() for q in ("臺灣", "台灣", "台湾")
    ]
    counts = [p.count("data-count=") for p in pages]
    assert counts[0] == counts[1] == counts[2] == 4
    assert "臺灣路竹會" in pages[1] and "史瓦帝尼醫療計畫：臺灣醫療團" in pages[2]


def test_it_shows_an_activity_with_its_provenance_and_sdg_titles(client, world):
    activity = world["activities"]["sz_health"]
    html = client.get(f"/zh-hant/activities/{activity.pk}/").content.decode()
    # The citation names the document and links to the cited lines, not to a file name.
    assert (
        'href="/zh-hant/sources/002/lines/4679-4684/"' in html and "國際合作發展政策白皮書" in html
    )
    assert "3. 健康與福祉" in html
    assert "Eswatini health programme" in html  # the other language, shown beneath
    assert "100%" in html and "2021-12-31" in html
    html = client.get(f"/en/activities/{activity.pk}/").content.decode()
    assert "<h1>Eswatini health programme</h1>" in html and "3. Good health and well-being" in html


def test_it_falls_back_to_the_other_language_when_a_title_is_missing(client, world):
    activity = world["activities"]["iati_other"]
    html = client.get(f"/zh-hant/activities/{activity.pk}/").content.decode()
    # The English title stands in, marked as English so screen readers pronounce it right.
    assert '<h1><span lang="en" class="fallback">Somaliland water supply</span>' in html
    assert "僅有英文" in html or "English only" in html


def test_it_shows_a_country_relationship_timeline(client, world):
    assert "友邦" in client.get("/zh-hant/countries/HN/").content.decode()
    html = client.get("/en/countries/HN/").content.decode()
    assert "Diplomatic ally" in html and "2023-03-25" in html
    assert "Honduras agriculture" in html


def test_it_answers_a_bad_filter_with_a_400_page_naming_the_parameter(client, world):
    response = client.get("/zh-hant/activities/", {"sdg": "18"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "參數「sdg」" in html and "<code>sdg</code>" in html
    html = client.get("/en/activities/", {"year": "soon"}).content.decode()
    assert "parameter &#x27;year&#x27;" in html


def test_it_answers_a_bad_filter_on_a_twin_with_the_json_envelope(client, world):
    response = client.get("/zh-hant/activities.csv", {"country": "ZZ"})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "country"
    assert client.get("/zh-hant/activities/", {"format": "xml"}).status_code == 400


def test_it_answers_404_for_unknown_records(client, world):
    assert client.get("/zh-hant/activities/999999/").status_code == 404
    assert client.get("/zh-hant/organisations/nobody/").status_code == 404
    assert client.get("/zh-hant/countries/QQ/").status_code == 404
    assert client.get("/zh-hant/events/nothing/").status_code == 404


def test_it_switches_to_english_and_remembers_it(client, world):
    html = client.get("/zh-hant/activities/").content.decode()
    assert 'href="/en/activities/?lang=en" hreflang="en" lang="en">English</a>' in html
    response = client.get("/en/activities/?lang=en")
    assert response.status_code == 302 and response["Location"] == "/en/activities/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    for url in ("/", "/activities/", "/countries/"):
        response = client.get(url)
        assert response["Location"] == f"/en{url}"
        html = client.get(response["Location"]).content.decode()
        assert '<html lang="en">' in html
        assert 'hreflang="en" lang="en" aria-current="true">English</a>' in html
    assert "<h1>Countries</h1>" in client.get("/en/countries/").content.decode()
    client.get("/en/countries/?lang=zh-hant")
    html = client.get(client.get("/countries/")["Location"]).content.decode()
    assert '<html lang="zh-Hant">' in html and "<h1>國家</h1>" in html


def test_it_keeps_the_old_switch_form_working_into_the_other_language(client, world):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/zh-hant/activities/?page=2"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/activities/?page=2"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_it_refuses_the_language_switch_form_without_a_csrf_token(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/i18n/setlang/", {"language": "en"}).status_code == 403


def test_it_rejects_a_bad_page_number_naming_it(client, world):
    response = client.get("/zh-hant/activities/", {"page": "first"})
    assert response.status_code == 400
    assert "<code>page</code>" in response.content.decode()
    assert (
        client.get("/zh-hant/events.json", {"page_size": "0"}).json()["error"]["parameter"]
        == "page_size"
    )


def test_it_lists_only_the_relationships_in_force_today(client, world):
    html = client.get("/en/countries/").content.decode()
    rows = {row.split("</code>")[0]: row for row in html.split("<td><code>")[1:]}
    assert "Diplomatic ally" in rows["SZ"]
    assert "Diplomatic ally" not in rows["HN"]  # the ties ended on 2023-03-25
