"""Load IATI codelists, countries, Taiwan's relationships, SDG texts and exchange rates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.core.exceptions import PartnerHubError
from partnerhub.reference.services import KINDS, reference_load


class Command(BaseCommand):
    help = (
        "Load reference data: IATI codelists (PARTNERHUB_IATI_DATA), countries with zh-Hant names, "
        "Taiwan's dated relationships, SDG goals and targets (PARTNERHUB_SDG_DATA) and exchange "
        "rates. Idempotent: a second run writes nothing. Prints one line per kind."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )
        parser.add_argument(
            "--only",
            action="append",
            choices=KINDS,
            metavar="KIND",
            help=f"Load only this kind (repeatable): {', '.join(KINDS)}.",
        )
        parser.add_argument(
            "--exchange-rates",
            type=Path,
            metavar="FILE",
            help="A CSV of currency,date,per_usd to load instead of the project's default rates.",
        )
        parser.add_argument(
            "--iati-data", type=Path, metavar="DIR", help="Override PARTNERHUB_IATI_DATA."
        )
        parser.add_argument(
            "--sdg-data", type=Path, metavar="DIR", help="Override PARTNERHUB_SDG_DATA."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = reference_load(
                iati_dir=options["iati_data"],
                sdg_dir=options["sdg_data"],
                exchange_rates=options["exchange_rates"],
                kinds=options["only"] or KINDS,
                dry_run=options["dry_run"],
            )
        except PartnerHubError as exc:
            raise CommandError(f"{exc.message_zh}\n{exc.message_en}") from exc
        for line in report.lines():
            self.stdout.write(line)
