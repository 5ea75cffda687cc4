"""Build the dashboards' stored totals again (other donors' whole record, in US$ and NT$)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerhub.reports.ledger import ledger_build
from partnerhub.reports.snapshots import STORED, totals_snapshot_refresh
from partnerhub.reports.totals import totals_by


class Command(BaseCommand):
    help = (
        "Build the totals the dashboards read for other donors' whole IATI record (US$ and NT$) "
        "and store them; iati_import runs the same work as a task after each import. --dry-run "
        "computes the totals and stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Compute, store nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.perf_counter()
        for scope in STORED:
            if options["dry_run"]:
                totals = totals_by(ledger_build(scope), "country")
                self.stdout.write(
                    f"Would store {scope.publisher} {scope.currency}: {totals.amount:.2f}"
                )
            else:
                row = totals_snapshot_refresh(scope=scope)
                self.stdout.write(
                    f"Stored {row}: {row.data['panels']['country:implementing']['amount']}"
                )
        self.stdout.write(f"Done in {time.perf_counter() - began:.1f} s.")
