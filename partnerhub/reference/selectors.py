"""Reads of reference data, and the filter vocabulary every public list shares.

A :class:`FilterParam` is the one definition of a query parameter: the portal and the API parse
requests with it, the OpenAPI document and ``docs/api.md`` describe it, and a test holds the docs to
it. Facets are small objects (value, label, count, selected) that the views turn into links.

Past the usual length because it holds, besides the country reads, the small vocabulary every list
shares (parameters, facets, pages); the lower apps can only share it from here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, Max, Min, Model, OuterRef, Q, QuerySet, TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partnerhub.core.exceptions import InvalidFilter, NotFound
from partnerhub.core.models import pick_language
from partnerhub.core.text import search_key
from partnerhub.reference.models import (
    CodelistItem,
    Country,
    CountryRelationship,
    RelationshipStatus,
    SdgGoal,
)

MAX_PAGE_SIZE = 500
_SLUG = re.compile(r"^[-a-z0-9_]{1,160}$")


@dataclass(frozen=True)
class FilterParam:
    """One query parameter: how to parse it and how to document it."""

    name: str
    description: str
    parse: Callable[[str], Any]
    schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "string"})
    slugs: tuple[str, ...] = ()
    example: str = ""


def invalid(parameter: str, value: str, expected_en: str, expected_zh: str) -> InvalidFilter:
    """The error for a bad filter value, naming the parameter in both languages."""
    return InvalidFilter(
        f"Invalid value {value!r} for parameter '{parameter}': {expected_en}.",
        f"參數「{parameter}」的值「{value}」無效：{expected_zh}。",
        field=parameter,
    )


def choice_param(name: str, choices: type[TextChoices], description: str) -> FilterParam:
    """A parameter whose values are the stable slugs of a TextChoices enumeration."""
    values = tuple(str(v) for v in choices.values)

    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in values:
            raise invalid(name, raw, "one of " + ", ".join(values), "須為 " + "、".join(values))
        return value

    return FilterParam(name, description, parse, {"type": "string", "enum": list(values)}, values)


def slugs_param(name: str, values: tuple[str, ...], description: str) -> FilterParam:
    """A parameter restricted to a fixed tuple of slugs."""

    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in values:
            raise invalid(name, raw, "one of " + ", ".join(values), "須為 " + "、".join(values))
        return value

    return FilterParam(name, description, parse, {"type": "string", "enum": list(values)}, values)


def parse_int(name: str, raw: str, low: int, high: int) -> int:
    """An integer within [low, high], or an InvalidFilter naming ``name``."""
    try:
        value = int(raw.strip())
    except ValueError:
        raise invalid(name, raw, "an integer", "須為整數") from None
    if not low <= value <= high:
        raise invalid(name, raw, f"between {low} and {high}", f"須介於 {low} 與 {high} 之間")
    return value


def year_param(description: str) -> FilterParam:
    return FilterParam(
        "year",
        description,
        lambda raw: parse_int("year", raw, 1900, 2100),
        {"type": "integer", "minimum": 1900, "maximum": 2100},
        example="2022",
    )


def parse_query(raw: str) -> str:
    """Fold free text so 臺/台, simplified input and case differences all match."""
    return search_key(raw)[:200]


Q_PARAM = FilterParam(
    "q",
    "Free text, matched in both languages; 台/臺 and simplified characters are treated alike.",
    parse_query,
    example="臺灣",
)


def parse_country(raw: str) -> str:
    code = raw.strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{2,8}", code) or not Country.objects.filter(code=code).exists():
        raise invalid(
            "country",
            raw,
            "a known country code (ISO alpha-2 or a private code such as XS)",
            "須為已知的國家代碼（ISO 二碼或如 XS 的自訂代碼）",
        )
    return code


COUNTRY_PARAM = FilterParam(
    "country",
    "Country code: ISO 3166-1 alpha-2, or a private code such as XS (Somaliland).",
    parse_country,
    {"type": "string", "pattern": "^[A-Za-z0-9]{2,8}$"},
    example="SZ",
)

RELATIONSHIP_PARAM = choice_param(
    "relationship",
    RelationshipStatus,
    "Taiwan's relationship with a country (in force during the record's dates).",
)


def parse_region(raw: str) -> str:
    code = raw.strip()
    if not re.fullmatch(r"[0-9]{2,6}", code):
        raise invalid(
            "region", raw, "an IATI/DAC region code such as 298", "須為 IATI/DAC 區域代碼，例如 298"
        )
    return code


REGION_PARAM = FilterParam(
    "region",
    "IATI/DAC region code (Region codelist), e.g. 298 (Africa, regional) or 489 (South America).",
    parse_region,
    {"type": "string", "pattern": "^[0-9]{2,6}$"},
    example="298",
)


def parse_slug(name: str, raw: str) -> str:
    value = raw.strip().lower()
    if not _SLUG.fullmatch(value):
        raise invalid(
            name,
            raw,
            "a slug of lowercase letters, digits and hyphens",
            "須為小寫英數字與連字號組成的代稱",
        )
    return value


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Facet:
    """A facet as data; :func:`facet_as_dict` adds the toggle URL for a given request."""

    name: str
    label: str | Promise
    values: list[FacetValue]


def toggle_url(path: str, params: Mapping[str, str], name: str, value: str) -> str:
    """The URL that selects ``value`` for ``name``, or clears it when already selected."""
    query = {k: v for k, v in params.items() if k not in {"page", name} and v != ""}
    if params.get(name) != value:
        query[name] = value
    return f"{path}?{urlencode(query)}" if query else path


def facet_as_dict(facet: Facet, path: str, params: Mapping[str, str]) -> dict[str, Any]:
    return {
        "name": facet.name,
        "label": str(facet.label),
        "values": [
            {
                "value": v.value,
                "label": v.label,
                "count": v.count,
                "selected": v.selected,
                "toggle_url": toggle_url(path, params, facet.name, v.value),
            }
            for v in facet.values
        ],
    }


def facet_values(
    counts: Iterable[tuple[str, int]],
    labels: Mapping[str, str],
    selected: str | None,
    limit: int = 30,
    *,
    by_value: bool = False,
) -> list[FacetValue]:
    """Facet values from (value, count) pairs, biggest first (or by value, newest first, for
    years); the selected value always shows."""
    rows = sorted(
        ((str(v), n) for v, n in counts if v not in (None, "") and n), key=lambda r: (-r[1], r[0])
    )
    if by_value:
        rows.sort(key=lambda r: r[0], reverse=True)
    kept = rows[:limit]
    if selected and selected not in {v for v, _ in kept}:
        kept.append((selected, dict(rows).get(selected, 0)))
    return [FacetValue(v, labels.get(v, v), n, v == selected) for v, n in kept]


# ---- Labels -----------------------------------------------------------------------------------


def overlap_year_counts(qs: QuerySet[Any, Any], start: str, end: str) -> list[tuple[str, int]]:
    """Records per year whose [start, end] dates overlap it, in two aggregate queries.

    The same overlap rule as the ``year`` filters, so every facet count equals what its toggle
    returns.
    """
    bounds = qs.aggregate(lo=Min(start), hi=Max(end))
    if not bounds["lo"] or not bounds["hi"]:
        return []
    # Planned end dates far in the future and a long tail of early records would drown the facet.
    last = min(bounds["hi"].year, dt.date.today().year + 10)
    years = range(max(bounds["lo"].year, last - 40), last + 1)
    overlaps = {
        f"y{y}": Count(
            "pk",
            filter=Q(**{f"{start}__lte": dt.date(y, 12, 31), f"{end}__gte": dt.date(y, 1, 1)}),
        )
        for y in years
    }
    return [(key[1:], n) for key, n in qs.aggregate(**overlaps).items()]


def country_labels(codes: Iterable[str]) -> dict[str, str]:
    rows = Country.objects.filter(code__in=list(codes)).values_list("code", "name_zh", "name_en")
    return {code: pick_language(zh, en) for code, zh, en in rows}


def codelist_labels(codelist: str, codes: Iterable[str]) -> dict[str, str]:
    rows = CodelistItem.objects.filter(codelist=codelist, code__in=list(codes)).values_list(
        "code", "name_zh", "name_en"
    )
    # People read names, not codes; a code the codelist cannot name is shown as it is.
    return {code: pick_language(zh, en) or code for code, zh, en in rows}


def sdg_labels() -> dict[str, str]:
    return {
        str(number): f"{number}. {pick_language(zh, en)}"
        for number, zh, en in SdgGoal.objects.values_list("number", "title_zh", "title_en")
    }


def choice_labels(choices: type[TextChoices]) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


# ---- Countries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryFilters:
    q: str = ""
    region: str = ""
    relationship: str = ""
    partner: str = ""

    def is_empty(self) -> bool:
        return not (self.q or self.region or self.relationship or self.partner)


COUNTRY_PARAMETERS: tuple[FilterParam, ...] = (
    Q_PARAM,
    REGION_PARAM,
    choice_param(
        "relationship", RelationshipStatus, "Taiwan's relationship with the country today."
    ),
    slugs_param(
        "partner",
        ("yes",),
        "yes: only partner countries, where at least one activity takes place (the home page's "
        "count).",
    ),
)


def parse_filters[T](
    cls: Callable[..., T], params: tuple[FilterParam, ...], query: Mapping[str, str]
) -> T:
    """Build a filters dataclass from request parameters; blank values mean 'no filter'."""
    values: dict[str, Any] = {}
    for param in params:
        raw = query.get(param.name, "")
        if raw is not None and str(raw).strip() != "":
            values[param.name] = param.parse(str(raw))
    return cls(**values)


def country_filters(query: Mapping[str, str]) -> CountryFilters:
    return parse_filters(CountryFilters, COUNTRY_PARAMETERS, query)


def _relationship_today(status: str, today: dt.date) -> Q:
    rel = CountryRelationship.objects.filter(
        Q(start__isnull=True) | Q(start__lte=today),
        Q(end__isnull=True) | Q(end__gte=today),
        country=OuterRef("pk"),
        status=status,
    )
    return Q(Exists(rel))


def _countries_matching(key: str) -> list[str]:
    """Codes of countries whose names or aliases contain every word of the folded ``key``.

    Countries carry no search column, and there are only a few hundred of them, so their names are
    folded here (one query) to get the same 台/臺 and simplified-input tolerance as the other lists.
    """
    words = key.split()
    rows = Country.objects.values_list("code", "name_zh", "name_en", "aliases")
    return [
        code
        for code, zh, en, aliases in rows
        if all(w in search_key(" | ".join([code, zh, en, *map(str, aliases or [])])) for w in words)
    ]


def country_list(filters: CountryFilters, *, today: dt.date | None = None) -> QuerySet[Country]:
    """Countries matching the filters, with their relationships prefetched once."""
    qs = Country.objects.prefetch_related("relationships")
    if filters.q:
        qs = qs.filter(code__in=_countries_matching(filters.q))
    if filters.region:
        qs = qs.filter(region_code=filters.region)
    if filters.partner:
        # activity_links is the reverse name of activities.ActivityCountry.country: no import.
        qs = qs.filter(pk__in=Country.objects.filter(activity_links__isnull=False).values("pk"))
    if filters.relationship:
        qs = qs.filter(_relationship_today(filters.relationship, today or dt.date.today()))
    return qs.order_by("code")


def country_facets(filters: CountryFilters, *, today: dt.date | None = None) -> list[Facet]:
    """Region and current-relationship facets over the filtered countries, one query each."""
    day = today or dt.date.today()
    ids = country_list(filters, today=day).values("pk")
    regions = Country.objects.filter(pk__in=ids).values_list("region_code").annotate(n=Count("pk"))
    rels = (
        CountryRelationship.objects.filter(country__in=ids)
        .filter(Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))
        .values_list("status")
        .annotate(n=Count("country", distinct=True))
    )
    region_map = dict(regions)
    return [
        Facet(
            "region",
            _("Region"),
            facet_values(region_map.items(), codelist_labels("Region", region_map), filters.region),
        ),
        Facet(
            "relationship",
            _("Relationship with Taiwan"),
            facet_values(rels, choice_labels(RelationshipStatus), filters.relationship),
        ),
    ]


def country_detail(code: str) -> Country:
    """One country with its dated relationships; NotFound for an unknown code."""
    country = Country.objects.prefetch_related("relationships").filter(code=code.upper()).first()
    if country is None:
        raise NotFound(
            f"No country with code {code!r}.", f"找不到代碼為「{code}」的國家。", field="code"
        )
    return country


def relationship_timeline(country: Country) -> list[CountryRelationship]:
    """The country's relationships in date order, open starts first (uses the prefetch)."""
    return sorted(country.relationships.all(), key=lambda r: (r.start or dt.date.min, r.status))


