"""Reads for the dashboards and country pages: totals with labels, links and explanations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from partnerhub.activities.models import Modality
from partnerhub.core.exceptions import InvalidFilter
from partnerhub.organisations.models import Category
from partnerhub.reference.models import CodelistItem, Country, RelationshipStatus, SdgGoal
from partnerhub.reports.charts import ChartData, ChartRow
from partnerhub.reports.explain import Explanation, currency_label, explain
from partnerhub.reports.ledger import (
    CURRENCIES,
    MEASURES,
    PUBLISHERS,
    Ledger,
    Scope,
    ledger_build,
    scope_activities,
)
from partnerhub.reports.snapshots import (
    snapshot_for,
    snapshot_is_current,
    snapshot_ledger,
    snapshot_totals,
)
from partnerhub.reports.totals import DIMENSIONS, ROLES, Totals, totals_by

__all__ = ["DIMENSIONS", "ROLES", "Scope"]
from partnerhub.reports.worldmap import MapValue

#: The dashboard's panels in order: the white paper's Figure 1 (by SDG) first.
PANELS: tuple[tuple[str, str], ...] = (
    ("sdg", "implementing"),
    ("country", "implementing"),
    ("region", "implementing"),
    ("relationship", "implementing"),
    ("year", "implementing"),
    ("sector", "implementing"),
    ("modality", "implementing"),
    ("organisation", "implementing"),
    ("organisation", "funding"),
    ("organisation-type", "implementing"),
)


def scope_from_query(query: Mapping[str, str]) -> Scope:
    """A scope from request parameters; a bad value raises InvalidFilter naming it."""

    def choice(name: str, allowed: tuple[str, ...], default: str) -> str:
        value = (query.get(name) or default).strip()
        if value not in allowed:
            raise InvalidFilter(
                f"{name} must be one of {', '.join(allowed)}.",
                f"{name} 必須是 {'、'.join(allowed)} 其中之一。",
                field=name,
            )
        return value

    country = (query.get("country") or "").strip().upper()
    if country and not country.isalnum():
        raise InvalidFilter(
            "country must be a country code such as SZ.",
            "country 必須是國家代碼，例如 SZ。",
            field="country",
        )
    raw_year = (query.get("year") or "").strip()
    if raw_year and not (raw_year.isdigit() and 1900 <= int(raw_year) <= 2100):
        raise InvalidFilter(
            "year must be a year such as 2022.", "year 必須是年份，例如 2022。", field="year"
        )
    return Scope(
        publisher=choice("publisher", PUBLISHERS, "taiwan"),
        measure=choice("measure", MEASURES, "spending"),
        currency=choice("currency", CURRENCIES, "USD"),
        year=int(raw_year) if raw_year else None,
        country=country,
    )


def list_href(query: dict[str, str] | None) -> str:
    return f"{reverse('portal:activities')}?{urlencode(query)}" if query is not None else ""


def dimension_title(dimension: str, role: str = "implementing") -> str:
    titles = {
        "sdg": _("By Sustainable Development Goal"),
        "region": _("By region"),
        "country": _("By country"),
        "modality": _("By modality"),
        "sector": _("By sector"),
        "year": _("By year"),
        "relationship": _("By Taiwan's relationship with the partner country"),
        "organisation-type": _("By type of implementing organisation"),
    }
    if dimension == "organisation":
        return (
            _("By funding organisation") if role == "funding" else _("By implementing organisation")
        )
    return titles[dimension]


def _unspecified(dimension: str) -> str:
    if dimension == "country":
        return _("No single country (regional or unspecified)")
    if dimension == "relationship":
        return _("No relationship, or no single country")
    return _("Unspecified")


def labels(ledger: Ledger, dimension: str, keys: Iterable[str]) -> dict[str, str]:
    """The printed name of each group key in the active language."""
    wanted = [k for k in keys if k]
    found: dict[str, str] = {}
    if dimension == "sdg":
        goals = SdgGoal.objects.filter(number__in=[int(k) for k in wanted])
        found = {str(g.number): f"{g.number}. {g.short or g.title}" for g in goals}
    elif dimension in ("region", "sector"):
        codelist = "Region" if dimension == "region" else "SectorCategory"
        items = CodelistItem.objects.filter(codelist=codelist, code__in=wanted)
        found = {i.code: f"{i.code} {i.name}" for i in items}
    elif dimension == "country":
        found = {c.code: c.name for c in Country.objects.filter(code__in=wanted)}
    elif dimension == "modality":
        found = {k: str(Modality(k).label) for k in wanted if k in Modality.values}
    elif dimension == "relationship":
        found = {k: str(RelationshipStatus(k).label) for k in wanted if k in RelationshipStatus}
    elif dimension == "organisation":
        found = {p.key: p.name for people in ledger.participants.values() for p in people}
    elif dimension == "organisation-type":
        found = _type_labels(wanted)
    return {k: found.get(k) or k or _unspecified(dimension) for k in [*wanted, ""]}


def _type_labels(keys: list[str]) -> dict[str, str]:
    iati = [k.removeprefix("iati-") for k in keys if k.startswith("iati-")]
    items = CodelistItem.objects.filter(codelist="OrganisationType", code__in=iati)
    found = {f"iati-{i.code}": i.name for i in items}
    found.update({k: str(Category(k).label) for k in keys if k in Category.values})
    return found


@dataclass
class Panel:
    dimension: str
    role: str
    chart: ChartData
    totals: Totals
    explanation: Explanation

    @property
    def total_href(self) -> str:
        return list_href(self.totals.link())

    @property
    def slug(self) -> str:
        return f"organisation-{self.role}" if self.dimension == "organisation" else self.dimension


def panel_build(ledger: Ledger, dimension: str, *, role: str = "implementing") -> Panel:
    assert dimension in DIMENSIONS and role in ROLES, (dimension, role)
    return panel_from_totals(ledger, totals_by(ledger, dimension, role=role))


def panel_from_totals(ledger: Ledger, totals: Totals) -> Panel:
    """A panel (chart data with labels and links, and its explanation) for computed totals."""
    dimension, role = totals.dimension, totals.role
    names = labels(ledger, dimension, (r.key for r in totals.rows))
    rows = [
        ChartRow(
            r.key, names.get(r.key, r.key), r.amount, r.activities, list_href(totals.link(r.key))
        )
        for r in totals.rows
    ]
    chart = ChartData(
        slug=dimension,
        title=dimension_title(dimension, role),
        amount_title=currency_label(ledger.scope.currency),
        count_title=_("Activities"),
        label_title=_("Year") if dimension == "year" else _("Group"),
        rows=rows,
        kind="column" if dimension == "year" else "bar",
    )
    return Panel(dimension, role, chart, totals, explain(totals))


@dataclass
class Side:
    """One publisher's headline figures, for the side-by-side summary (None: not computed)."""

    publisher: str
    amount: Decimal | None
    activities: int | None
    countries: int | None
    href: str
    built_at: dt.datetime | None = None


