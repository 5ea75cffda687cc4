"""Build the stored totals of the dashboards and country pages, and the donors reports, again."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerhub.reports.donors_sql import donors_snapshots_refresh
from partnerhub.reports.snapshots import PANELS, STORED, totals_snapshots_refresh
from partnerhub.reports.totals_sql import snapshot_data_sql


class Command(BaseCommand):
    help = (
        "Build the totals the dashboards and country pages read (both publishers, spending and "
        "commitments, US$ and NT$, the whole record, each year and each country) and the donors "
        "report of every country, and store them; iati_import runs the same work as a task after "
        "each import. --dry-run computes the whole-record totals and stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Compute, store nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.perf_counter()
        if options["dry_run"]:
            for scope in STORED:
                data = snapshot_data_sql(scope, PANELS)
                amount = data["panels"]["country:implementing"]["amount"]
                self.stdout.write(
                    f"Would store {scope.publisher} {scope.measure} {scope.currency}: {amount}"
                )
        else:
            for row in totals_snapshots_refresh():
                self.stdout.write(
                    f"Stored {row}: {row.data['panels']['country:implementing']['amount']}"
                )
            self.stdout.write(f"Stored {donors_snapshots_refresh()} donors reports.")
        self.stdout.write(f"Done in {time.perf_counter() - began:.1f} s.")
