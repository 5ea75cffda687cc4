"""The activity list, declared once: its twelve filters, their facets, its orders and its row.

The portal's list and its JSON and CSV twins, the API's ``activities`` collection, the OpenAPI
document and the IATI export all read :data:`ACTIVITIES`; a filter added here appears in each.

Lists may hold a million imported IATI activities, so every filter is a subquery (no join that
would need DISTINCT), and every facet is a GROUP BY on a link table restricted to the filtered
ids, with the same rule as its filter so a count equals what its toggle returns. Beside each
filter, its ``members`` give the activities of every value in bulk for the list's bitmap index
(core.listindex), with the same rule again; tests hold each value's members equal to what
``apply`` returns, and the index's counts equal to the live ones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from django.db import connections
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from partnerhub.activities.models import (
    Activity,
    ActivityCountry,
    ActivityRegion,
    ActivitySdg,
    ActivitySector,
    Modality,
    Participation,
)
from partnerhub.activities.querysets import (
    SDG_SOURCES,
    relationship_during_activity,
    suggestion_model,
)
from partnerhub.activities.services import STAMP
from partnerhub.core.lists import (
    Q_PARAM,
    FacetSpec,
    Filter,
    KeyCounter,
    ListSpec,
    Members,
    Scope,
    Selection,
    choice_labels,
    choice_param,
    invalid,
    overlap_year_counts,
    parse_slug,
    slugs_param,
    year_param,
)
from partnerhub.core.models import Source
from partnerhub.organisations.models import Organisation
from partnerhub.reference.lists import COUNTRY_PARAM, REGION_PARAM, RELATIONSHIP_PARAM
from partnerhub.reference.models import Country, RelationshipStatus
from partnerhub.reference.selectors import codelist_labels, country_labels, sdg_labels


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


PUBLISHERS = ("taiwan", "other")
SORTS = {
    "-start": ("-span_start", "-id"),
    "start": ("span_start", "id"),
    "title": ("title_zh", "title_en", "id"),
    "-updated": ("-updated_at", "-id"),
}


# ---- Parsers ----------------------------------------------------------------------------------


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


# ---- Facet counts: each with the rule of its filter -------------------------------------------


def _links[M: Any](qs: QuerySet[M], scope: Scope) -> QuerySet[M]:
    ids = scope.ids
    return qs if ids is None else qs.filter(activity__in=ids)


def _activities(scope: Scope) -> QuerySet[Activity]:
    ids = scope.ids
    return Activity.objects.all() if ids is None else Activity.objects.filter(pk__in=ids)


def _grouped(qs: QuerySet[Any], key: str) -> list[tuple[str, int]]:
    rows = qs.values_list(key).annotate(n=Count("activity", distinct=True)).order_by()
    return [(str(k), n) for k, n in rows]


def _by_column(column: str) -> Any:
    def count(scope: Scope) -> list[tuple[str, int]]:
        rows = _activities(scope).values_list(column).annotate(n=Count("pk")).order_by()
        return [(str(k), n) for k, n in rows]

    return count


def _country_counts(scope: Scope) -> list[tuple[str, int]]:
    return _grouped(_links(ActivityCountry.objects.all(), scope), "code")


def _region_counts(scope: Scope) -> list[tuple[str, int]]:
    """Activities per region, declared or through a recipient country in it (``in_region``):
    the distinct (activity, region) pairs of both, counted in one GROUP BY."""
    declared = _links(ActivityRegion.objects.all(), scope).values_list("activity_id", "code")
    region = Country.objects.filter(code=OuterRef("code")).values("region_code")[:1]
    located = (
        _links(ActivityCountry.objects.all(), scope)
        .annotate(region=Subquery(region))
        .exclude(region__isnull=True)
        .exclude(region="")
        .values_list("activity_id", "region")
    )
    pairs = declared.order_by().union(located.order_by())
    sql, params = pairs.query.sql_with_params()
    with connections[pairs.db].cursor() as cursor:
        cursor.execute(f"SELECT code, COUNT(*) FROM ({sql}) AS pairs GROUP BY code", params)
        return [(str(code), n) for code, n in cursor.fetchall()]


def _sector_counts(scope: Scope) -> list[tuple[str, int]]:
    sectors = ActivitySector.objects.filter(vocabulary__in=["1", "2"]).annotate(
        dac3=Substr("code", 1, 3)
    )
    return _grouped(_links(sectors, scope), "dac3")


def _sdg_source(scope: Scope) -> str:
    return str(getattr(scope.queryset, "sdg_source", "reported"))


def _suggested_links() -> QuerySet[Any] | None:
    """Pending SDG suggestions (the ``sdg`` app's), or None without that app."""
    model = suggestion_model()
    return None if model is None else model._default_manager.filter(status="suggested")


def _sdg_counts(scope: Scope) -> list[tuple[str, int]]:
    """Activities per goal, counting the SDG links that ``sdg_source`` chose."""
    source = _sdg_source(scope)
    reported = _links(ActivitySdg.objects.all(), scope)
    suggested = _suggested_links()
    if source == "reported" or suggested is None:
        return [] if source == "suggested" else _grouped(reported, "goal")
    if source == "suggested":
        return _grouped(_links(suggested, scope), "goal")
    pairs = set(reported.values_list("activity_id", "goal"))
    pairs |= set(_links(suggested, scope).values_list("activity_id", "goal"))
    counts: dict[str, int] = {}
    for _activity, goal in pairs:
        counts[str(goal)] = counts.get(str(goal), 0) + 1
    return list(counts.items())


def _sdg_source_counts(scope: Scope) -> list[tuple[str, int]]:
    """Activities of the list with a reported SDG, a suggested one, or either."""
    # The manager's own queryset class, which knows counting_sdgs (the helper's annotation does not).
    ids = scope.ids
    acts = Activity.objects.all() if ids is None else Activity.objects.filter(pk__in=ids)
    return [(s, acts.counting_sdgs(s).with_any_sdg().count()) for s in SDG_SOURCES]


SDG_SOURCE_LABELS = {
    "reported": _("Reported SDGs"),
    "suggested": _("Suggested SDGs (not reported)"),
    "both": _("Reported or suggested SDGs"),
}


def _relationship_counts(scope: Scope) -> list[tuple[str, int]]:
    """Per status, the activities in a country holding it during the activity's dates.

    The same rule as ``ActivityQuerySet.with_relationship``, as one GROUP BY over the country links
    joined to the (few) dated relationships.
    """
    links = _links(ActivityCountry.objects.filter(relationship_during_activity()), scope)
    rows = links.values_list("country__relationships__status").annotate(
        n=Count("activity", distinct=True)
    )
    return [(str(status), n) for status, n in rows.order_by()]


def _year_counts(scope: Scope) -> list[tuple[str, int]]:
    """Per-year counts with the same overlap rule as the filter."""
    return overlap_year_counts(_activities(scope), "span_start", "span_end")


def _status_counts(scope: Scope) -> list[tuple[str, int]]:
    return [(ActivityStatusSlug.slug_for(k), n) for k, n in _by_column("status")(scope)]


def _publisher_counts(scope: Scope) -> list[tuple[str, int]]:
    rows = _activities(scope).values_list("is_taiwan").annotate(n=Count("pk")).order_by()
    return [("taiwan" if k else "other", n) for k, n in rows]


def _organisation_counts(scope: Scope) -> list[tuple[str, int]]:
    """Organisations taking part in or reporting the activities, counted as the filter counts.

    The filter matches a participant or the reporting organisation, so each count is
    |participating| + |reporting| - |both|: three GROUP BY queries, never a query per organisation.
    """
    part = _links(Participation.objects.filter(organisation__isnull=False), scope)
    counts: dict[int, int] = dict(
        part.values_list("organisation").annotate(n=Count("activity", distinct=True)).order_by()
    )
    reporting = _activities(scope).filter(reporting_org__isnull=False)
    for pk, n in reporting.values_list("reporting_org").annotate(n=Count("pk")).order_by():
        counts[pk] = counts.get(pk, 0) + n
    both = part.filter(organisation_id=F("activity__reporting_org_id"))
    for pk, n in (
        both.values_list("organisation").annotate(n=Count("activity", distinct=True)).order_by()
    ):
        counts[pk] -= n
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:30]
    slugs = dict(
        Organisation.objects.filter(pk__in=[pk for pk, _n in top]).values_list("pk", "slug")
    )
    return [(slugs[pk], n) for pk, n in top if pk in slugs]


