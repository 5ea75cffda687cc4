"""JSON API v1: thin endpoints over the same list declarations and selectors as the portal."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from partnerhub.activities import selectors as activities
from partnerhub.activities.lists import ACTIVITIES
from partnerhub.api.errors import api_post_view, api_view
from partnerhub.api.openapi import openapi_document
from partnerhub.core.exceptions import InvalidInput
from partnerhub.core.lists import ListSpec, page_request
from partnerhub.core.models import text_status
from partnerhub.events import selectors as events
from partnerhub.events.lists import EVENTS
from partnerhub.organisations import selectors as organisations
from partnerhub.organisations.lists import ORGANISATIONS
from partnerhub.reference import selectors as reference
from partnerhub.reference.lists import COUNTRIES
from partnerhub.sdg import selectors as sdg


def _json(body: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


#: The API's collections are the lists the domain apps declare; nothing here adds a filter.
COLLECTIONS: tuple[ListSpec, ...] = (ACTIVITIES, ORGANISATIONS, EVENTS, COUNTRIES)
_BY_NAME = {c.name: c for c in COLLECTIONS}
PAGE_SIZE = 50


def _params(request: HttpRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "") for key in request.GET}


def _link(request: HttpRequest, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@csrf_exempt
@api_view
def collection(request: HttpRequest, name: str) -> HttpResponse:
    """GET a filtered, paginated list: ``count``, ``next``, ``previous`` and ``results``."""
    spec = _BY_NAME[name]
    params = _params(request)
    filters = spec.parse(params)
    page = spec.page(filters, spec.sort_from(params), page_request(params, PAGE_SIZE))
    return _json(
        {
            "count": page.count,
            "next": _link(request, page.number + 1) if page.has_next else None,
            "previous": _link(request, page.number - 1) if page.has_previous else None,
            "results": [spec.row(obj) for obj in page.items],
        }
    )


def _filtered(request: HttpRequest, name: str, **params: str) -> str:
    """The absolute URL of a collection filtered by ``params``."""
    url = reverse("api:collection", args=[name])
    return request.build_absolute_uri(f"{url}?{urlencode(params)}")


@csrf_exempt
@api_view
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    return _json(activities.activity_document(activities.activity_detail(pk)))


@csrf_exempt
@api_view
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisations.organisation_detail(slug)
    involvement = activities.organisation_involvement(org)
    return _json(
        {
            **organisations.organisation_row(org),
            "aliases": [a.alias for a in org.aliases.all()],
            "roles": [{"role": label, "activities": n} for label, n in involvement.roles],
            "countries": [
                {"code": c, "name": label, "activities": n} for c, label, n in involvement.countries
            ],
            "reported_activities": involvement.reported,
            "activities_url": _filtered(request, "activities", organisation=org.slug),
        }
    )


@csrf_exempt
@api_view
def event(request: HttpRequest, slug: str) -> HttpResponse:
    evt = events.event_detail(slug)
    organisers = [
        {
            "name": o.printed_name,
            "organisation": o.organisation.slug if o.organisation else None,
            "role": o.role,
        }
        for o in evt.organisers.all()
    ]
    return _json(
        {
            **events.event_row(evt),
            "title_en_status": text_status(evt.title_en, evt.title_en_status),
            "description": evt.description_zh or evt.description_en,
            "description_zh": evt.description_zh,
            "description_en": evt.description_en,
            "description_en_status": text_status(evt.description_en, evt.description_en_status),
            "participating_country_count": evt.participating_country_count,
            "notes": evt.notes,
            "organisers": organisers,
        }
    )


@csrf_exempt
@api_view
def country(request: HttpRequest, code: str) -> HttpResponse:
    row = reference.country_detail(code)
    timeline = [
        {
            "status": r.status,
            "label": r.get_status_display(),
            "start": r.start.isoformat() if r.start else None,
            "end": r.end.isoformat() if r.end else None,
            "citation": r.citation,
        }
        for r in reference.relationship_timeline(row)
    ]
    return _json(
        {
            **reference.country_row(row),
            "relationship_timeline": timeline,
            "activities_url": _filtered(request, "activities", country=row.code),
            "events_url": _filtered(request, "events", country=row.code),
        }
    )


@csrf_exempt
@api_view
def index(request: HttpRequest) -> HttpResponse:
    """Where everything is: the collections and the OpenAPI document."""
    links = {
        c.name: request.build_absolute_uri(reverse("api:collection", args=[c.name]))
        for c in COLLECTIONS
    }
    links["sdg-suggestions"] = request.build_absolute_uri(reverse("api:sdg-suggestions"))
    links["openapi"] = request.build_absolute_uri(reverse("api:openapi"))
    return _json(links)


#: Bodies larger than this are refused before they are parsed (the suggester reads 4,000 characters).
MAX_BODY = 1_000_000


@csrf_exempt
@api_post_view
def sdg_suggestions(request: HttpRequest) -> HttpResponse:
    """POST ``{"text": ..., "lang": "zh-Hant" | "en" | null}``: SDG goals, targets and reasons."""
    if len(request.body) > MAX_BODY:
        raise InvalidInput(
            f"The request body is larger than {MAX_BODY} bytes.",
            f"請求內容超過 {MAX_BODY} 位元組。",
            field="text",
        )
    try:
        body = json.loads(request.body.decode("utf-8") or "null")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(
            "The request body must be a JSON object.", "請求內容必須是 JSON 物件。", field="body"
        ) from exc
    if not isinstance(body, dict) or "text" not in body:
        raise InvalidInput(
            'The request body must be a JSON object with a "text" field.',
            "請求內容必須是含有「text」欄位的 JSON 物件。",
            field="text",
        )
    suggestion = sdg.sdg_suggest(body["text"], body.get("lang"))
    return _json(sdg.suggestion_document(suggestion, translation.get_language() or "zh-hant"))


@csrf_exempt
@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    return _json(openapi_document(COLLECTIONS))
