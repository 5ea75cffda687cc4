"""Import IATI files as datasets: stream, map, and write in batches inside one transaction.

A file is a dataset. Re-importing a file replaces its activities atomically (they hang off the
dataset's Provenance row); a file whose bytes were already imported is skipped; a file that
fails as a whole leaves the database as it was, apart from the dataset row saying why.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from partnerhub.activities.records import ActivityRecord
from partnerhub.activities.services import activity_bulk_create, activity_delete_by_provenance
from partnerhub.core.models import Provenance, Source
from partnerhub.iati import versions
from partnerhub.iati.models import Dataset, DatasetStatus, ImportProblem
from partnerhub.iati.problems import Problem, ProblemSink, make_problem
from partnerhub.iati.publishers import OrganisationResolver
from partnerhub.iati.reader import read_activity, taiwan_prefixes
from partnerhub.iati.xmlsafe import IatiFileError, MalformedXml, iter_activities

BATCH_SIZE = 1000
#: When a file is not the encoding it declares, it is read again as this one.
FALLBACK_ENCODING = "windows-1252"

Progress = Callable[[int, int, int], None]  # bytes read, bytes total, activities read


@dataclass
class ImportResult:
    """What happened to one file."""

    name: str
    status: str
    activities: int = 0
    problems: int = 0
    seconds: float = 0.0
    size_bytes: int = 0
    version: str = ""
    error: str = ""
    line: int | None = None
    dataset_id: int | None = None
    sample_problems: list[Problem] = field(default_factory=list)


class _DryRunRollback(Exception):
    """Raised to roll back a dry run's writes once everything was read."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dataset_import(
    *,
    path: Path,
    name: str = "",
    force: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    dataset: Dataset | None = None,
) -> ImportResult:
    """Import one IATI file as the dataset ``name`` (its file name by default)."""
    name = name or path.name
    size = path.stat().st_size
    sha = file_sha256(path)
    result = ImportResult(name=name, status=DatasetStatus.RUNNING, size_bytes=size)
    if not force and Dataset.objects.filter(sha256=sha, status=DatasetStatus.IMPORTED).exists():
        result.status = DatasetStatus.SKIPPED
        return result
    started = time.perf_counter()
    if dry_run:
        return _dry_run(path, result, started, progress)
    dataset = dataset or Dataset.objects.filter(name=name).first() or Dataset(name=name)
    dataset.path, dataset.sha256, dataset.size_bytes = str(path), sha, size
    dataset.status, dataset.error = DatasetStatus.RUNNING, ""
    dataset.started_at, dataset.finished_at = timezone.now(), None
    dataset.save()
    result.dataset_id = dataset.pk
    try:
        with transaction.atomic():
            _replace(dataset, path, result, progress)
    except IatiFileError as exc:
        _fail(dataset, result, exc.message_en, exc.message_zh, exc.line)
    result.seconds = time.perf_counter() - started
    return result


def _dry_run(
    path: Path, result: ImportResult, started: float, progress: Progress | None
) -> ImportResult:
    writer = _Writer(dataset=None, provenance=None, result=result)
    try:
        with transaction.atomic():
            _stream(path, writer, progress)
            raise _DryRunRollback
    except _DryRunRollback:
        result.status = "dry-run"
    except IatiFileError as exc:
        result.status, result.error, result.line = DatasetStatus.FAILED, exc.message_en, exc.line
    result.seconds = time.perf_counter() - started
    return result


def _replace(dataset: Dataset, path: Path, result: ImportResult, progress: Progress | None) -> None:
    old = dataset.provenance
    if old is not None:
        activity_delete_by_provenance(provenance=old)
    ImportProblem.objects.filter(dataset=dataset).delete()
    provenance = Provenance.objects.create(source=Source.IATI, file=dataset.name[:500])
    writer = _Writer(dataset=dataset, provenance=provenance, result=result)
    version = _stream(path, writer, progress)
    dataset.provenance = provenance
    dataset.version = version
    dataset.publisher = writer.publisher[:200]
    dataset.activity_count = result.activities
    dataset.problem_count = result.problems
    dataset.status = DatasetStatus.IMPORTED
    dataset.finished_at = timezone.now()
    dataset.save()
    if old is not None:
        old.delete()
    result.status, result.version = DatasetStatus.IMPORTED, version


