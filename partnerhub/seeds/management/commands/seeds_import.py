"""``seeds_import``: extract the seed documents' tables into records, with provenance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.core.exceptions import PartnerHubError
from partnerhub.seeds.extract import EXTRACTORS
from partnerhub.seeds.services import ImportReport, seeds_import


class Command(BaseCommand):
    help = (
        "Import the tables of the seed documents (white paper appendices, Ukraine table, case "
        "boxes and body lists, FY2026 plans, 2024 review, news) as activities, events and "
        "organisations. A re-import replaces "
        "the records taken earlier from the same source file. Needs reference_load first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seeds-dir",
            type=Path,
            default=None,
            help="Directory of the seed text files (default: settings.PARTNERHUB_SEEDS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read, resolve and report; write nothing."
        )
        parser.add_argument(
            "--only",
            metavar="TABLE",
            choices=[e.table for e in EXTRACTORS],
            help="Import only this table: " + ", ".join(e.table for e in EXTRACTORS) + ".",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seeds_dir = options["seeds_dir"] or Path(settings.PARTNERHUB_SEEDS)
        if not seeds_dir.is_dir():
            raise CommandError(f"No such directory: {seeds_dir} / 找不到目錄：{seeds_dir}")
        try:
            report = seeds_import(
                seeds_dir=seeds_dir, dry_run=options["dry_run"], only=options["only"]
            )
        except PartnerHubError as error:
            raise CommandError(f"{error.message_zh}\n{error.message_en}") from error
        self._print(report)

    def _print(self, report: ImportReport) -> None:
        for table, groups in report.counts.items():
            files = ", ".join(report.files.get(table, []))
            self.stdout.write(f"{table} ({files}): {report.total(table)}")
            for group, count in sorted(groups.items()):
                self.stdout.write(f"  {group}: {count}")
        for problem in report.problems:
            self.stdout.write(
                f"PROBLEM {problem.table} {problem.file}:{problem.line} [{problem.code}] "
                f"{problem.message_zh} / {problem.message_en}"
                + (f" 「{problem.text}」" if problem.text else "")
            )
        self.stdout.write(report.summary())
