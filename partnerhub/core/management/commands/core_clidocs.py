"""Regenerate docs/cli.md from the help of every Partner Hub management command."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.core.clidocs import CLI_DOCS, partnerhub_commands, render_cli_docs


class Command(BaseCommand):
    help = "Regenerate docs/cli.md from the help of every Partner Hub management command."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; fail when docs/cli.md is out of date.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = render_cli_docs()
        current = CLI_DOCS.read_text(encoding="utf-8") if CLI_DOCS.exists() else ""
        count = len(partnerhub_commands())
        if current == text:
            self.stdout.write(f"docs/cli.md is up to date ({count} commands).")
        elif options["dry_run"]:
            raise CommandError("docs/cli.md is out of date: run `make docs`.")
        else:
            CLI_DOCS.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote docs/cli.md ({count} commands).")
