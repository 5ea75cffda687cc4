"""Public pages: thin views over the selectors; every list also answers as JSON and CSV."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from partnerhub.activities import selectors as activities
from partnerhub.activities.lists import ACTIVITIES as ACTIVITY_LIST
from partnerhub.core.exceptions import NotFound
from partnerhub.core.text import search_key
from partnerhub.events import selectors as events
from partnerhub.events.lists import EVENTS as EVENT_LIST
from partnerhub.iati.selectors import superseded_versions
from partnerhub.organisations import selectors as organisations
from partnerhub.organisations.lists import ORGANISATIONS as ORGANISATION_LIST
from partnerhub.portal.errors import portal_view
from partnerhub.portal.listing import Listing, render_listing
from partnerhub.reference import selectors as reference
from partnerhub.reference.lists import COUNTRIES as COUNTRY_LIST
from partnerhub.reports import selectors as report_selectors
from partnerhub.sdg import selectors as sdg

ACTIVITIES = Listing(
    ACTIVITY_LIST, "portal/activity_list.html", page_size=settings.PARTNERHUB_PAGE_SIZE
)
ORGANISATIONS = Listing(ORGANISATION_LIST, "portal/organisation_list.html")
COUNTRIES = Listing(COUNTRY_LIST, "portal/country_list.html")
EVENTS = Listing(EVENT_LIST, "portal/event_list.html")
LISTINGS = (ACTIVITIES, ORGANISATIONS, COUNTRIES, EVENTS)


@portal_view
def home(request: HttpRequest) -> HttpResponse:
    figures = {
        "activities": activities.activity_count(),
        "organisations": organisations.organisation_count(),
        "countries": activities.partner_country_count(),
        "events": events.event_count(),
    }
    return render(request, "portal/home.html", {"figures": figures})


@portal_view
def search(request: HttpRequest) -> HttpResponse:
    """The same folded query across every list, with links into each filtered list."""
    raw = request.GET.get("q", "").strip()
    key = search_key(raw)
    sections: list[dict[str, Any]] = []
    if key:
        for listing, filters in (
            (ACTIVITIES, activities.ActivityFilters(q=key)),
            (ORGANISATIONS, organisations.OrganisationFilters(q=key)),
            (EVENTS, events.EventFilters(q=key)),
            (COUNTRIES, reference.CountryFilters(q=key)),
        ):
            qs = listing.spec.query(filters)
            sections.append({"listing": listing, "items": list(qs[:10]), "count": qs.count()})
    return render(request, "portal/search.html", {"q": raw, "sections": sections})


def _list_view(listing: Listing) -> Any:
    @portal_view
    def view(request: HttpRequest, fmt: str | None = None) -> HttpResponseBase:
        return render_listing(request, listing, fmt)

    view.__name__ = f"{listing.name}_list"
    return view


activity_list = _list_view(ACTIVITIES)
organisation_list = _list_view(ORGANISATIONS)
country_list = _list_view(COUNTRIES)
event_list = _list_view(EVENTS)


@portal_view
def activity_detail(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    activity = activities.activity_detail(pk)
    if fmt == "json":
        return JsonResponse(
            activities.activity_document(activity), json_dumps_params={"ensure_ascii": False}
        )
    titles = reference.sdg_labels()
    sdgs = [(s, titles.get(str(s.goal), "")) for s in activity.sdgs.all()]
    suggested = [
        (s, titles.get(str(s.goal), "")) for s in sdg.activity_suggestions(activity).pending()
    ]
    context = {
        "activity": activity,
        "sdgs": sdgs,
        "suggested_sdgs": suggested,
        "sectors": activities.sector_rows(activity),
        "superseded": superseded_versions(activity),
    }
    return render(request, "portal/activity_detail.html", context)


@portal_view
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisations.organisation_detail(slug)
    qs = activities.activity_list(activities.ActivityFilters(organisation=slug))
    page = reference.paginate(qs, reference.PageRequest(1, 50))
    roles = activities.participation_roles(page.items, organisation)
    context = {
        "organisation": organisation,
        "involvement": activities.organisation_involvement(organisation),
        "page": page,
        "rows": [(a, roles.get(a.pk, [])) for a in page.items],
    }
    return render(request, "portal/organisation_detail.html", context)


@portal_view
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = reference.country_detail(code)
    summary = report_selectors.country_summary(country.code)
    acts = reference.paginate(
        activities.activity_list(activities.ActivityFilters(country=country.code)),
        reference.PageRequest(1, 50),
    )
    evts = reference.paginate(
        events.event_list(events.EventFilters(country=country.code)), reference.PageRequest(1, 50)
    )
    context = {
        "country": country,
        "timeline": reference.relationship_timeline(country),
        "activities": acts,
        "events": evts,
        "organisations": list(organisations.organisations_in_country(country.code)),
        "summary": summary,
        "summary_query": f"country={country.code}",
        "summary_chart": f"{reverse('reports:chart', args=['year', 'svg'])}?country={country.code}",
    }
    return render(request, "portal/country_detail.html", context)


@portal_view
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "portal/event_detail.html", {"event": events.event_detail(slug)})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Unknown URLs answer with the portal's error page (or the JSON envelope for twins)."""
    from partnerhub.portal.errors import error_response

    return error_response(request, NotFound("Page not found.", "找不到這個頁面。"))
