"""The event list, declared once (see ``partnerhub.core.lists``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch
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
    overlap_year_counts,
    year_param,
)
from partnerhub.core.models import Source
from partnerhub.events.models import Event, EventCountry, EventKind
from partnerhub.reference.lists import COUNTRY_PARAM, country_labels


def _country_counts(scope: Scope) -> list[tuple[str, int]]:
    """Events per country, linked or hosting (the filter matches both), each event counted once."""
    qs = scope.queryset
    linked = EventCountry.objects.filter(event__in=qs.values("pk"))
    counts = dict(
        linked.values_list("country__code").annotate(n=Count("event", distinct=True)).order_by()
    )
    also_linked = EventCountry.objects.filter(
        event=OuterRef("pk"), country=OuterRef("host_country")
    )
    hosted = qs.filter(host_country__isnull=False).exclude(Exists(also_linked))
    for code, n in hosted.values_list("host_country__code").annotate(n=Count("pk")).order_by():
        counts[code] = counts.get(code, 0) + n
    return list(counts.items())


class EventFilters(Selection):
    """The parsed filters of the event list."""


EVENTS = ListSpec(
    name="events",
    title=_("Events"),
    summary="Events",
    selection=EventFilters,
    queryset=lambda: Event.objects.all(),
    related=lambda qs: qs.select_related("host_country", "provenance").prefetch_related(
        Prefetch("countries", queryset=EventCountry.objects.select_related("country"))
    ),
    row=lambda event: event_row(event),
    ordering=("-date_start", "id"),
    key="slug",
    filters=(
        Q_PARAM,
        choice_param(
            "kind",
            EventKind,
            "Kind of event.",
            apply=lambda qs, kind: qs.of_kind(kind),
            facet=FacetSpec(
                _("Kind"),
                lambda scope: grouped_counts(scope.queryset, "kind"),
                lambda k: choice_labels(EventKind),
            ),
        ),
        year_param(
            "Events whose dates overlap that year.",
            apply=lambda qs, year: qs.in_year(year),
            facet=FacetSpec(
                _("Year"),
                lambda scope: overlap_year_counts(scope.queryset, "date_start", "date_end"),
                limit=50,
                newest_first=True,
            ),
        ),
        COUNTRY_PARAM.but(
            apply=lambda qs, code: qs.with_country(code),
            facet=FacetSpec(_("Country"), _country_counts, country_labels),
        ),
        choice_param(
            "source",
            Source,
            "Where the record came from.",
            apply=lambda qs, source: qs.from_source(source),
        ),
    ),
)


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
