"""The ledger: every money flow of a scope, converted once, with what each activity is linked to.

A flow is one transaction (spending: disbursements and expenditures; commitments) or one budget
line (budget; revised budgets replace the original ones of the same activity). The three measures
are never mixed, and an activity's own figures are never added to its transactions: money comes
only from the rows of the chosen measure. Incoming funds (IATI type 1), loan repayments and
reimbursements are not spending: counting a ministry's transfer to an agency and the agency's
disbursement would count the same dollar twice.

Each flow is converted at the rate in force on its value date (else its date): the nearest stored
rate on or before that day, else the nearest later one, as ``reference.rates`` does. New Taiwan
dollars go through the US dollar on the same day. The rates used are kept so a total can state them.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from partnerhub.activities.models import (
    Activity,
    ActivityCountry,
    ActivityRegion,
    ActivitySdg,
    ActivitySector,
    Budget,
    Participation,
    Transaction,
)
from partnerhub.reference.models import Country, ExchangeRate

SPENDING_TYPES = ("3", "4")
COMMITMENT_TYPES = ("2",)
MEASURES = ("spending", "commitments", "budget")
CURRENCIES = ("USD", "TWD")
PUBLISHERS = ("taiwan", "other")


@dataclass(frozen=True)
class Scope:
    """What a ledger covers: one publisher side, one measure, one currency, optionally a year."""

    publisher: str = "taiwan"
    measure: str = "spending"
    currency: str = "USD"
    year: int | None = None
    country: str = ""

    def __post_init__(self) -> None:
        # Programming errors, not user input: views parse and validate before building a scope.
        assert self.publisher in PUBLISHERS, self.publisher
        assert self.measure in MEASURES, self.measure
        assert self.currency in CURRENCIES, self.currency


@dataclass(frozen=True)
class RateUsed:
    """One stored rate a total used: units of ``currency`` per US dollar, dated ``date``."""

    currency: str
    date: dt.date
    per_usd: Decimal


@dataclass(frozen=True)
class Flow:
    activity_id: int
    day: dt.date
    amount: Decimal
    country: str = ""  # the transaction's own recipient country, when it names one
    sector: str = ""  # the transaction's own DAC sector, when it names one


@dataclass(frozen=True)
class Participant:
    key: str  # organisation slug, or "~" + printed name when no registry organisation is linked
    name: str
    type: str  # Taiwan's category when known, else "iati-" + the IATI organisation type, or ""


@dataclass
class Unconverted:
    flows: int = 0
    amount: Decimal = Decimal(0)


@dataclass
class Ledger:
    """Flows of a scope and, per activity, the links every dimension splits by."""

    scope: Scope
    activity_ids: set[int] = field(default_factory=set)
    flows: list[Flow] = field(default_factory=list)
    modality: dict[int, str] = field(default_factory=dict)
    span: dict[int, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    geo: dict[int, list[tuple[str, str, Decimal | None]]] = field(default_factory=dict)
    sectors: dict[int, list[tuple[str, Decimal | None]]] = field(default_factory=dict)
    sdgs: dict[int, list[int]] = field(default_factory=dict)
    participants: dict[tuple[int, str], list[Participant]] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    rates: set[RateUsed] = field(default_factory=set)
    unconverted: dict[str, Unconverted] = field(default_factory=dict)
    #: Each (activity, flow's own country)'s shares by country and region, once worked out.
    geo_shares: dict[tuple[int, str], list[tuple[str, str, Decimal]]] = field(
        default_factory=dict, compare=False, repr=False
    )


class _Rates:
    """Stored rates in memory; ``convert`` answers the amount and the rates it used."""

    def __init__(self) -> None:
        self.dates: dict[str, list[dt.date]] = defaultdict(list)
        self.values: dict[str, list[Decimal]] = defaultdict(list)
        for code, day, per_usd in ExchangeRate.objects.order_by("currency", "date").values_list(
            "currency", "date", "per_usd"
        ):
            self.dates[code.upper()].append(day)
            self.values[code.upper()].append(per_usd)

    def rate(self, code: str, day: dt.date) -> RateUsed | None:
        dates = self.dates.get(code)
        if not dates:
            return None
        index = max(bisect.bisect_right(dates, day) - 1, 0)
        return RateUsed(code, dates[index], self.values[code][index])

    def convert(
        self, value: Decimal, code: str, day: dt.date, target: str
    ) -> tuple[Decimal, list[RateUsed]] | None:
        if code == target:
            return value, []
        used: list[RateUsed] = []
        usd = value
        if code != "USD":
            rate = self.rate(code, day)
            if rate is None:
                return None
            used.append(rate)
            usd = value / rate.per_usd
        if target == "USD":
            return usd, used
        back = self.rate(target, day)
        if back is None:
            return None
        used.append(back)
        return usd * back.per_usd, used


def scope_activities(scope: Scope) -> QuerySet[Activity]:
    """The activities a scope covers (its year filters flows, not activities)."""
    qs = Activity.objects.filter(is_taiwan=scope.publisher == "taiwan")
    if scope.country and scope.publisher == "taiwan":
        # Taiwan's few thousand activities, each looked up in the (code, activity) index: the
        # ``IN`` form read every id of a busy country first (200,000 at a million activities,
        # 0.1 s on SQLite for each of the ledger's queries).
        links = ActivityCountry.objects.filter(activity=OuterRef("pk"), code=scope.country)
        qs = qs.filter(Exists(links))
    elif scope.country:
        qs = qs.filter(
            pk__in=ActivityCountry.objects.filter(code=scope.country).values("activity_id")
        )
    return qs


def ledger_build(scope: Scope, *, roles: tuple[str, ...] = ("1", "4")) -> Ledger:
    """Read a scope's activities, links and flows in a fixed number of queries."""
    ledger = Ledger(scope=scope)
    activities = scope_activities(scope)
    ids = activities.values("pk")
    for pk, modality, start, end in activities.values_list(
        "pk", "modality", "span_start", "span_end"
    ):
        ledger.activity_ids.add(pk)
        ledger.modality[pk] = modality
        ledger.span[pk] = (start, end)
    ledger.countries = {c.code: c for c in Country.objects.prefetch_related("relationships")}
    _read_links(ledger, ids, roles)
    _read_flows(ledger, ids)
    return ledger


