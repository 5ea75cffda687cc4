"""Totals by one dimension, from a ledger: money split by percentages, activities counted once.

Money: each flow is split across the groups of the dimension by the activity's percentages
(countries and regions together, as IATI declares them; DAC sectors), equally when percentages are
missing or do not add up, and equally across the SDGs and the organisations of one role. A
transaction that names its own recipient country or sector goes wholly there. So the groups of a
dimension always add up to the total; the group ``""`` holds what no group claims.

Activities: an activity is counted in every group it belongs to (a project in two countries counts
in both), so group counts may add up to more than the total, which counts each activity once.

Organisations: one role at a time (funding or implementing). An activity's money is never credited
both to its funder and to its implementer in the same total.

Relationship: the relationship with Taiwan in force on the day of each flow, for the flow's share
in that country; when two are in force at once, the first of ally, New Southbound, like-minded,
friendly. Activities count under every relationship in force during the activity, as the list's
``relationship`` filter does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from partnerhub.reference.models import RelationshipStatus
from partnerhub.reports.ledger import Flow, Ledger, RateUsed, Unconverted

DIMENSIONS = (
    "sdg",
    "region",
    "country",
    "modality",
    "sector",
    "year",
    "organisation",
    "organisation-type",
    "relationship",
)
ROLES = {"funding": "1", "implementing": "4"}
PRECEDENCE = (
    RelationshipStatus.ALLY,
    RelationshipStatus.NEW_SOUTHBOUND,
    RelationshipStatus.LIKE_MINDED,
    RelationshipStatus.FRIENDLY,
)
#: The activity list's query parameter for each dimension. Organisation types have none; the
#: list's ``region`` filter matches a declared region or a recipient country in it, as here.
LIST_PARAMETER = {
    "sdg": "sdg",
    "country": "country",
    "region": "region",
    "modality": "modality",
    "sector": "sector",
    "year": "year",
    "organisation": "organisation",
    "relationship": "relationship",
}
ONE = Decimal(1)
Shares = list[tuple[str, Decimal]]


@dataclass(frozen=True)
class TotalRow:
    key: str
    amount: Decimal
    activities: int


@dataclass
class Totals:
    """One dimension's groups with the whole they add up to, and what went into it."""

    ledger: Ledger
    dimension: str
    role: str
    rows: list[TotalRow]
    amount: Decimal
    activities: int
    flows: int

    @property
    def rates(self) -> list[RateUsed]:
        return sorted(self.ledger.rates, key=lambda r: (r.currency, r.date))

    @property
    def unconverted(self) -> dict[str, Unconverted]:
        return self.ledger.unconverted

    def link(self, key: str | None = None) -> dict[str, str] | None:
        """The activity list's query behind a group (or the whole, for None); None if no list."""
        scope = self.ledger.scope
        query = {"publisher": scope.publisher}
        if scope.year is not None:
            query["year"] = str(scope.year)
        if scope.country:
            query["country"] = scope.country
        if key is None:
            return query
        parameter = LIST_PARAMETER.get(self.dimension)
        if not key or parameter is None or key.startswith("~"):
            return None
        return {**query, parameter: key}


def totals_by(ledger: Ledger, dimension: str, *, role: str = "implementing") -> Totals:
    """The ledger's money and activities grouped by ``dimension``."""
    assert dimension in DIMENSIONS, dimension
    code = ROLES[role]
    money: dict[str, Decimal] = defaultdict(Decimal)
    whole = Decimal(0)
    flows = 0
    for flow in ledger.flows:
        geo = _geo(ledger, flow)
        factor = sum((share for _, _, share in geo), Decimal(0))
        if not factor:
            continue
        flows += 1
        whole += flow.amount * factor
        for key, share in _money_shares(ledger, flow, geo, dimension, code):
            money[key] += flow.amount * share * (ONE if _is_geo(dimension) else factor)
    members = _members(ledger, dimension, code)
    counts: dict[str, int] = defaultdict(int)
    for keys in members.values():
        for key in keys:
            counts[key] += 1
    rows = [
        TotalRow(key, money.get(key, Decimal(0)), counts.get(key, 0))
        for key in set(money) | set(counts)
    ]
    return Totals(ledger, dimension, role, _ordered(rows, dimension), whole, len(members), flows)


def _is_geo(dimension: str) -> bool:
    return dimension in ("country", "region", "relationship")


def _ordered(rows: list[TotalRow], dimension: str) -> list[TotalRow]:
    if dimension in ("year", "sdg"):
        return sorted(rows, key=lambda r: (r.key == "", int(r.key) if r.key else 0))
    return sorted(rows, key=lambda r: (r.key == "", -r.amount, -r.activities, r.key))


def normalised(items: Iterable[tuple[str, Decimal | None]]) -> Shares:
    """Shares adding up to one: by percentage when every item has one, else equal."""
    listed = list(items)
    if not listed:
        return [("", ONE)]
    total = sum((p or Decimal(0) for _, p in listed), Decimal(0))
    if total > 0 and all(p is not None for _, p in listed):
        return [(key, (p or Decimal(0)) / total) for key, p in listed]
    return [(key, ONE / len(listed)) for key, _ in listed]


