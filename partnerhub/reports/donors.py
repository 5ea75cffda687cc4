"""Who funds what in a country: donors by sector and year, in US dollars.

Each disbursement or expenditure is counted once. Its share for the country is the transaction's
own recipient country when it names one, else the activity's percentage for the country (an equal
split when percentages are missing). The country share is then split across the transaction's
sector, or the activity's DAC sectors by percentage, so cells always add up to the country total.
Amounts are converted to USD with the rate in force on the transaction date.

The page reads :func:`country_donors`, which has the database do the work in one grouped query
(the rate lookup and the sectors' share normalisation are ``reports.totals_sql``'s); a million activities
put nearly half a million transactions in one country, too many to convert and split in Python.
:func:`country_donors_python` computes the same report in Python, one transaction at a time: it
is the reference the tests compare the SQL with, and the benchmark's baseline, and is not used by
any page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from partnerhub.activities.models import (
    Activity,
    ActivityCountry,
    ActivitySector,
    Participation,
    Transaction,
)
from partnerhub.core.models import Source
from partnerhub.reference.models import ExchangeRate
from partnerhub.reference.rates import exchange_rate_table
from partnerhub.reports.totals_sql import rate_lookup, sector_shares, year_of

SPENDING_TYPES = ("3", "4")  # disbursement, expenditure
COMMITMENT_TYPES = ("2",)
HUNDRED = Decimal(100)
UNSPECIFIED = ""
#: Cells are read from the database to this precision (SQLite's are binary floats, good to about
#: fifteen digits; PostgreSQL's ``numeric`` quotients carry twenty).
FINE = Decimal("1e-10")


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
    """The donor report for ``country`` (ISO code); ``kind`` is "spending" or "commitments".

    Computed by the database in one statement, with the rules of :func:`country_donors_python`:
    ``k``, the activities linked to the country; ``a``, each one's default currency, who funds it
    when a transaction does not say, and its share for the country (its percentage as given, or
    an equal split when percentages are missing or add up to nothing); ``s``, its DAC sectors with
    normalised shares (``totals_sql.sector_shares``); ``x``, the transactions with their currency,
    day, donor, country share and the rate in force on their day (``totals_sql.rate_lookup``;
    materialised, so the rate is looked up once per transaction, not once for each use of it in
    the rounding); ``m``, each converted and rounded to the cent as ``reference.rates`` does
    (halves to even). Then one ``GROUP BY`` donor, sector and year, and one row more counting the
    transactions and those left unconverted.
    """
    code = country.upper()
    types = COMMITMENT_TYPES if kind == "commitments" else SPENDING_TYPES
    sqlite = connection.vendor == "sqlite"
    activity = _table(Activity)
    links = _table(ActivityCountry)
    rate = _table(ExchangeRate)
    today: Any = dt.date.today().isoformat() if sqlite else dt.date.today()
    marks = ", ".join(["%s"] * len(types))

    # The sectors of the country's activities by a join: with ``IN (SELECT activity_id FROM k)``
    # SQLite builds no index on them for the final join and scans them once per transaction.
    in_k = "JOIN k ON k.activity_id = s.activity_id"

    named = (
        f"(SELECT COALESCE(NULLIF(p.printed_name, ''), p.ref) FROM {_table(Participation)} p"
        " WHERE p.activity_id = a.id AND p.role = '1'"
        " AND (p.printed_name <> '' OR p.ref <> '') ORDER BY p.id LIMIT 1)"
    )
    mine = "UPPER(c.code) = %s"
    # The transactions of the country's activities. SQLite walks the activities and reads each
    # one's transactions by their index; PostgreSQL, given the join alone, merged the whole index
    # of transactions with the activities (twice as slow at 100,000 activities), so it is told
    # which activities with ``IN``.
    transactions = (
        f"a JOIN {_table(Transaction)} t ON t.activity_id = a.activity_id"
        if sqlite
        else f"{_table(Transaction)} t JOIN a ON a.activity_id = t.activity_id"
        " AND t.activity_id IN (SELECT activity_id FROM k)"
    )
    rows = _run(
        f"""WITH k AS MATERIALIZED (SELECT DISTINCT activity_id FROM {links} WHERE code = %s),
      s AS MATERIALIZED ({sector_shares(_table(ActivitySector), join=in_k)}),
      a AS MATERIALIZED (SELECT a.id AS activity_id, a.default_currency,
              COALESCE({named}, NULLIF(a.reporting_org_name, ''), '') AS funder,
              (SELECT CASE WHEN COUNT(c.percentage) = COUNT(*) AND SUM(c.percentage) > 0
                   THEN SUM(CASE WHEN {mine} THEN c.percentage ELSE 0 END) / 100.0
                   ELSE SUM(CASE WHEN {mine} THEN 1 ELSE 0 END) * 1.0 / COUNT(*) END
               FROM {links} c WHERE c.activity_id = a.id) AS share
            FROM {activity} a JOIN k ON k.activity_id = a.id),
      x AS MATERIALIZED ({converted_flows(rate)}
                    CASE WHEN t.recipient_country <> ''
                         THEN (CASE WHEN UPPER(t.recipient_country) = %s THEN 1 ELSE 0 END)
                         ELSE a.share END AS share
                  FROM {transactions} WHERE t.type IN ({marks})) f),
      m AS (SELECT x.*, CASE WHEN x.cur = 'USD' THEN x.value
                             ELSE {_cents("x.value", "x.per_usd", sqlite=sqlite)} END AS usd
            FROM x)
      SELECT m.donor,
        CASE WHEN m.sector <> '' THEN m.sector ELSE COALESCE(s.code, '') END,
        {year_of("m.day", sqlite=sqlite)},
        SUM(m.usd * m.share * COALESCE(s.share, 1))
      FROM m LEFT JOIN s ON s.activity_id = m.activity_id AND m.sector = ''
      WHERE m.usd IS NOT NULL
      GROUP BY 1, 2, 3
      UNION ALL
      SELECT NULL, NULL, COUNT(*), SUM(CASE WHEN cur <> 'USD' AND per_usd IS NULL THEN 1 ELSE 0 END)
      FROM x""",
        [code, code, code, today, code, *types],
    )
    (_, _, transactions, unconverted) = next(row for row in rows if row[0] is None)
    report = DonorReport(
        country=code, kind=kind, transactions=int(transactions), unconverted=int(unconverted or 0)
    )
    report.iati_activities = Activity.objects.filter(
        pk__in=ActivityCountry.objects.filter(code=code).values("activity_id"),
        source=Source.IATI,
    ).count()
    for donor, sector, year, usd in sorted(
        (row for row in rows if row[0] is not None), key=lambda r: (r[0], r[1], r[2] or 0)
    ):
        value = _decimal(usd)
        if value:
            report.cells.append(
                DonorCell(str(donor), str(sector), None if year is None else int(year), value)
            )
    return report


def converted_flows(rate: str) -> str:
    """The start of the donors queries' ``x`` step: each transaction of ``a``'s activities
    (``a``: activity_id, default_currency, funder; ``t``: the transaction) with its day, the day
    its rate is looked up on (the first ``%s``: the fallback day), currency, 3-digit sector,
    donor and US$ rate; the caller adds its own last columns, FROM and WHERE."""
    return f"""SELECT f.*, CASE WHEN f.cur = 'USD' THEN NULL
              ELSE {rate_lookup(rate, "f.cur", "f.on_day", "per_usd")} END AS per_usd
            FROM (SELECT t.activity_id, t.value, COALESCE(t.date, t.value_date) AS day,
                    COALESCE(t.date, t.value_date, %s) AS on_day,
                    UPPER(COALESCE(NULLIF(t.currency, ''), NULLIF(a.default_currency, ''),
                                   'USD')) AS cur,
                    SUBSTR(t.sector_code, 1, 3) AS sector,
                    COALESCE(NULLIF(t.provider_name, ''), NULLIF(t.provider_ref, ''), a.funder)
                      AS donor,"""


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _run(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _decimal(value: Any) -> Decimal:
    """A sum read from the database (a float on SQLite, a ``numeric`` on PostgreSQL)."""
    if value is None:
        return Decimal(0)
    return Decimal(str(value)).quantize(FINE)


def _cents(value: str, per_usd: str, *, sqlite: bool) -> str:
    """``value / per_usd`` rounded to the cent, halves to even as ``Decimal.quantize`` does.

    On SQLite the quotient is a binary float, so a half cent is recognised to within a billionth
    (1.005 is 1.00499999999999989 there); PostgreSQL divides ``numeric`` values exactly enough."""
    y = f"({value} * 100.0 / {per_usd})"
    if sqlite:
        t = f"CAST({y} AS INTEGER)"
        return (
            f"(CASE WHEN ABS(ABS({y} - {t}) - 0.5) < 1e-9 * MAX(ABS({y}), 1)"
            f" THEN ({t} + CASE WHEN {t} % 2 = 0 THEN 0 WHEN {y} < 0 THEN -1 ELSE 1 END) / 100.0"
            f" ELSE ROUND({y}) / 100.0 END)"
        )
    t = f"TRUNC({y})"
    return (
        f"(CASE WHEN ABS({y} - {t}) = 0.5"
        f" THEN ({t} + CASE WHEN MOD({t}, 2) = 0 THEN 0 ELSE SIGN({y}) END) / 100"
        f" ELSE ROUND({y}) / 100 END)"
    )


def country_donors_python(*, country: str, kind: str = "spending") -> DonorReport:
    """:func:`country_donors` computed in Python, one transaction at a time: the reference the
    tests compare the SQL with, and the benchmark's baseline."""
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
