"""Link the Appendix 1 grants of the registry to closed historical applications."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerhub.grants.historical import historical_grants_register


class Command(BaseCommand):
    help = (
        "Show the white paper's Appendix 1 NGO grants (activities read by seeds_import) in the "
        "grants register as closed historical grants of their implementing organisations. "
        "Idempotent: grants already linked are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = historical_grants_register(dry_run=options["dry_run"])
        verb = "Would link" if options["dry_run"] else "Linked"
        self.stdout.write(
            f"{verb} {result.linked} historical grants; {result.already} already linked, "
            f"{result.without_organisation} without a known organisation."
        )
