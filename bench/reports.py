"""Dashboard benchmark: synthetic activities bulk-written into the database the settings point at,
then the dashboard (Taiwan's own, live; other donors', from the stored totals), a country page,
the stored totals' refresh (every stored scope with its years and countries, and the donors
report of every country) and the annual report, timed.

    PARTNERHUB_SQLITE=/tmp/bench-reports.sqlite3 .venv/bin/python manage.py migrate
    PARTNERHUB_SQLITE=/tmp/bench-reports.sqlite3 .venv/bin/python bench/reports.py --activities 1000000

or, faster, on a database filled by ``bench/fill.py``, the refresh alone with the Python ledger
beside it (``--reference``: other donors in US$ by both paths, with the largest difference):

    PARTNERHUB_SQLITE=/tmp/bench-1m.sqlite3 .venv/bin/python bench/reports.py --reference --skip-pages

Each synthetic activity has one or two countries (60/40 when two), one or two DAC sectors, a
commitment and two disbursements in USD or EUR; the first ``--taiwan`` are Taiwan's, with an SDG.
Rows go in with bulk_create rather than through the services, so that a million take minutes
instead of the half hour an IATI import of that size takes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ["HN", "GT", "PY", "SZ", "TH", "VN", "ID", "PH", "IN", "KE", "TZ", "ET", "HT", "BZ"]
SECTORS = ["11220", "12220", "14030", "31120", "31161", "15110", "43010", "72010"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def fill(count: int, taiwan: int) -> None:
    from partnerhub.activities import models as m
    from partnerhub.reference.models import Country, ExchangeRate

    for code in COUNTRIES:
        Country.objects.get_or_create(code=code, defaults={"name_en": code, "region_code": "998"})
    for year in range(2010, 2026):
        for currency, rate in (("EUR", "0.9"), ("TWD", "30")):
            ExchangeRate.objects.get_or_create(
                currency=currency, date=dt.date(year, 1, 1), defaults={"per_usd": Decimal(rate)}
            )
    rng = random.Random(7)
    start = (m.Activity.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    batch = 10_000
    for first in range(start, start + count, batch):
        acts, links, sectors, txs, sdgs = [], [], [], [], []
        for pk in range(first, min(first + batch, start + count)):
            is_tw = pk - start < taiwan
            year = rng.randint(2012, 2024)
            acts.append(
                m.Activity(
                    id=pk, iati_identifier=f"XB-{pk}", title_en=f"Activity {pk}", source="iati",
                    is_taiwan=is_tw, span_start=dt.date(year, 1, 1), span_end=dt.date(year + 1, 12, 31),
                    default_currency="USD",
                )
            )  # fmt: skip
            chosen = rng.sample(COUNTRIES, rng.choice((1, 2)))
            for index, code in enumerate(chosen):
                pct = 100 if len(chosen) == 1 else (60 if index == 0 else 40)
                links.append(m.ActivityCountry(activity_id=pk, code=code, percentage=pct))
            for code in rng.sample(SECTORS, rng.choice((1, 2))):
                sectors.append(m.ActivitySector(activity_id=pk, vocabulary="1", code=code))
            for kind, value in (("2", 300_000), ("3", 100_000), ("3", 50_000)):
                txs.append(
                    m.Transaction(
                        activity_id=pk, type=kind, date=dt.date(year, 6, 1), value=value,
                        currency=rng.choice(("USD", "EUR")),
                    )
                )  # fmt: skip
            if is_tw:
                sdgs.append(m.ActivitySdg(activity_id=pk, goal=rng.randint(1, 17)))
        for model, rows in ((m.Activity, acts), (m.ActivityCountry, links),
                            (m.ActivitySector, sectors), (m.Transaction, txs), (m.ActivitySdg, sdgs)):  # fmt: skip
            model.objects.bulk_create(rows, batch_size=2000)
        print(f"  {first - start + len(acts):,} activities", flush=True)


def largest_difference(python: dict[str, Any], sql: dict[str, Any]) -> str:
    """The largest gap between two snapshots' amounts, or what differs besides amounts."""
    gap = Decimal(0)
    for name, panel in python["panels"].items():
        other = sql["panels"][name]
        mine = {k: (Decimal(a), n) for k, a, n in panel["rows"]}
        theirs = {k: (Decimal(a), n) for k, a, n in other["rows"]}
        if set(mine) != set(theirs) or any(mine[k][1] != theirs[k][1] for k in mine):
            return f"groups or counts differ in {name}"
        gap = max([gap, abs(Decimal(panel["amount"]) - Decimal(other["amount"]))]
                  + [abs(mine[k][0] - theirs[k][0]) for k in mine])  # fmt: skip
    return f"{gap:.4f}"


