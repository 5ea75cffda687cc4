"""Send the outbox's unsent messages now, without waiting for a worker."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from partnerhub.core.models import OutboxMessage
from partnerhub.core.outbox import outbox_drain_now


class Command(BaseCommand):
    help = (
        "Send every unsent outbox message through the configured email backend (SMTP in "
        "production), recording each attempt; messages that failed PARTNERHUB_OUTBOX_MAX_ATTEMPTS "
        "times are left for an operator."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be sent; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            due = OutboxMessage.objects.filter(
                sent_at__isnull=True, attempts__lt=settings.PARTNERHUB_OUTBOX_MAX_ATTEMPTS
            ).count()
            self.stdout.write(f"core_outbox_drain: would try {due} messages.")
            return
        result = outbox_drain_now()
        self.stdout.write(f"core_outbox_drain: {result.sent} sent, {result.failed} failed.")
