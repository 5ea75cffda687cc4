"""One public list, three faces: an HTML page, a JSON twin and a streamed CSV export.

Each list is described once by a :class:`Listing` (how to parse its filters, query, facet and flatten
rows); :func:`render_listing` answers in whichever format was asked for.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise

from partnerhub.core.exceptions import InvalidFilter
from partnerhub.reference.selectors import (
    Facet,
    FilterParam,
    Page,
    facet_as_dict,
    page_request,
    paginate,
    param_value,
)

FORMATS = ("html", "json", "csv")


@dataclass(frozen=True)
class Listing:
    """How one public list is filtered, queried, faceted and flattened into rows."""

    name: str
    title: str | Promise
    template: str
    parameters: tuple[FilterParam, ...]
    parse: Callable[[dict[str, str]], Any]
    query: Callable[[Any, str], QuerySet[Any]]
    facets: Callable[[Any], list[Facet]]
    row: Callable[[Any], dict[str, Any]]
    sort: FilterParam | None = None
    default_sort: str = ""
    page_size: int = 50


def requested_format(request: HttpRequest, suffix: str | None) -> str:
    fmt = (suffix or request.GET.get("format") or "html").lower()
    if fmt not in FORMATS:
        raise InvalidFilter(
            f"Unknown format {fmt!r}: use html, json or csv.",
            f"未知的格式「{fmt}」：請使用 html、json 或 csv。",
            field="format",
        )
    return fmt


def _flat(value: Any) -> Any:
    return ";".join(str(v) for v in value) if isinstance(value, list) else value


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """CSV text, one line at a time, starting with a BOM so Excel reads Chinese as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    header: list[str] | None = None
    for row in rows:
        if header is None:
            header = list(row)
            yield writer.writerow(header)
        yield writer.writerow([_flat(row[key]) for key in header])


def stream_csv(name: str, rows: Iterator[dict[str, Any]]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def page_links(request: HttpRequest, page: Page[Any]) -> tuple[str | None, str | None]:
    """Absolute URLs of the next and previous pages, keeping every other parameter."""

    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return (
        link(page.number + 1) if page.has_next else None,
        link(page.number - 1) if page.has_previous else None,
    )


def _query_dict(request: HttpRequest) -> dict[str, str]:
    # Each filter takes one value; the last one given wins, as in a form submission.
    return {key: request.GET.get(key, "") for key in request.GET}


def render_listing(
    request: HttpRequest, listing: Listing, suffix: str | None = None
) -> HttpResponseBase:
    """Answer a list request as HTML, JSON or CSV, all from the same filtered queryset."""
    fmt = requested_format(request, suffix)
    params = _query_dict(request)
    filters = listing.parse(params)
    sort = param_value(params, listing.sort, listing.default_sort) if listing.sort else ""
    qs = listing.query(filters, sort)
    if fmt == "csv":
        return stream_csv(listing.name, (listing.row(obj) for obj in qs.iterator(chunk_size=1000)))
    page: Page[Model] = paginate(qs, page_request(params, listing.page_size))
    base = (
        reverse(f"portal:{listing.name}-export", args=["json"])
        if fmt == "json"
        else reverse(f"portal:{listing.name}")
    )
    facets = [facet_as_dict(f, base, params) for f in listing.facets(filters)]
    next_url, previous_url = page_links(request, page)
    if fmt == "json":
        body = {
            "count": page.count,
            "next": next_url,
            "previous": previous_url,
            "results": [listing.row(obj) for obj in page.items],
            "facets": facets,
        }
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    context = {
        "listing": listing,
        "page": page,
        "facets": facets,
        "filters": filters,
        "params": params,
        "sort": sort,
        "next_url": next_url,
        "previous_url": previous_url,
        "active": {
            k: v
            for k, v in params.items()
            if v and k not in {"page", "sort", "page_size", "format"}
        },
        "export_query": _export_query(request),
    }
    return render(request, listing.template, context)


def _export_query(request: HttpRequest) -> str:
    params = request.GET.copy()
    for key in ("page", "format"):
        params.pop(key, None)
    return f"?{params.urlencode()}" if params else ""