def _geo(ledger: Ledger, flow: Flow) -> list[tuple[str, str, Decimal]]:
    """(kind, code, share) of a flow across countries and regions, within the scope's country;
    the same for every flow of an activity without its own country, so kept on the ledger
    (every panel asks again for each flow)."""
    key = (flow.activity_id, flow.country)
    found = ledger.geo_shares.get(key)
    if found is None:
        found = ledger.geo_shares[key] = _geo_of(ledger, flow)
    return found


def _geo_of(ledger: Ledger, flow: Flow) -> list[tuple[str, str, Decimal]]:
    if flow.country:
        entries = [("country", flow.country, ONE)]
    else:
        links = ledger.geo.get(flow.activity_id, [])
        shares = normalised((f"{kind}:{code}", pct) for kind, code, pct in links)
        entries = [
            (key.split(":", 1)[0], key.split(":", 1)[1], share) if key else ("", "", share)
            for key, share in shares
        ]
    wanted = ledger.scope.country
    if wanted:
        return [e for e in entries if e[0] == "country" and e[1] == wanted]
    return entries


def _money_shares(
    ledger: Ledger, flow: Flow, geo: list[tuple[str, str, Decimal]], dimension: str, role: str
) -> Shares:
    pk = flow.activity_id
    if dimension == "country":
        return [(code if kind == "country" else "", share) for kind, code, share in geo]
    if dimension == "region":
        return [(_region(ledger, kind, code), share) for kind, code, share in geo]
    if dimension == "relationship":
        return [
            (_status_on(ledger, code, flow.day) if kind == "country" else "", share)
            for kind, code, share in geo
        ]
    if dimension == "sector":
        return [(flow.sector, ONE)] if flow.sector else normalised(ledger.sectors.get(pk, []))
    if dimension == "sdg":
        return normalised((str(goal), None) for goal in ledger.sdgs.get(pk, []))
    if dimension == "modality":
        return [(ledger.modality.get(pk, ""), ONE)]
    if dimension == "year":
        return [(str(flow.day.year), ONE)]
    people = ledger.participants.get((pk, role), [])
    if dimension == "organisation":
        return normalised((p.key, None) for p in people)
    return _merge(normalised((p.type, None) for p in people))


def _merge(shares: Shares) -> Shares:
    merged: dict[str, Decimal] = defaultdict(Decimal)
    for key, share in shares:
        merged[key] += share
    return list(merged.items())


def _region(ledger: Ledger, kind: str, code: str) -> str:
    if kind == "country":
        country = ledger.countries.get(code)
        return country.region_code if country else ""
    return code


def _status_on(ledger: Ledger, code: str, day: dt.date) -> str:
    country = ledger.countries.get(code)
    if country is None:
        return ""
    statuses = {r.status for r in country.relationships.all() if r.in_force_on(day)}
    return next((str(s) for s in PRECEDENCE if s in statuses), "")


def _members(ledger: Ledger, dimension: str, role: str) -> dict[int, set[str]]:
    """The groups each activity of the scope belongs to (activities outside the year left out)."""
    out: dict[int, set[str]] = {}
    year = ledger.scope.year
    for pk in ledger.activity_ids:
        start, end = ledger.span[pk]
        if year is not None and not (start and end and start.year <= year <= end.year):
            continue
        out[pk] = _groups(ledger, pk, dimension, role) or {""}
    return out


def _groups(ledger: Ledger, pk: int, dimension: str, role: str) -> set[str]:
    links = ledger.geo.get(pk, [])
    wanted = ledger.scope.country
    countries = {code for kind, code, _ in links if kind == "country" and code}
    if wanted:
        countries &= {wanted}
    if dimension == "country":
        return countries
    if dimension == "region":
        regions = {_region(ledger, "country", c) for c in countries}
        if not wanted:
            regions |= {code for kind, code, _ in links if kind == "region"}
        return regions - {""}
    if dimension == "relationship":
        return _statuses_during(ledger, pk, countries)
    if dimension == "sector":
        return {code for code, _ in ledger.sectors.get(pk, [])}
    if dimension == "sdg":
        return {str(goal) for goal in ledger.sdgs.get(pk, [])}
    if dimension == "modality":
        return {ledger.modality.get(pk, "")} - {""}
    if dimension == "year":
        return _years(ledger, pk)
    people = ledger.participants.get((pk, role), [])
    if dimension == "organisation":
        return {p.key for p in people}
    return {p.type for p in people} - {""}


def _statuses_during(ledger: Ledger, pk: int, countries: set[str]) -> set[str]:
    start, end = ledger.span[pk]
    found: set[str] = set()
    for code in countries:
        country = ledger.countries.get(code)
        for rel in country.relationships.all() if country else ():
            if (rel.start is None or end is None or rel.start <= end) and (
                rel.end is None or start is None or rel.end >= start
            ):
                found.add(rel.status)
    return found


def _years(ledger: Ledger, pk: int) -> set[str]:
    start, end = ledger.span[pk]
    if start is None or end is None:
        return set()
    if ledger.scope.year is not None:
        return {str(ledger.scope.year)}
    return {str(y) for y in range(start.year, min(end.year, start.year + 60) + 1)}
