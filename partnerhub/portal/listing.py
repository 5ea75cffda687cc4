"""One public list, three faces: an HTML page, a JSON twin and a streamed CSV export.

Each list is declared once by its domain app (a ``partnerhub.core.lists.ListSpec``); a
:class:`Listing` adds only what the portal needs to show it (its template), and
:func:`render_listing` answers in whichever format was asked for.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise

from partnerhub.core.exceptions import InvalidFilter
from partnerhub.core.lists import ListSpec, Page, facet_as_dict, page_request

FORMATS = ("html", "json", "csv")


@dataclass(frozen=True)
class Listing:
    """A declared list as the portal shows it: the declaration and the page template."""

    spec: ListSpec
    template: str
    page_size: int | None = None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def title(self) -> str | Promise:
        return self.spec.title


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
    spec = listing.spec
    filters = spec.parse(params)
    sort = spec.sort_from(params)
    if fmt == "csv":
        qs = spec.query(filters, sort)
        return stream_csv(spec.name, (spec.row(obj) for obj in qs.iterator(chunk_size=1000)))
    size = page_request(params, listing.page_size or spec.page_size)
    page: Page[Model] = spec.page(filters, sort, size)
    base = (
        reverse(f"portal:{listing.name}-export", args=["json"])
        if fmt == "json"
        else reverse(f"portal:{listing.name}")
    )
    facets = [facet_as_dict(f, base, params) for f in spec.facets(filters)]
    next_url, previous_url = page_links(request, page)
    if fmt == "json":
        body = {
            "count": page.count,
            "next": next_url,
            "previous": previous_url,
            "results": [spec.row(obj) for obj in page.items],
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
