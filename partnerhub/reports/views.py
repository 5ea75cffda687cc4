"""Dashboards, chart exports and the donors-in-a-country page: thin views over the selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from partnerhub.core.exceptions import InvalidInput, PartnerHubError
from partnerhub.core.jobs import job_create, job_enqueue, job_view
from partnerhub.core.models import Job
from partnerhub.reference.models import CodelistItem, Country
from partnerhub.reports import selectors
from partnerhub.reports.charts import chart_png, chart_svg
from partnerhub.reports.donors import country_donors as build_donors
from partnerhub.reports.donors_sql import (
    donors_report_from,
    donors_snapshot_for,
)
from partnerhub.reports.ledger import ledger_build
from partnerhub.reports.models import AnnualReport
from partnerhub.reports.render import report_context
from partnerhub.reports.snapshots import ledger_quality, snapshot_for, snapshot_is_current
from partnerhub.reports.worldmap import legend, world_map_svg

View = Callable[..., HttpResponse]
JOB_KIND = "reports-annual"


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


def chart_url(slug: str, query: str) -> str:
    """Where the page's ``<img>`` loads a chart from: the SVG export, without the download flag."""
    url = reverse("reports:chart", kwargs={"slug": slug, "fmt": "svg"})
    return f"{url}?{query}" if query else url


def _dashboard(request: HttpRequest, *, staff: bool) -> HttpResponse:
    scope = selectors.scope_from_query(request.GET)
    board = selectors.dashboard_build(scope)
    query = request.GET.urlencode()
    charts = {p.slug: chart_url(p.slug, query) for p in board.panels}
    map_title = "" if board.too_large else board.panel("country").chart.title
    context = {
        "board": board,
        "scope": scope,
        "charts": charts,
        "staff": staff,
        "world_map": "" if board.too_large else world_map_svg(board.map_values, title=map_title),
        "legend": legend([v.value for v in board.map_values]),
        "quality": _quality(scope) if staff and not board.too_large else None,
        "live_limit": settings.PARTNERHUB_LIVE_TOTALS_LIMIT,
        "query": query,
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
    """What the totals cannot place, for the people who can fix the records: stored with the
    scope's totals when they are, else counted from a live ledger."""
    stored = snapshot_for(scope)
    if stored is not None and "quality" in stored.data:
        return dict(stored.data["quality"])
    return ledger_quality(ledger_build(scope))


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
    board = selectors.dashboard_build(scope) if snapshot_for(scope) else None
    if board is None and selectors.live_totals_too_large(scope):
        raise Http404(slug)  # not stored, and too large to total on request
    panel = (
        next(p for p in board.panels if p.dimension == dimension and p.role == role)
        if board is not None and (dimension, role) in selectors.PANELS
        else selectors.panel_build(ledger_build(scope), dimension, role=role)
    )
    name = f"partnerhub-{slug}"
    if fmt == "csv":
        response = HttpResponse(panel.chart.csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "png":
        response = HttpResponse(chart_png(panel.chart), content_type="image/png")
    else:
        response = HttpResponse(chart_svg(panel.chart), content_type="image/svg+xml")
    if fmt == "csv" or request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _sector_labels(codes: list[str]) -> dict[str, str]:
    items = CodelistItem.objects.filter(codelist__in=("SectorCategory", "Sector"), code__in=codes)
    return {item.code: item.name for item in items}


@require_GET
def country_donors(request: HttpRequest, code: str, fmt: str = "") -> HttpResponse:
    """Who funds what in a country, from other donors' IATI data; says so when there is none.

    Read from the report the refresh task stored for the country (saying when activities
    changed after it), else computed live."""
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise Http404(code)
    kind = "commitments" if request.GET.get("kind") == "commitments" else "spending"
    stored = donors_snapshot_for(country=country.code, kind=kind)
    if stored is not None:
        report = donors_report_from(stored)
        built_at, stale = stored.built_at, not snapshot_is_current(stored)
    else:
        report, built_at, stale = build_donors(country=country.code, kind=kind), None, False
    data = report.as_dict()
    if fmt == "json":
        if built_at is not None:
            data["computed_at"] = built_at.isoformat()
            data["activities_changed_since"] = stale
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    labels = _sector_labels([row["sector"] for row in data["sectors"] if row["sector"]])
    for row in [*data["sectors"], *data["cells"]]:
        row["label"] = labels.get(row["sector"] or "", "")
    context = {
        "report": report,
        "data": data,
        "country": country,
        "built_at": built_at,
        "stale": stale,
    }
    return render(request, "reports/donors.html", context)


# ---- The annual report ------------------------------------------------------------------------


@require_GET
def annual_list(request: HttpRequest) -> HttpResponse:
    """Issued reports, newest first; staff may build one and follow the jobs that build them."""
    reports = AnnualReport.objects.defer("data", "pdf_zh", "pdf_en", "annex_xlsx")
    can_build = request.user.has_perm("reports.add_annualreport")
    jobs = [job_view(j) for j in Job.objects.filter(kind=JOB_KIND)[:10]] if can_build else []
    context = {
        "reports": reports,
        "can_build": can_build,
        "jobs": jobs,
        "this_year": timezone.now().year,
    }
    return render(request, "reports/annual_list.html", context)


@require_POST
@staff_member_required
@permission_required("reports.add_annualreport", raise_exception=True)
@reports_view
def annual_build(request: HttpRequest) -> HttpResponse:
    """Start building a report in the background; the job page shows its progress."""
    raw = request.POST.get("year", "").strip()
    if not (raw.isdigit() and 1990 <= int(raw) <= 2100):
        raise InvalidInput(
            "year must be a year such as 2022.", "year 必須是年份，例如 2022。", field="year"
        )
    job = job_create(
        kind=JOB_KIND,
        key=raw,
        task="partnerhub.reports.tasks.annual_report_build",
        arguments={"year": int(raw)},
        created_by=request.user,
    )
    job_enqueue(job=job)
    return redirect("reports:job", pk=job.pk)


@require_GET
@staff_member_required
def annual_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=pk, kind=JOB_KIND)
    view = job_view(job)
    if request.GET.get("format") == "json":
        return JsonResponse(view.as_json())
    return render(request, "reports/annual_job.html", {"job": view})


def _issued(year: int, version: int) -> AnnualReport:
    report = AnnualReport.objects.filter(year=year, version=version).first()
    if report is None:
        raise Http404(f"{year} v{version}")
    return report


@require_GET
def annual_detail(request: HttpRequest, year: int, version: int) -> HttpResponse:
    """An issued version in the reader's language, read from its frozen data only."""
    report = _issued(year, version)
    language = "en" if get_language() == "en" else "zh-hant"
    context = {**report_context(report.data, language, version=version), "report": report}
    return render(request, "reports/annual_page.html", context)


@require_GET
def annual_file(request: HttpRequest, year: int, version: int, name: str) -> HttpResponse:
    """The PDF of either language or the XLSX annex of an issued version, as it was issued."""
    report = _issued(year, version)
    files = {
        "report-zh-hant.pdf": (report.pdf_zh, "application/pdf"),
        "report-en.pdf": (report.pdf_en, "application/pdf"),
        "annex.xlsx": (
            report.annex_xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    }
    if name not in files:
        raise Http404(name)
    content, kind = files[name]
    response = HttpResponse(bytes(content), content_type=kind)
    response["Content-Disposition"] = f'inline; filename="partnerhub-{year}-v{version}-{name}"'
    return response
