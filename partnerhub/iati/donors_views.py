"""The donors-in-a-country page and its JSON twin."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partnerhub.iati.donors import country_donors as build_report


@require_GET
def country_donors(request: HttpRequest, code: str, fmt: str = "") -> HttpResponse:
    kind = "commitments" if request.GET.get("kind") == "commitments" else "spending"
    report = build_report(country=code, kind=kind)
    if fmt == "json":
        return JsonResponse(report.as_dict(), json_dumps_params={"ensure_ascii": False})
    return render(request, "iati/donors.html", {"report": report, "data": report.as_dict()})