def country_row(country: Country, *, today: dt.date | None = None) -> dict[str, Any]:
    """A flat, serialisable row; the same keys feed HTML, JSON and CSV."""
    day = today or dt.date.today()
    return {
        "code": country.code,
        "name": country.name,
        "name_zh": country.name_zh,
        "name_en": country.name_en,
        "is_iso": country.is_iso,
        "region": country.region_code,
        "relationships": sorted(
            {r.status for r in country.relationships.all() if r.in_force_on(day)}
        ),
    }


# ---- Pagination -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageRequest:
    number: int = 1
    size: int = 50


PAGE_PARAMETERS: tuple[FilterParam, ...] = (
    FilterParam(
        "page",
        "Page number, from 1.",
        lambda raw: parse_int("page", raw, 1, 10**6),
        {"type": "integer", "minimum": 1},
    ),
    FilterParam(
        "page_size",
        f"Rows per page, at most {MAX_PAGE_SIZE}.",
        lambda raw: parse_int("page_size", raw, 1, MAX_PAGE_SIZE),
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    ),
)


def page_request(query: Mapping[str, str], default_size: int) -> PageRequest:
    """The requested page; bad numbers raise InvalidFilter naming ``page`` or ``page_size``."""
    values = {
        p.name: p.parse(str(query[p.name]))
        for p in PAGE_PARAMETERS
        if str(query.get(p.name) or "").strip()
    }
    return PageRequest(
        values.get("page", 1), values.get("page_size", min(default_size, MAX_PAGE_SIZE))
    )


