"""Run a background worker for the task backend the settings choose (database or Redis)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run a worker that executes background tasks (IATI imports, the outbox) from the queue the "
        "settings choose: the database by default, Redis when PARTNERHUB_REDIS_URL is set. Start as "
        "many as you like, on as many machines as share the database (and Redis)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every task that is waiting, then exit (instead of waiting for more).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at an empty database queue (default 1).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say which backend and queue the worker would use; run nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        redis = backend.startswith("django_tasks_rq")
        where = "Redis (RQ)" if redis else "the database"
        if options["dry_run"]:
            self.stdout.write(f"core_worker: would run tasks from {where} ({backend}).")
            return
        verbosity = int(options.get("verbosity", 1))
        if redis:
            call_command(
                "rqworker",
                "default",
                burst=options["batch"],
                with_scheduler=True,
                verbosity=verbosity,
            )
        else:
            call_command(
                "db_worker",
                batch=options["batch"],
                interval=options["interval"],
                startup_delay=False,
                reload=False,
                queue_name="*",
                verbosity=verbosity,
            )
        self.stdout.write(f"core_worker: stopped; tasks came from {where}.")
