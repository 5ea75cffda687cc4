"""The reports app: its stored totals are refreshed after every bulk write of activities."""

from __future__ import annotations

from django.apps import AppConfig

TOTALS_REFRESH = "partnerhub.reports.tasks.totals_refresh"
TAIWAN_TOTALS_REFRESH = "partnerhub.reports.tasks.totals_refresh_taiwan"


class ReportsConfig(AppConfig):
    name = "partnerhub.reports"
    label = "reports"

    def ready(self) -> None:
        from partnerhub.activities.services import AFTER_BULK_WRITE, AFTER_EDIT

        # Imports, seed loads and bulk writes queue the stored totals' and donors' refresh
        # once they commit, as they queue the list's stored facet counts.
        if TOTALS_REFRESH not in AFTER_BULK_WRITE:
            AFTER_BULK_WRITE.append(TOTALS_REFRESH)
        # A single edit has Taiwan's totals rebuilt a little later (seconds at a million);
        # other donors' take minutes and wait for the next import.
        if TAIWAN_TOTALS_REFRESH not in AFTER_EDIT:
            AFTER_EDIT.append(TAIWAN_TOTALS_REFRESH)