def timed(call: Any, repeat: int) -> tuple[float, float]:
    call()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=0, help="Synthetic activities to add.")
    parser.add_argument("--taiwan", type=int, default=2000)
    parser.add_argument("--skip-refresh", action="store_true", help="Do not refresh the totals.")
    parser.add_argument(
        "--reference",
        action="store_true",
        help="Also total other donors in US$ by the Python ledger, beside grouped SQL.",
    )
    parser.add_argument("--skip-pages", action="store_true", help="Time the refresh only.")
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "10")))
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from partnerhub.activities.models import Activity, Transaction
    from partnerhub.reports.annual import report_data_build
    from partnerhub.reports.donors_sql import donors_snapshots_refresh
    from partnerhub.reports.ledger import ledger_build
    from partnerhub.reports.models import TotalsSnapshot
    from partnerhub.reports.snapshots import (
        PANELS,
        STORED,
        snapshot_data,
        totals_snapshots_refresh,
    )
    from partnerhub.reports.totals_sql import snapshot_data_sql

    settings.ALLOWED_HOSTS = ["*"]
    if args.activities:
        began = time.perf_counter()
        fill(args.activities, args.taiwan)
        print(f"filled in {time.perf_counter() - began:.0f} s")
    print(f"{Activity.objects.count():,} activities, {Transaction.objects.count():,} transactions")
    if args.reference:
        # The path the refresh took before grouped SQL: every flow read into a Python ledger.
        scope = STORED[0]
        began = time.perf_counter()
        reference = snapshot_data(ledger_build(scope))
        print(
            f"reference: {scope.publisher} {scope.currency} by the Python ledger "
            f"in {time.perf_counter() - began:.1f} s"
        )
        began = time.perf_counter()
        grouped = snapshot_data_sql(scope, PANELS)
        print(
            f"same scope by grouped SQL in {time.perf_counter() - began:.1f} s; "
            f"largest difference in any figure: {largest_difference(reference, grouped)}"
        )
    if not args.skip_refresh:
        # What the refresh task does after an import: every stored scope with its years and
        # countries (the links and activity counts once per publisher), then the donors report
        # of every country, each timed.
        for publisher in ("other", "taiwan"):
            scopes = [s for s in STORED if s.publisher == publisher]
            began = time.perf_counter()
            totals_snapshots_refresh(scopes=scopes)
            rows = TotalsSnapshot.objects.filter(publisher=publisher).count()
            print(
                f"stored totals of {publisher} ({len(scopes)} scopes, {rows} rows with their "
                f"years and countries) refreshed by grouped SQL in {time.perf_counter() - began:.1f} s",
                flush=True,
            )
        began = time.perf_counter()
        stored = donors_snapshots_refresh()
        print(
            f"donors reports of every country ({stored} rows, spending and commitments) "
            f"refreshed in {time.perf_counter() - began:.1f} s",
            flush=True,
        )
    if args.skip_pages:
        return
    began = time.perf_counter()
    report_data_build(2020)
    print(f"annual report data for 2020 in {time.perf_counter() - began:.1f} s")
    client = Client()
    cases = [
        ("dashboard (Taiwan live, other donors stored)", "/zh-hant/dashboard/", {}),
        ("dashboard, other donors (stored)", "/zh-hant/dashboard/", {"publisher": "other"}),
        ("dashboard, Taiwan, one year", "/zh-hant/dashboard/", {"year": "2020"}),
        ("country page (HN)", "/zh-hant/countries/HN/", {}),
        ("one chart as CSV (Taiwan, by SDG)", "/zh-hant/dashboard/charts/sdg.csv", {}),
    ]
    print("| case | p50 ms | p95 ms |\n|---|---|---|")
    for name, url, params in cases:

        def call(url: str = url, params: dict[str, str] = params) -> None:
            response = client.get(url, params, HTTP_HOST="localhost")
            assert response.status_code == 200, (url, response.status_code)

        p50, p95 = timed(call, args.repeat)
        print(f"| {name} | {p50:,.0f} | {p95:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
