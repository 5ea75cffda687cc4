"""The reports app: its stored totals are refreshed after every bulk write of activities."""

from __future__ import annotations

from django.apps import AppConfig

TOTALS_REFRESH = "partnerhub.reports.tasks.totals_refresh"


class ReportsConfig(AppConfig):
    name = "partnerhub.reports"
    label = "reports"

    def ready(self) -> None:
        from partnerhub.activities.services import AFTER_BULK_WRITE

        # Imports, seed loads and bulk writes queue the stored totals' and donors' refresh
        # once they commit, as they queue the list's stored facet counts.
        if TOTALS_REFRESH not in AFTER_BULK_WRITE:
            AFTER_BULK_WRITE.append(TOTALS_REFRESH)
