"""Reads of organisations for the portal, the API and exports: the detail and small counts; the
list is declared in ``partnerhub.organisations.lists``.

Activities an organisation takes part in are read by ``activities.selectors`` (this app sits below
activities and does not import it).
"""

from __future__ import annotations

from django.db.models import QuerySet

from partnerhub.core.exceptions import NotFound
from partnerhub.core.lists import Facet
from partnerhub.organisations.lists import (
    ORGANISATION_SORTS,
    ORGANISATIONS,
    OrganisationFilters,
    organisation_name_order,
    organisation_row,
)
from partnerhub.organisations.models import Organisation

__all__ = [
    "ORGANISATION_PARAMETERS",
    "ORGANISATION_SORTS",
    "ORGANISATION_SORT_PARAM",
    "OrganisationFilters",
    "organisation_count",
    "organisation_detail",
    "organisation_facets",
    "organisation_list",
    "organisation_row",
    "organisations_in_country",
]

ORGANISATION_PARAMETERS = ORGANISATIONS.filters
ORGANISATION_SORT_PARAM = ORGANISATIONS.sort_param


def organisation_list(
    filters: OrganisationFilters, *, sort: str = "name"
) -> QuerySet[Organisation]:
    """The filtered organisations, with their country fetched in the same query."""
    return ORGANISATIONS.query(filters, sort)


def organisation_facets(filters: OrganisationFilters) -> list[Facet]:
    """Category and country facets, one GROUP BY each."""
    return ORGANISATIONS.facets(filters)


def organisation_detail(slug: str) -> Organisation:
    """One organisation with its country and aliases; NotFound for an unknown slug."""
    organisation = (
        Organisation.objects.listed()
        .select_related("country", "provenance")
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
    return (
        Organisation.objects.listed()
        .filter(country__code=code)
        .order_by(*organisation_name_order())[:limit]
    )


def organisation_count() -> int:
    return Organisation.objects.listed().count()
