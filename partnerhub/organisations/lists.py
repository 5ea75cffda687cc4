"""The organisation list, declared once (see ``partnerhub.core.lists``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerhub.core.lists import (
    Q_PARAM,
    FacetSpec,
    ListSpec,
    Scope,
    Selection,
    choice_labels,
    choice_param,
    grouped_counts,
)
from partnerhub.organisations.models import Category, Organisation
from partnerhub.reference.lists import COUNTRY_PARAM, country_labels


def organisation_name_order() -> tuple[Any, ...]:
    """Alphabetical in the page's language: English pages sort by the English name (the
    Chinese one when there is none), case-insensitively."""
    if (get_language() or "").lower().startswith("en"):
        return (Lower(Coalesce(NullIf("name_en", Value("")), "name_zh")), "id")
    return ("name_zh", "name_en", "id")


ORGANISATION_SORTS: dict[str, tuple[Any, ...] | Callable[[], tuple[Any, ...]]] = {
    "name": organisation_name_order,
    "-updated": ("-updated_at", "-id"),
}


def _country_counts(scope: Scope) -> list[tuple[str, int]]:
    rows = (
        scope.queryset.filter(country__isnull=False)
        .values_list("country__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(str(code), n) for code, n in rows]


class OrganisationFilters(Selection):
    """The parsed filters of the organisation list."""


ORGANISATIONS = ListSpec(
    name="organisations",
    title=_("Organisations"),
    summary="Organisations",
    selection=OrganisationFilters,
    queryset=lambda: Organisation.objects.listed(),
    related=lambda qs: qs.select_related("country"),
    row=lambda organisation: organisation_row(organisation),
    sorts=ORGANISATION_SORTS,
    sort_help="Order: name (default) or -updated.",
    key="slug",
    filters=(
        Q_PARAM,
        choice_param(
            "category",
            Category,
            "Taiwan's organisation category.",
            apply=lambda qs, category: qs.in_category(category),
            facet=FacetSpec(
                _("Category"),
                lambda scope: grouped_counts(scope.queryset, "category"),
                lambda k: choice_labels(Category),
            ),
        ),
        COUNTRY_PARAM.but(
            apply=lambda qs, code: qs.in_country(code),
            facet=FacetSpec(_("Country"), _country_counts, country_labels),
        ),
    ),
)


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
