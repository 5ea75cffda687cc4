"""Totals computed ahead of time by a task, so a dashboard over a million activities reads rows.

Building a ledger reads every flow of a scope into Python: instant for Taiwan's own few thousand
activities, hours for other donors' million. ``totals_refresh`` (a task, run after each import and
by ``reports_refresh``) has the database compute each stored scope by grouped SQL
(``reports.totals_sql``) and keeps every panel's groups; the dashboard reads them back into the
same ``Totals`` objects a live build gives, and says when they were made. ``snapshot_data`` gives
the same data from a ledger: the reference the SQL is tested and benchmarked against.
"""

from __future__ import annotations

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
from partnerhub.reports.models import TotalsSnapshot
from partnerhub.reports.totals import TotalRow, Totals, totals_by
from partnerhub.reports.totals_sql import snapshot_data_sql, supports

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
#: The scopes kept ahead of time: other donors' whole record in either currency.
STORED: tuple[Scope, ...] = (
    Scope(publisher="other", currency="USD"),
    Scope(publisher="other", currency="TWD"),
)


def _key(dimension: str, role: str) -> str:
    return f"{dimension}:{role}"


def snapshot_data(ledger: Ledger) -> dict[str, Any]:
    """Every panel of a ledger as JSON-ready data (the reference for ``totals_sql``)."""
    panels = {}
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
        "rates": [[r.currency, r.date.isoformat(), str(r.per_usd)] for r in ledger.rates],
        "unconverted": {k: [v.flows, str(v.amount)] for k, v in ledger.unconverted.items()},
        "names": names,
        "activities": len(ledger.activity_ids),
    }


@transaction.atomic
def totals_snapshot_refresh(*, scope: Scope) -> TotalsSnapshot:
    """Build one stored scope again and replace its row, with the stamp it was built from."""
    # Read before the ledger: a write that lands meanwhile leaves the row stale, never current.
    version = change_stamp(STAMP).version
    data = (
        snapshot_data_sql(scope, PANELS) if supports(scope) else snapshot_data(ledger_build(scope))
    )
    row, _created = TotalsSnapshot.objects.update_or_create(
        publisher=scope.publisher,
        measure=scope.measure,
        currency=scope.currency,
        defaults={"data": data, "built_at": timezone.now(), "stamp": version},
    )
    audit_record(
        action="update", instance=row, summary=f"totals {scope.publisher} {scope.currency}"
    )
    return row


def snapshot_is_current(row: TotalsSnapshot) -> bool:
    """True while no activity has changed since the row was built (one primary-key read)."""
    return row.stamp == change_stamp(STAMP).version


def snapshot_for(scope: Scope) -> TotalsSnapshot | None:
    """The stored totals of a scope, when it is one of the stored ones and has been built."""
    if scope.year is not None or scope.country or scope not in STORED:
        return None
    return TotalsSnapshot.objects.filter(
        publisher=scope.publisher, measure=scope.measure, currency=scope.currency
    ).first()


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
