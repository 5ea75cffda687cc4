"""Reads of activities for pages, the API and exports: the detail, the whole-record document,
and what an organisation does across activities.

The activity list (its filters, facets, orders and rows) is declared once in
``partnerhub.activities.lists``; the names below that come from there are kept importable here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch

from partnerhub.activities.lists import (
    ACTIVITIES,
    PUBLISHERS,
    SORTS,
    ActivityFilters,
    ActivityStatusSlug,
    activity_row,
    parse_organisation,
    parse_sdg,
    parse_sector,
    parse_status,
)
from partnerhub.activities.models import (
    Activity,
    ActivityCountry,
    ActivitySdg,
    ActivitySector,
    Participation,
    Result,
    Role,
)
from partnerhub.activities.querysets import ActivityQuerySet
from partnerhub.core.exceptions import NotFound
from partnerhub.core.lists import FACET_CACHE_SECONDS, Facet, choice_labels
from partnerhub.core.models import text_status
from partnerhub.organisations.models import Organisation
from partnerhub.reference.lists import codelist_labels, country_labels, sdg_labels

__all__ = [
    "ACTIVITY_PARAMETERS",
    "FACET_CACHE_SECONDS",
    "PUBLISHERS",
    "SORTS",
    "SORT_PARAM",
    "ActivityFilters",
    "ActivityStatusSlug",
    "OrganisationInvolvement",
    "activity_count",
    "activity_detail",
    "activity_document",
    "activity_facets",
    "activity_list",
    "activity_row",
    "organisation_involvement",
    "parse_organisation",
    "parse_sdg",
    "parse_sector",
    "parse_status",
    "participation_roles",
    "partner_country_count",
    "sector_rows",
]

ACTIVITY_PARAMETERS = ACTIVITIES.filters
SORT_PARAM = ACTIVITIES.sort_param


def activity_list(filters: ActivityFilters, *, sort: str = "-start") -> ActivityQuerySet:
    """The filtered activities with what a list row shows, fetched once for the whole page."""
    return ACTIVITIES.query(filters, sort)  # type: ignore[return-value]


def country_activities(code: str, *, share: float = 0.0) -> ActivityQuerySet:
    """A country's activities, newest first, for its page; ``share`` is the part of all
    activities the country holds, when known.

    The list reads a country's ids from the link index and sorts them: right for a country with
    few activities, half a second for one with a fifth of a million. For a country holding at
    least one activity in a hundred, the database instead walks the activities by start date,
    testing each for a link (``EXISTS``), and stops once the page is full (about fifty times a
    hundred rows at most), which its planner does not choose by itself.
    """
    if share < 0.01:
        return activity_list(ActivityFilters(country=code))
    links = ActivityCountry.objects.filter(activity=OuterRef("pk"), code=code.upper())
    return Activity.objects.filter(Exists(links)).order_by("-span_start", "-id")


def activity_facets(filters: ActivityFilters) -> list[Facet]:
    """Every activity facet: from the list's bitmap index while it is current, else counted live;
    cached until the activities change.

    Facets of a million imported activities take seconds to count by GROUP BY and milliseconds
    from the index (core.listindex); the cache key holds the filters, the language and the version of the
    activities' change stamp, which every write service, import and seed load bumps in its own
    transaction, so an import or an edit shows at once. Names and dated
    relationships from the reference data are not in the stamp: a reload of those shows in the
    facets within FACET_CACHE_SECONDS.
    """
    return ACTIVITIES.facets(filters)


def activity_detail(pk: int) -> Activity:
    """One activity with every child row it shows, each fetched in one query."""
    activity = (
        Activity.objects.select_related("provenance", "reporting_org")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation").order_by(
                    "role", "id"
                ),
            ),
            Prefetch("countries", queryset=ActivityCountry.objects.select_related("country")),
            "regions",
            "sectors",
            Prefetch("sdgs", queryset=ActivitySdg.objects.order_by("goal", "target")),
            "budgets",
            "transactions",
            Prefetch("results", queryset=Result.objects.prefetch_related("indicators")),
            "documents",
        )
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise NotFound(f"No activity with id {pk}.", f"找不到編號為 {pk} 的活動。", field="id")
    return activity


def partner_country_count() -> int:
    """How many known countries at least one activity takes place in."""
    return (
        ActivityCountry.objects.filter(country__isnull=False).values("country").distinct().count()
    )


@dataclass(frozen=True)
class OrganisationInvolvement:
    """What an organisation does across activities: roles and countries, counted."""

    roles: list[tuple[str, int]]
    countries: list[tuple[str, str, int]]
    reported: int


def organisation_involvement(organisation: Organisation) -> OrganisationInvolvement:
    """Roles and countries of an organisation's activities, one GROUP BY each."""
    parts = Participation.objects.filter(organisation=organisation)
    labels = choice_labels(Role)
    roles = [
        (labels.get(role, role), n)
        for role, n in parts.values_list("role")
        .annotate(n=Count("activity", distinct=True))
        .order_by("role")
    ]
    ids = Activity.objects.involving(organisation.slug).values("pk")
    countries = list(
        ActivityCountry.objects.filter(activity__in=ids)
        .values_list("code")
        .annotate(n=Count("activity", distinct=True))
        .order_by("-n", "code")
    )
    names = country_labels(code for code, _n in countries)
    return OrganisationInvolvement(
        roles=roles,
        countries=[(code, names.get(code, code), n) for code, n in countries],
        reported=Activity.objects.filter(reporting_org=organisation).count(),
    )


