"""The OpenAPI 3.1 document, generated from the same filter definitions the endpoints parse with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partnerhub.api.errors import LANGUAGES
from partnerhub.reference.selectors import PAGE_PARAMETERS, FilterParam

LANG_PARAM = FilterParam(
    "lang",
    "Language of labels and of the `title`/`name` fields: zh-hant (default) or en.",
    str,
    {"type": "string", "enum": list(LANGUAGES)},
    LANGUAGES,
)

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "parameter"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "parameter": {"type": ["string", "null"]},
            },
        }
    },
}


def _parameter(param: FilterParam) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": param.name,
        "in": "query",
        "required": False,
        "description": param.description,
        "schema": dict(param.schema),
    }
    if param.example:
        doc["example"] = param.example
    return doc


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _list_operation(collection: Any) -> dict[str, Any]:
    params = [
        *collection.parameters,
        *((collection.sort,) if collection.sort else ()),
        *PAGE_PARAMETERS,
        LANG_PARAM,
    ]
    return {
        "get": {
            "operationId": f"list_{collection.name}",
            "summary": collection.summary,
            "parameters": [_parameter(p) for p in params],
            "responses": {
                "200": {
                    "description": "A page of results",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Page"}}
                    },
                },
                "400": _error("A parameter has a bad value; `parameter` names it."),
            },
        }
    }


def _detail_operation(collection: Any) -> dict[str, Any]:
    key = collection.detail
    schema = {"type": "integer"} if key == "id" else {"type": "string"}
    return {
        "get": {
            "operationId": f"get_{collection.name}",
            "summary": f"One of {collection.summary.lower()}",
            "parameters": [
                {"name": key, "in": "path", "required": True, "schema": schema},
                _parameter(LANG_PARAM),
            ],
            "responses": {
                "200": {
                    "description": "The record",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "404": _error("No such record."),
            },
        }
    }


_SCORE = {"type": "number", "minimum": 0, "maximum": 1}
_GOAL_SCORE = {
    "type": "object",
    "required": ["goal", "score"],
    "properties": {"goal": {"type": "integer", "minimum": 1, "maximum": 17}, "score": _SCORE},
}
SDG_SUGGESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "goals",
        "targets",
        "candidates",
        "reasons",
        "language",
        "truncated",
        "low_confidence",
        "notices",
    ],
    "properties": {
        "goals": {
            "type": "array",
            "description": "Exactly the goals the suggester decides to tag, best first.",
            "items": _GOAL_SCORE,
        },
        "targets": {
            "type": "array",
            "description": "The best targets of the tagged goals (codes as in the UN list: 4.1, 17.a).",
            "items": {
                "type": "object",
                "required": ["target", "score"],
                "properties": {"target": {"type": "string", "example": "4.1"}, "score": _SCORE},
            },
        },
        "candidates": {
            "type": "array",
            "description": "All 17 goals with their scores, in goal order.",
            "items": _GOAL_SCORE,
            "minItems": 17,
            "maxItems": 17,
        },
        "reasons": {
            "type": "array",
            "description": "What drove each tagged goal: a target text (`kind` target), a keyword rule (keyword) or a similar labelled record (similar).",
            "items": {
                "type": "object",
                "required": ["kind", "goal", "text", "score"],
                "properties": {
                    "kind": {"type": "string", "enum": ["target", "keyword", "similar"]},
                    "goal": {"type": "integer"},
                    "target": {"type": "string"},
                    "keyword": {"type": "string"},
                    "text": {"type": "string"},
                    "score": {"type": "number"},
                    "goals": {"type": "array", "items": {"type": "integer"}},
                    "source": {"type": "string"},
                },
            },
        },
        "language": {"type": ["string", "null"], "enum": ["zh-Hant", "en", "mixed", "other", None]},
        "truncated": {
            "type": "boolean",
            "description": "The text was cut to its first 4,000 characters.",
        },
        "low_confidence": {"type": "boolean"},
        "notices": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "message", "message_en", "message_zh"],
                "properties": {
                    "code": {
                        "type": "string",
                        "enum": ["empty", "truncated", "other-language", "low-confidence"],
                    },
                    "message": {"type": "string"},
                    "message_en": {"type": "string"},
                    "message_zh": {"type": "string"},
                },
            },
        },
    },
}


def _sdg_operation() -> dict[str, Any]:
    return {
        "post": {
            "operationId": "suggest_sdgs",
            "summary": "Suggest SDG goals and targets for a text in Traditional Chinese, English or both",
            "description": (
                "Nothing is stored. Empty text answers with no goals and an `empty` notice; text "
                "longer than 4,000 characters is cut (`truncated`); text in another language answers "
                "with `low_confidence`. The `lang` query parameter sets the language of messages."
            ),
            "parameters": [_parameter(LANG_PARAM)],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["text"],
                            "properties": {
                                "text": {"type": "string", "example": "偏鄉小學數位學習計畫"},
                                "lang": {
                                    "type": ["string", "null"],
                                    "enum": ["zh-Hant", "en", None],
                                },
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "The suggestion",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/SdgSuggestion"}
                        }
                    },
                },
                "400": _error(
                    "The body is not a JSON object with a string `text`, or `lang` is unknown."
                ),
                "405": _error("Only POST is supported."),
            },
        }
    }


def openapi_document(collections: Sequence[Any]) -> dict[str, Any]:
    """The whole document; every list's parameters come from its selectors' FilterParam tuple."""
    paths: dict[str, Any] = {
        "/": {
            "get": {
                "operationId": "index",
                "summary": "Links to every collection",
                "responses": {"200": {"description": "Links"}},
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1"}},
            }
        },
    }
    for collection in collections:
        paths[f"/{collection.name}"] = _list_operation(collection)
        paths[f"/{collection.name}/{{{collection.detail}}}"] = _detail_operation(collection)
    paths["/sdg-suggestions"] = _sdg_operation()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Partner Hub API",
            "version": "1",
            "description": "Taiwan's international cooperation: activities, organisations, events and countries.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": {
                "Error": _ERROR,
                "SdgSuggestion": SDG_SUGGESTION_SCHEMA,
                "Page": {
                    "type": "object",
                    "required": ["count", "next", "previous", "results"],
                    "properties": {
                        "count": {"type": "integer"},
                        "next": {"type": ["string", "null"]},
                        "previous": {"type": ["string", "null"]},
                        "results": {"type": "array", "items": {"type": "object"}},
                    },
                },
            }
        },
    }
