"""Who funds what in a country: donors by sector and year, in US dollars.

Each disbursement or expenditure is counted once. Its share for the country is the transaction's
own recipient country when it names one, else the activity's percentage for the country (an equal
split when percentages are missing). The country share is then split across the transaction's
sector, or the activity's DAC sectors by percentage, so cells always add up to the country total.
Amounts are converted to USD with the rate in force on the transaction date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from partnerhub.activities.models import (
    Activity,
    ActivityCountry,
    ActivitySector,
    Participation,
    Transaction,
)
from partnerhub.core.models import Source
from partnerhub.reference.rates import exchange_rate_table

SPENDING_TYPES = ("3", "4")  # disbursement, expenditure
COMMITMENT_TYPES = ("2",)
HUNDRED = Decimal(100)
UNSPECIFIED = ""


@dataclass
class DonorCell:
    donor: str
    sector: str
    year: int | None
    usd: Decimal


@dataclass
class DonorReport:
    country: str
    kind: str
    cells: list[DonorCell] = field(default_factory=list)
    unconverted: int = 0
    transactions: int = 0
    iati_activities: int = 0  # activities from IATI files in the country; 0 means no IATI data

    @property
    def total(self) -> Decimal:
        return sum((c.usd for c in self.cells), Decimal(0))

    def totals_by(self, key: str) -> list[tuple[Any, Decimal]]:
        sums: dict[Any, Decimal] = defaultdict(Decimal)
        for cell in self.cells:
            sums[getattr(cell, key)] += cell.usd
        return sorted(sums.items(), key=lambda item: -item[1])

    def as_dict(self) -> dict[str, Any]:
        def money(value: Decimal) -> str:
            return str(value.quantize(Decimal("0.01")))

        return {
            "country": self.country,
            "kind": self.kind,
            "currency": "USD",
            "total": money(self.total),
            "transactions": self.transactions,
            "iati_activities": self.iati_activities,
            "unconverted_transactions": self.unconverted,
            "donors": [{"donor": k, "usd": money(v)} for k, v in self.totals_by("donor")],
            "sectors": [
                {"sector": k or None, "usd": money(v)} for k, v in self.totals_by("sector")
            ],
            "years": [
                {"year": k, "usd": money(v)}
                for k, v in sorted(self.totals_by("year"), key=lambda i: i[0] or 0)
            ],
            "cells": [
                {"donor": c.donor, "sector": c.sector or None, "year": c.year, "usd": money(c.usd)}
                for c in sorted(self.cells, key=lambda c: (c.donor, c.sector, c.year or 0))
            ],
        }


def country_donors(*, country: str, kind: str = "spending") -> DonorReport:
    """The donor report for ``country`` (ISO code); ``kind`` is "spending" or "commitments"."""
    code = country.upper()
    types = COMMITMENT_TYPES if kind == "commitments" else SPENDING_TYPES
    activity_ids = ActivityCountry.objects.filter(code=code).values("activity_id")
    rows = list(
        Transaction.objects.filter(activity_id__in=activity_ids, type__in=types).values_list(
            "activity_id", "value", "currency", "date", "value_date", "provider_name", "provider_ref",
            "recipient_country", "sector_code", "activity__default_currency",
        )
    )  # fmt: skip
    # The link tables are read for the same subquery, not for a list of thousands of ids.
    ids = ActivityCountry.objects.filter(code=code).values("activity_id")
    shares = _country_shares(ids, code)
    sectors = _sector_shares(ids)
    funders = _funders(ids)
    rates = exchange_rate_table({(r[2] or r[9] or "USD") for r in rows})
    report = DonorReport(country=code, kind=kind, transactions=len(rows))
    report.iati_activities = Activity.objects.filter(
        pk__in=activity_ids, source=Source.IATI
    ).count()
    cells: dict[tuple[str, str, int | None], Decimal] = defaultdict(Decimal)
    for (
        activity_id,
        value,
        currency,
        day,
        value_date,
        p_name,
        p_ref,
        r_country,
        sector,
        default,
    ) in rows:
        when = day or value_date
        usd = rates.usd_value(value, currency or default or "USD", when or dt.date.today())
        if usd is None:
            report.unconverted += 1
            continue
        share = (
            (Decimal(1) if r_country.upper() == code else Decimal(0))
            if r_country
            else shares.get(activity_id, Decimal(0))
        )
        donor = p_name or p_ref or funders.get(activity_id, "")
        split = (
            [(sector[:3], Decimal(1))]
            if sector
            else sectors.get(activity_id, [(UNSPECIFIED, Decimal(1))])
        )
        for category, part in split:
            cells[(donor, category, when.year if when else None)] += usd * share * part
    report.cells = [DonorCell(d, s, y, v) for (d, s, y), v in cells.items() if v]
    return report


def _country_shares(ids: QuerySet[Any, Any], code: str) -> dict[int, Decimal]:
    by_activity: dict[int, list[tuple[str, Decimal | None]]] = defaultdict(list)
    for activity_id, country, percentage in ActivityCountry.objects.filter(
        activity_id__in=ids
    ).values_list("activity_id", "code", "percentage"):
        by_activity[activity_id].append((country.upper(), percentage))
    shares = {}
    for activity_id, links in by_activity.items():
        mine = [p for c, p in links if c == code]
        if all(p is not None for _, p in links) and sum((p or 0 for _, p in links), Decimal(0)) > 0:
            shares[activity_id] = sum((p or Decimal(0) for p in mine), Decimal(0)) / HUNDRED
        else:
            shares[activity_id] = Decimal(len(mine)) / Decimal(len(links))
    return shares


def _sector_shares(ids: QuerySet[Any, Any]) -> dict[int, list[tuple[str, Decimal]]]:
    by_activity: dict[int, list[tuple[str, Decimal | None]]] = defaultdict(list)
    rows = ActivitySector.objects.filter(
        activity_id__in=ids, vocabulary__in=("1", "2")
    ).values_list("activity_id", "code", "percentage")
    for activity_id, code, percentage in rows:
        by_activity[activity_id].append((code[:3], percentage))
    out: dict[int, list[tuple[str, Decimal]]] = {}
    for activity_id, links in by_activity.items():
        total = sum((p or Decimal(0) for _, p in links), Decimal(0))
        if all(p is not None for _, p in links) and total > 0:
            out[activity_id] = [(c, (p or Decimal(0)) / total) for c, p in links]
        else:
            out[activity_id] = [(c, Decimal(1) / Decimal(len(links))) for c, _ in links]
    return out


def _funders(ids: QuerySet[Any, Any]) -> dict[int, str]:
    """Who funds each activity when a transaction does not say: a funding participant, else the reporter."""
    funders = dict(Activity.objects.filter(pk__in=ids).values_list("pk", "reporting_org_name"))
    rows = (
        Participation.objects.filter(activity_id__in=ids, role="1")
        .order_by("-id")
        .values_list("activity_id", "printed_name", "ref")
    )
    for activity_id, name, ref in rows:
        if name or ref:
            funders[activity_id] = name or ref
    return {k: v or "" for k, v in funders.items()}
