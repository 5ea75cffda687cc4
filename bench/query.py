"""Query benchmark: p50/p95 of the activity list with 0-3 facets, text search in English and
Chinese, the JSON twin, the dashboards, a country page and the donors view, against whatever
database the settings point at (fill it with bench/fill.py or bench/iati_import.py first).

    PARTNERHUB_SQLITE=/tmp/bench.sqlite3 .venv/bin/python bench/query.py
    scripts/with-postgres sh -c '.venv/bin/python manage.py migrate && \
        .venv/bin/python bench/fill.py --activities 1000000 && .venv/bin/python bench/query.py'

Then, in the same process and on the same data, the old query paths beside the new ones (the
``baseline`` rows): the facet cache's stamp computed from the table against the change stamp's
row, the unfiltered list's ``COUNT(*)`` against the stamp's count, and the text search as one OR
of ``LIKE`` scans against the search index, each as the list runs it (count and first page); the
donors report for the busiest country computed in Python, one transaction at a time, and by the
one-country grouped SQL, against the row the refresh stored (``BENCH_ONLY=donors`` times the page
and these alone); and the dashboards' and the country summary's data totalled live from a ledger
against the stored rows (``bench/reports.py`` builds them: the refresh task's work).
``BENCH_SKIP`` (comma-separated) leaves out the cases and baselines whose name holds any part:

    PARTNERHUB_SQLITE=/tmp/stored-1m.sqlite3 BENCH_SKIP=list,search,facet,unfiltered \
        nice .venv/bin/python bench/query.py

The activity list's cases run twice: from the bitmap facet index (core.listindex; built first,
timed, when the database has none at its current version) and on the live SQL path with the index
switched off in this process (the ``live`` rows, the baseline). Then the first visit of filter
combinations never seen before (``first visit`` rows): 2- and 3-facet selections drawn from the
busiest values, each requested once with the cache cleared, from the index (12 of each) and live
(3 of each, as each takes seconds). ``BENCH_LIVE=0`` leaves the live rows out.

Reference data (countries, codelists, rates) is loaded with ``reference_load`` when missing,
because the list's country filter only accepts known countries.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

from _setup import busiest_sector, pages_ready

#: A case whose first request takes longer is timed three more times only.
SLOW_MS = 5000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(repeat: int = 30) -> None:
    pages_ready()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from partnerhub.activities.models import Activity, ActivityCountry
    from partnerhub.reports.ledger import Scope
    from partnerhub.reports.snapshots import snapshot_for

    country = (
        ActivityCountry.objects.values("code").annotate(n=Count("id")).order_by("-n")[0]["code"]
    )
    sector = busiest_sector()
    year = 2015
    activities = reverse("portal:activities")
    twin = reverse("portal:activities-export", args=["json"])
    cases = [
        ("list, no filter", activities, {}),
        ("list, 1 facet (sector)", activities, {"sector": sector}),
        ("list, 2 facets (country, sector)", activities, {"country": country, "sector": sector}),
        (
            "list, 3 facets (country, sector, year)",
            activities,
            {"country": country, "sector": sector, "year": year},
        ),
        (
            "list, 1 facet (sector), sorted by title",
            activities,
            {"sector": sector, "sort": "title"},
        ),
        (
            "list, 2 facets (country, sector), sorted by -updated",
            activities,
            {"country": country, "sector": sector, "sort": "-updated"},
        ),
        ("list, text search q=water", activities, {"q": "water"}),
        ("list, text search q=太陽能 (3 characters)", activities, {"q": "太陽能"}),
        ("list, text search q=醫院 (2 characters)", activities, {"q": "醫院"}),
        ("list, text search q=water + 1 facet", activities, {"q": "water", "country": country}),
        ("list JSON, 3 facets", twin, {"country": country, "sector": sector, "year": year}),
        ("dashboard, Taiwan (both sides stored)", reverse("reports:dashboard"), {}),
        ("dashboard, other donors", reverse("reports:dashboard"), {"publisher": "other"}),
        ("dashboard, Taiwan, one year", reverse("reports:dashboard"), {"year": "2020"}),
        (f"country page ({country})", reverse("portal:country", args=[country]), {}),
        (f"donors in {country}", reverse("reports:donors-json", args=[country]), {}),
    ]
    only = os.environ.get("BENCH_ONLY", "")
    skip = [s for s in os.environ.get("BENCH_SKIP", "").split(",") if s]
    cases = [c for c in cases if (not only or only in c[0]) and not any(s in c[0] for s in skip)]
    if not snapshot_for(Scope(publisher="other")):
        # Without stored totals the page totals a million activities live: not a page visit.
        print("no stored totals: 'dashboard, other donors' left out", file=sys.stderr)
        cases = [c for c in cases if c[0] != "dashboard, other donors"]
    client = Client()
    rows = [index_ready()]
    live = os.environ.get("BENCH_LIVE", "1") != "0"
    runs_of = [(name, url, params, False) for name, url, params in cases]
    for name, url, params in cases:
        if live and url in (activities, twin):
            runs_of.append((f"live: {name}", url, params, True))
    for name, url, params, without_index in runs_of:
        with live_path() if without_index else contextlib.nullcontext():
            rows.append(timed(client, name, url, params, repeat))
    if not only or "first visit" in only:
        rows += first_visits(client, activities, country, sector, live)
    rows += baselines(repeat, country)
    summary = {
        "backend": connection.vendor,
        "activities": Activity.objects.count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "repeat": repeat,
        "cases": rows,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))


@contextlib.contextmanager
def live_path() -> Iterator[None]:
    """The list without its bitmap index in this process: counts, facets and pages in SQL."""
    from partnerhub.core.lists import ListSpec

    with mock.patch.object(ListSpec, "index", lambda self: None):
        yield


def index_ready() -> dict[str, Any]:
    """Build the activity list's index when none is stored at the current version (timed), and
    load it into this process (timed)."""
    import resource

    from partnerhub.activities.lists import ACTIVITIES
    from partnerhub.core.listindex import forget_loaded
    from partnerhub.core.services import list_index_store

    began = time.perf_counter()
    done = list_index_store(spec=ACTIVITIES)
    built = time.perf_counter() - began
    forget_loaded()
    began = time.perf_counter()
    index = ACTIVITIES.index()
    loaded = time.perf_counter() - began
    assert index is not None
    row = {
        "case": "index build (facets_refresh)"
        + (" skipped: already stored" if done.skipped else ""),
        "build_s": round(built, 1),
        "load_s": round(loaded, 2),
        "records": index.size,
        "bitmaps": sum(len(keys) for keys in index.bitmaps.values()),
        "stored_mb": round(done.stored_bytes / 1e6, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(f"  {row}", file=sys.stderr, flush=True)
    return row


def timed(client: Any, name: str, url: str, params: dict[str, Any], repeat: int) -> dict[str, Any]:
    """The first request with the cache cleared, then p50/p95 of ``repeat`` after two warm-ups
    (three more, no warm-up, when the first took over SLOW_MS)."""
    from django.core.cache import cache

    timings = []
    cache.clear()  # the first request counts its facets: the cold figure
    first = 0.0
    runs = repeat + 2
    attempt = 0
    while attempt < runs:
        start = time.perf_counter()
        response = client.get(url, params)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{name}: HTTP {response.status_code} {response.content[:300]!r}")
        if attempt == 0:
            first = elapsed
            if first > SLOW_MS:  # seconds per request: three more, no warm-up
                runs = 4
        if attempt >= 2 or (runs == 4 and attempt >= 1):  # two warm-up requests
            timings.append(elapsed)
        attempt += 1
        print(f"  {name}: {elapsed:,.0f} ms", file=sys.stderr, flush=True)
    return {
        "case": name,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "first_ms": round(first, 1),
        "requests": len(timings),
    }


def first_visits(
    client: Any, url: str, country: str, sector: str, live: bool
) -> list[dict[str, Any]]:
    """Filter combinations never requested before, each once with the cache cleared: the first
    visit a reader meets. Values are drawn from the busiest ones (seeded, so two runs draw the
    same); each combination is used by one path only, so neither meets the database's page
    cache warmed by the other on the same selection."""
    from django.core.cache import cache
    from django.db.models import Count

    from partnerhub.activities.models import ActivityCountry, ActivitySector

    countries = [
        r["code"]
        for r in ActivityCountry.objects.values("code").annotate(n=Count("id")).order_by("-n")[:8]
    ]
    sectors = sorted(
        {c[:3] for c in ActivitySector.objects.values_list("code", flat=True).distinct()}
    )
    choices = {
        "country": countries,
        "sector": [s for s in sectors if s != sector] or [sector],
        "year": [str(y) for y in range(2008, 2024)],
        "publisher": ["taiwan", "other"],
    }
    rng = random.Random(1202)
    seen: set[tuple[tuple[str, str], ...]] = set()

    def draw(size: int) -> dict[str, str]:
        while True:
            names = rng.sample(["country", "sector", "year", "publisher"], size)
            combo = tuple(sorted((n, rng.choice(choices[n])) for n in names))
            if combo not in seen and ("country", country) not in combo:
                seen.add(combo)
                return dict(combo)

    rows = []
    for size in (2, 3):
        for path, count in (("index", 12), ("live", 3 if live else 0)):
            if not count:
                continue
            timings = []
            for _n in range(count):
                params = draw(size)
                cache.clear()
                with live_path() if path == "live" else contextlib.nullcontext():
                    start = time.perf_counter()
                    response = client.get(url, params)
                    elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, (params, response.status_code)
                timings.append(elapsed)
                print(
                    f"  first visit, {path}, {params}: {elapsed:,.0f} ms",
                    file=sys.stderr,
                    flush=True,
                )
            rows.append(
                {
                    "case": f"first visit, unseen {size}-facet combination ({path})",
                    "p50_ms": round(statistics.median(timings), 1),
                    "p95_ms": round(percentile(timings, 0.95), 1),
                    "max_ms": round(max(timings), 1),
                    "requests": len(timings),
                }
            )
    return rows


def _old_matching(key: str) -> Any:
    """The text search before the search index: one OR of LIKE scans and link subqueries."""
    from partnerhub.activities.models import Activity
    from partnerhub.activities.search import scanning_match

    return Activity.objects.filter(scanning_match(key))


def baselines(repeat: int, country: str) -> list[dict[str, Any]]:
    from django.db.models import Count, Max

    from partnerhub.activities.lists import ACTIVITIES, ActivityFilters
    from partnerhub.activities.models import Activity
    from partnerhub.core.lists import PageRequest, paginate
    from partnerhub.core.stamps import change_stamp
    from partnerhub.core.text import search_key

    def first_page(qs: Any) -> None:
        page = paginate(qs.order_by("-span_start", "-id"), PageRequest(1, 50))
        assert page.count >= 0

    cases: list[tuple[str, Any]] = [
        (
            "baseline: facet stamp from the table (COUNT, MAX id, MAX updated_at)",
            lambda: Activity.objects.aggregate(n=Count("pk"), t=Max("pk"), u=Max("updated_at")),
        ),
        ("now: facet stamp, one row", lambda: change_stamp("activities")),
        ("baseline: unfiltered list COUNT(*)", lambda: Activity.objects.count()),
        ("now: unfiltered count from the stamp", lambda: ACTIVITIES.known_count(ActivityFilters())),
    ]
    for query in ("water", "太陽能", "醫院", f"water {country.lower()}"):
        key = search_key(query)
        cases.append((f"baseline: search {query!r}, LIKE scans (count + page)",
                      lambda key=key: first_page(_old_matching(key))))  # fmt: skip
        cases.append((f"now: search {query!r}, index (count + page)",
                      lambda key=key: first_page(Activity.objects.matching(key))))  # fmt: skip
    from partnerhub.reports.donors import country_donors, country_donors_python
    from partnerhub.reports.donors_sql import donors_report_from, donors_snapshot_for

    cases.append((f"baseline: donors in {country}, Python, a transaction at a time",
                  lambda: country_donors_python(country=country).as_dict()))  # fmt: skip
    cases.append((f"baseline: donors in {country}, grouped SQL (live)",
                  lambda: country_donors(country=country).as_dict()))  # fmt: skip
    if donors_snapshot_for(country=country, kind="spending"):
        cases.append((f"now: donors in {country}, the stored row", lambda: donors_report_from(
            donors_snapshot_for(country=country, kind="spending")).as_dict()))  # fmt: skip
    cases += _report_cases(country)
    only = os.environ.get("BENCH_ONLY", "")
    skip = [s for s in os.environ.get("BENCH_SKIP", "").split(",") if s]
    rows = []
    for name, call in cases:
        if (only and only not in name) or any(s in name for s in skip):
            continue
        timings = []
        runs = min(repeat, 10) + 1
        attempt = 0
        while attempt < runs:
            start = time.perf_counter()
            call()
            elapsed = (time.perf_counter() - start) * 1000
            if attempt:
                timings.append(elapsed)
            elif elapsed > SLOW_MS:  # seconds per call: three more
                runs = 4
            attempt += 1
            print(f"  {name}: {elapsed:,.0f} ms", file=sys.stderr, flush=True)
        rows.append(
            {
                "case": name,
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(percentile(timings, 0.95), 1),
            }
        )
    return rows


def _report_cases(country: str) -> list[tuple[str, Any]]:
    """The dashboards' and the country summary's data, totalled live from a ledger (the path
    used before the stored rows, and still when nothing is stored) beside the stored rows."""
    from partnerhub.reports import selectors
    from partnerhub.reports.ledger import Scope, ledger_build
    from partnerhub.reports.snapshots import snapshot_for

    def live(scope: Scope, panels: tuple[tuple[str, str], ...]) -> None:
        ledger = ledger_build(scope)
        for dimension, role in panels:
            selectors.panel_build(ledger, dimension, role=role)

    summary = selectors.SUMMARY
    cases: list[tuple[str, Any]] = []
    for name, scope, panels in (
        ("dashboard data, Taiwan", Scope(), selectors.PANELS),
        ("dashboard data, Taiwan, 2020", Scope(year=2020), selectors.PANELS),
        (f"country summary data, {country}", Scope(country=country), summary),
    ):
        cases.append((f"baseline: {name}, live ledger", lambda s=scope, p=panels: live(s, p)))
        if snapshot_for(scope) is not None:
            now = (
                (lambda: selectors.country_summary(country))
                if scope.country
                else (lambda s=scope: selectors.dashboard_build(s))
            )
            cases.append((f"now: {name}, stored rows", now))
    return cases


if __name__ == "__main__":
    main(int(os.environ.get("BENCH_REPEAT", "30")))