def _read_links(ledger: Ledger, ids: QuerySet[Activity, Any], roles: tuple[str, ...]) -> None:
    for pk, code, pct in ActivityCountry.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "code", "percentage"
    ):
        ledger.geo.setdefault(pk, []).append(("country", code.upper(), pct))
    for pk, code, vocabulary, pct in ActivityRegion.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "code", "vocabulary", "percentage"
    ):
        ledger.geo.setdefault(pk, []).append(("region", code if vocabulary == "1" else "", pct))
    for pk, code, pct in ActivitySector.objects.filter(
        activity_id__in=ids, vocabulary__in=("1", "2")
    ).values_list("activity_id", "code", "percentage"):
        ledger.sectors.setdefault(pk, []).append((code[:3], pct))
    for pk, goal in (
        ActivitySdg.objects.filter(activity_id__in=ids)
        .values_list("activity_id", "goal")
        .distinct()
        .order_by("activity_id", "goal")
    ):
        ledger.sdgs.setdefault(pk, []).append(goal)
    rows = Participation.objects.filter(activity_id__in=ids, role__in=roles).values_list(
        "activity_id", "role", "organisation__slug", "organisation__category",
        "organisation__name_zh", "organisation__name_en", "printed_name", "org_type",
    )  # fmt: skip
    for pk, role, slug, category, name_zh, name_en, printed, org_type in rows:
        person = _participant(slug, category, name_zh or name_en, printed, org_type)
        if person is None:
            continue
        found = ledger.participants.setdefault((pk, role), [])
        if person.key not in {p.key for p in found}:
            found.append(person)


def _participant(
    slug: str | None, category: str | None, name: str | None, printed: str, org_type: str
) -> Participant | None:
    if slug:
        kind = category if category and category != "other" else _iati_type(org_type)
        return Participant(slug, name or printed, kind)
    if printed.strip():
        return Participant("~" + printed.strip(), printed.strip(), _iati_type(org_type))
    return None


def _iati_type(code: str) -> str:
    return f"iati-{code}" if code else ""


def _read_flows(ledger: Ledger, ids: QuerySet[Activity, Any]) -> None:
    scope = ledger.scope
    rates = _Rates()
    if scope.measure == "budget":
        rows = _budget_rows(ids)
    else:
        types = SPENDING_TYPES if scope.measure == "spending" else COMMITMENT_TYPES
        rows = list(
            Transaction.objects.filter(activity_id__in=ids, type__in=types).values_list(
                "activity_id", "value", "currency", "value_date", "date", "recipient_country",
                "sector_code", "activity__default_currency",
            )
        )  # fmt: skip
    for pk, value, currency, value_date, day, country, sector, default in rows:
        when = value_date or day
        if scope.year is not None and when is not None and when.year != scope.year:
            continue
        code = (currency or default or "").upper()
        converted = rates.convert(value, code, when, scope.currency) if when and code else None
        if when is None or converted is None:
            # Without a date or a rate there is no honest conversion: left out, and said so.
            missing = ledger.unconverted.setdefault(code or "?", Unconverted())
            missing.flows += 1
            missing.amount += value
            continue
        amount, used = converted
        ledger.rates.update(used)
        ledger.flows.append(Flow(pk, when, amount, (country or "").upper(), (sector or "")[:3]))


def _budget_rows(ids: QuerySet[Activity, Any]) -> list[tuple[Any, ...]]:
    """Budget lines as flow rows: revised budgets (type 2) replace an activity's original ones."""
    rows = list(
        Budget.objects.filter(activity_id__in=ids).values_list(
            "activity_id", "type", "value", "currency", "value_date", "period_start",
            "activity__default_currency",
        )
    )  # fmt: skip
    revised = {row[0] for row in rows if row[1] == "2"}
    return [
        (pk, value, currency, value_date, start, "", "", default)
        for pk, kind, value, currency, value_date, start, default in rows
        if kind == ("2" if pk in revised else "1")
    ]
