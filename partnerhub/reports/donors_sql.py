"""The donors-in-a-country report of every country at once, stored by the refresh task.

:func:`reports.donors.country_donors` reads one country's transactions; at a million activities
that is seconds for a busy country, too slow for a page. Here one statement computes the report
of every country for one kind (spending or commitments), with the same rules and the same
pieces (``totals_sql.rate_lookup``, ``totals_sql.sector_shares``, ``donors._cents``): ``k``, the
(activity, country) pairs of the country links (a country named exactly, in capitals, as the
page asks for it); ``sh``, each pair's share (the country's percentage, or an equal split when
percentages are missing or add up to nothing); ``x``, each transaction once, with its currency,
day, donor and the rate of its day; ``m``, converted and rounded to the cent; then each
converted transaction joined to its activity's countries (wholly to the country it names, when
it names one) and split over the sectors, grouped by country, donor, sector and year.

``donors_snapshots_refresh`` stores one row per country and kind, with the change stamp's
version; the page reads that row (``donors_snapshot_for``) and says when activities changed
after it. A transaction without a date is converted at the rate of the day of the refresh,
where the live report uses the day of the visit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from partnerhub.activities.models import (
    Activity,
    ActivityCountry,
    ActivitySector,
    Participation,
    Transaction,
)
from partnerhub.activities.services import STAMP
from partnerhub.core.audit import audit_record
from partnerhub.core.models import Source
from partnerhub.core.stamps import change_stamp
from partnerhub.reference.models import ExchangeRate
from partnerhub.reports.donors import (
    COMMITMENT_TYPES,
    SPENDING_TYPES,
    DonorCell,
    DonorReport,
    _cents,
    _decimal,
    _run,
    _table,
    converted_flows,
)
from partnerhub.reports.models import DonorsSnapshot
from partnerhub.reports.totals_sql import sector_shares, year_of

KINDS = ("spending", "commitments")


def donors_by_country(*, kind: str = "spending") -> dict[str, DonorReport]:
    """The report of :func:`reports.donors.country_donors` for every country with activities."""
    types = COMMITMENT_TYPES if kind == "commitments" else SPENDING_TYPES
    sqlite = connection.vendor == "sqlite"
    links = _table(ActivityCountry)
    today: Any = dt.date.today().isoformat() if sqlite else dt.date.today()
    marks = ", ".join(["%s"] * len(types))
    named = (
        f"(SELECT COALESCE(NULLIF(p.printed_name, ''), p.ref) FROM {_table(Participation)} p"
        " WHERE p.activity_id = a.id AND p.role = '1'"
        " AND (p.printed_name <> '' OR p.ref <> '') ORDER BY p.id LIMIT 1)"
    )
    rate = _table(ExchangeRate)
    rows = _run(
        f"""WITH k AS MATERIALIZED (SELECT DISTINCT activity_id, code FROM {links}
              WHERE code <> ''),
      ka AS MATERIALIZED (SELECT DISTINCT activity_id FROM {links} WHERE code <> ''),
      s AS MATERIALIZED ({
            sector_shares(_table(ActivitySector), join="JOIN ka ON ka.activity_id = s.activity_id")
        }),
      sh AS MATERIALIZED (SELECT k.activity_id, k.code,
              CASE WHEN COUNT(c.percentage) = COUNT(*) AND SUM(c.percentage) > 0
                   THEN SUM(CASE WHEN UPPER(c.code) = k.code THEN c.percentage ELSE 0 END) / 100.0
                   ELSE SUM(CASE WHEN UPPER(c.code) = k.code THEN 1 ELSE 0 END) * 1.0 / COUNT(*)
              END AS share
            FROM k JOIN {links} c ON c.activity_id = k.activity_id
            GROUP BY k.activity_id, k.code),
      a AS MATERIALIZED (SELECT a.id AS activity_id, a.default_currency,
              COALESCE({named}, NULLIF(a.reporting_org_name, ''), '') AS funder
            FROM {_table(Activity)} a JOIN ka ON ka.activity_id = a.id),
      x AS MATERIALIZED ({converted_flows(rate)}
                    UPPER(t.recipient_country) AS rc
                  FROM a JOIN {_table(Transaction)} t ON t.activity_id = a.activity_id
                  WHERE t.type IN ({marks})) f),
      m AS MATERIALIZED (SELECT x.*, CASE WHEN x.cur = 'USD' THEN x.value
                             ELSE {_cents("x.value", "x.per_usd", sqlite=sqlite)} END AS usd
            FROM x),
      p AS (SELECT sh.code AS country, m.activity_id, m.donor, m.sector, m.day, m.usd,
              CASE WHEN m.rc <> '' THEN (CASE WHEN m.rc = sh.code THEN 1 ELSE 0 END)
                   ELSE sh.share END AS share
            FROM m JOIN sh ON sh.activity_id = m.activity_id WHERE m.usd IS NOT NULL)
      SELECT p.country, p.donor,
        CASE WHEN p.sector <> '' THEN p.sector ELSE COALESCE(s.code, '') END,
        {year_of("p.day", sqlite=sqlite)},
        SUM(p.usd * p.share * COALESCE(s.share, 1))
      FROM p LEFT JOIN s ON s.activity_id = p.activity_id AND p.sector = ''
      GROUP BY 1, 2, 3, 4
      UNION ALL
      SELECT sh.code, NULL, NULL, COUNT(*),
        SUM(CASE WHEN x.cur <> 'USD' AND x.per_usd IS NULL THEN 1 ELSE 0 END)
      FROM x JOIN sh ON sh.activity_id = x.activity_id GROUP BY sh.code""",
        [today, *types],
    )
    reports: dict[str, DonorReport] = {}
    for code in _codes():
        reports[code] = DonorReport(country=code, kind=kind)
    for code, n in _iati_activities().items():
        reports[code].iati_activities = n
    cells: dict[str, list[DonorCell]] = defaultdict(list)
    for country, donor, sector, year, usd in rows:
        report = reports.get(str(country))
        if report is None:
            continue  # a code written in small letters: not a country the page asks for
        if donor is None:
            report.transactions, report.unconverted = int(year), int(usd or 0)
            continue
        value = _decimal(usd)
        if value:
            cells[report.country].append(
                DonorCell(str(donor), str(sector), None if year is None else int(year), value)
            )
    for country, found in cells.items():  # only countries of ``reports``
        reports[country].cells = sorted(found, key=lambda c: (c.donor, c.sector, c.year or 0))
    return reports


def _codes() -> list[str]:
    rows = ActivityCountry.objects.exclude(code="").values_list("code", flat=True).distinct()
    return sorted(code for code in rows if code == code.upper())


def _iati_activities() -> dict[str, int]:
    rows = _run(
        f"SELECT c.code, COUNT(DISTINCT c.activity_id) FROM {_table(ActivityCountry)} c "
        f"JOIN {_table(Activity)} a ON a.id = c.activity_id "
        "WHERE a.source = %s AND c.code <> '' GROUP BY c.code",
        [Source.IATI],
    )
    return {str(code): int(n) for code, n in rows if str(code) == str(code).upper()}


def _stored(report: DonorReport) -> dict[str, Any]:
    return {
        "cells": [[c.donor, c.sector, c.year, str(c.usd)] for c in report.cells],
        "transactions": report.transactions,
        "unconverted": report.unconverted,
        "iati_activities": report.iati_activities,
    }


def donors_report_from(row: DonorsSnapshot) -> DonorReport:
    """The report a stored row holds, as the live report gives it."""
    data = row.data
    return DonorReport(
        country=row.country,
        kind=row.kind,
        cells=[DonorCell(d, s, y, Decimal(usd)) for d, s, y, usd in data["cells"]],
        unconverted=data["unconverted"],
        transactions=data["transactions"],
        iati_activities=data["iati_activities"],
    )


@transaction.atomic
def donors_snapshots_refresh() -> int:
    """Build the donors report of every country and kind again and replace the stored rows;
    answers how many rows were stored."""
    # Read before the reports: a write that lands meanwhile leaves the rows stale, never current.
    version = change_stamp(STAMP).version
    now = timezone.now()
    rows = [
        DonorsSnapshot(country=code, kind=kind, data=_stored(report), built_at=now, stamp=version)
        for kind in KINDS
        for code, report in donors_by_country(kind=kind).items()
    ]
    DonorsSnapshot.objects.all().delete()
    DonorsSnapshot.objects.bulk_create(rows, batch_size=500)
    if rows:
        audit_record(action="update", instance=rows[0], summary=f"donors reports: {len(rows)} rows")
    return len(rows)


def donors_snapshot_for(*, country: str, kind: str) -> DonorsSnapshot | None:
    """The stored report of a country and kind, when the refresh has built one."""
    return DonorsSnapshot.objects.filter(country=country, kind=kind).first()


def donors_snapshots_stale() -> bool:
    """Whether the stored reports are missing or older than the latest change to activities."""
    rows = DonorsSnapshot.objects.all()
    return not rows.exists() or rows.exclude(stamp=change_stamp(STAMP).version).exists()
