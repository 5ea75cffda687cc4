"""The country list, declared once, and the country, region and relationship filters and labels
that the other apps' lists share (see ``partnerhub.core.lists``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from partnerhub.core.lists import (
    Q_PARAM,
    FacetSpec,
    Filter,
    ListSpec,
    Scope,
    Selection,
    choice_labels,
    choice_param,
    invalid,
    slugs_param,
)
from partnerhub.core.models import pick_language
from partnerhub.core.text import search_key
from partnerhub.reference.models import (
    CodelistItem,
    Country,
    CountryRelationship,
    RelationshipStatus,
    SdgGoal,
)
from partnerhub.reference.querysets import in_force_q

# ---- Labels -----------------------------------------------------------------------------------


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


# ---- Filters other lists share ----------------------------------------------------------------


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


COUNTRY_PARAM = Filter(
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


REGION_PARAM = Filter(
    "region",
    "IATI/DAC region code (Region codelist), e.g. 298 (Africa, regional) or 489 (South America).",
    parse_region,
    {"type": "string", "pattern": "^[0-9]{2,6}$"},
    example="298",
)


# ---- The country list -------------------------------------------------------------------------


def _region_counts(scope: Scope) -> list[tuple[str, int]]:
    rows = scope.queryset.values_list("region_code").annotate(n=Count("pk")).order_by()
    return [(str(k), n) for k, n in rows]


def _relationship_counts(scope: Scope) -> list[tuple[str, int]]:
    """Countries per relationship in force on the list's day (the filter's rule)."""
    countries: Any = scope.queryset
    day = countries.day
    rows = (
        CountryRelationship.objects.filter(country__in=scope.queryset.values("pk"))
        .filter(in_force_q(day))
        .values_list("status")
        .annotate(n=Count("country", distinct=True))
        .order_by()
    )
    return [(str(k), n) for k, n in rows]


class CountryFilters(Selection):
    """The parsed filters of the country list."""


def _matching(qs: Any, key: str) -> Any:
    return qs.filter(code__in=countries_matching(key))


def countries_matching(key: str) -> list[str]:
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


COUNTRIES = ListSpec(
    name="countries",
    title=_("Countries"),
    summary="Countries and Taiwan's relationships",
    selection=CountryFilters,
    queryset=lambda: Country.objects.all(),
    related=lambda qs: qs.prefetch_related("relationships"),
    row=lambda country: country_row(country),
    ordering=("code",),
    page_size=300,
    key="code",
    filters=(
        Q_PARAM.but(apply=_matching),
        REGION_PARAM.but(
            apply=lambda qs, code: qs.filter(region_code=code),
            facet=FacetSpec(_("Region"), _region_counts, lambda k: codelist_labels("Region", k)),
        ),
        choice_param(
            "relationship",
            RelationshipStatus,
            "Taiwan's relationship with the country today.",
            apply=lambda qs, status: qs.with_status_on(status, qs.day),
            facet=FacetSpec(
                _("Relationship with Taiwan"),
                _relationship_counts,
                lambda k: choice_labels(RelationshipStatus),
            ),
        ),
        slugs_param(
            "partner",
            ("yes",),
            "yes: only partner countries, where at least one activity takes place (the home page's "
            "count).",
            # activity_links is the reverse name of activities.ActivityCountry.country: no import.
            apply=lambda qs, _yes: qs.filter(
                pk__in=Country.objects.filter(activity_links__isnull=False).values("pk")
            ),
        ),
    ),
)


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