# ---- Members: each value's activities in bulk, for the bitmap index ---------------------------
#
# Each builder reads a whole table (or two) once and yields (key, activity id) pairs, with the
# rule of its filter: the members of a key are exactly what the filter's ``apply`` returns.

#: Years held by the year filter's members: the values its parser accepts.
YEARS = (1900, 2100)


def _column_pairs(column: str) -> Any:
    def pairs() -> Iterator[tuple[str, int]]:
        yield from Activity.objects.values_list(column, "pk").iterator(chunk_size=20_000)

    return pairs


def _country_pairs() -> Iterator[tuple[str, int]]:
    yield from ActivityCountry.objects.values_list("code", "activity_id").iterator(
        chunk_size=20_000
    )


def _region_pairs() -> Iterator[tuple[str, int]]:
    """Declared regions, and the regions of the recipient countries (``in_region``)."""
    yield from ActivityRegion.objects.values_list("code", "activity_id").iterator(chunk_size=20_000)
    regions: dict[str, set[str]] = {}
    for code, region in Country.objects.exclude(region_code="").values_list("code", "region_code"):
        regions.setdefault(code, set()).add(region)
    for code, pk in _country_pairs():
        for region in regions.get(code, ()):
            yield region, pk


def _relationship_pairs() -> Iterator[tuple[str, int]]:
    links = ActivityCountry.objects.filter(relationship_during_activity())
    rows = links.values_list("country__relationships__status", "activity_id")
    yield from rows.iterator(chunk_size=20_000)


