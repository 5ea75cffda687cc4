"""Public pages: thin views over the selectors; every list also answers as JSON and CSV."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language

from partnerhub.activities import selectors as activities
from partnerhub.activities.lists import ACTIVITIES as ACTIVITY_LIST
from partnerhub.core.exceptions import NotFound
from partnerhub.core.text import search_key
from partnerhub.events import selectors as events
from partnerhub.events.lists import EVENTS as EVENT_LIST
from partnerhub.iati.selectors import superseded_versions
from partnerhub.organisations import selectors as organisations
from partnerhub.organisations.lists import ORGANISATIONS as ORGANISATION_LIST
from partnerhub.portal import search as portal_search
from partnerhub.portal import sitemap as portal_sitemap
from partnerhub.portal.errors import portal_view
from partnerhub.portal.listing import Listing, render_listing
from partnerhub.reference import selectors as reference
from partnerhub.reference.lists import COUNTRIES as COUNTRY_LIST
from partnerhub.reports import selectors as report_selectors
from partnerhub.sdg import selectors as sdg
from partnerhub.seeds import selectors as seed_selectors
from partnerhub.seeds.documents import document_excerpt
from partnerhub.translations import selectors as translation_selectors
from partnerhub.translations import services as translations

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
    """One query across every list, in both languages: hits grouped by type with counts, each
    with its year, countries and a snippet; each group links into its filtered list."""
    raw = request.GET.get("q", "").strip()
    key = search_key(raw)
    sections: list[dict[str, Any]] = []
    if key:
        for listing, filters, prefetch, hit in (
            (
                ACTIVITIES,
                activities.ActivityFilters(q=key),
                ("countries__country",),
                portal_search.activity_hit,
            ),
            (
                ORGANISATIONS,
                organisations.OrganisationFilters(q=key),
                ("aliases",),
                portal_search.organisation_hit,
            ),
            (
                EVENTS,
                events.EventFilters(q=key),
                ("countries__country",),
                portal_search.event_hit,
            ),
            (COUNTRIES, reference.CountryFilters(q=key), (), portal_search.country_hit),
        ):
            qs = listing.spec.query(filters)
            items = list(qs.prefetch_related(*prefetch)[:10]) if prefetch else list(qs[:10])
            hits = [hit(item, raw) for item in items]
            sections.append({"listing": listing, "hits": hits, "count": qs.count()})
    total = sum(s["count"] for s in sections)
    context = {"q": raw, "sections": sections, "total": total}
    return render(request, "portal/search.html", context)


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
    if fmt != "json":
        translations.record_seen(kind="activity", key=activity.iati_identifier)
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
        "transaction_types": reference.codelist_labels(
            "TransactionType", {t.type for t in activity.transactions.all()}
        ),
        "region_labels": reference.codelist_labels(
            "Region", {r.code for r in activity.regions.all()}
        ),
        "translation": translation_selectors.translation_note("activity", activity.iati_identifier),
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
    # The count of a busy country's activities (a fifth of a million) is kept with the stored
    # totals; the page checks it against the rows it reads, and the share it gives chooses how
    # the newest are found.
    known = report_selectors.country_activity_count(country.code)
    acts = reference.paginate(
        activities.country_activities(
            country.code, share=known[0] / known[1] if known and known[1] else 0.0
        ),
        reference.PageRequest(1, 50),
        known=known[0] if known else None,
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
    event = events.event_detail(slug)
    translations.record_seen(kind="event", key=event.slug)
    context = {"event": event, "translation": translation_selectors.translation_note("event", slug)}
    return render(request, "portal/event_detail.html", context)


@portal_view
def source_list(request: HttpRequest) -> HttpResponse:
    """The source documents, with their publishers, dates and when they were last imported."""
    context = {"documents": seed_selectors.source_documents()}
    return render(request, "portal/source_list.html", context)


@portal_view
def source_detail(request: HttpRequest, number: str) -> HttpResponse:
    """One document: what it is, what was taken from it, and its text page by page."""
    page = _positive_int(request.GET.get("from"), 1)
    context = seed_selectors.source_page(number, first=page, size=SOURCE_PAGE_LINES)
    return render(request, "portal/source_detail.html", context)


@portal_view
def source_lines(request: HttpRequest, number: str, start: str, end: str) -> HttpResponse:
    """Cited lines of a document, highlighted in their context."""
    excerpt = document_excerpt(number, int(start), int(end))
    return render(request, "portal/source_lines.html", {"excerpt": excerpt})


SOURCE_PAGE_LINES = 200


def _positive_int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else default


#: The portal's own pages of prose, each written in both languages (portal/pages/NAME.LANG.html).
PAGES = ("about", "methodology", "licence", "contact")


@portal_view
def page(request: HttpRequest, name: str) -> HttpResponse:
    """An about, methodology, licence or contact page in the visitor's language."""
    language = "en" if (get_language() or "").startswith("en") else "zh-hant"
    context = {
        "name": name,
        "body": f"portal/pages/{name}.{language}.html",
        "contact_email": settings.PARTNERHUB_CONTACT_EMAIL,
        "documents": seed_selectors.source_documents() if name == "methodology" else [],
    }
    return render(request, "portal/page.html", context)


def robots_txt(request: HttpRequest) -> HttpResponse:
    """What crawlers may read: the public pages, not the admin, accounts or exports."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /i18n/"]
    lines += [f"Disallow: /{code}/accounts/" for code, _ in settings.LANGUAGES]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponseBase:
    """Browsers ask for /favicon.ico; the icon is an SVG among the static files."""
    return redirect(static("portal/favicon.svg"), permanent=True)


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """The public pages a crawler should know, in both languages with their alternates."""
    paths = [
        reverse(f"portal:{n}")
        for n in ("home", "activities", "organisations", "countries", "events", "sources")
    ]
    paths += [reverse("portal:page", args=[n]) for n in PAGES]
    paths += portal_sitemap.record_urls()
    pages = [portal_sitemap.versions(request.build_absolute_uri, p) for p in paths]
    return HttpResponse(
        portal_sitemap.document(pages), content_type="application/xml; charset=utf-8"
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Unknown URLs answer with the portal's error page (or the JSON envelope for twins)."""
    from partnerhub.portal.errors import error_response

    return error_response(request, NotFound("Page not found.", "找不到這個頁面。"))
