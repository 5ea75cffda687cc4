"""Reusable activity filters, chained as QuerySet methods: ``Activity.objects.in_country("SZ")``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

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


SDG_SOURCES = ("reported", "suggested", "both")


def suggestion_model() -> type[models.Model] | None:
    """The model of pending SDG suggestions (``sdg.SdgSuggestion``), found through its relation.

    Activities know suggestions only as the reverse relation ``sdg_suggestions`` that the ``sdg``
    app adds; without that app there are none.
    """
    from django.core.exceptions import FieldDoesNotExist

    from partnerhub.activities.models import Activity

    try:
        field = Activity._meta.get_field("sdg_suggestions")
    except FieldDoesNotExist:
        return None
    related: type[models.Model] = field.related_model
    return related


def suggested_sdg_links(goal: int, target: str = "") -> models.QuerySet[models.Model] | None:
    """Pending suggestions of ``goal`` for the outer activity (``OuterRef("pk")``), or None."""
    model = suggestion_model()
    if model is None:
        return None
    links = model._default_manager.filter(activity=OuterRef("pk"), goal=goal, status="suggested")
    return links.filter(target=target) if target else links


class ActivityQuerySet(models.QuerySet["Activity"]):
    def taiwan(self) -> ActivityQuerySet:
        """Taiwan's own activities, as opposed to other IATI publishers'."""
        return self.filter(is_taiwan=True)

    def in_country(self, code: str) -> ActivityQuerySet:
        """Activities in a country, as ``id IN (ids read from activitycountry_code_idx)``.

        The database evaluates the subquery once instead of once per activity, which is what keeps
        the busiest facet of a million-row list fast.
        """
        from partnerhub.activities.models import ActivityCountry

        links = ActivityCountry.objects.filter(code=code.upper())
        return self.filter(pk__in=links.values("activity_id"))

    def in_region(self, code: str) -> ActivityQuerySet:
        """Activities that declare the region, or whose recipient country lies in it (the rule
        the dashboards total a region by, so a region row links to exactly its activities)."""
        from partnerhub.activities.models import ActivityCountry, ActivityRegion
        from partnerhub.reference.models import Country

        declared = ActivityRegion.objects.filter(code=code).values("activity_id")
        members = Country.objects.filter(region_code=code).values("code")
        located = ActivityCountry.objects.filter(code__in=members).values("activity_id")
        return self.filter(Q(pk__in=declared) | Q(pk__in=located))

    #: Which SDG links ``with_sdg`` reads: the activity's reported SDGs, the pending suggestions
    #: of the ``sdg`` app, or both (see :meth:`counting_sdgs`).
    _sdg_source = "reported"

    def _clone(self) -> ActivityQuerySet:
        clone: ActivityQuerySet = super()._clone()  # type: ignore[misc]
        clone._sdg_source = self._sdg_source
        return clone

    def counting_sdgs(self, source: str) -> ActivityQuerySet:
        """Make later ``with_sdg`` calls read ``reported``, ``suggested`` or ``both`` SDG links."""
        clone = self.all()
        clone._sdg_source = source if source in SDG_SOURCES else "reported"
        return clone

    @property
    def sdg_source(self) -> str:
        return self._sdg_source

    def with_any_sdg(self) -> ActivityQuerySet:
        """Activities with at least one SDG link of the kind :meth:`counting_sdgs` chose."""
        from partnerhub.activities.models import ActivitySdg

        reported = Exists(ActivitySdg.objects.filter(activity=OuterRef("pk")))
        model = suggestion_model()
        suggested = (
            Exists(model._default_manager.filter(activity=OuterRef("pk"), status="suggested"))
            if model is not None
            else None
        )
        if self._sdg_source == "reported" or (suggested is None and self._sdg_source == "both"):
            return self.filter(reported)
        if suggested is None:
            return self.none()
        return self.filter(suggested if self._sdg_source == "suggested" else reported | suggested)

    def with_sdg(self, goal: int, target: str = "") -> ActivityQuerySet:
        from partnerhub.activities.models import ActivitySdg

        links = ActivitySdg.objects.filter(activity=OuterRef("pk"), goal=goal)
        if target:
            links = links.filter(target=target)
        if self._sdg_source == "reported":
            return self.filter(Exists(links))
        suggested = suggested_sdg_links(goal, target)
        if self._sdg_source == "suggested":
            return self.filter(Exists(suggested)) if suggested is not None else self.none()
        if suggested is None:
            return self.filter(Exists(links))
        return self.filter(Exists(links) | Exists(suggested))

    def in_sector(self, code: str) -> ActivityQuerySet:
        """Activities with a DAC sector; a 3-digit code also matches its 5-digit sectors.

        For digit codes "starts with 151" is the range [151, 152), which a B-tree index reads
        directly on both databases, where ``LIKE '151%'`` cannot use one (SQLite's LIKE ignores
        case, PostgreSQL's depends on the collation). Activity ids are read once from the index
        (``id IN (...)``), as for countries.
        """
        from partnerhub.activities.models import ActivitySector

        if len(code) != 3:
            within = Q(code=code)
        elif code.isdigit():
            within = Q(code__gte=code, vocabulary="1")
            if code != "999":
                within &= Q(code__lt=f"{int(code) + 1:03d}")
            within |= Q(code=code)
        else:
            within = Q(code=code) | Q(code__startswith=code, vocabulary="1")
        links = ActivitySector.objects.filter(within)
        return self.filter(pk__in=links.values("activity_id"))

    def with_modality(self, modality: str) -> ActivityQuerySet:
        return self.filter(modality=modality)

    def from_source(self, source: str) -> ActivityQuerySet:
        return self.filter(source=source)

    def from_publisher(self, publisher: str) -> ActivityQuerySet:
        """``taiwan``: Taiwan's own records; ``other``: other IATI publishers'."""
        return self.filter(is_taiwan=publisher == "taiwan")

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
        names such a country in its other language (reference.search).

        When every word can be looked up in a search index (activities.search: three characters
        or more, or two Chinese characters), each way of matching is one subquery of activity
        ids and the list keeps their union: each part reads its own index, where one OR across
        them made both engines scan the table. Any other short word means a scan anyway, and
        then one pass that tests every way on each row is cheaper.
        """
        words = key.split()
        if not words:
            return self
        from partnerhub.activities.models import Activity
        from partnerhub.activities.search import containing, indexed, text_ids

        vendor = connections[self.db].vendor
        found = reference_matches(key)
        own = containing(words, every=True, vendor=vendor)
        # Names in the other language of what the query names: countries (reference.search) and
        # organisations (Organisation.objects.name_keys), for text that prints them unlinked.
        every_name = sorted({*found.names, *Organisation.objects.name_keys(key)})
        names = containing(every_name, every=False, vendor=vendor) if every_name else None
        links = self._linked(key, found)
        if not all(indexed(word, vendor) for word in words):
            text = own | names if names is not None else own
            for part in links:
                text |= Q(pk__in=part)
            return self.filter(text)
        parts: list[Any] = [text_ids(words, every=True, vendor=vendor), *links]
        if names is not None:
            if all(indexed(name, vendor) for name in every_name):
                parts.append(text_ids(every_name, every=False, vendor=vendor))
            else:
                parts.append(Activity.objects.filter(names).values("pk"))
        return self.filter(pk__in=_union(parts))

    def _linked(self, key: str, found: Any) -> list[QuerySet[Any, Any]]:
        """Ids of the activities linked to what the query names, one subquery per kind of link."""
        from partnerhub.activities.models import (
            Activity,
            ActivityCountry,
            ActivitySdg,
            ActivitySector,
            Participation,
        )

        organisations = Organisation.objects.named(key).values("pk")
        parts: list[QuerySet[Any, Any]] = [
            Participation.objects.filter(organisation__in=organisations).values("activity_id"),
            Activity.objects.filter(reporting_org__in=organisations).values("pk"),
        ]
        if found.countries:
            parts.append(
                ActivityCountry.objects.filter(code__in=found.countries).values("activity_id")
            )
        if found.sectors:
            parts.append(
                ActivitySector.objects.filter(code__in=found.sectors).values("activity_id")
            )
        if found.sdgs:
            parts.append(ActivitySdg.objects.filter(goal__in=found.sdgs).values("activity_id"))
        return parts


def _union(parts: list[QuerySet[Any, Any] | tuple[str, list[Any]]]) -> Any:
    """One subquery of ids: ``SELECT ... UNION ALL SELECT ...`` (duplicates cost nothing in IN).

    A part is a queryset of one id column, or raw ``(sql, params)`` selecting ids."""
    compiled: list[tuple[str, Sequence[Any]]] = []
    for part in parts:
        if isinstance(part, tuple):
            compiled.append(part)
            continue
        if part.query.is_empty():
            continue
        try:
            compiled.append(part.order_by().query.sql_with_params())
        except EmptyResultSet:
            continue
    if not compiled:
        return []
    sql = " UNION ALL ".join(sql for sql, _params in compiled)
    return RawSQL(sql, [p for _sql, params in compiled for p in params])