@dataclass(frozen=True)
class Page[T]:
    items: list[T]
    count: int
    number: int
    size: int

    @property
    def has_next(self) -> bool:
        return self.number * self.size < self.count

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def last(self) -> int:
        return max(1, -(-self.count // self.size))


def paginate[M: Model](qs: QuerySet[M], request: PageRequest) -> Page[M]:
    """One COUNT and one LIMIT/OFFSET query; the filters are Exists subqueries, so no DISTINCT."""
    offset = (request.number - 1) * request.size
    items = list(qs[offset : offset + request.size])
    # When the whole list fits on the first page its length is the count: no COUNT query needed.
    fits = request.number == 1 and len(items) < request.size
    count = len(items) if fits else qs.count()
    if not items and request.number > 1:
        last = max(1, -(-count // request.size))
        raise NotFound(
            f"Page {request.number} is beyond the last page ({last}).",
            f"第 {request.number} 頁超出最後一頁（第 {last} 頁）。",
            field="page",
        )
    return Page(items, count, request.number, request.size)


def param_value(query: Mapping[str, str], param: FilterParam, default: str) -> str:
    """A single parsed string parameter (such as ``sort``) or its default."""
    raw = str(query.get(param.name) or "").strip()
    return str(param.parse(raw)) if raw else default
