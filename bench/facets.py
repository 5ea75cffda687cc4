"""The activity list's first visit after an import: counted live before ``facets_refresh`` has
built the bitmap facet index, and from the index after, in one process on the same data; and the
task's duration and memory.

    PARTNERHUB_SQLITE=/tmp/facets-1m.sqlite3 .venv/bin/python manage.py migrate
    PARTNERHUB_SQLITE=/tmp/facets-1m.sqlite3 nice .venv/bin/python bench/fill.py --activities 1000000
    PARTNERHUB_SQLITE=/tmp/facets-1m.sqlite3 nice .venv/bin/python bench/facets.py

Steps, each "first" with the facet cache cleared (as after an import, which moves the stamp):

1. the stamp is moved (``activities_recount``), so no stored index is current: the first visit
   of the unfiltered list, of a one-facet list (the busiest 3-digit sector) and of a two-facet
   list counts every facet live;
2. the refresh task runs in this process (``facets_refresh.call()``), timed, with the growth of
   the process's peak memory;
3. the same three first visits again, now from the index (loaded by the first of them).

Page requests go through Django's test client, so a figure is the whole page (list, count,
facets, template), as a visitor meets it. Reference data is loaded when missing, because the
country filter accepts known countries only.
"""

from __future__ import annotations

import os
import resource
import time

from _setup import busiest_sector, pages_ready


def main() -> None:
    pages_ready()
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from partnerhub.activities.services import activities_recount
    from partnerhub.activities.tasks import facets_refresh

    sector = busiest_sector()
    activities = reverse("portal:activities")
    cases = [
        ("list, no filter", {}),
        (f"list, 1 facet (sector {sector})", {"sector": sector}),
        (f"list, 2 facets (country TZ, sector {sector})", {"country": "TZ", "sector": sector}),
    ]
    client = Client()

    def first(query: dict[str, str]) -> float:
        cache.clear()
        began = time.perf_counter()
        response = client.get(activities, query, HTTP_ACCEPT_LANGUAGE="en")
        elapsed = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, (query, response.status_code)
        return elapsed

    def loadavg() -> str:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())

    def peak_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with transaction.atomic():
        activities_recount()  # as an import's commit does: a new version, no index for it
    print(f"load average before: {loadavg()}", flush=True)
    live = {}
    for name, query in cases:
        live[name] = first(query)
        print(f"  live    {name}: {live[name]:,.0f} ms", flush=True)
    before = peak_mb()
    began = time.perf_counter()
    result = facets_refresh.call()
    refresh = time.perf_counter() - began
    print(
        f"facets_refresh: {refresh:,.1f} s at version {result['version']}: {result['records']:,} "
        f"records, {result['bitmaps']} bitmaps, {result['stored_bytes'] / 1e6:.1f} MB stored; "
        f"peak memory {before:,.0f} -> {peak_mb():,.0f} MB (load average {loadavg()})",
        flush=True,
    )
    for name, query in cases:
        indexed = first(query)
        print(f"  index   {name}: {indexed:,.0f} ms (live {live[name]:,.0f} ms)", flush=True)
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
