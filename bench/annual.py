"""The annual report's data for one year, timed, on whatever database the settings point at.

    PARTNERHUB_SQLITE=/tmp/bench-1m.sqlite3 nice .venv/bin/python bench/annual.py 2020

Fill the database first (bench/fill.py); the report reads Taiwan's activities only, so its time
grows with Taiwan's records and their links, not with other donors' million.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(year: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from partnerhub.activities.models import Activity
    from partnerhub.reports.annual import report_data_build

    began = time.perf_counter()
    report_data_build(year)
    seconds = time.perf_counter() - began
    print(
        json.dumps(
            {
                "backend": connection.vendor,
                "activities": Activity.objects.count(),
                "taiwan": Activity.objects.filter(is_taiwan=True).count(),
                "year": year,
                "annual_report_data_s": round(seconds, 1),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2020)
