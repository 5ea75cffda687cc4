"""Build a benchmark corpus by scaling the real IATI samples to N activities.

Every sample's activities are repeated, with ``-B<round>`` appended to each iati-identifier so
identifiers stay unique, until the corpus holds N activities. Each sample keeps its own file (and
so its own version and quirks); files are split every --per-file activities.

    .venv/bin/python bench/build_corpus.py --activities 100000 --output /tmp/iati-corpus
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from lxml import etree

SAMPLES = Path(
    os.environ.get(
        "PARTNERHUB_IATI_SAMPLES",
        Path(__file__).resolve().parents[2] / "shared" / "data" / "iati-samples",
    )
)


def load_samples(folder: Path) -> list[tuple[str, str, list[bytes]]]:
    """(file stem, root version, serialised activities) for every readable sample."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    samples = []
    for path in sorted(folder.glob("*.xml")):
        root = etree.parse(str(path), parser).getroot()
        activities = [root] if root.tag == "iati-activity" else list(root.iter("iati-activity"))
        version = root.get("version") or ""
        samples.append(
            (path.stem, version, [etree.tostring(a, encoding="utf-8") for a in activities])
        )
    return samples


def build(total: int, output: Path, per_file: int) -> int:
    output.mkdir(parents=True, exist_ok=True)
    samples = load_samples(SAMPLES)
    size = sum(len(a) for _, _, acts in samples for a in acts)
    count = sum(len(acts) for _, _, acts in samples)
    # Each sample gets a share of N proportional to its activity count, at least one activity.
    written = 0
    for stem, version, activities in samples:
        share = max(1, round(total * len(activities) / count))
        share = min(share, total - written) if stem == samples[-1][0] else share
        written += _write(stem, version, activities, share, output, per_file)
    print(
        f"{written} activities from {count} sample activities ({size / 1e6:.1f} MB) into {output}"
    )
    return written


def _write(
    stem: str, version: str, activities: list[bytes], share: int, output: Path, per_file: int
) -> int:
    done = 0
    part = 0
    while done < share:
        part += 1
        n = min(per_file, share - done)
        path = output / f"{stem}-{part:03d}.xml"
        attrs = f' version="{version}"' if version else ""
        with path.open("wb") as handle:
            handle.write(
                f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities{attrs}>\n'.encode()
            )
            for i in range(n):
                index = done + i
                original = activities[index % len(activities)]
                round_ = index // len(activities)
                handle.write(_renamed(original, f"-B{round_}") + b"\n")
            handle.write(b"</iati-activities>\n")
        done += n
    return done


def _renamed(activity: bytes, suffix: str) -> bytes:
    start = activity.find(b"<iati-identifier>")
    if start < 0:
        return activity
    end = activity.find(b"</iati-identifier>", start)
    return activity[:end].rstrip() + suffix.encode() + activity[end:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--output", type=Path, default=Path("/tmp/iati-corpus"))
    parser.add_argument("--per-file", type=int, default=20_000)
    args = parser.parse_args()
    build(args.activities, args.output, args.per_file)


if __name__ == "__main__":
    main()
