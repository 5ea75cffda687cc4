"""Query benchmark: p50/p95 of the activity list with 0-3 facets and a text search, and the
donors view, against whatever database the settings point at (run bench/iati_import.py first).

    PARTNERHUB_SQLITE=/tmp/bench.sqlite3 .venv/bin/python bench/query.py
    scripts/with-postgres sh -c '.venv/bin/python bench/iati_import.py --worker --corpus /tmp/iati-corpus && .venv/bin/python bench/query.py'

Reference data (countries, codelists, rates) is loaded with ``reference_load`` when missing,
because the list's country filter only accepts known countries.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(repeat: int = 30) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from partnerhub.activities.models import Activity, ActivityCountry, ActivitySector
    from partnerhub.reference.models import Country

    settings.ALLOWED_HOSTS = ["*"]
    if not Country.objects.exists():
        call_command("reference_load", verbosity=0)
    country = (
        ActivityCountry.objects.values("code").annotate(n=Count("id")).order_by("-n")[0]["code"]
    )
    sector = (
        ActivitySector.objects.filter(vocabulary="1")
        .values("code")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["code"][:3]
    )
    year = 2015
    cases = [
        ("list, no filter", "/zh-hant/activities/", {}),
        ("list, 1 facet (sector)", "/zh-hant/activities/", {"sector": sector}),
        (
            "list, 2 facets (country, sector)",
            "/zh-hant/activities/",
            {"country": country, "sector": sector},
        ),
        (
            "list, 3 facets (country, sector, year)",
            "/zh-hant/activities/",
            {"country": country, "sector": sector, "year": year},
        ),
        ("list, text search", "/zh-hant/activities/", {"q": "water"}),
        (
            "list JSON, 3 facets",
            "/zh-hant/activities.json",
            {"country": country, "sector": sector, "year": year},
        ),
        (f"donors in {country}", f"/zh-hant/countries/{country}/donors.json", {}),
    ]
    client = Client()
    rows = []
    for name, url, params in cases:
        timings = []
        for attempt in range(repeat + 2):
            start = time.perf_counter()
            response = client.get(url, params)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code} {response.content[:300]!r}")
            if attempt >= 2:  # two warm-up requests
                timings.append(elapsed)
        rows.append(
            {
                "case": name,
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(percentile(timings, 0.95), 1),
            }
        )
    summary = {
        "backend": connection.vendor,
        "activities": Activity.objects.count(),
        "repeat": repeat,
        "cases": rows,
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main(int(os.environ.get("BENCH_REPEAT", "30")))
