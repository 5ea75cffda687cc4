"""Totals computed ahead of time by a task, so a dashboard or a country page reads rows.

Building a ledger reads every flow of a scope into Python: a second for Taiwan's own few thousand
activities on every visit, hours for other donors' million. ``totals_refresh`` (a task, run after
each import and by ``reports_refresh``) has the database compute each stored scope by grouped SQL
(``reports.totals_sql``): for each publisher, measure (spending, commitments) and currency, the
whole record, each year of it and each country of it, in one grouped pass, one row each. The
dashboard and the country page read them back into the same ``Totals`` objects a live build
gives, and say when they were made and whether activities changed since. ``snapshot_data`` gives
the same data from a ledger: the reference the SQL is tested and benchmarked against.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnerhub.activities.services import STAMP
from partnerhub.core.audit import audit_record
from partnerhub.core.stamps import change_stamp
from partnerhub.reports.ledger import (
    Ledger,
    Participant,
    RateUsed,
    Scope,
    Unconverted,
    ledger_build,
)
from partnerhub.reports.models import DonorsSnapshot, TotalsSnapshot
from partnerhub.reports.totals import TotalRow, Totals, totals_by
from partnerhub.reports.totals_sql import empty_data, snapshot_parts_sql, supports

#: The panels a snapshot keeps: (dimension, role), the dashboard's panels and the country sides.
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
#: The scopes kept ahead of time, each with its years and countries: both publishers' whole
#: record, spending and commitments, in either currency (budgets are totalled live).
STORED: tuple[Scope, ...] = tuple(
    Scope(publisher=publisher, measure=measure, currency=currency)
    for publisher in ("other", "taiwan")
    for measure in ("spending", "commitments")
    for currency in ("USD", "TWD")
)


def _key(dimension: str, role: str) -> str:
    return f"{dimension}:{role}"


def snapshot_data(ledger: Ledger) -> dict[str, Any]:
    """Every panel of a ledger as JSON-ready data (the reference for ``totals_sql``)."""
    panels: dict[str, dict[str, Any]] = {}
    for dimension, role in PANELS:
        totals = totals_by(ledger, dimension, role=role)
        panels[_key(dimension, role)] = {
            "rows": [[r.key, str(r.amount), r.activities] for r in totals.rows],
            "amount": str(totals.amount),
            "activities": totals.activities,
            "flows": totals.flows,
        }
    # The names the organisation panels print, and no more (a year's panels name fewer).
    shown = {r[0] for name, panel in panels.items() if name.startswith("organisation:")
             for r in panel["rows"]}  # fmt: skip
    names = {
        p.key: p.name for people in ledger.participants.values() for p in people if p.key in shown
    }
    return {
        "panels": panels,
        "quality": ledger_quality(ledger),
        "rates": [[r.currency, r.date.isoformat(), str(r.per_usd)] for r in ledger.rates],
        "unconverted": {k: [v.flows, str(v.amount)] for k, v in ledger.unconverted.items()},
        "names": names,
        "activities": len(ledger.activity_ids),
    }


def totals_snapshot_refresh(*, scope: Scope) -> TotalsSnapshot:
    """Build one stored scope again (with its years and countries) and replace its rows."""
    return totals_snapshots_refresh(scopes=[scope])[0]


def totals_snapshots_refresh(*, scopes: Sequence[Scope] = STORED) -> list[TotalsSnapshot]:
    """Build the stored scopes again, each with its years and countries, and replace their
    rows; answers the whole-record row of each scope."""
    # Read before the totals: a write that lands meanwhile leaves the rows stale, never current.
    version = change_stamp(STAMP).version
    found: dict[Scope, list[tuple[Scope, dict[str, Any]]]] = {s: [] for s in scopes}
    computed = [s for s in scopes if supports(s)]
    for part, data in snapshot_parts_sql(computed, PANELS):
        found[Scope(part.publisher, part.measure, part.currency)].append((part, data))
    for scope in scopes:
        if scope not in computed:
            found[scope] = [(scope, snapshot_data(ledger_build(scope)))]
    return [_store(scope, found[scope], version) for scope in scopes]


@transaction.atomic
def _store(scope: Scope, parts: list[tuple[Scope, dict[str, Any]]], version: int) -> TotalsSnapshot:
    now = timezone.now()
    TotalsSnapshot.objects.filter(
        publisher=scope.publisher, measure=scope.measure, currency=scope.currency
    ).delete()
    rows = TotalsSnapshot.objects.bulk_create(
        [
            TotalsSnapshot(
                publisher=part.publisher,
                measure=part.measure,
                currency=part.currency,
                year=part.year or 0,
                country=part.country,
                data=data,
                built_at=now,
                stamp=version,
            )
            for part, data in parts
        ],
        batch_size=200,
    )
    whole = next(r for r in rows if not r.year and not r.country)
    audit_record(
        action="update",
        instance=whole,
        summary=f"totals {scope.publisher} {scope.measure} {scope.currency}: {len(rows)} rows",
    )
    return whole


def ledger_quality(ledger: Ledger) -> dict[str, int]:
    """What the totals cannot place, for the people who can fix the records: the scope's
    activities (all of them, whatever the year) without a country or region, a DAC sector, a
    reported SDG or a modality, and the flows left out for want of a date or a rate."""
    ids = ledger.activity_ids
    return {
        "activities": len(ids),
        "no_country": len(ids - {pk for pk, links in ledger.geo.items() if links}),
        "no_sector": len(ids - set(ledger.sectors)),
        "no_sdg": len(ids - set(ledger.sdgs)),
        "no_modality": len([pk for pk in ids if not ledger.modality.get(pk)]),
        "unconverted": sum(u.flows for u in ledger.unconverted.values()),
    }


def snapshot_has_parts(row: TotalsSnapshot) -> bool:
    """Whether a whole-record row was built with its years and countries (rows built before
    they were stored have neither, nor the staff page's gaps)."""
    return "quality" in row.data


def snapshot_is_current(row: TotalsSnapshot | DonorsSnapshot) -> bool:
    """True while no activity has changed since the stored row (totals or a donors report) was
    built (one primary-key read)."""
    return row.stamp == change_stamp(STAMP).version


def snapshot_for(scope: Scope) -> TotalsSnapshot | None:
    """The stored totals of a scope: a stored scope's whole record, one of its years or one of
    its countries. A year or a country the refresh found nothing in reads as empty totals of
    the same build; None when the scope is not stored or has not been built."""
    whole = Scope(scope.publisher, scope.measure, scope.currency)
    if (scope.year and scope.country) or whole not in STORED:
        return None
    rows = TotalsSnapshot.objects.filter(
        publisher=scope.publisher, measure=scope.measure, currency=scope.currency
    )
    row = rows.filter(year=scope.year or 0, country=scope.country).first()
    if row is not None or (not scope.year and not scope.country):
        return row
    built = rows.filter(year=0, country="").first()
    if built is None or not snapshot_has_parts(built):
        return None
    data = empty_data(PANELS)
    # A year's record holds every activity of the whole one; a country's holds none here.
    every = built.data["quality"]
    data["quality"] = {k: 0 if scope.country or k == "unconverted" else v
                       for k, v in every.items()}  # fmt: skip
    data["activities"] = data["quality"]["activities"]
    return TotalsSnapshot(
        publisher=scope.publisher, measure=scope.measure, currency=scope.currency,
        year=scope.year or 0, country=scope.country, data=data,
        built_at=built.built_at, stamp=built.stamp,
    )  # fmt: skip


def snapshot_ledger(scope: Scope, data: dict[str, Any]) -> Ledger:
    """A ledger without flows that carries what the panels print: rates, gaps and names."""
    ledger = Ledger(scope=scope)
    ledger.rates = {RateUsed(c, _date(d), Decimal(r)) for c, d, r in data["rates"]}
    ledger.unconverted = {
        k: Unconverted(f, Decimal(a)) for k, (f, a) in data["unconverted"].items()
    }
    ledger.participants = {(0, "names"): [Participant(k, n, "") for k, n in data["names"].items()]}
    return ledger


def snapshot_totals(ledger: Ledger, data: dict[str, Any], dimension: str, role: str) -> Totals:
    panel = data["panels"][_key(dimension, role)]
    rows = [TotalRow(k, Decimal(a), n) for k, a, n in panel["rows"]]
    return Totals(
        ledger, dimension, role, rows, Decimal(panel["amount"]), panel["activities"], panel["flows"]
    )


def _date(raw: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(raw)
