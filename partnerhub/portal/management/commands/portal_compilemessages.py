"""Compile the translation catalogues (.po to .mo) with polib, so no gettext binaries are needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Compile every .po catalogue under LOCALE_PATHS into its .mo file using polib "
        "(no gettext binaries needed). With --check, only report catalogues whose entries lack a "
        "translation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Read and check, write nothing.")
        parser.add_argument(
            "--check", action="store_true", help="Fail when an entry has no translation."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        catalogues = sorted(p for root in settings.LOCALE_PATHS for p in Path(root).rglob("*.po"))
        untranslated = 0
        for po_path in catalogues:
            catalogue = polib.pofile(str(po_path))
            missing = [e.msgid for e in catalogue.untranslated_entries()]
            missing += [e.msgid for e in catalogue.fuzzy_entries()]
            untranslated += len(missing)
            for msgid in missing:
                self.stderr.write(f"{po_path}: untranslated {msgid!r}")
            if not options["dry_run"] and not options["check"]:
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        if options["check"] and untranslated:
            raise CommandError(f"{untranslated} entries have no translation.")
        verb = "Checked" if options["dry_run"] or options["check"] else "Compiled"
        self.stdout.write(
            f"{verb} {len(catalogues)} catalogues, {untranslated} untranslated entries."
        )
