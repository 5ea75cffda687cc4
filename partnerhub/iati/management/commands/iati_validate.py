"""``iati_validate``: check IATI files against schema, codelists and the Standard's rulesets."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerhub.iati.validator import FileReport, validate_file


class Command(BaseCommand):
    help = (
        "Validate IATI activity files: the XSD of each file's version, the codelists and the "
        "IATI Standard's rulesets, reporting every problem with its line. Exits 1 on errors."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[Path] = []
        for raw in options["paths"]:
            path = Path(raw)
            if path.is_dir():
                files.extend(sorted(path.rglob("*.xml")))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"No such file or directory: {raw}")
        reports = [validate_file(path) for path in files]
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({"files": [r.as_dict() for r in reports]}, ensure_ascii=False, indent=1)
            )
        else:
            for report in reports:
                self._text(report)
        invalid = sum(1 for r in reports if not r.valid)
        summary = (
            f"{len(reports)} files checked, {len(reports) - invalid} valid, {invalid} with errors"
        )
        if options["format"] == "text":
            self.stdout.write(summary)
        if invalid:
            raise SystemExit(1)

    def _text(self, report: FileReport) -> None:
        state = "valid" if report.valid else f"{report.errors} errors"
        self.stdout.write(
            f"{report.path}: IATI {report.version or '?'}, {report.activities} activities, {state}, {len(report.problems) - report.errors} warnings"
        )
        for p in report.problems:
            self.stdout.write(
                f"  {report.path}:{p.line or '-'}: {p.severity} {p.code}: {p.message_en}"
            )
