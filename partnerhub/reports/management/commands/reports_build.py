"""Issue the Article 15 annual report for a year from a frozen snapshot of the records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerhub.reports.annual import report_data_build
from partnerhub.reports.services import annual_report_issue


class Command(BaseCommand):
    help = (
        "Build the Article 15 annual report for --year from a frozen snapshot of the records and "
        "issue it as the next version (HTML, PDF in Traditional Chinese and English, XLSX annex), "
        "with the list of what changed since the last version. --dry-run builds the figures and "
        "writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The year the report covers.")
        parser.add_argument("--dry-run", action="store_true", help="Build the figures only.")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if options["dry_run"]:
            data = report_data_build(year)
            self.stdout.write(
                f"Would issue the {year} report: USD {data['amount']}, "
                f"{data['activities']} activities, {len(data['annex'])} in the annex."
            )
            return
        report = annual_report_issue(year=year)
        self.stdout.write(
            f"Issued the {year} report, version {report.version}: USD {report.data['amount']}, "
            f"{report.data['activities']} activities, {len(report.changes)} changes."
        )
