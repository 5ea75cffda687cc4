"""``iati_import``: import IATI activity files or directories of them, one dataset per file."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerhub.activities.services import refreshes_deferred
from partnerhub.core.exceptions import PartnerHubError
from partnerhub.iati.datasets import dataset_identity
from partnerhub.iati.importer import (
    ImportResult,
    ReadAhead,
    dataset_import,
    dataset_import_needed,
    dataset_record_crash,
)
from partnerhub.iati.models import Dataset
from partnerhub.iati.uploads import dataset_import_enqueue, dataset_job


def _files(paths: list[str]) -> list[tuple[Path, Path]]:
    """(file, import root): a directory is the root of the files below it; a file named on its
    own has the current directory as its root."""
    found: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend((p, path) for p in sorted(path.rglob("*.xml")) if p.is_file())
        elif path.is_file():
            found.append((path, Path.cwd()))
        else:
            raise CommandError(f"No such file or directory: {raw}")
    return found


class Command(BaseCommand):
    help = (
        "Import IATI activity XML files (versions 1.01-2.03) as datasets, one per file. "
        "Re-importing a changed file replaces its activities; an unchanged one is skipped."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH_OR_DIR")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and report; write nothing."
        )
        parser.add_argument(
            "--force", action="store_true", help="Import even if the bytes are unchanged."
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue each file as a job for a worker (core_worker) instead of importing it here; "
            "its progress shows on the dataset's page.",
        )
        parser.add_argument(
            "--serial",
            action="store_true",
            help="Read and write in one process (by default a second process reads the files in "
            "turn while this one writes them).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = _files(options["paths"])
        if options["background"]:
            self._enqueue(files, options)
            return
        totals = {
            "imported": 0,
            "skipped": 0,
            "failed": 0,
            "activities": 0,
            "superseded": 0,
            "problems": 0,
        }
        # One process reads the files to be imported, in order, while this one writes them.
        reading = (
            []
            if options["serial"]
            else [
                path
                for path, root in files
                if dataset_import_needed(path=path, root=root, force=options["force"])
            ]
        )
        # The list's index and the stored totals are refreshed once, after the last file.
        with refreshes_deferred(), ReadAhead(reading) as read_ahead:
            for number, (path, root) in enumerate(files, start=1):
                self.stdout.write(f"[{number}/{len(files)}] {path} ", ending="")
                result = self._one(path, root, options, read_ahead if path in reading else None)
                self._count(result, totals)
        self.stdout.write(
            "{imported} imported, {skipped} skipped, {failed} failed; {activities} activities, "
            "{superseded} superseded copies, {problems} problems recorded".format(**totals)
            + (" (dry run: nothing written)" if options["dry_run"] else "")
        )
        if totals["failed"]:
            raise CommandError(
                f"{totals['failed']} of {len(files)} files failed; see the lines above.",
                returncode=1,
            )

    def _count(self, result: ImportResult, totals: dict[str, int]) -> None:
        self._report(result)
        key = {"imported": "imported", "dry-run": "imported", "skipped": "skipped"}.get(
            result.status, "failed"
        )
        totals[key] += 1
        if key != "failed":  # a failed file's writes were rolled back: nothing to count
            totals["activities"] += result.activities
            totals["superseded"] += result.superseded
        totals["problems"] += result.problems

    def _enqueue(self, files: list[tuple[Path, Path]], options: dict[str, Any]) -> None:
        """Queue every file as an ``iati.import`` job; the import itself runs on a worker."""
        queued = refused = 0
        for path, root in files:
            if options["dry_run"]:
                self.stdout.write(f"{path}: would be queued")
                queued += 1
                continue
            try:
                dataset = dataset_import_enqueue(
                    path=path.resolve(),
                    name=dataset_identity(path, root=root).name,
                    force=options["force"],
                )
            except PartnerHubError as exc:
                self.stdout.write(self.style.ERROR(f"{path}: {exc.message_en}"))
                refused += 1
                continue
            job = dataset_job(dataset)
            self.stdout.write(f"{path}: job {job.pk if job else '?'} queued for a worker")
            queued += 1
        verb = "would queue" if options["dry_run"] else "queued"
        self.stdout.write(f"{verb} {queued} files for a worker, {refused} refused")

    def _one(
        self, path: Path, root: Path, options: dict[str, Any], read_ahead: ReadAhead | None
    ) -> ImportResult:
        def progress(done: int, total: int, activities: int) -> None:
            if self.stdout.isatty() if hasattr(self.stdout, "isatty") else False:
                sys.stdout.write(f"\r  {done * 100 // max(total, 1)}% {activities} activities")

        try:
            return dataset_import(
                path=path,
                root=root,
                force=options["force"],
                dry_run=options["dry_run"],
                progress=progress,
                parallel=not options["serial"],
                read_ahead=read_ahead,
            )
        except Exception as exc:  # noqa: BLE001 - the outermost loop records whatever stopped a file
            name = dataset_identity(path, root=root).name
            dataset = Dataset.objects.filter(name=name).first()
            if dataset is not None and not options["dry_run"]:
                dataset_record_crash(dataset=dataset, detail=f"{type(exc).__name__}: {exc}")
            return ImportResult(name=name, status="failed", error=f"{type(exc).__name__}: {exc}")

    def _report(self, result: ImportResult) -> None:
        if result.status in {"imported", "dry-run"}:
            rate = result.activities / result.seconds if result.seconds else 0
            superseded = f" ({result.superseded} superseded copies)" if result.superseded else ""
            renamed = f", renamed from {result.renamed_from}" if result.renamed_from else ""
            self.stdout.write(
                f"{result.status}: {result.activities} activities{superseded}, "
                f"{result.problems} problems, version {result.version or '?'}, "
                f"{result.seconds:.2f}s ({rate:.0f}/s); dataset {result.name}{renamed}"
            )
        elif result.status == "skipped":
            same = f" (the same bytes as dataset {result.same_as})" if result.same_as else ""
            renamed = f"; renamed from {result.renamed_from}" if result.renamed_from else ""
            self.stdout.write(f"skipped: unchanged since the last import{same}{renamed}")
        else:
            where = f" at line {result.line}" if result.line else ""
            self.stdout.write(self.style.ERROR(f"failed{where}: {result.error}"))
