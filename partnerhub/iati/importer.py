"""Import IATI files as datasets: stream, map, and write in batches inside one transaction.

A file is a dataset. Re-importing a file replaces its activities atomically (they hang off the
dataset's Provenance row); a file whose bytes were already imported is skipped; a file that
fails as a whole leaves the database as it was, apart from the dataset row saying why.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from queue import Empty
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from partnerhub.activities.models import Activity
from partnerhub.activities.records import ActivityRecord
from partnerhub.activities.services import (
    activities_recount,
    activity_bulk_create,
    activity_delete_by_provenance,
    activity_extra_json,
    activity_search_text,
    bulk_insert_rows,
)
from partnerhub.core.models import Provenance, Source
from partnerhub.core.services import provenance_create, provenance_delete
from partnerhub.core.text import han_bigrams
from partnerhub.iati import versions
from partnerhub.iati.datasets import dataset_identity
from partnerhub.iati.duplicates import DuplicateRule, promote_orphans
from partnerhub.iati.models import Dataset, DatasetStatus, ImportProblem, SupersededActivity
from partnerhub.iati.problems import Problem, ProblemSink, make_problem
from partnerhub.iati.publishers import OrganisationResolver
from partnerhub.iati.reader import read_activity, taiwan_prefixes
from partnerhub.iati.xmlsafe import HostileXml, IatiFileError, MalformedXml, iter_activities

BATCH_SIZE = 1000
#: Longer texts are cut to this many characters, with a ``text-truncated`` problem.
TEXT_LIMIT = 1_000_000
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
    #: Copies kept as superseded versions because another dataset's copy is current.
    superseded: int = 0
    #: The dataset's former name when this file was found under a new identity (a rename).
    renamed_from: str = ""
    #: The other dataset whose identical bytes made this file's import unnecessary.
    same_as: str = ""


_DRY_RUN_EN = "a dry run counts the first copy only."
_DRY_RUN_ZH = "試行匯入只計算第一份。"


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
    root: Path | None = None,
    force: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    dataset: Dataset | None = None,
    parallel: bool = False,
    read_ahead: ReadAhead | None = None,
) -> ImportResult:
    """Import one IATI file as a dataset.

    The dataset's identity is ``name`` when given, else the registry's ``publisher/dataset``
    when metadata is found beside the file, else the path relative to ``root`` (the file's own
    folder by default); see :func:`partnerhub.iati.datasets.dataset_identity`. ``parallel``
    reads the file in a forked process while this one writes (command line only); with
    ``read_ahead`` (see :class:`ReadAhead`) that process is already reading it.
    """
    identity = dataset_identity(path, root=root, name=name)
    name = identity.name
    size = path.stat().st_size
    sha = _sha256_of(path)
    result = ImportResult(name=name, status=DatasetStatus.RUNNING, size_bytes=size)
    if dataset is None:
        dataset, result.renamed_from = _find_dataset(name, sha, rename=not dry_run)
    if not force:
        same = _same_bytes(dataset, sha)
        if same is not None:
            result.status, result.dataset_id = DatasetStatus.SKIPPED, same.pk
            result.same_as = "" if same.name == name else same.name
            return result
    started = time.perf_counter()
    if size == 0:
        return _empty(dataset or Dataset(name=name), result, dry_run, path, sha)
    _cache_for_bulk_writes()
    if dry_run:
        return _dry_run(path, result, started, progress, parallel, read_ahead)
    dataset = dataset or Dataset(name=name)
    dataset.path, dataset.sha256, dataset.size_bytes = str(path), sha, size
    dataset.registry_publisher = identity.registry_publisher
    dataset.registry_name = identity.registry_name
    dataset.dated_at = identity.dated_at
    dataset.status, dataset.error = DatasetStatus.RUNNING, ""
    dataset.started_at, dataset.finished_at = timezone.now(), None
    dataset.save()
    result.dataset_id = dataset.pk
    try:
        with transaction.atomic():
            _replace(dataset, path, result, progress, parallel, read_ahead)
            # Committed with the dataset: caches and stored totals see a new version, and the
            # list's paginator an exact count, exactly when the new rows become visible.
            activities_recount()
    except IatiFileError as exc:
        _fail(dataset, result, exc.message_en, exc.message_zh, exc.line)
    result.seconds = time.perf_counter() - started
    return result


def _cache_for_bulk_writes() -> None:
    """Give this SQLite connection a page cache the size of ``PARTNERHUB_IATI_IMPORT_SQLITE_CACHE_MB``:
    with SQLite's 2 MiB the indexes of a growing database are read back from the file at every
    batch (at 100,000 activities, a fifth of the writing process's time). It stays set for the
    connection's life (a command's, or a worker's)."""
    if connection.vendor == "sqlite":
        kib = int(settings.PARTNERHUB_IATI_IMPORT_SQLITE_CACHE_MB) * 1024
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{kib}")


def dataset_import_needed(*, path: Path, root: Path | None = None, force: bool = False) -> bool:
    """Whether :func:`dataset_import` would read ``path`` (not skipped as unchanged bytes); the
    command asks before the run so that its reading process never reads a file to be skipped."""
    if force or path.stat().st_size == 0:
        return True
    sha = _sha256_of(path)
    dataset, _renamed = _find_dataset(dataset_identity(path, root=root).name, sha, rename=False)
    return _same_bytes(dataset, sha) is None


def _same_bytes(dataset: Dataset | None, sha: str) -> Dataset | None:
    """The imported dataset whose bytes these are, when there is one. Unchanged bytes are not
    read again: this dataset's, or (for a new identity) another dataset's, which the summary
    names (--force imports the copy anyway)."""
    same = (
        dataset
        if dataset is not None and dataset.pk
        else Dataset.objects.filter(sha256=sha).first()
    )
    if same is not None and same.sha256 == sha and same.status == DatasetStatus.IMPORTED:
        return same
    return None


def _sha256_of(path: Path) -> str:
    """``file_sha256``, computed once per file version (the command asks twice per file)."""
    stat = path.stat()
    return _sha256_cached(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4096)
def _sha256_cached(path: str, size: int, mtime_ns: int) -> str:
    return file_sha256(Path(path))


def _find_dataset(name: str, sha: str, *, rename: bool) -> tuple[Dataset | None, str]:
    """The dataset with this identity; or one whose file moved here (a rename, reported)."""
    dataset = Dataset.objects.filter(name=name).first()
    if dataset is not None or not rename:
        return dataset, ""
    for moved in Dataset.objects.filter(sha256=sha, status=DatasetStatus.IMPORTED):
        if moved.path and not Path(moved.path).exists():
            old = moved.name
            dataset_rename(dataset=moved, name=name)
            return moved, old
    return None, ""


def dataset_rename(*, dataset: Dataset, name: str) -> Dataset:
    """Give ``dataset`` a new identity, keeping its activities, with a ``dataset-renamed`` problem."""
    with transaction.atomic():
        old = dataset.name
        dataset.name = name
        dataset.save(update_fields=["name"])
        problem = make_problem("dataset-renamed", old=old, new=name)
        ImportProblem.objects.create(
            dataset=dataset,
            code=problem.code,
            severity=problem.severity,
            message_en=problem.message_en,
            message_zh=problem.message_zh,
        )
    return dataset


def _empty(
    dataset: Dataset, result: ImportResult, dry_run: bool, path: Path, sha: str
) -> ImportResult:
    """A file of zero bytes: refused with a message that says so (there is no line to name)."""
    problem = make_problem("empty-file")
    result.status, result.error = DatasetStatus.FAILED, problem.message_en
    if dry_run:
        return result
    dataset.path, dataset.sha256, dataset.size_bytes = str(path), sha, 0
    dataset.status, dataset.error = DatasetStatus.FAILED, problem.message_en
    dataset.started_at = dataset.finished_at = timezone.now()
    dataset.problem_count = 1
    dataset.save()
    ImportProblem.objects.filter(dataset=dataset, code="empty-file").delete()
    ImportProblem.objects.create(
        dataset=dataset,
        code=problem.code,
        severity=problem.severity,
        message_en=problem.message_en,
        message_zh=problem.message_zh,
    )
    result.dataset_id = dataset.pk
    return result


def _dry_run(
    path: Path,
    result: ImportResult,
    started: float,
    progress: Progress | None,
    parallel: bool,
    read_ahead: ReadAhead | None,
) -> ImportResult:
    writer = _Writer(dataset=None, provenance=None, result=result)
    writer.parallel, writer.read_ahead = parallel, read_ahead
    try:
        with transaction.atomic():
            _stream(path, writer, progress)
            raise _DryRunRollback
    except _DryRunRollback:
        result.status = "dry-run"
    except IatiFileError as exc:
        result.status, result.error, result.line = DatasetStatus.FAILED, exc.message_en, exc.line
        result.activities = result.superseded = 0
    result.seconds = time.perf_counter() - started
    return result


def _replace(
    dataset: Dataset,
    path: Path,
    result: ImportResult,
    progress: Progress | None,
    parallel: bool,
    read_ahead: ReadAhead | None,
) -> None:
    old = dataset.provenance
    held: set[str] = set()
    if old is not None:
        held = set(
            Activity.objects.filter(provenance=old).values_list("iati_identifier", flat=True)
        )
        activity_delete_by_provenance(provenance=old)
    SupersededActivity.objects.filter(dataset=dataset).delete()
    ImportProblem.objects.filter(dataset=dataset).exclude(code="dataset-renamed").delete()
    provenance = provenance_create(source=Source.IATI, file=dataset.name[:500])
    writer = _Writer(dataset=dataset, provenance=provenance, result=result)
    writer.parallel, writer.read_ahead = parallel, read_ahead
    version = _stream(path, writer, progress)
    # Activities this dataset no longer publishes: another dataset's copy becomes current.
    promote_orphans(dataset=dataset, identifiers=held - writer.seen)
    if writer.duplicates is not None:
        result.superseded = writer.duplicates.superseded
        # Copies written with an earlier batch that a later copy in the same file replaced.
        result.activities -= writer.duplicates.demoted_written
    dataset.provenance = provenance
    dataset.version = version
    dataset.publisher = writer.publisher[:200]
    dataset.activity_count = result.activities + result.superseded
    dataset.problem_count = result.problems
    dataset.status = DatasetStatus.IMPORTED
    dataset.finished_at = timezone.now()
    dataset.save()
    if old is not None:
        provenance_delete(provenance=old)
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
    # Everything read from the file was rolled back: the summary counts only what was committed.
    result.activities, result.superseded, result.problems = 0, 0, 1


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
        self.lines: list[int | None] = []
        self.duplicates = (
            DuplicateRule(dataset=dataset, provenance=provenance, sink=self.sink)
            if dataset is not None
            else None
        )
        self.resolver = OrganisationResolver(provenance=provenance)
        self.seen: set[str] = set()
        self.first_lines: dict[str, str] = {}
        self.publisher = ""
        self.parallel = False
        self.read_ahead: ReadAhead | None = None

    def restart(self) -> None:
        """Forget what was read (and rolled back) before reading again in another encoding."""
        self.result.activities = self.result.problems = 0
        self.batch, self.lines, self.seen, self.first_lines = [], [], set(), {}
        self.sink = ProblemSink()
        if self.dataset is not None:
            self.duplicates = DuplicateRule(
                dataset=self.dataset, provenance=self.provenance, sink=self.sink
            )
        self.sink.add("encoding-fallback", line=None, declared="UTF-8", used=FALLBACK_ENCODING)

    def add(self, record: ActivityRecord, refs: set[str], line: int | None) -> None:
        if self.duplicates is None and record.iati_identifier in self.seen:
            # A dry run stores nothing aside: the first copy stands for the activity.
            self.sink.add(
                "duplicate-identifier",
                line=line,
                identifier=record.iati_identifier,
                first=self.first_lines.get(record.iati_identifier, "?"),
                second="?" if line is None else str(line),
                outcome=_DRY_RUN_EN,
                outcome_zh=_DRY_RUN_ZH,
            )
            return
        if self.duplicates is None:
            self.first_lines[record.iati_identifier] = "?" if line is None else str(line)
        self.seen.add(record.iati_identifier)
        self.publisher = self.publisher or record.reporting_org_ref
        self.batch.append((record, refs))
        self.lines.append(line)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            records = self.resolver.resolve(self.batch)
            if self.duplicates is not None:
                records = self.duplicates.split(records, self.lines)
            self.result.activities += activity_bulk_create(
                records=records, provenance=self.provenance
            )
            self.batch, self.lines = [], []
        self.flush_problems()

    def flush_problems(self) -> None:
        problems = list(self.sink.drain())
        self.result.problems += len(problems)
        if self.dataset is None:
            room = 1000 - len(self.result.sample_problems)
            self.result.sample_problems.extend(problems[: max(room, 0)])
            return
        # Plain tuples: a model instance per problem cost more than the rest of the flush.
        pk = self.dataset.pk
        bulk_insert_rows(
            ImportProblem,
            _PROBLEM_COLUMNS,
            [
                (pk, p.line, p.xpath, p.code, p.severity, p.message_en, p.message_zh)
                for p in problems
            ],
        )


_PROBLEM_COLUMNS = (
    "dataset_id", "line", "xpath", "code", "severity", "message_en", "message_zh",
)  # fmt: skip


def _stream(path: Path, writer: _Writer, progress: Progress | None) -> str:
    """Read every activity of ``path`` into ``writer``; returns the version the file was read as."""
    if writer.parallel or writer.read_ahead is not None:
        return _stream_parallel(path, writer, progress)
    try:
        with transaction.atomic():
            return _stream_once(path, writer, progress, encoding=None)
    except MalformedXml as exc:
        if not _is_encoding_error(exc):
            raise
    writer.restart()
    return _stream_once(path, writer, progress, encoding=FALLBACK_ENCODING)


def _is_encoding_error(exc: MalformedXml) -> bool:
    text = exc.message_en.lower()
    return "encoding" in text or "utf-8" in text


class _FileReader:
    """Turns one file into (record, refs, line, bytes read, index) items; problems go to ``sink``."""

    def __init__(self, path: Path, encoding: str | None, sink: ProblemSink) -> None:
        self.path, self.encoding, self.sink = path, encoding, sink
        self.version = ""
        #: ``@version`` values set on activities themselves -> the version each is read as.
        self.own_versions: dict[str, str] = {}

    def items(self) -> Iterator[tuple[ActivityRecord, set[str], int | None, int, int]]:
        prefixes = taiwan_prefixes()
        position = 0
        with self.path.open("rb") as handle:
            for index, element in enumerate(iter_activities(handle, encoding=self.encoding), 1):
                if not self.version:
                    self.version = _version(element, self.sink)
                line = element.sourceline
                before, position = position, handle.tell()
                if position - before > TEXT_LIMIT:
                    # Only an activity that spans this many bytes can hold an oversized text.
                    _truncate_texts(element, self.sink, index)
                own = element.get("version")
                version = self._own_version(own, line) if own is not None else self.version
                try:
                    read = read_activity(
                        element,
                        version=version,
                        sink=self.sink,
                        index=index,
                        prefixes=prefixes,
                    )
                except (ValueError, TypeError, ArithmeticError) as exc:
                    self.sink.add("activity-failed", line=line, detail=str(exc)[:200])
                    continue
                if read is not None:
                    yield read[0], read[1], line, position, index

    def _own_version(self, raw: str, line: int | None) -> str:
        """An activity's own ``@version`` (2.0x files may set it there instead of the root)."""
        known = self.own_versions.get(raw)
        if known is None:
            known, understood = versions.normalise_version(raw)
            if not understood:
                self.sink.add_once(
                    ("version", raw), "unknown-version", line=line, version=raw, assumed=known
                )
            self.own_versions[raw] = known
        return known

    def finish(self) -> str:
        if not self.version:
            self.sink.add("no-activities", line=None)
            self.version = versions.ASSUMED_WHEN_MISSING
        return self.version


def _truncate_texts(element: Any, sink: ProblemSink, index: int) -> None:
    """Cut every text of ``element`` longer than TEXT_LIMIT characters, with a problem each."""
    for node in element.iter():
        for attribute in ("text", "tail"):
            text = getattr(node, attribute)
            if text is not None and len(text) > TEXT_LIMIT:
                setattr(node, attribute, text[:TEXT_LIMIT])
                sink.add(
                    "text-truncated",
                    line=node.sourceline,
                    xpath=f"/iati-activities/iati-activity[{index}]",
                    element=str(node.tag),
                    size=len(text),
                    limit=TEXT_LIMIT,
                )


def _stream_once(
    path: Path, writer: _Writer, progress: Progress | None, *, encoding: str | None
) -> str:
    total = path.stat().st_size
    reader = _FileReader(path, encoding, writer.sink)
    for record, refs, line, position, index in reader.items():
        writer.add(record, refs, line)
        if progress is not None and index % 500 == 0:
            progress(position, total, index)
    version = reader.finish()
    writer.flush()
    if progress is not None:
        progress(total, total, writer.result.activities)
    return version


# ---- Reading in a second process --------------------------------------------------------------
#
# Parsing and mapping take about as long as writing, so the command reads in a forked process
# while this one writes; records cross over pickled, a batch at a time. One process reads every
# file of a run in turn (ReadAhead), so it reads the next file while this one writes the last.
# For each file it sends ("batch", items, problems, bytes, index), then ("done", version), or
# ("restart",) when the file must be read again in the fallback encoding, or ("error", ...) for a
# file refused as a whole, or ("crash", detail); each message is tagged with the file's position
# in the run. Forking is only used from the command line, never from the web server or a worker.


class _Restart(Exception):
    """The reader starts over in the fallback encoding; what was written is rolled back."""


def _reader_process(paths: list[Path], queue: Any) -> None:
    # Everything this process inherited (Django, settings, code lists) outlives the files: frozen,
    # the cyclic collector no longer walks it at each collection (nor copies its pages on write),
    # measured at up to a tenth of the reading time. Only this forked process is affected.
    gc.freeze()
    for number, path in enumerate(paths):
        _read_file(path, lambda *message, n=number: queue.put((n, *message)))


def _read_file(path: Path, put: Callable[..., None]) -> None:
    """Send one file's batches and its outcome through ``put``."""
    for encoding in (None, FALLBACK_ENCODING):
        sink = ProblemSink()
        reader = _FileReader(path, encoding, sink)
        batch: list[tuple[ActivityRecord, set[str], int | None]] = []
        index = 0
        try:
            for record, refs, line, position, index in reader.items():
                _prepare(record)
                batch.append((record, refs, line))
                if len(batch) >= BATCH_SIZE:
                    put("batch", batch, list(sink.drain()), position, index)
                    batch = []
            version = reader.finish()
            put("batch", batch, list(sink.drain()), path.stat().st_size, index)
            put("done", version)
            return
        except MalformedXml as exc:
            if encoding is None and _is_encoding_error(exc):
                put("restart")
                continue
            put("error", type(exc).__name__, exc.message_en, exc.message_zh, exc.line)
            return
        except IatiFileError as exc:
            put("error", type(exc).__name__, exc.message_en, exc.message_zh, exc.line)
            return
        except Exception as exc:  # noqa: BLE001 - the reader's loop over one file; the writer records it
            put("crash", f"{type(exc).__name__}: {exc}")
            return


def _prepare(record: ActivityRecord) -> None:
    """Do the writer's per-record text work here, in the reading process, and pickle less: the
    extra's JSON and the folded search text with its pairs (the writer is the slower half)."""
    record.extra_json = activity_extra_json(record)
    record.search_text = activity_search_text(record)
    record.search_bigrams = han_bigrams(record.search_text)
    kept = {k: v for k, v in record.extra.items() if k == "reporting_org_type"}
    record.extra = kept


class ReadAhead:
    """One forked process that reads the files of a run in order while this process writes.

    Use it as a context manager around the run and pass it to :func:`dataset_import` for each
    of ``paths``, in the same order: while one file is written, the next is being read. A file
    the run does not import after all (skipped, or stopped by an error) has what was read of it
    passed over. At most four batches wait between the processes, so memory stays bounded.
    """

    def __init__(self, paths: list[Path]) -> None:
        self.paths = [Path(p) for p in paths]
        self._numbers: dict[Path, list[int]] = {}
        for number, path in enumerate(self.paths):
            self._numbers.setdefault(path, []).append(number)
        context = multiprocessing.get_context("fork")
        self._queue = context.Queue(maxsize=4)
        self._process = context.Process(
            target=_reader_process, args=(self.paths, self._queue), daemon=True
        )
        self._started = False
        self._current = -1

    def __enter__(self) -> ReadAhead:
        if self.paths:
            self._process.start()
            self._started = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self._started:
            return
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._queue.close()
        self._started = False

    def open(self, path: Path) -> _Channel:
        """The messages for ``path``, the next file of the run to be written."""
        numbers = [n for n in self._numbers.get(Path(path), []) if n > self._current]
        if not numbers:
            raise ValueError(f"{path} is not a later file of this run")
        self._current = numbers[0]
        return _Channel(self, self._current)

    def next_message(self, number: int) -> tuple[Any, ...]:
        """The next message for file ``number``; what is left of earlier files is passed over."""
        while True:
            message = _next(self._queue, self._process)
            if message[0] == number:
                return tuple(message[1:])
            if message[0] > number:
                raise RuntimeError(f"the reader sent file {message[0]} before file {number}")


@dataclass
class _Channel:
    read_ahead: ReadAhead
    number: int

    def get(self) -> tuple[Any, ...]:
        return self.read_ahead.next_message(self.number)


def _stream_parallel(path: Path, writer: _Writer, progress: Progress | None) -> str:
    if writer.read_ahead is not None:
        return _consume_all(writer.read_ahead.open(path), writer, progress, path)
    with ReadAhead([path]) as read_ahead:
        return _consume_all(read_ahead.open(path), writer, progress, path)


def _consume_all(channel: _Channel, writer: _Writer, progress: Progress | None, path: Path) -> str:
    while True:
        try:
            with transaction.atomic():
                return _consume(channel, writer, progress, path.stat().st_size)
        except _Restart:
            writer.restart()


def _next(queue: Any, process: Any) -> tuple[Any, ...]:
    while True:
        try:
            message: tuple[Any, ...] = queue.get(timeout=1)
            return message
        except Empty:
            if not process.is_alive() and queue.empty():
                raise RuntimeError(
                    f"the reader process stopped (exit code {process.exitcode})"
                ) from None


def _consume(channel: _Channel, writer: _Writer, progress: Progress | None, total: int) -> str:
    while True:
        message = channel.get()
        kind = message[0]
        if kind == "batch":
            writer.sink.items.extend(message[2])
            for record, refs, line in message[1]:
                writer.add(record, refs, line)
            if progress is not None:
                progress(message[3], total, message[4])
        elif kind == "done":
            writer.flush()
            return str(message[1])
        elif kind == "restart":
            raise _Restart
        elif kind == "error":
            error = HostileXml if message[1] == "HostileXml" else MalformedXml
            raise error(message[2], message[3], line=message[4])
        else:
            raise RuntimeError(str(message[1]))


def _version(element: Any, sink: ProblemSink) -> str:
    """The file's version: the root's ``@version``, else the first activity's own."""
    parent = element.getparent()
    root = parent if parent is not None else element
    raw = root.get("version")
    if raw is None and element.get("version") is not None:
        return versions.normalise_version(element.get("version"))[0]
    version, understood = versions.normalise_version(raw)
    if raw is None:
        sink.add("missing-version", line=root.sourceline, assumed=version)
    elif not understood:
        sink.add("unknown-version", line=root.sourceline, version=raw, assumed=version)
    return version
