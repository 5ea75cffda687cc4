"""Reads of events for the portal, the API and exports: the detail and counts; the list is
declared in ``partnerhub.events.lists``."""

from __future__ import annotations

from django.db.models import Prefetch

from partnerhub.core.exceptions import NotFound
from partnerhub.core.lists import Facet
from partnerhub.events.lists import EVENTS, EventFilters, event_row
from partnerhub.events.models import Event, EventCountry, EventOrganiser, EventQuerySet

__all__ = [
    "EVENT_PARAMETERS",
    "EventFilters",
    "event_count",
    "event_detail",
    "event_facets",
    "event_list",
    "event_row",
]

EVENT_PARAMETERS = EVENTS.filters


def event_list(filters: EventFilters) -> EventQuerySet:
    """The filtered events, newest first, with host country and links fetched once."""
    return EVENTS.query(filters)  # type: ignore[return-value]


def event_facets(filters: EventFilters) -> list[Facet]:
    """Kind, year and country facets over the filtered events."""
    return EVENTS.facets(filters)


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


def event_count() -> int:
    return Event.objects.count()
