"""The reading half of the IATI import on its own: a canonical dump, timings and a profile.

No database is touched. ``--dump`` writes every record and problem the reader produces for
each file (the shared samples by default) as one JSON line each, in a form that compares
byte for byte: keep the dump of one version of the code and ``diff`` it with another's.
``--time`` reads the files as the import's reading process does (map, prepare, encode each
batch for the pipe) and, in the same process, with a bare ``iterparse`` for comparison.
``--profile`` prints a cProfile of the timed reading.

    .venv/bin/python bench/iati_read.py --dump /tmp/reader-dump.jsonl
    .venv/bin/python bench/iati_read.py --corpus /tmp/iati-corpus-10k --time
    .venv/bin/python bench/iati_read.py --corpus /tmp/iati-corpus-10k --profile
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def canonical(value: Any) -> Any:
    """A JSON-able form that keeps types apart (a Decimal's exponent, a date from a string)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "@": type(value).__name__,
            **{f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)},
        }
    if isinstance(value, Decimal):
        return {"D": str(value)}
    if isinstance(value, dt.datetime):
        return {"T": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(canonical(v) for v in value)
    return value


def dump(files: list[Path], out: Any) -> None:
    from partnerhub.iati.importer import _FileReader, _prepare
    from partnerhub.iati.problems import ProblemSink

    for path in files:
        sink = ProblemSink()
        reader = _FileReader(path, None, sink)
        out.write(json.dumps({"file": path.name}) + "\n")
        try:
            for record, refs, line, position, index in reader.items():
                problems = list(sink.drain())
                _prepare(record)
                for problem in problems:
                    out.write(json.dumps({"problem": canonical(problem)}, ensure_ascii=False))
                    out.write("\n")
                item: dict[str, Any] = {"line": line, "position": position, "index": index}
                item["refs"] = sorted(refs)
                item["record"] = canonical(record)
                out.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
            out.write(json.dumps({"version": reader.finish()}) + "\n")
        except Exception as exc:  # noqa: BLE001 - a refused file is part of the dump
            out.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n")
        for problem in sink.drain():
            out.write(json.dumps({"problem": canonical(problem)}, ensure_ascii=False) + "\n")


def plain_parse(files: list[Path]) -> int:
    """The activities of a bare iterparse, cleared as the importer clears (bench/iati_import.py)."""
    from iati_import import plain_parse as timed_plain_parse

    return timed_plain_parse(files)[0]


def read_like_the_import(files: list[Path]) -> int:
    """What the forked reading process does, with the queue replaced; returns the messages."""
    from multiprocessing.reduction import ForkingPickler

    from partnerhub.iati import importer

    count = 0

    class Queue:
        def put(self, message: Any) -> None:
            nonlocal count
            count += 1
            ForkingPickler.dumps(message)  # what multiprocessing's queue does with each message

    for path in files:
        importer._reader_process(path, Queue())
    return count


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="Folder of .xml files (default: samples).")
    parser.add_argument("--dump", type=Path, help="Write the canonical dump here.")
    parser.add_argument("--time", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    _setup()
    from django.conf import settings

    folder = args.corpus or Path(settings.PARTNERHUB_IATI_SAMPLES)
    files = sorted(folder.glob("*.xml"))
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            dump(files, out)
    if args.time:
        best: dict[str, float] = {}
        counts: dict[str, int] = {}
        for _ in range(args.rounds):
            for name, run in (("plain_parse", plain_parse), ("reader", read_like_the_import)):
                cpu = _cpu()
                counts[name] = run(files)
                best[name] = min(best.get(name, 1e9), _cpu() - cpu)
        print(
            json.dumps(
                {
                    "files": len(files),
                    "activities": counts["plain_parse"],
                    "plain_parse_cpu_seconds": round(best["plain_parse"], 2),
                    "reader_cpu_seconds": round(best["reader"], 2),
                    "ratio": round(best["reader"] / best["plain_parse"], 2),
                    "activities_per_cpu_second": round(counts["plain_parse"] / best["reader"]),
                }
            )
        )
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(read_like_the_import, files)
        pstats.Stats(profile).sort_stats("tottime").print_stats(35)


if __name__ == "__main__":
    main()
