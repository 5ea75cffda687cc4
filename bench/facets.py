"""Facet counts stored by ``facets_refresh`` against counted live: the activity list's first visit
after an import, before and after the refresh, in one process on the same data.

    PARTNERHUB_SQLITE=/tmp/facets-1m.sqlite3 .venv/bin/python manage.py migrate
    PARTNERHUB_SQLITE=/tmp/facets-1m.sqlite3 nice .venv/bin/python bench/fill.py --activities 1000000
    PARTNERHUB_SQLITE=/tmp/facets-1m.sqlite3 nice .venv/bin/python bench/facets.py

Steps, each "first" with the facet cache cleared (as after an import, which moves the stamp):

1. the stamp is moved (``activities_recount``) and the stored rows dropped: the first visit of
   the unfiltered list, of a one-facet list (the busiest 3-digit sector) and of a two-facet list
   (outside the stored set) counts every facet live;
2. the refresh task runs in this process (``facets_refresh.call()``), timed;
3. the same three first visits again: the first two read stored rows, the third still counts live.

Page requests go through Django's test client, so a figure is the whole page (list, count,
facets, template), as a visitor meets it. Reference data is loaded when missing, because the
country filter accepts known countries only.
"""

from __future__ import annotations

import os
import time

from _setup import busiest_sector, pages_ready


def main() -> None:
    pages_ready()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from partnerhub.activities.lists import ACTIVITIES
    from partnerhub.activities.services import activities_recount
    from partnerhub.activities.tasks import facets_refresh
    from partnerhub.core.models import FacetCounts

    sector = busiest_sector()
    activities = reverse("portal:activities")
    cases = [
        ("list, no filter", {}),
        (f"list, 1 facet (sector {sector})", {"sector": sector}),
        (
            f"list, 2 facets, not stored (country TZ, sector {sector})",
            {"country": "TZ", "sector": sector},
        ),
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

    with transaction.atomic():
        activities_recount()  # as an import's commit does: a new version, no stored row for it
    FacetCounts.objects.filter(list_name=ACTIVITIES.name).delete()
    print(f"stored facet counts: {settings.PARTNERHUB_FACETS_STORED}")
    print(f"load average before: {loadavg()}", flush=True)
    live = {}
    for name, query in cases:
        live[name] = first(query)
        print(f"  live    {name}: {live[name]:,.0f} ms", flush=True)
    began = time.perf_counter()
    result = facets_refresh.call()
    refresh = time.perf_counter() - began
    print(
        f"facets_refresh: {refresh:,.1f} s, {result['selections']} selections stored "
        f"at version {result['version']} (load average {loadavg()})",
        flush=True,
    )
    slowest = FacetCounts.objects.order_by("-seconds").values_list("selection", "seconds")[:3]
    print("  slowest selections: " + ", ".join(f"[{k}] {s:.1f} s" for k, s in slowest))
    for name, query in cases:
        stored = first(query)
        print(f"  stored  {name}: {stored:,.0f} ms (live {live[name]:,.0f} ms)", flush=True)
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
