"""Send the reminders about reports that fall due or are overdue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerhub.grants.implementation import reports_remind
from partnerhub.grants.selectors import overdue_reports


class Command(BaseCommand):
    help = (
        "Queue reminders (through the outbox) for grant reports due within two weeks and for "
        "overdue ones, each once. Run it daily (cron or the grants_remind task)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count overdue, send nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            self.stdout.write(f"{overdue_reports().count()} overdue reports; nothing sent.")
            return
        self.stdout.write(f"Queued {reports_remind()} reminders.")