def _sector_pairs() -> Iterator[tuple[str, int]]:
    """A code is its own key (any vocabulary), and a DAC code (vocabulary 1) is also a member of
    its 3-digit category: the range [code, code + 1) of ``in_sector``, and for 999 every code
    from "999" up."""
    rows = ActivitySector.objects.values_list("vocabulary", "code", "activity_id")
    for vocabulary, code, pk in rows.iterator(chunk_size=20_000):
        yield code, pk
        if vocabulary != "1":
            continue
        category = code[:3]
        if len(category) == 3 and category.isdigit():
            if category != code:
                yield category, pk
        elif code >= "999":
            yield "999", pk


def _sector_key(code: str, selection: Selection) -> str:
    return code


def _sector_index_counts(counter: KeyCounter, selection: Selection) -> list[tuple[str, int]]:
    """The 3-digit categories only, as the facet shows them."""
    return [(key, counter.count(key)) for key in counter.keys if len(key) == 3]


def _sdg_links() -> Iterator[tuple[str, int, int]]:
    """(source, goal, activity id) of every reported SDG and pending suggestion."""
    for goal, pk in ActivitySdg.objects.values_list("goal", "activity_id").iterator(
        chunk_size=20_000
    ):
        yield "reported", goal, pk
    suggested = _suggested_links()
    if suggested is not None:
        for goal, pk in suggested.values_list("goal", "activity_id").iterator(chunk_size=20_000):
            yield "suggested", goal, pk


def _sdg_source_pairs() -> Iterator[tuple[str, int]]:
    for source, _goal, pk in _sdg_links():
        yield source, pk
        yield "both", pk


def _sdg_pairs() -> Iterator[tuple[str, int]]:
    for source, goal, pk in _sdg_links():
        yield f"{source}:{goal}", pk
        yield f"both:{goal}", pk


def _sdg_key(value: tuple[int, str], selection: Selection) -> str | None:
    """A goal under the selection's ``sdg_source``; a target is not held (its SQL ids are used)."""
    goal, target = value
    return None if target else f"{selection.get('sdg_source') or 'reported'}:{goal}"


def _sdg_index_counts(counter: KeyCounter, selection: Selection) -> list[tuple[str, int]]:
    prefix = f"{selection.get('sdg_source') or 'reported'}:"
    return [
        (k.removeprefix(prefix), counter.count(k)) for k in counter.keys if k.startswith(prefix)
    ]


def _year_pairs() -> Iterator[tuple[str, int]]:
    """Every year an activity's dates overlap (the ``in_year`` rule, year by year), and
    ``end:<year>`` for its end year, which bounds the facet's years as ``overlap_year_counts``
    does."""
    rows = Activity.objects.values_list("span_start", "span_end", "pk")
    low, high = YEARS
    for start, end, pk in rows.iterator(chunk_size=20_000):
        if end is None:
            continue
        yield f"end:{end.year}", pk
        if start is not None:
            for year in range(max(start.year, low), min(end.year, high) + 1):
                yield str(year), pk


