"""Import benchmark: activities/s, MB/s, peak RSS, and the ratio to a plain lxml parse.

Each backend runs in its own process (a fresh SQLite file, or a throwaway PostgreSQL server
through scripts/with-postgres), so peak RSS is the import's own. In the same process the same
bytes are first read with a bare ``lxml.etree.iterparse`` that clears each activity; the ratio is
import time over that time. With ``--iatikit`` (``pip install -e '.[bench]'``) iatikit reads the
same files too, for comparison.

    .venv/bin/python bench/build_corpus.py --activities 100000 --output /tmp/iati-corpus
    .venv/bin/python bench/iati_import.py --corpus /tmp/iati-corpus --backends sqlite,postgres
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.xml"))


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the forked readers)."""
    return _cpu_self() + _cpu_children()


def _cpu_self() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def _cpu_children() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def plain_parse(files: list[Path]) -> tuple[int, float]:
    """Activities and seconds for a bare iterparse with the same clearing as the importer."""
    from lxml import etree

    count, start = 0, time.perf_counter()
    for path in files:
        for _event, element in etree.iterparse(
            str(path), tag="iati-activity", resolve_entities=False, no_network=True
        ):
            count += 1
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    return count, time.perf_counter() - start


def iatikit_parse(files: list[Path]) -> tuple[int, float]:
    import iatikit

    count, start = 0, time.perf_counter()
    for path in files:
        for activity in iatikit.Dataset(str(path)).activities:
            _ = activity.iati_identifier, activity.title
            count += 1
    return count, time.perf_counter() - start


def worker(corpus: Path, with_iatikit: bool) -> dict[str, object]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from partnerhub.iati.importer import ReadAhead, dataset_import

    call_command("migrate", verbosity=0)
    files = _files(corpus)
    size = sum(p.stat().st_size for p in files)
    cpu = _cpu()
    parsed, parse_seconds = plain_parse(files)
    parse_cpu = _cpu() - cpu
    cpu, reader_cpu = _cpu(), _cpu_children()
    start = time.perf_counter()
    imported = problems = 0
    # As the command does: one forked process reads the files in turn while this one writes.
    with ReadAhead(files) as read_ahead:
        for path in files:
            result = dataset_import(path=path, force=True, parallel=True, read_ahead=read_ahead)
            # Copies set aside by the duplicate rule were read and written too.
            imported += result.activities + getattr(result, "superseded", 0)
            problems += result.problems
    seconds = time.perf_counter() - start
    import_cpu = _cpu() - cpu
    reader_cpu = _cpu_children() - reader_cpu
    out: dict[str, object] = {
        "backend": connection.vendor,
        "files": len(files),
        "megabytes": round(size / 1e6, 1),
        "activities": imported,
        "problems": problems,
        "import_seconds": round(seconds, 2),
        "activities_per_second": round(imported / seconds),
        "megabytes_per_second": round(size / 1e6 / seconds, 2),
        "plain_parse_seconds": round(parse_seconds, 2),
        "plain_parse_activities": parsed,
        "ratio_to_plain_parse": round(seconds / parse_seconds, 2),
        # CPU seconds (both processes) hardly depend on what else runs on the machine, unlike
        # the wall-clock figures above: the fairer comparison on a shared machine.
        "plain_parse_cpu_seconds": round(parse_cpu, 2),
        "import_cpu_seconds": round(import_cpu, 2),
        "cpu_ratio_to_plain_parse": round(import_cpu / parse_cpu, 2),
        # The two halves: the forked reading processes, and this (writing) process. A database
        # server's own CPU is not counted (PostgreSQL runs outside this process tree).
        "reader_cpu_seconds": round(reader_cpu, 2),
        "writer_cpu_seconds": round(import_cpu - reader_cpu, 2),
        "activities_per_cpu_second": round(imported / import_cpu),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # The forked reading process, measured on its own.
        "peak_rss_reader_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
    }
    if with_iatikit:
        try:
            count, kit_seconds = iatikit_parse(files)
            out["iatikit_seconds"] = round(kit_seconds, 2)
            out["iatikit_activities"] = count
        except ImportError:
            out["iatikit_seconds"] = None
    return out


def run_backend(
    backend: str, corpus: Path, with_iatikit: bool, keep: Path | None
) -> dict[str, object]:
    command = [sys.executable, __file__, "--worker", "--corpus", str(corpus)]
    if with_iatikit:
        command.append("--iatikit")
    env = dict(os.environ)
    if backend == "postgres":
        command = [str(ROOT / "scripts" / "with-postgres"), *command]
    else:
        path = keep or Path(tempfile.mkdtemp()) / "bench.sqlite3"
        path.unlink(missing_ok=True)
        env.update(PARTNERHUB_DB="sqlite", PARTNERHUB_SQLITE=str(path))
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{backend} benchmark failed:\n{done.stdout}\n{done.stderr}")
    figures: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description="IATI import benchmark")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--iatikit", action="store_true", help="Also time iatikit on the same files."
    )
    parser.add_argument(
        "--keep-sqlite", type=Path, help="Keep the SQLite database here (for bench/query.py)."
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.corpus, args.iatikit)))
        return
    for backend in args.backends.split(","):
        print(
            json.dumps(run_backend(backend, args.corpus, args.iatikit, args.keep_sqlite)),
            flush=True,
        )


if __name__ == "__main__":
    main()