@dataclass
class Dashboard:
    scope: Scope
    built_at: dt.datetime | None = None  # when the panels come from stored totals
    stale: bool = False  # stored totals built before the latest change to activities
    panels: list[Panel] = field(default_factory=list)
    sides: list[Side] = field(default_factory=list)
    map_values: list[MapValue] = field(default_factory=list)
    #: Nothing stored for this scope and too many activities to total on request (the page says
    #: so instead of reading a ledger of them: ``live_totals_too_large``).
    too_large: bool = False

    def panel(self, dimension: str) -> Panel:
        return next(p for p in self.panels if p.dimension == dimension)


def live_totals_too_large(scope: Scope) -> bool:
    """Whether a scope holds more than ``PARTNERHUB_LIVE_TOTALS_LIMIT`` activities, too many to
    total on a page request (a ledger reads every flow into memory). Counted with a bound, so
    the check itself stays cheap at a million."""
    limit = int(settings.PARTNERHUB_LIVE_TOTALS_LIMIT)
    return scope_activities(scope)[: limit + 1].count() > limit


def dashboard_build(scope: Scope) -> Dashboard:
    """Every panel of the dashboard for one scope, and both publishers' headline figures.

    The panels are read from the stored totals when the scope has them (a publisher's whole
    record, a year or a country of it, for spending or commitments: built by a task after each
    import), stale or not (the page says which); other scopes (budgets, a year in one country)
    are totalled live, as is a stored scope the refresh has not built yet, unless they hold too
    many activities to total on request (``too_large``: no panels, the page says why).
    """
    board = Dashboard(scope=scope)
    stored = snapshot_for(scope)
    if stored is not None:
        ledger = snapshot_ledger(scope, stored.data)
        board.built_at = stored.built_at
        board.stale = not snapshot_is_current(stored)
        board.panels = [
            panel_from_totals(ledger, snapshot_totals(ledger, stored.data, d, r)) for d, r in PANELS
        ]
    elif live_totals_too_large(scope):
        board.too_large = True
    else:
        ledger = ledger_build(scope)
        board.panels = [panel_build(ledger, d, role=r) for d, r in PANELS]
    for publisher in PUBLISHERS:
        board.sides.append(_side(board, publisher))
    board.map_values = [] if board.too_large else map_values(board.panel("country"))
    return board


