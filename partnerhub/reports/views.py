"""Dashboards, chart exports and the donors-in-a-country page: thin views over the selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from partnerhub.core.exceptions import PartnerHubError
from partnerhub.reference.models import CodelistItem, Country
from partnerhub.reports import selectors
from partnerhub.reports.charts import chart_png, chart_svg, svg_data_uri
from partnerhub.reports.donors import country_donors as build_donors
from partnerhub.reports.ledger import ledger_build
from partnerhub.reports.worldmap import legend, world_map_svg

View = Callable[..., HttpResponse]


def reports_view(view: View) -> View:
    """Bad parameters answer 400 with the portal's error page, naming the parameter."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PartnerHubError as exc:
            context = {
                "status": exc.status,
                "message": exc.message(get_language()),
                "parameter": exc.field,
            }
            return render(request, "portal/error.html", context, status=exc.status)

    return wrapper


def _dashboard(request: HttpRequest, *, staff: bool) -> HttpResponse:
    scope = selectors.scope_from_query(request.GET)
    board = selectors.dashboard_build(scope)
    charts = {p.slug: svg_data_uri(chart_svg(p.chart)) for p in board.panels}
    country = board.panel("country")
    context = {
        "board": board,
        "scope": scope,
        "charts": charts,
        "staff": staff,
        "world_map": world_map_svg(board.map_values, title=country.chart.title),
        "legend": legend([v.value for v in board.map_values]),
        "quality": _quality(scope) if staff else None,
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/dashboard.html", context)


@require_GET
@reports_view
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, staff=False)


@require_GET
@staff_member_required
@reports_view
def dashboard_staff(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, staff=True)


def _quality(scope: selectors.Scope) -> dict[str, int]:
    """What the totals cannot place, for the people who can fix the records."""
    ledger = ledger_build(scope)
    ids = ledger.activity_ids
    return {
        "activities": len(ids),
        "no_country": len(ids - {pk for pk, links in ledger.geo.items() if links}),
        "no_sector": len(ids - set(ledger.sectors)),
        "no_sdg": len(ids - set(ledger.sdgs)),
        "no_modality": len([pk for pk in ids if not ledger.modality.get(pk)]),
        "unconverted": sum(u.flows for u in ledger.unconverted.values()),
    }


@require_GET
@reports_view
def chart_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """One chart of the dashboard as SVG, PNG or CSV, for the same parameters."""
    dimension, role = slug, "implementing"
    if slug.startswith("organisation-") and slug != "organisation-type":
        dimension, role = "organisation", slug.removeprefix("organisation-")
    if dimension not in selectors.DIMENSIONS or role not in selectors.ROLES:
        raise Http404(slug)
    scope = selectors.scope_from_query(request.GET)
    panel = selectors.panel_build(ledger_build(scope), dimension, role=role)
    name = f"partnerhub-{slug}"
    if fmt == "csv":
        response = HttpResponse(panel.chart.csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "png":
        response = HttpResponse(chart_png(panel.chart), content_type="image/png")
    else:
        response = HttpResponse(chart_svg(panel.chart), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _sector_labels(codes: list[str]) -> dict[str, str]:
    items = CodelistItem.objects.filter(codelist__in=("SectorCategory", "Sector"), code__in=codes)
    return {item.code: item.name for item in items}


@require_GET
def country_donors(request: HttpRequest, code: str, fmt: str = "") -> HttpResponse:
    """Who funds what in a country, from other donors' IATI data; says so when there is none."""
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise Http404(code)
    kind = "commitments" if request.GET.get("kind") == "commitments" else "spending"
    report = build_donors(country=country.code, kind=kind)
    data = report.as_dict()
    if fmt == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    labels = _sector_labels([row["sector"] for row in data["sectors"] if row["sector"]])
    for row in [*data["sectors"], *data["cells"]]:
        row["label"] = labels.get(row["sector"] or "", "")
    context = {"report": report, "data": data, "country": country}
    return render(request, "reports/donors.html", context)
