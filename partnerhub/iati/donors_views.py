"""The donors-in-a-country page and its JSON twin."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partnerhub.iati.donors import country_donors as build_report
from partnerhub.reference.models import CodelistItem, Country


def _sector_labels(codes: list[str]) -> dict[str, str]:
    """Names of the DAC sector groups (3 digits) and sectors (5 digits) shown on the page."""
    items = CodelistItem.objects.filter(codelist__in=("SectorCategory", "Sector"), code__in=codes)
    return {item.code: item.name for item in items}


@require_GET
def country_donors(request: HttpRequest, code: str, fmt: str = "") -> HttpResponse:
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise Http404(code)
    kind = "commitments" if request.GET.get("kind") == "commitments" else "spending"
    report = build_report(country=country.code, kind=kind)
    data = report.as_dict()
    if fmt == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    labels = _sector_labels([row["sector"] for row in data["sectors"] if row["sector"]])
    for row in [*data["sectors"], *data["cells"]]:
        row["label"] = labels.get(row["sector"] or "", "")
    context = {"report": report, "data": data, "country": country}
    return render(request, "iati/donors.html", context)