def _year_index_counts(counter: KeyCounter, selection: Selection) -> list[tuple[str, int]]:
    """The years ``overlap_year_counts`` reports: up to 41 ending at the selection's latest end
    year (at most ten years from now)."""
    ends = sorted((int(k[4:]) for k in counter.keys if k.startswith("end:")), reverse=True)
    latest = next((year for year in ends if counter.count(f"end:{year}")), None)
    if latest is None:
        return []
    last = min(latest, dt.date.today().year + 10)
    return [(str(year), counter.count(str(year))) for year in range(last - 40, last + 1)]


def _organisation_pairs() -> Iterator[tuple[int, int]]:
    """Participating organisations, and the reporting one (``involving``), by primary key: the
    slug is looked up when the list is read, so a renamed slug needs no new index."""
    links = Participation.objects.filter(organisation__isnull=False)
    yield from links.values_list("organisation_id", "activity_id").iterator(chunk_size=20_000)
    reported = Activity.objects.filter(reporting_org__isnull=False)
    yield from reported.values_list("reporting_org_id", "pk").iterator(chunk_size=20_000)


def _organisation_key(slug: str, selection: Selection) -> str | None:
    pk = Organisation.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return None if pk is None else str(pk)


def _organisation_index_counts(counter: KeyCounter, selection: Selection) -> list[tuple[str, int]]:
    """The 30 organisations with most activities in the selection, as ``_organisation_counts``.

    Keys come biggest first, so the scan stops at the first whose whole membership is below the
    thirtieth count found: it could not enter the top.
    """
    top: list[tuple[int, str]] = []
    for key in counter.keys:
        if len(top) >= 30 and counter.size(key) < top[29][0]:
            break
        n = counter.count(key)
        if n:
            top.append((n, key))
            top.sort(key=lambda pair: (-pair[0], int(pair[1])))
            del top[30:]
    slugs = dict(
        Organisation.objects.filter(pk__in=[int(k) for _n, k in top]).values_list("pk", "slug")
    )
    return [(slugs[int(k)], n) for n, k in top if int(k) in slugs]


def _status_pairs() -> Iterator[tuple[str, int]]:
    for status, pk in _column_pairs("status")():
        yield ActivityStatusSlug.slug_for(status), pk


def _publisher_pairs() -> Iterator[tuple[str, int]]:
    for taiwan, pk in _column_pairs("is_taiwan")():
        yield "taiwan" if taiwan else "other", pk


def _organisation_labels(slugs: list[str]) -> dict[str, str]:
    rows = Organisation.objects.filter(slug__in=slugs).only("slug", "name_zh", "name_en")
    return {o.slug: o.name for o in rows}


def _sdg_selected(value: tuple[int, str] | None) -> str | None:
    return str(value[0]) if value and not value[1] else None


