"""Reusable activity filters, chained as QuerySet methods: ``Activity.objects.in_country("SZ")``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from partnerhub.organisations.models import Organisation
from partnerhub.reference.search import reference_matches

if TYPE_CHECKING:
    from partnerhub.activities.models import Activity  # noqa: F401


def relationship_during_activity() -> Q:
    """On activity-country links: the country's relationship was in force during the activity.

    Open ends (a relationship with no start or end, an activity with unknown dates) count as
    overlapping. Links to a country with no relationship at all do not match. The filter and the
    relationship facet both use this rule, so a facet count equals what its toggle returns.
    """
    rel = "country__relationships__"
    starts_before_end = (
        Q(**{f"{rel}start__isnull": True})
        | Q(activity__span_end__isnull=True)
        | Q(**{f"{rel}start__lte": F("activity__span_end")})
    )
    ends_after_start = (
        Q(**{f"{rel}end__isnull": True})
        | Q(activity__span_start__isnull=True)
        | Q(**{f"{rel}end__gte": F("activity__span_start")})
    )
    return Q(**{f"{rel}status__isnull": False}) & starts_before_end & ends_after_start


class ActivityQuerySet(models.QuerySet["Activity"]):
    def taiwan(self) -> ActivityQuerySet:
        """Taiwan's own activities, as opposed to other IATI publishers'."""
        return self.filter(is_taiwan=True)

    def in_country(self, code: str) -> ActivityQuerySet:
        from partnerhub.activities.models import ActivityCountry

        links = ActivityCountry.objects.filter(activity=OuterRef("pk"), code=code.upper())
        return self.filter(Exists(links))

    def in_region(self, code: str) -> ActivityQuerySet:
        from partnerhub.activities.models import ActivityRegion

        return self.filter(
            Exists(ActivityRegion.objects.filter(activity=OuterRef("pk"), code=code))
        )

    def with_sdg(self, goal: int, target: str = "") -> ActivityQuerySet:
        from partnerhub.activities.models import ActivitySdg

        links = ActivitySdg.objects.filter(activity=OuterRef("pk"), goal=goal)
        if target:
            links = links.filter(target=target)
        return self.filter(Exists(links))

    def in_sector(self, code: str) -> ActivityQuerySet:
        """Activities with a DAC sector; a 3-digit code also matches its 5-digit sectors."""
        from partnerhub.activities.models import ActivitySector

        links = ActivitySector.objects.filter(activity=OuterRef("pk"))
        if len(code) == 3:
            links = links.filter(Q(code=code) | Q(code__startswith=code, vocabulary="1"))
        else:
            links = links.filter(code=code)
        return self.filter(Exists(links))

    def with_modality(self, modality: str) -> ActivityQuerySet:
        return self.filter(modality=modality)

    def from_source(self, source: str) -> ActivityQuerySet:
        return self.filter(source=source)

    def with_status(self, status: str) -> ActivityQuerySet:
        return self.filter(status=status)

    def overlapping(self, start: dt.date, end: dt.date) -> ActivityQuerySet:
        """Activities whose known dates overlap [start, end]."""
        return self.filter(span_start__lte=end, span_end__gte=start)

    def in_year(self, year: int) -> ActivityQuerySet:
        return self.overlapping(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def involving(self, organisation_slug: str) -> ActivityQuerySet:
        from partnerhub.activities.models import Participation

        links = Participation.objects.filter(
            activity=OuterRef("pk"), organisation__slug=organisation_slug
        )
        return self.filter(Exists(links) | Q(reporting_org__slug=organisation_slug))

    def with_relationship(self, status: str) -> ActivityQuerySet:
        """Activities in a country whose relationship with Taiwan had ``status`` during the activity."""
        from partnerhub.activities.models import ActivityCountry

        links = ActivityCountry.objects.filter(
            relationship_during_activity(),
            country__relationships__status=status,
            activity=OuterRef("pk"),
        )
        return self.filter(Exists(links))

    def matching(self, key: str) -> ActivityQuerySet:
        """Activities whose own text contains every word of ``key``, or that are linked to a
        country, sector, SDG or organisation the query names in either language, or whose text
        names such a country in its other language (reference.search)."""
        words = key.split()
        if not words:
            return self
        from partnerhub.activities.models import (
            ActivityCountry,
            ActivitySdg,
            ActivitySector,
            Participation,
        )

        text = Q()
        for word in words:
            text &= Q(search_text__contains=word)
        found = reference_matches(key)
        for name in found.names:
            text |= Q(search_text__contains=name)
        if found.countries:
            links = ActivityCountry.objects.filter(code__in=found.countries)
            text |= Q(pk__in=links.values("activity_id"))
        if found.sectors:
            text |= Q(
                pk__in=ActivitySector.objects.filter(code__in=found.sectors).values("activity_id")
            )
        if found.sdgs:
            text |= Q(pk__in=ActivitySdg.objects.filter(goal__in=found.sdgs).values("activity_id"))
        organisations = Organisation.objects.named(key).values("pk")
        parties = Participation.objects.filter(organisation__in=organisations)
        text |= Q(pk__in=parties.values("activity_id")) | Q(reporting_org__in=organisations)
        return self.filter(text)
