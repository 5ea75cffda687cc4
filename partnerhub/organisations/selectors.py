"""Reads of organisations for the portal, the API and exports: filters, facets, detail.

Activities an organisation takes part in are read by ``activities.selectors`` (this app sits below
activities and does not import it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerhub.core.exceptions import NotFound
from partnerhub.organisations.models import Category, Organisation, matching_q
from partnerhub.reference.selectors import (
    COUNTRY_PARAM,
    Q_PARAM,
    Facet,
    FilterParam,
    choice_labels,
    choice_param,
    country_labels,
    facet_values,
    parse_filters,
    slugs_param,
)

ORGANISATION_PARAMETERS: tuple[FilterParam, ...] = (
    Q_PARAM,
    choice_param("category", Category, "Taiwan's organisation category."),
    COUNTRY_PARAM,
)

ORGANISATION_SORTS = {"name": ("name_zh", "name_en", "id"), "-updated": ("-updated_at", "-id")}
ORGANISATION_SORT_PARAM = slugs_param(
    "sort", tuple(ORGANISATION_SORTS), "Order: name (default) or -updated."
)


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    category: str = ""
    country: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> OrganisationFilters:
        return parse_filters(cls, ORGANISATION_PARAMETERS, query)

    def apply(self, qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if self.q:
            qs = qs.filter(matching_q(self.q))
        if self.category:
            qs = qs.filter(category=self.category)
        if self.country:
            qs = qs.filter(country__code=self.country)
        return qs


def organisation_list(
    filters: OrganisationFilters, *, sort: str = "name"
) -> QuerySet[Organisation]:
    """The filtered organisations, with their country fetched in the same query."""
    qs = filters.apply(Organisation.objects.all()).select_related("country")
    if sort in ("", "name"):
        return qs.order_by(*organisation_name_order())
    return qs.order_by(*ORGANISATION_SORTS.get(sort, ORGANISATION_SORTS["name"]))


def organisation_name_order() -> tuple[Any, ...]:
    """Alphabetical in the page's language: English pages sort by the English name (the
    Chinese one when there is none), case-insensitively."""
    if (get_language() or "").lower().startswith("en"):
        english = Lower(Coalesce(NullIf("name_en", Value("")), "name_zh"))
        return (english, "id")
    return ORGANISATION_SORTS["name"]


def organisation_facets(filters: OrganisationFilters) -> list[Facet]:
    """Category and country facets, one GROUP BY each."""
    qs = filters.apply(Organisation.objects.all())
    categories = list(qs.values_list("category").annotate(n=Count("pk")).order_by())
    countries = [
        (code, n)
        for code, n in qs.filter(country__isnull=False)
        .values_list("country__code")
        .annotate(n=Count("pk"))
        .order_by()
    ]
    return [
        Facet(
            "category",
            _("Category"),
            facet_values(categories, choice_labels(Category), filters.category),
        ),
        Facet(
            "country",
            _("Country"),
            facet_values(countries, country_labels(c for c, _n in countries), filters.country),
        ),
    ]


def organisation_detail(slug: str) -> Organisation:
    """One organisation with its country and aliases; NotFound for an unknown slug."""
    organisation = (
        Organisation.objects.select_related("country", "provenance")
        .prefetch_related("aliases")
        .filter(slug=slug)
        .first()
    )
    if organisation is None:
        raise NotFound(
            f"No organisation {slug!r}.", f"找不到代稱為「{slug}」的組織。", field="slug"
        )
    return organisation


def organisations_in_country(code: str, *, limit: int = 100) -> QuerySet[Organisation]:
    return Organisation.objects.filter(country__code=code).order_by(*organisation_name_order())[
        :limit
    ]


def organisation_row(organisation: Organisation) -> dict[str, Any]:
    """A flat row; the same keys feed JSON and CSV."""
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "name_zh": organisation.name_zh,
        "name_en": organisation.name_en,
        "abbreviation": organisation.abbreviation,
        "category": organisation.category,
        "iati_identifier": organisation.iati_identifier or "",
        "country": organisation.country.code if organisation.country else "",
        "website": organisation.website,
        "source": organisation.source,
    }


def organisation_count() -> int:
    return Organisation.objects.count()