def _related(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.select_related("provenance", "reporting_org").prefetch_related(
        Prefetch("countries", queryset=ActivityCountry.objects.select_related("country")),
        Prefetch("sdgs", queryset=ActivitySdg.objects.order_by("goal", "target")),
    )


# ---- The declaration --------------------------------------------------------------------------


class ActivityFilters(Selection):
    """The parsed, validated filters of an activity list."""


ACTIVITIES = ListSpec(
    name="activities",
    title=_("Activities"),
    summary="Cooperation activities",
    selection=ActivityFilters,
    queryset=lambda: Activity.objects.all(),
    related=_related,
    row=lambda activity: activity_row(activity),
    sorts=SORTS,
    sort_help="Order of the list: -start (newest first, default), start, title, -updated.",
    stamp=STAMP,
    key="id",
    filters=(
        Q_PARAM,
        COUNTRY_PARAM.but(
            apply=lambda qs, code: qs.in_country(code),
            facet=FacetSpec(_("Country"), _country_counts, country_labels),
            members=Members(_country_pairs),
        ),
        REGION_PARAM.but(
            apply=lambda qs, code: qs.in_region(code),
            facet=FacetSpec(_("Region"), _region_counts, lambda k: codelist_labels("Region", k)),
            members=Members(_region_pairs),
        ),
        RELATIONSHIP_PARAM.but(
            apply=lambda qs, status: qs.with_relationship(status),
            facet=FacetSpec(
                _("Relationship with Taiwan"),
                _relationship_counts,
                lambda k: choice_labels(RelationshipStatus),
            ),
            members=Members(_relationship_pairs),
        ),
        Filter(
            "sector",
            "DAC sector: a 3-digit category (also matches its 5-digit codes) or a 5-digit code.",
            parse_sector,
            {"type": "string", "pattern": "^[0-9]{3}([0-9]{2})?$"},
            example="311",
            apply=lambda qs, code: qs.in_sector(code),
            facet=FacetSpec(
                _("Sector"), _sector_counts, lambda k: codelist_labels("SectorCategory", k)
            ),
            members=Members(_sector_pairs, _sector_key, _sector_index_counts),
        ),
        slugs_param(
            "sdg_source",
            SDG_SOURCES,
            "Which SDG links the list and its sdg filter and facet count: reported (the default: "
            "what publishers and staff reported), suggested (pending suggestions of the SDG "
            "suggester, not yet accepted) or both. Given alone, it keeps activities with at least "
            "one such link.",
            apply=lambda qs, source: qs.counting_sdgs(source).with_any_sdg(),
            facet=FacetSpec(
                _("SDG links counted"),
                _sdg_source_counts,
                lambda k: {key: str(label) for key, label in SDG_SOURCE_LABELS.items()},
                selected=lambda value: value or "reported",
            ),
            members=Members(_sdg_source_pairs),
        ),
        Filter(
            "sdg",
            "Sustainable Development Goal 1-17, or a target such as 3.1 or 17.a.",
            parse_sdg,
            {"type": "string", "pattern": "^([1-9]|1[0-7])(\\.([0-9]{1,2}|[a-z]))?$"},
            example="3",
            apply=lambda qs, sdg: qs.with_sdg(*sdg),
            facet=FacetSpec(
                _("SDG"), _sdg_counts, lambda k: sdg_labels(), selected=_sdg_selected, limit=17
            ),
            default=None,
            after=("sdg_source",),
            members=Members(_sdg_pairs, _sdg_key, _sdg_index_counts),
        ),
        choice_param(
            "modality",
            Modality,
            "How the cooperation is delivered.",
            apply=lambda qs, modality: qs.with_modality(modality),
            facet=FacetSpec(
                _("Modality"),
                _by_column("modality"),
                lambda k: choice_labels(Modality),
                collapsed=True,
            ),
            members=Members(_column_pairs("modality")),
        ),
        year_param(
            "Records whose dates overlap that year; a record known only by its year spans it.",
            apply=lambda qs, year: qs.in_year(year),
            facet=FacetSpec(_("Year"), _year_counts, limit=50, newest_first=True, collapsed=True),
            members=Members(_year_pairs, counts=_year_index_counts),
        ),
        Filter(
            "organisation",
            "Slug of an organisation taking part in, or reporting, the activity.",
            parse_organisation,
            {"type": "string", "pattern": "^[-a-z0-9_]+$"},
            example="taiwanicdf",
            apply=lambda qs, slug: qs.involving(slug),
            facet=FacetSpec(
                _("Organisation"), _organisation_counts, _organisation_labels, collapsed=True
            ),
            members=Members(_organisation_pairs, _organisation_key, _organisation_index_counts),
        ),
        Filter(
            "status",
            "IATI activity status, as a slug (or its IATI code 1-6).",
            parse_status,
            {"type": "string", "enum": list(ActivityStatusSlug.CODES)},
            tuple(ActivityStatusSlug.CODES),
            apply=lambda qs, slug: qs.with_status(ActivityStatusSlug.CODES[slug]),
            facet=FacetSpec(
                _("Status"),
                _status_counts,
                lambda k: {s: str(label) for s, label in ActivityStatusSlug.LABELS.items()},
                collapsed=True,
            ),
            members=Members(_status_pairs),
        ),
        choice_param(
            "source",
            Source,
            "Where the record came from.",
            apply=lambda qs, source: qs.from_source(source),
            facet=FacetSpec(
                _("Source"), _by_column("source"), lambda k: choice_labels(Source), collapsed=True
            ),
            members=Members(_column_pairs("source")),
        ),
        slugs_param(
            "publisher",
            PUBLISHERS,
            "taiwan: Taiwan's own records; other: other IATI publishers.",
            apply=lambda qs, publisher: qs.from_publisher(publisher),
            facet=FacetSpec(
                _("Publisher"),
                _publisher_counts,
                lambda k: {"taiwan": str(_("Taiwan")), "other": str(_("Other IATI publishers"))},
                collapsed=True,
            ),
            members=Members(_publisher_pairs),
        ),
    ),
)


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
