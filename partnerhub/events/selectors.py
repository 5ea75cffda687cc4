"""Reads of events for the portal, the API and exports: filters, facets, detail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from partnerhub.core.exceptions import NotFound
from partnerhub.core.models import Source
from partnerhub.events.models import Event, EventCountry, EventKind, EventOrganiser, EventQuerySet
from partnerhub.reference.selectors import (
    COUNTRY_PARAM,
    Q_PARAM,
    Facet,
    FilterParam,
    choice_labels,
    choice_param,
    country_labels,
    facet_values,
    overlap_year_counts,
    parse_filters,
    year_param,
)

EVENT_PARAMETERS: tuple[FilterParam, ...] = (
    Q_PARAM,
    choice_param("kind", EventKind, "Kind of event."),
    year_param("Events whose dates overlap that year."),
    COUNTRY_PARAM,
    choice_param("source", Source, "Where the record came from."),
)


@dataclass(frozen=True)
class EventFilters:
    q: str = ""
    kind: str = ""
    year: int | None = None
    country: str = ""
    source: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> EventFilters:
        return parse_filters(cls, EVENT_PARAMETERS, query)

    def apply(self, qs: EventQuerySet) -> EventQuerySet:
        if self.q:
            qs = qs.matching(self.q)
        if self.kind:
            qs = qs.of_kind(self.kind)
        if self.year is not None:
            qs = qs.in_year(self.year)
        if self.country:
            qs = qs.with_country(self.country)
        if self.source:
            qs = qs.filter(source=self.source)
        return qs


def event_list(filters: EventFilters) -> EventQuerySet:
    """The filtered events, newest first, with host country and links fetched once."""
    return (
        filters.apply(Event.objects.all())
        .select_related("host_country", "provenance")
        .prefetch_related(
            Prefetch("countries", queryset=EventCountry.objects.select_related("country"))
        )
        .order_by("-date_start", "id")
    )


def _year_counts(qs: QuerySet[Event]) -> list[tuple[str, int]]:
    return sorted(overlap_year_counts(qs, "date_start", "date_end"), reverse=True)


def event_facets(filters: EventFilters) -> list[Facet]:
    """Kind, year and country facets over the filtered events."""
    qs = filters.apply(Event.objects.all())
    kinds = list(qs.values_list("kind").annotate(n=Count("pk")).order_by())
    linked = EventCountry.objects.filter(event__in=qs.values("pk"))
    counts = dict(
        linked.values_list("country__code").annotate(n=Count("event", distinct=True)).order_by()
    )
    # Host countries count too (the filter matches them), unless already linked to the same event.
    also_linked = EventCountry.objects.filter(
        event=OuterRef("pk"), country=OuterRef("host_country")
    )
    hosted = qs.filter(host_country__isnull=False).exclude(Exists(also_linked))
    for code, n in hosted.values_list("host_country__code").annotate(n=Count("pk")).order_by():
        counts[code] = counts.get(code, 0) + n
    return [
        Facet("kind", _("Kind"), facet_values(kinds, choice_labels(EventKind), filters.kind)),
        Facet(
            "year",
            _("Year"),
            facet_values(
                _year_counts(qs),
                {},
                str(filters.year) if filters.year else None,
                limit=50,
                by_value=True,
            ),
        ),
        Facet(
            "country",
            _("Country"),
            facet_values(counts.items(), country_labels(counts), filters.country),
        ),
    ]


def event_detail(slug: str) -> Event:
    """One event with its organisers and countries; NotFound for an unknown slug."""
    event = (
        Event.objects.select_related("host_country", "provenance")
        .prefetch_related(
            Prefetch("organisers", queryset=EventOrganiser.objects.select_related("organisation")),
            Prefetch("countries", queryset=EventCountry.objects.select_related("country")),
        )
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise NotFound(f"No event {slug!r}.", f"找不到代稱為「{slug}」的活動場次。", field="slug")
    return event


def event_row(event: Event) -> dict[str, Any]:
    """A flat row (uses the list prefetches); the same keys feed JSON and CSV."""
    return {
        "slug": event.slug,
        "title": event.title,
        "title_zh": event.title_zh,
        "title_en": event.title_en,
        "kind": event.kind,
        "date_start": event.date_start.isoformat(),
        "date_end": event.date_end.isoformat(),
        "venue": event.venue,
        "host_country": event.host_country.code if event.host_country else "",
        "countries": [c.country.code for c in event.countries.all()],
        "participant_count": event.participant_count,
        "source": event.source,
        "citation": event.provenance.citation() if event.provenance else "",
    }


def event_count() -> int:
    return Event.objects.count()
