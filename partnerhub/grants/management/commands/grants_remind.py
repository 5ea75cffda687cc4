"""Send the reminders about reports that fall due or are overdue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerhub.grants.implementation import reports_remind
from partnerhub.grants.selectors import overdue_reports


class Command(BaseCommand):
    help = (
        "Queue reminders (through the outbox) for grant reports due within two weeks and for "
        "overdue ones, each once. Run it daily from cron, or once with --schedule to start the "
        "worker's daily task (grants_remind_daily), which schedules itself for the next morning."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count overdue, send nothing.")
        parser.add_argument(
            "--schedule", action="store_true", help="Start the daily task on the worker's queue."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            self.stdout.write(f"{overdue_reports().count()} overdue reports; nothing sent.")
            return
        if options["schedule"]:
            from partnerhub.grants.tasks import grants_remind_daily

            result = grants_remind_daily.enqueue()
            self.stdout.write(f"Scheduled the daily reminders (task {result.id}).")
            return
        self.stdout.write(f"Queued {reports_remind()} reminders.")