def _fail(
    dataset: Dataset, result: ImportResult, message_en: str, message_zh: str, line: int | None
) -> None:
    """Record a whole-file failure (its writes were rolled back) on the dataset row."""
    problem_en = make_problem("import-failed", line=line, detail=message_en)
    problem_zh = make_problem("import-failed", line=line, detail=message_zh)
    dataset.status, dataset.error = DatasetStatus.FAILED, message_en
    dataset.finished_at = timezone.now()
    dataset.problem_count = ImportProblem.objects.filter(dataset=dataset).count() + 1
    dataset.save()
    ImportProblem.objects.create(
        dataset=dataset,
        line=line,
        code="import-failed",
        severity="error",
        message_en=problem_en.message_en,
        message_zh=problem_zh.message_zh,
    )
    result.status, result.error, result.line = DatasetStatus.FAILED, message_en, line


def dataset_record_crash(*, dataset: Dataset, detail: str) -> None:
    """Record an unexpected error caught at the outermost loop (command or upload thread)."""
    _fail(dataset, ImportResult(name=dataset.name, status=""), detail, detail, None)


class _Writer:
    """Collects records and problems and writes them in batches."""

    def __init__(
        self, *, dataset: Dataset | None, provenance: Provenance | None, result: ImportResult
    ) -> None:
        self.dataset, self.provenance, self.result = dataset, provenance, result
        self.sink = ProblemSink()
        self.batch: list[tuple[ActivityRecord, set[str]]] = []
        self.resolver = OrganisationResolver(provenance=provenance)
        self.seen: set[str] = set()
        self.publisher = ""

    def add(self, record: ActivityRecord, refs: set[str], line: int | None) -> None:
        if record.iati_identifier in self.seen:
            self.sink.add("duplicate-identifier", line=line, identifier=record.iati_identifier)
        self.seen.add(record.iati_identifier)
        self.publisher = self.publisher or record.reporting_org_ref
        self.batch.append((record, refs))
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            records = self.resolver.resolve(self.batch)
            self.result.activities += activity_bulk_create(
                records=records, provenance=self.provenance
            )
            self.batch = []
        self.flush_problems()

    def flush_problems(self) -> None:
        problems = list(self.sink.drain())
        self.result.problems += len(problems)
        if self.dataset is None:
            room = 1000 - len(self.result.sample_problems)
            self.result.sample_problems.extend(problems[: max(room, 0)])
            return
        ImportProblem.objects.bulk_create(
            (ImportProblem(dataset=self.dataset, **_problem_fields(p)) for p in problems),
            batch_size=1000,
        )


def _problem_fields(problem: Problem) -> dict[str, Any]:
    fields = problem.as_dict()
    return fields


def _stream(path: Path, writer: _Writer, progress: Progress | None) -> str:
    """Read every activity of ``path`` into ``writer``; returns the version the file was read as."""
    try:
        with transaction.atomic():
            return _stream_once(path, writer, progress, encoding=None)
    except MalformedXml as exc:
        if "encoding" not in exc.message_en.lower() and "utf-8" not in exc.message_en.lower():
            raise
    writer.sink.add("encoding-fallback", line=None, declared="UTF-8", used=FALLBACK_ENCODING)
    writer.result.activities = writer.result.problems = 0
    writer.batch, writer.seen = [], set()
    return _stream_once(path, writer, progress, encoding=FALLBACK_ENCODING)


def _stream_once(
    path: Path, writer: _Writer, progress: Progress | None, *, encoding: str | None
) -> str:
    version = ""
    total = path.stat().st_size
    prefixes = taiwan_prefixes()
    with path.open("rb") as handle:
        for index, element in enumerate(_activities(handle, encoding), start=1):
            if not version:
                version = _version(element, writer.sink)
            try:
                read = read_activity(
                    element, version=version, sink=writer.sink, index=index, prefixes=prefixes
                )
            except (ValueError, TypeError, ArithmeticError) as exc:
                writer.sink.add("activity-failed", line=element.sourceline, detail=str(exc)[:200])
                continue
            if read is not None:
                writer.add(read[0], read[1], element.sourceline)
            if progress is not None and index % 500 == 0:
                progress(handle.tell(), total, index)
    if not version:
        writer.sink.add("no-activities", line=None)
        version = versions.ASSUMED_WHEN_MISSING
    writer.flush()
    if progress is not None:
        progress(total, total, writer.result.activities)
    return version


def _activities(handle: IO[bytes], encoding: str | None) -> Iterator[Any]:
    return iter_activities(handle, encoding=encoding)


def _version(element: Any, sink: ProblemSink) -> str:
    parent = element.getparent()
    root = parent if parent is not None else element
    raw = root.get("version")
    version, understood = versions.normalise_version(raw)
    if raw is None:
        sink.add("missing-version", line=root.sourceline, assumed=version)
    elif not understood:
        sink.add("unknown-version", line=root.sourceline, version=raw, assumed=version)
    return version
