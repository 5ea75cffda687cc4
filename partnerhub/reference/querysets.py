"""Reusable reads over countries and Taiwan's dated relationships with them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    # Only mypy reads these, through the quoted names in the base classes below; importing the
    # models at run time would be circular (models.py imports this module).
    from partnerhub.reference.models import Country, CountryRelationship  # noqa: F401


def in_force_q(day: dt.date, prefix: str = "") -> models.Q:
    """Periods that include ``day``; an open start or end counts as unbounded."""
    return (
        models.Q(**{f"{prefix}start__isnull": True}) | models.Q(**{f"{prefix}start__lte": day})
    ) & (models.Q(**{f"{prefix}end__isnull": True}) | models.Q(**{f"{prefix}end__gte": day}))


def overlapping_q(start: dt.date, end: dt.date, prefix: str = "") -> models.Q:
    """Periods that share at least one day with ``start``..``end`` (both included)."""
    return (
        models.Q(**{f"{prefix}start__isnull": True}) | models.Q(**{f"{prefix}start__lte": end})
    ) & (models.Q(**{f"{prefix}end__isnull": True}) | models.Q(**{f"{prefix}end__gte": start}))


class CountryRelationshipQuerySet(models.QuerySet["CountryRelationship"]):
    """``CountryRelationship.objects.allies().in_force_on(day)`` and friends."""

    def in_force_on(self, day: dt.date) -> CountryRelationshipQuerySet:
        """Relationships in force on ``day``."""
        return self.filter(in_force_q(day))

    def overlapping(self, start: dt.date, end: dt.date) -> CountryRelationshipQuerySet:
        """Relationships in force on at least one day of the period."""
        return self.filter(overlapping_q(start, end))

    def with_status(self, *statuses: str) -> CountryRelationshipQuerySet:
        return self.filter(status__in=statuses)

    def allies(self) -> CountryRelationshipQuerySet:
        return self.with_status("ally")

    def current(self) -> CountryRelationshipQuerySet:
        """Relationships in force today."""
        return self.in_force_on(dt.date.today())


class CountryQuerySet(models.QuerySet["Country"]):
    """``Country.objects.allies_on(day)``: countries by their relationship with Taiwan on a day.

    A queryset may carry the day its list is read for (``Country.objects.as_of(day)``; today when
    not given), so the country list's relationship filter and facet agree on one day.
    """

    _as_of: dt.date | None = None

    def as_of(self, day: dt.date | None) -> CountryQuerySet:
        clone = self.all()
        clone._as_of = day
        return clone

    def _clone(self) -> Any:
        # Django's own copy step (not in the type stubs): every clone keeps the list's day.
        clone = super()._clone()  # type: ignore[misc]
        clone._as_of = self._as_of
        return clone

    @property
    def day(self) -> dt.date:
        """The day relationships are read for: the one given to :meth:`as_of`, or today."""
        return self._as_of or dt.date.today()

    def with_status_on(self, status: str, day: dt.date) -> CountryQuerySet:
        """Countries that had a relationship of ``status`` in force on ``day``."""
        from partnerhub.reference.models import CountryRelationship

        # A subquery keeps one row per country, where a join would need distinct().
        rows = CountryRelationship.objects.filter(status=status).in_force_on(day)
        return self.filter(pk__in=rows.values("country_id"))

    def allies_on(self, day: dt.date) -> CountryQuerySet:
        return self.with_status_on("ally", day)

    def with_status_during(self, status: str, start: dt.date, end: dt.date) -> CountryQuerySet:
        """Countries with a relationship of ``status`` for at least one day of the period."""
        from partnerhub.reference.models import CountryRelationship

        rows = CountryRelationship.objects.filter(status=status).overlapping(start, end)
        return self.filter(pk__in=rows.values("country_id"))

    def by_codes(self, codes: Iterable[str]) -> CountryQuerySet:
        return self.filter(code__in=list(codes))
