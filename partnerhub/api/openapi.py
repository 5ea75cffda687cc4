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