def participation_roles(
    activities: list[Activity], organisation: Organisation
) -> dict[int, list[str]]:
    """The roles ``organisation`` plays in each of ``activities``, in one query."""
    labels = choice_labels(Role)
    roles: dict[int, list[str]] = {}
    rows = Participation.objects.filter(
        organisation=organisation, activity__in=[a.pk for a in activities]
    )
    for activity_id, role in rows.values_list("activity_id", "role").order_by("role"):
        roles.setdefault(activity_id, []).append(labels.get(role, role))
    return roles


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def activity_document(activity: Activity) -> dict[str, Any]:
    """The whole activity as JSON-ready data (uses the prefetches of :func:`activity_detail`)."""
    goals = sdg_labels()
    return {
        **activity_row(activity),
        # How the English came about: original, translated, checked, composed or missing.
        "title_en_status": text_status(activity.title_en, activity.title_en_status),
        "description": activity.description,
        "description_zh": activity.description_zh,
        "description_en": activity.description_en,
        "description_en_status": text_status(
            activity.description_en, activity.description_en_status
        ),
        # A row printed as 「阿富汗等 124個國家/地區」 links the one country it names and keeps
        # the printed count.
        "countries_printed": activity.extra.get("countries_printed", ""),
        "country_count_printed": activity.extra.get("country_count"),
        "dates": {
            "planned_start": _day(activity.planned_start),
            "actual_start": _day(activity.actual_start),
            "planned_end": _day(activity.planned_end),
            "actual_end": _day(activity.actual_end),
        },
        "participants": [
            {
                "name": p.name,
                "printed_name": p.printed_name,
                "printed_name_en": p.printed_name_en,
                "organisation": p.organisation.slug if p.organisation else None,
                "role": p.role,
                "role_label": p.get_role_display(),
            }
            for p in activity.participations.all()
        ],
        "countries": [
            {
                "code": c.code,
                "name": c.country.name if c.country else c.printed_name,
                "percentage": _money(c.percentage),
            }
            for c in activity.countries.all()
        ],
        "regions": [
            {"code": r.code, "vocabulary": r.vocabulary, "percentage": _money(r.percentage)}
            for r in activity.regions.all()
        ],
        "sectors": [
            {
                "code": s.code,
                "vocabulary": s.vocabulary,
                "percentage": _money(s.percentage),
                "narrative": s.narrative,
            }
            for s in activity.sectors.all()
        ],
        "sdgs": [
            {"goal": s.goal, "target": s.target, "title": goals.get(str(s.goal), "")}
            for s in activity.sdgs.all()
        ],
        "budgets": [
            {
                "value": _money(b.value),
                "currency": b.currency or activity.default_currency,
                "period_start": _day(b.period_start),
                "period_end": _day(b.period_end),
            }
            for b in activity.budgets.all()
        ],
        "transactions": [
            {
                "type": t.type,
                "date": _day(t.date),
                "value": _money(t.value),
                "currency": t.currency or activity.default_currency,
                "printed_amount": t.printed_amount,
            }
            for t in activity.transactions.all()
        ],
        "results": [
            {
                "title": r.title,
                "indicators": [
                    {
                        "title": i.title,
                        "unit": i.unit,
                        "baseline": _money(i.baseline_value),
                        "target": _money(i.target_value),
                        "actual": _money(i.actual_value),
                        "as_of": _day(i.as_of),
                        "printed": i.printed,
                    }
                    for i in r.indicators.all()
                ],
            }
            for r in activity.results.all()
        ],
        "documents": [
            {"url": d.url, "title": d.title, "format": d.format} for d in activity.documents.all()
        ],
    }


def activity_count() -> int:
    return Activity.objects.count()


def sector_rows(activity: Activity) -> list[tuple[ActivitySector, str]]:
    """Each sector of a detailed activity with its DAC name (Sector or SectorCategory codelist)."""
    sectors = list(activity.sectors.all())
    names = codelist_labels("Sector", (s.code for s in sectors if len(s.code) == 5))
    names |= codelist_labels("SectorCategory", (s.code for s in sectors if len(s.code) == 3))
    return [
        (s, names.get(s.code, s.code) if s.vocabulary in {"1", "2"} else s.code) for s in sectors
    ]
