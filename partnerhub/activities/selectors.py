"""Reads of activities for the portal, the API and exports: filters, facets, detail.

Lists may hold a million imported IATI activities, so every filter is a subquery (no join that
would need DISTINCT): ``Exists`` in general, and for the two busiest facets, country and sector,
``id IN (activity ids read from one index)``, which the database evaluates once instead of once per
activity. Facets are GROUP BY queries on the link tables restricted to the filtered ids, and
nothing runs a query per row.

The module is long because it is the one read side of the activity aggregate: the filter
definitions, the list, eleven facets, the detail and the flat rows that JSON and CSV share all read
the same tables and must agree with one another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerhub.activities.models import (
    Activity,
    ActivityCountry,
    ActivityRegion,
    ActivitySdg,
    ActivitySector,
    Modality,
    Participation,
    Result,
    Role,
)
from partnerhub.activities.querysets import ActivityQuerySet, relationship_during_activity
from partnerhub.core.exceptions import NotFound
from partnerhub.core.models import Source, text_status
from partnerhub.organisations.models import Organisation
from partnerhub.reference.models import RelationshipStatus
from partnerhub.reference.selectors import (
    COUNTRY_PARAM,
    Q_PARAM,
    REGION_PARAM,
    RELATIONSHIP_PARAM,
    Facet,
    FilterParam,
    choice_labels,
    choice_param,
    codelist_labels,
    country_labels,
    facet_values,
    invalid,
    overlap_year_counts,
    parse_filters,
    parse_slug,
    sdg_labels,
    slugs_param,
    year_param,
)


class ActivityStatusSlug:
    """IATI ActivityStatus codes under stable slugs; the filter accepts either form."""

    CODES: dict[str, str] = {
        "pipeline": "1",
        "implementation": "2",
        "finalisation": "3",
        "closed": "4",
        "cancelled": "5",
        "suspended": "6",
    }
    LABELS: dict[str, Any] = {
        "pipeline": _("Pipeline/identification"),
        "implementation": _("Implementation"),
        "finalisation": _("Finalisation"),
        "closed": _("Closed"),
        "cancelled": _("Cancelled"),
        "suspended": _("Suspended"),
    }

    @classmethod
    def slug_for(cls, code: str) -> str:
        return next((slug for slug, c in cls.CODES.items() if c == code), code)


FACET_CACHE_SECONDS = 600
PUBLISHERS = ("taiwan", "other")
SORTS = {
    "-start": ("-span_start", "-id"),
    "start": ("span_start", "id"),
    "title": ("title_zh", "title_en", "id"),
    "-updated": ("-updated_at", "-id"),
}


def parse_sdg(raw: str) -> tuple[int, str]:
    match = re.fullmatch(r"(\d{1,2})(?:\.(\d{1,2}|[a-z]))?", raw.strip().lower())
    goal = int(match.group(1)) if match else 0
    if not match or not 1 <= goal <= 17:
        raise invalid(
            "sdg",
            raw,
            "a goal 1-17 or a target such as 3.1 or 17.a",
            "須為 1 至 17 的目標或如 3.1、17.a 的細項目標",
        )
    return goal, raw.strip().lower() if match.group(2) else ""


def parse_sector(raw: str) -> str:
    code = raw.strip()
    if not re.fullmatch(r"\d{3}|\d{5}", code):
        raise invalid(
            "sector", raw, "a DAC sector code of 3 or 5 digits", "須為 3 或 5 位數的 DAC 部門代碼"
        )
    return code


def parse_status(raw: str) -> str:
    value = raw.strip().lower()
    if value in ActivityStatusSlug.CODES:
        return value
    if value in ActivityStatusSlug.CODES.values():
        return ActivityStatusSlug.slug_for(value)
    names = ", ".join(ActivityStatusSlug.CODES)
    raise invalid(
        "status", raw, f"one of {names} (or IATI codes 1-6)", f"須為 {names}（或 IATI 代碼 1 至 6）"
    )


def parse_organisation(raw: str) -> str:
    slug = parse_slug("organisation", raw)
    if not Organisation.objects.filter(slug=slug).exists():
        raise invalid("organisation", raw, "the slug of a known organisation", "須為已知組織的代稱")
    return slug


ACTIVITY_PARAMETERS: tuple[FilterParam, ...] = (
    Q_PARAM,
    COUNTRY_PARAM,
    REGION_PARAM,
    RELATIONSHIP_PARAM,
    FilterParam(
        "sector",
        "DAC sector: a 3-digit category (also matches its 5-digit codes) or a 5-digit code.",
        parse_sector,
        {"type": "string", "pattern": "^[0-9]{3}([0-9]{2})?$"},
        example="311",
    ),
    FilterParam(
        "sdg",
        "Sustainable Development Goal 1-17, or a target such as 3.1 or 17.a.",
        parse_sdg,
        {"type": "string", "pattern": "^([1-9]|1[0-7])(\\.([0-9]{1,2}|[a-z]))?$"},
        example="3",
    ),
    choice_param("modality", Modality, "How the cooperation is delivered."),
    year_param("Records whose dates overlap that year; a record known only by its year spans it."),
    FilterParam(
        "organisation",
        "Slug of an organisation taking part in, or reporting, the activity.",
        lambda raw: parse_organisation(raw),
        {"type": "string", "pattern": "^[-a-z0-9_]+$"},
        example="taiwanicdf",
    ),
    FilterParam(
        "status",
        "IATI activity status, as a slug (or its IATI code 1-6).",
        parse_status,
        {"type": "string", "enum": list(ActivityStatusSlug.CODES)},
        tuple(ActivityStatusSlug.CODES),
    ),
    choice_param("source", Source, "Where the record came from."),
    slugs_param(
        "publisher", PUBLISHERS, "taiwan: Taiwan's own records; other: other IATI publishers."
    ),
)

SORT_PARAM = slugs_param(
    "sort",
    tuple(SORTS),
    "Order of the list: -start (newest first, default), start, title, -updated.",
)


@dataclass(frozen=True)
class ActivityFilters:
    """The parsed, validated filters of an activity list."""

    q: str = ""
    country: str = ""
    region: str = ""
    relationship: str = ""
    sector: str = ""
    sdg: tuple[int, str] | None = None
    modality: str = ""
    year: int | None = None
    organisation: str = ""
    status: str = ""
    source: str = ""
    publisher: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ActivityFilters:
        """Parse request parameters; a bad value raises InvalidFilter naming its parameter."""
        return parse_filters(cls, ACTIVITY_PARAMETERS, query)

    def is_empty(self) -> bool:
        return self == ActivityFilters()

    def apply(self, qs: ActivityQuerySet) -> ActivityQuerySet:
        if self.q:
            qs = qs.matching(self.q)
        if self.country:
            qs = qs.filter(pk__in=_country_links(self.country).values("activity_id"))
        if self.region:
            qs = qs.in_region(self.region)
        if self.relationship:
            qs = qs.with_relationship(self.relationship)
        if self.sector:
            qs = qs.filter(pk__in=_sector_links(self.sector).values("activity_id"))
        if self.sdg:
            qs = qs.with_sdg(*self.sdg)
        if self.modality:
            qs = qs.with_modality(self.modality)
        if self.year is not None:
            qs = qs.in_year(self.year)
        if self.organisation:
            qs = qs.involving(self.organisation)
        if self.status:
            qs = qs.with_status(ActivityStatusSlug.CODES[self.status])
        if self.source:
            qs = qs.from_source(self.source)
        if self.publisher:
            qs = qs.filter(is_taiwan=self.publisher == "taiwan")
        return qs


def _country_links(code: str) -> QuerySet[ActivityCountry]:
    """The links ``ActivityQuerySet.in_country`` matches, read from ``activitycountry_code_idx``."""
    return ActivityCountry.objects.filter(code=code.upper())


def _sector_links(code: str) -> QuerySet[ActivitySector]:
    """The links ``ActivityQuerySet.in_sector`` matches, as index ranges.

    A 3-digit code matches itself and the 5-digit DAC sectors it starts with. Codes are digits
    (see parse_sector), so "starts with 151" is the range [151, 152), which a B-tree index reads
    directly on both databases, where ``LIKE '151%'`` cannot use one (SQLite's LIKE ignores case,
    PostgreSQL's depends on the collation).
    """
    if len(code) != 3:
        return ActivitySector.objects.filter(code=code)
    within = Q(code__gte=code, vocabulary="1")
    if code != "999":
        within &= Q(code__lt=f"{int(code) + 1:03d}")
    return ActivitySector.objects.filter(Q(code=code) | within)


def activity_list(filters: ActivityFilters, *, sort: str = "-start") -> ActivityQuerySet:
    """The filtered activities with what a list row shows, fetched once for the whole page."""
    qs = filters.apply(Activity.objects.all())
    return (
        qs.select_related("provenance", "reporting_org")
        .prefetch_related(
            Prefetch("countries", queryset=ActivityCountry.objects.select_related("country")),
            Prefetch("sdgs", queryset=ActivitySdg.objects.order_by("goal", "target")),
        )
        .order_by(*SORTS.get(sort, SORTS["-start"]))
    )


def _ids(filters: ActivityFilters) -> QuerySet[Activity, Any] | None:
    """The filtered ids as a subquery, or None when nothing is filtered (no restriction needed)."""
    return None if filters.is_empty() else filters.apply(Activity.objects.all()).values("pk")


def _links[M: Any](qs: QuerySet[M], ids: QuerySet[Activity, Any] | None) -> QuerySet[M]:
    return qs if ids is None else qs.filter(activity__in=ids)


def _activities(ids: QuerySet[Activity, Any] | None) -> QuerySet[Activity]:
    return Activity.objects.all() if ids is None else Activity.objects.filter(pk__in=ids)


def _grouped(qs: QuerySet[Any], key: str, distinct: bool = True) -> list[tuple[str, int]]:
    rows = qs.values_list(key).annotate(n=Count("activity", distinct=distinct)).order_by()
    return [(str(k), n) for k, n in rows]


def _year_counts(ids: QuerySet[Activity, Any] | None) -> list[tuple[str, int]]:
    """Per-year counts with the same overlap rule as the filter."""
    return overlap_year_counts(_activities(ids), "span_start", "span_end")


def _organisation_counts(
    ids: QuerySet[Activity, Any] | None,
) -> tuple[list[tuple[str, int]], dict[str, str]]:
    """Organisations taking part in or reporting the activities, counted as the filter counts.

    The filter matches a participant or the reporting organisation, so each count is
    |participating| + |reporting| - |both|: three GROUP BY queries, never a query per organisation.
    """
    part = _links(Participation.objects.filter(organisation__isnull=False), ids)
    counts: dict[int, int] = dict(
        part.values_list("organisation").annotate(n=Count("activity", distinct=True)).order_by()
    )
    reporting = _activities(ids).filter(reporting_org__isnull=False)
    for pk, n in reporting.values_list("reporting_org").annotate(n=Count("pk")).order_by():
        counts[pk] = counts.get(pk, 0) + n
    both = part.filter(organisation_id=F("activity__reporting_org_id"))
    for pk, n in (
        both.values_list("organisation").annotate(n=Count("activity", distinct=True)).order_by()
    ):
        counts[pk] -= n
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:30]
    orgs = Organisation.objects.filter(pk__in=[pk for pk, _n in top]).only(
        "slug", "name_zh", "name_en"
    )
    by_pk = {o.pk: o for o in orgs}
    pairs = [(by_pk[pk].slug, n) for pk, n in top if pk in by_pk]
    return pairs, {o.slug: o.name for o in by_pk.values()}


def _relationship_counts(ids: QuerySet[Activity, Any] | None) -> list[tuple[str, int]]:
    """Per status, the activities in a country holding it during the activity's dates.

    The same rule as ``ActivityQuerySet.with_relationship``, as one GROUP BY over the country links
    joined to the (few) dated relationships.
    """
    links = _links(ActivityCountry.objects.filter(relationship_during_activity()), ids)
    rows = links.values_list("country__relationships__status").annotate(
        n=Count("activity", distinct=True)
    )
    return [(str(status), n) for status, n in rows.order_by()]


def activity_facets(filters: ActivityFilters) -> list[Facet]:
    """Every activity facet, cached until the activities change.

    Facets of a million imported activities take seconds to count, and most visitors open the
    same few lists; the cache key holds the filters, the language and a stamp of the table (row
    count, highest id and last update), so an import or an edit shows at once. Names and dated
    relationships from the reference data are not in the stamp: a reload of those shows in the
    facets within FACET_CACHE_SECONDS.
    """
    stamp = Activity.objects.aggregate(n=Count("pk"), top=Max("pk"), last=Max("updated_at"))
    key = "activity-facets:" + repr((filters, get_language(), sorted(stamp.items())))
    digest = hashlib.sha256(key.encode()).hexdigest()
    facets: list[Facet] | None = cache.get(digest)
    if facets is None:
        facets = _activity_facets(filters)
        cache.set(digest, facets, FACET_CACHE_SECONDS)
    return facets


def _activity_facets(filters: ActivityFilters) -> list[Facet]:
    """Every activity facet, each a GROUP BY (or one aggregate) over the filtered ids."""
    ids = _ids(filters)
    countries = _grouped(_links(ActivityCountry.objects.all(), ids), "code")
    regions = _grouped(_links(ActivityRegion.objects.all(), ids), "code")
    sectors = _grouped(
        _links(ActivitySector.objects.filter(vocabulary__in=["1", "2"]), ids).annotate(
            dac3=Substr("code", 1, 3)
        ),
        "dac3",
    )
    sdgs = _grouped(_links(ActivitySdg.objects.all(), ids), "goal")
    acts = _activities(ids)
    modalities = [
        (k, n) for k, n in acts.values_list("modality").annotate(n=Count("pk")).order_by()
    ]
    statuses = [
        (ActivityStatusSlug.slug_for(k), n)
        for k, n in acts.values_list("status").annotate(n=Count("pk")).order_by()
    ]
    sources = list(acts.values_list("source").annotate(n=Count("pk")).order_by())
    publishers = [
        ("taiwan" if k else "other", n)
        for k, n in acts.values_list("is_taiwan").annotate(n=Count("pk")).order_by()
    ]
    orgs, org_labels = _organisation_counts(ids)
    years = _year_counts(ids)
    sdg_selected = str(filters.sdg[0]) if filters.sdg and not filters.sdg[1] else None
    return [
        Facet(
            "country",
            _("Country"),
            facet_values(countries, country_labels(k for k, _n in countries), filters.country),
        ),
        Facet(
            "region",
            _("Region"),
            facet_values(
                regions, codelist_labels("Region", (k for k, _n in regions)), filters.region
            ),
        ),
        Facet(
            "relationship",
            _("Relationship with Taiwan"),
            facet_values(
                _relationship_counts(ids), choice_labels(RelationshipStatus), filters.relationship
            ),
        ),
        Facet(
            "sector",
            _("Sector"),
            facet_values(
                sectors, codelist_labels("SectorCategory", (k for k, _n in sectors)), filters.sector
            ),
        ),
        Facet("sdg", _("SDG"), facet_values(sdgs, sdg_labels(), sdg_selected, limit=17)),
        Facet(
            "modality",
            _("Modality"),
            facet_values(modalities, choice_labels(Modality), filters.modality),
        ),
        Facet(
            "year",
            _("Year"),
            facet_values(
                years, {}, str(filters.year) if filters.year else None, limit=50, by_value=True
            ),
        ),
        Facet(
            "organisation", _("Organisation"), facet_values(orgs, org_labels, filters.organisation)
        ),
        Facet(
            "status",
            _("Status"),
            facet_values(
                statuses, {k: str(v) for k, v in ActivityStatusSlug.LABELS.items()}, filters.status
            ),
        ),
        Facet("source", _("Source"), facet_values(sources, choice_labels(Source), filters.source)),
        Facet(
            "publisher",
            _("Publisher"),
            facet_values(
                publishers,
                {"taiwan": str(_("Taiwan")), "other": str(_("Other IATI publishers"))},
                filters.publisher,
            ),
        ),
    ]


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


def activity_row(activity: Activity) -> dict[str, Any]:
    """A flat row (uses the list prefetches); the same keys feed JSON and CSV."""
    countries = list(activity.countries.all())
    return {
        "id": activity.pk,
        "iati_identifier": activity.iati_identifier,
        "title": activity.title,
        "title_zh": activity.title_zh,
        "title_en": activity.title_en,
        "status": ActivityStatusSlug.slug_for(activity.status) if activity.status else "",
        "modality": activity.modality,
        "start": activity.span_start.isoformat() if activity.span_start else None,
        "end": activity.span_end.isoformat() if activity.span_end else None,
        "date_precision": activity.date_precision,
        "countries": [c.code for c in countries],
        "sdgs": sorted({s.goal for s in activity.sdgs.all()}),
        "reporting_org": activity.reporting_org.slug
        if activity.reporting_org
        else activity.reporting_org_name,
        "publisher": "taiwan" if activity.is_taiwan else "other",
        "source": activity.source,
        "citation": activity.provenance.citation() if activity.provenance else "",
    }


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
