"""JSON API v1: every endpoint, pagination, the error envelope and the OpenAPI document."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from partnerhub.api.openapi import LANG_PARAM
from partnerhub.api.views import COLLECTIONS
from partnerhub.reference.selectors import PAGE_PARAMETERS

API = "/api/v1"


def get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    return response.status_code, response.json()


@pytest.mark.parametrize("name", ["activities", "organisations", "events", "countries"])
def test_it_lists_every_collection_with_the_page_envelope(client, world, name):
    status, body = get(client, f"/{name}")
    assert status == 200
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(body["results"]) > 0


def test_it_answers_every_detail_endpoint(client, world):
    activity = world["activities"]["sz_health"]
    status, body = get(client, f"/activities/{activity.pk}", lang="en")
    assert status == 200
    assert body["title"] == "Eswatini health programme"
    assert body["citation"] == "002_whitepaper.txt:4679-4684"
    assert body["countries"] == [{"code": "SZ", "name": "Eswatini", "percentage": "100.000"}]
    assert {"goal": 3, "target": "3.1", "title": "3. Good health and well-being"} in body["sdgs"]
    assert body["results"][0]["indicators"][0]["as_of"] == "2021-12-31"
    status, body = get(client, "/organisations/taiwanicdf")
    assert status == 200 and body["name"] == "財團法人國際合作發展基金會"
    assert {c["code"] for c in body["countries"]} == {"SZ", "HN"}
    linked = client.get(body["activities_url"]).json()
    assert linked["count"] == 2
    status, body = get(client, "/events/gctf-2023-health")
    assert status == 200 and body["host_country"] == "VN"
    status, body = get(client, "/countries/hn", lang="en")
    assert status == 200 and body["name"] == "Honduras"
    assert body["relationship_timeline"] == [
        {
            "status": "ally",
            "label": "Diplomatic ally",
            "start": None,
            "end": "2023-03-25",
            "citation": "",
        }
    ]


@pytest.mark.parametrize(
    "path",
    ["/activities/999999", "/organisations/nobody", "/events/no-such-event", "/countries/QQ"],
)
def test_it_answers_404_in_the_envelope_for_unknown_ids(client, world, path):
    status, body = get(client, path)
    assert status == 404
    assert body["error"]["code"] == "not_found"
    assert set(body["error"]) == {"code", "message", "parameter"}


@pytest.mark.parametrize(
    ("path", "parameter", "value"),
    [
        ("/activities", "sdg", "18"),
        ("/activities", "year", "twenty"),
        ("/activities", "country", "ZZ"),
        ("/activities", "organisation", "unknown-org"),
        ("/activities", "modality", "grant"),
        ("/activities", "source", "rumour"),
        ("/activities", "publisher", "nobody"),
        ("/activities", "page", "0"),
        ("/activities", "page_size", "501"),
        ("/activities", "sort", "random"),
        ("/activities", "lang", "fr"),
        ("/organisations", "category", "club"),
        ("/events", "kind", "party"),
        ("/countries", "relationship", "rival"),
    ],
)
def test_it_rejects_bad_values_with_400_naming_the_parameter(client, world, path, parameter, value):
    status, body = get(client, path, **{parameter: value})
    assert status == 400
    assert body["error"]["parameter"] == parameter
    assert body["error"]["code"] == "invalid_filter"


def test_it_gives_error_messages_in_the_requested_language(client, world):
    _, zh = get(client, "/activities", sdg="18")
    _, en = get(client, "/activities", sdg="18", lang="en")
    assert "參數「sdg」" in zh["error"]["message"]
    assert "parameter 'sdg'" in en["error"]["message"]


def test_it_paginates_with_next_and_previous_links(client, world):
    _, first = get(client, "/activities", page_size="2", country="")
    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    second = client.get(first["next"]).json()
    assert "page=1" in second["previous"]
    third = client.get(second["next"]).json()
    assert third["next"] is None and len(third["results"]) == 1
    ids = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert len(set(ids)) == 5


def test_it_filters_the_api_like_the_portal(client, world):
    _, body = get(client, "/activities", relationship="ally")
    assert {r["iati_identifier"] for r in body["results"]} == {
        world["activities"]["sz_health"].iati_identifier,
        world["activities"]["hn_2022"].iati_identifier,
    }
    _, body = get(client, "/activities", year="2021", publisher="other")
    assert [r["iati_identifier"] for r in body["results"]] == ["GB-GOV-1-123"]


def test_it_refuses_other_methods_in_the_envelope(client, world):
    response = client.post(f"{API}/activities")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_it_answers_labels_in_the_requested_language(client, world):
    _, zh = get(client, "/countries", lang="zh-hant")
    _, en = get(client, "/countries", lang="en")
    assert {r["name"] for r in zh["results"]} >= {"史瓦帝尼", "宏都拉斯"}
    assert {r["name"] for r in en["results"]} >= {"Eswatini", "Honduras"}


def test_it_publishes_an_openapi_document_listing_every_path(client, world):
    response = client.get(f"{API}/openapi.json")
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.1")
    expected = {"/", "/openapi.json", "/sdg-suggestions"}
    for c in COLLECTIONS:
        expected |= {f"/{c.name}", f"/{c.name}/{{{c.detail}}}"}
    assert set(document["paths"]) == expected
    activity_params = {p["name"] for p in document["paths"]["/activities"]["get"]["parameters"]}
    assert {
        "country",
        "region",
        "relationship",
        "sdg",
        "sector",
        "modality",
        "year",
        "organisation",
        "source",
        "status",
        "publisher",
        "q",
        "lang",
        "page",
        "page_size",
        "sort",
    } <= activity_params
    sources = next(
        p for p in document["paths"]["/activities"]["get"]["parameters"] if p["name"] == "source"
    )
    assert "whitepaper-appendix-1" in sources["schema"]["enum"]


def test_it_lists_every_openapi_path_as_a_working_url(client, world):
    document = client.get(f"{API}/openapi.json").json()
    samples = {"{id}": str(world["activities"]["hn_2022"].pk), "{slug}": "", "{code}": "SZ"}
    for path, item in document["paths"].items():
        url = path.replace("{id}", samples["{id}"]).replace("{code}", samples["{code}"])
        if "{slug}" in url:
            url = url.replace(
                "{slug}", "taiwanicdf" if "organisations" in url else "ngo-forum-2024"
            )
        if "post" in item:
            body = json.dumps({"text": "偏鄉小學數位學習計畫", "lang": None})
            response = client.post(f"{API}{url}", body, content_type="application/json")
        else:
            response = client.get(f"{API}{url}")
        assert response.status_code == 200, url


def test_it_documents_every_filter_and_slug_in_docs_api_md():
    text = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text(encoding="utf-8")
    params = [LANG_PARAM, *PAGE_PARAMETERS]
    for c in COLLECTIONS:
        params += [*c.parameters, *([c.sort] if c.sort else [])]
        assert f"/api/v1/{c.name}" in text
    missing = [p.name for p in params if f"`{p.name}`" not in text]
    assert missing == []
    slugs = {slug for p in params for slug in p.slugs}
    undocumented = sorted(s for s in slugs if not re.search(rf"`{re.escape(s)}`", text))
    assert undocumented == []


def test_it_answers_unknown_api_urls_with_the_envelope(client, world):
    for path in ("/nothing-here", "/activities/not-a-number"):
        response = client.get(f"{API}{path}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert "text/html" in client.get("/no-such-page/")["Content-Type"]


def test_it_describes_every_operation_completely_in_openapi(client, world):
    document = client.get(f"{API}/openapi.json").json()
    operations = [(path, op) for path, item in document["paths"].items() for op in item.values()]
    for path, operation in operations:
        assert operation["operationId"] and operation["responses"], path
        for parameter in operation.get("parameters", []):
            assert {"name", "in", "schema"} <= set(parameter), (path, parameter)
            assert parameter["in"] in {"query", "path"}
            if parameter["in"] == "path":
                assert f"{{{parameter['name']}}}" in path and parameter["required"] is True
        for response in operation["responses"].values():
            ref = (
                response.get("content", {})
                .get("application/json", {})
                .get("schema", {})
                .get("$ref")
            )
            if ref:
                assert (
                    ref.removeprefix("#/components/schemas/") in document["components"]["schemas"]
                )
    ids = [operation["operationId"] for _path, operation in operations]
    assert len(ids) == len(set(ids))