def _side(board: Dashboard, publisher: str) -> Side:
    scope = board.scope
    if publisher == scope.publisher and board.too_large:
        return Side(publisher, None, None, None, list_href({"publisher": publisher}))
    if publisher == scope.publisher:
        totals, built_at = board.panel("country").totals, board.built_at
    else:
        other = Scope(publisher, scope.measure, scope.currency, scope.year, scope.country)
        stored = snapshot_for(other)
        if stored is not None:
            ledger = snapshot_ledger(other, stored.data)
            totals = snapshot_totals(ledger, stored.data, "country", "implementing")
            built_at = stored.built_at
        elif publisher == "taiwan" and not live_totals_too_large(other):
            totals, built_at = totals_by(ledger_build(other), "country"), None
        else:
            return Side(publisher, None, None, None, list_href({"publisher": publisher}))
    countries = len([r for r in totals.rows if r.key and r.activities])
    return Side(
        publisher, totals.amount, totals.activities, countries, list_href(totals.link()), built_at
    )


def map_values(panel: Panel) -> list[MapValue]:
    return [
        MapValue(
            row.key,
            row.label,
            row.amount,
            f"{row.amount:,.0f}",
            reverse("portal:country", args=[row.key]),
        )
        for row in panel.chart.rows
        if row.key and row.amount > 0
    ]


#: The country page's summary panels: Taiwan's spending there by year and sector, top partners.
SUMMARY: tuple[tuple[str, str], ...] = (
    ("year", "implementing"),
    ("sector", "implementing"),
    ("organisation", "implementing"),
)


@dataclass
class CountrySummary:
    """A country page's summary panels, and when they were stored (None: totalled live)."""

    panels: list[Panel]
    built_at: dt.datetime | None = None
    stale: bool = False


def country_summary(code: str, *, currency: str = "USD") -> CountrySummary:
    """A country page's summary: Taiwan's spending there by year and sector, and top partners,
    read from the stored totals of the country when they exist (as the dashboard reads them)."""
    scope = Scope(currency=currency, country=code)
    stored = snapshot_for(scope)
    if stored is None:
        ledger = ledger_build(scope)
        return CountrySummary([panel_build(ledger, d, role=r) for d, r in SUMMARY])
    ledger = snapshot_ledger(scope, stored.data)
    panels = [
        panel_from_totals(ledger, snapshot_totals(ledger, stored.data, d, r)) for d, r in SUMMARY
    ]
    return CountrySummary(panels, stored.built_at, not snapshot_is_current(stored))


def country_activity_count(code: str) -> tuple[int, int] | None:
    """How many activities (both publishers) are linked to a country, as the activity list's
    country filter counts them, and how many there are in all, from the stored totals while
    they are current; None otherwise (the list then counts)."""
    here = everywhere = 0
    for publisher in PUBLISHERS:
        for scope in (Scope(publisher=publisher, country=code), Scope(publisher=publisher)):
            stored = snapshot_for(scope)
            if stored is None or not snapshot_is_current(stored):
                return None
            if scope.country:
                here += int(stored.data["activities"])
            else:
                everywhere += int(stored.data["activities"])
    return here, everywhere
