"""``iati_export``: write activities (all, or filtered like the activity list) as IATI 2.03 XML."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerhub.activities.lists import ACTIVITIES
from partnerhub.core.exceptions import InvalidInput
from partnerhub.iati.exporter import activities_export, organisations_export
from partnerhub.iati.filters import FILTER_NAMES, filtered_activities
from partnerhub.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Export activities as an IATI 2.03 activity file (all by default, or filtered with the "
        "activity list's filters), and optionally an IATI organisation file."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output", default="-", help="File to write (default: standard output)."
        )
        parser.add_argument(
            "--organisations", metavar="FILE", help="Also write an organisation file."
        )
        for f in ACTIVITIES.filters:
            parser.add_argument(
                f"--{f.name}", default="", help=f"Filter, as the list's: {f.description}"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        query = {name: str(options[name]) for name in FILTER_NAMES if options.get(name)}
        try:
            activities = filtered_activities(query)
        except InvalidInput as exc:
            raise CommandError(exc.message_en) from exc
        output = options["output"]
        target = sys.stdout.buffer if output == "-" else output
        count = activities_export(activities, target)
        summary = f"{count} activities written to {output if output != '-' else 'standard output'}"
        if options["organisations"]:
            orgs = organisations_export(
                Organisation.objects.order_by("pk").iterator(), options["organisations"]
            )
            summary += f"; {orgs} organisations written to {options['organisations']}"
        self.stderr.write(summary) if output == "-" else self.stdout.write(summary)
