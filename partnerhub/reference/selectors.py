"""Reads of reference data: one country with its dated relationships.

The list machinery every list shares lives in ``partnerhub.core.lists`` and the country list and
the country, region and relationship filters in ``partnerhub.reference.lists``; their names are
kept importable here for the code written against them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import QuerySet

from partnerhub.core.exceptions import NotFound
from partnerhub.core.lists import (
    MAX_PAGE_SIZE,
    PAGE_PARAMETERS,
    Q_PARAM,
    Facet,
    FacetValue,
    FilterParam,
    Page,
    PageRequest,
    choice_labels,
    choice_param,
    facet_as_dict,
    facet_values,
    invalid,
    overlap_year_counts,
    page_request,
    paginate,
    param_value,
    parse_filters,
    parse_int,
    parse_query,
    parse_slug,
    slugs_param,
    toggle_url,
    year_param,
)
from partnerhub.reference.lists import (
    COUNTRIES,
    COUNTRY_PARAM,
    REGION_PARAM,
    RELATIONSHIP_PARAM,
    CountryFilters,
    codelist_labels,
    country_labels,
    country_row,
    parse_country,
    parse_region,
    sdg_labels,
)
from partnerhub.reference.models import Country, CountryRelationship

__all__ = [
    "COUNTRY_PARAM",
    "COUNTRY_PARAMETERS",
    "MAX_PAGE_SIZE",
    "PAGE_PARAMETERS",
    "Q_PARAM",
    "REGION_PARAM",
    "RELATIONSHIP_PARAM",
    "CountryFilters",
    "Facet",
    "FacetValue",
    "FilterParam",
    "Page",
    "PageRequest",
    "choice_labels",
    "choice_param",
    "codelist_labels",
    "country_detail",
    "country_facets",
    "country_filters",
    "country_labels",
    "country_list",
    "country_row",
    "facet_as_dict",
    "facet_values",
    "invalid",
    "overlap_year_counts",
    "page_request",
    "paginate",
    "param_value",
    "parse_country",
    "parse_filters",
    "parse_int",
    "parse_query",
    "parse_region",
    "parse_slug",
    "relationship_timeline",
    "sdg_labels",
    "slugs_param",
    "toggle_url",
    "year_param",
]

COUNTRY_PARAMETERS = COUNTRIES.filters


def country_filters(query: Mapping[str, str]) -> CountryFilters:
    return COUNTRIES.selection.from_query(query)  # type: ignore[return-value]


def country_list(filters: CountryFilters, *, today: dt.date | None = None) -> QuerySet[Country]:
    """Countries matching the filters (relationships in force ``today``), prefetched once."""
    return COUNTRIES.query(filters, base=Country.objects.as_of(today))


def country_facets(filters: CountryFilters, *, today: dt.date | None = None) -> list[Facet]:
    """Region and current-relationship facets over the filtered countries, one query each."""
    return COUNTRIES.facets(filters, base=Country.objects.as_of(today))


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
