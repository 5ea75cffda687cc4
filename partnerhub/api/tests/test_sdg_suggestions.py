"""POST /api/v1/sdg-suggestions: the answer's shape, and clear bilingual errors for bad input."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from partnerhub.sdg.suggester import MAX_CHARS


def post(client, body, *, lang="", raw=False):
    url = reverse("api:sdg-suggestions") + (f"?lang={lang}" if lang else "")
    data = body if raw else json.dumps(body)
    response = client.post(url, data, content_type="application/json")
    return response.status_code, response.json()


def test_it_answers_goals_targets_all_candidates_and_reasons(client, db):
    status, body = post(
        client, {"text": "農村飲用水供應計畫，興建淨水設施及儲水槽", "lang": "zh-Hant"}
    )
    assert status == 200
    assert [g["goal"] for g in body["goals"]] == [6]
    assert 0 < body["goals"][0]["score"] <= 1
    assert body["targets"][0]["target"].startswith("6.")
    assert [c["goal"] for c in body["candidates"]] == list(range(1, 18))
    assert {r["kind"] for r in body["reasons"]} >= {"target", "keyword"}
    assert body["language"] == "zh-Hant"
    assert body["truncated"] is False


def test_it_detects_the_language_when_lang_is_null(client, db):
    status, body = post(
        client, {"text": "Coral reef restoration and marine protected areas", "lang": None}
    )
    assert status == 200
    assert body["language"] == "en"
    assert 14 in [g["goal"] for g in body["goals"]]


def test_it_answers_empty_text_with_a_notice_in_the_requested_language(client, db):
    status, body = post(client, {"text": ""}, lang="en")
    assert status == 200
    assert body["goals"] == []
    assert body["notices"][0]["code"] == "empty"
    assert body["notices"][0]["message"].startswith("There is no text")
    status, body = post(client, {"text": ""}, lang="zh-hant")
    assert body["notices"][0]["message"].startswith("沒有可讀取的文字")


def test_it_cuts_very_long_text_and_says_so(client, db):
    status, body = post(client, {"text": "學校教育計畫。" * (MAX_CHARS // 5)})
    assert status == 200
    assert body["truncated"] is True
    assert "truncated" in [n["code"] for n in body["notices"]]


@pytest.mark.parametrize(
    ("body", "raw", "field"),
    [
        ({"text": 42}, False, "text"),
        ({"text": ["a"]}, False, "text"),
        ({"title": "x"}, False, "text"),
        (["text"], False, "text"),
        ({"text": "x", "lang": "fr"}, False, "lang"),
        ("{not json", True, "body"),
        (b"\xff\xfe", True, "body"),
    ],
)
def test_it_refuses_bad_bodies_with_a_bilingual_400(client, db, body, raw, field):
    status, answer = post(client, body, raw=raw, lang="zh-hant")
    assert status == 400
    assert answer["error"]["parameter"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer["error"]["message"])
    status, answer = post(client, body, raw=raw, lang="en")
    assert answer["error"]["message"].isascii()


def test_it_answers_get_with_405(client, db):
    response = client.get(reverse("api:sdg-suggestions"))
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_it_documents_the_endpoint_in_openapi_and_docs(client, db):
    from pathlib import Path

    from django.conf import settings

    document = client.get(reverse("api:openapi")).json()
    operation = document["paths"]["/sdg-suggestions"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["required"] == ["text"]
    schema = document["components"]["schemas"]["SdgSuggestion"]
    assert {"goals", "targets", "candidates", "reasons"} <= set(schema["required"])
    text = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text(encoding="utf-8")
    assert "POST /api/v1/sdg-suggestions" in text
