"""Benchmark of the SDG suggester: quality per SDG on the labelled set, and speed.

    .venv/bin/python bench/sdg.py [--part test|dev|all] [--per-sdg]

Each (text, SDG) pair is one decision: the goal is in the suggestion's ``goals`` or not. For each of
the 17 goals: accuracy, precision, recall and F1 over the texts of one language; the line ``mean``
averages the 17 (a goal with no positive text and no prediction counts precision, recall and F1
as 1). Languages: Chinese (zh-Hant), English, and the other IATI languages (es, fr, pt).
Speed: the model's load time in a fresh process, then suggestions a second one text per call
(as the API and the forms call it) and in batches of 64 (as the backfill calls it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")

import django  # noqa: E402

django.setup()

from partnerhub.sdg.suggester import Suggester, get_suggester  # noqa: E402

DEVSET = ROOT / "partnerhub" / "sdg" / "data" / "devset.jsonl"
GROUPS = {"zh": ("zh-Hant",), "en": ("en",), "other": ("es", "fr", "pt")}


def metrics(
    gold: list[set[int]], pred: list[set[int]]
) -> dict[int, tuple[float, float, float, float]]:
    out = {}
    n = len(gold)
    for g in range(1, 18):
        tp = sum(1 for a, b in zip(gold, pred, strict=True) if g in a and g in b)
        fp = sum(1 for a, b in zip(gold, pred, strict=True) if g not in a and g in b)
        fn = sum(1 for a, b in zip(gold, pred, strict=True) if g in a and g not in b)
        acc = (n - fp - fn) / n
        p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[g] = (acc, p, r, f1)
    return out


def report(name: str, rows: list[dict[str, object]], model: Suggester, per_sdg: bool) -> None:
    gold = [set(r["goals"]) for r in rows]  # type: ignore[call-overload]
    preds = [set(s.goal_numbers) for s in model.suggest_many([str(r["text"]) for r in rows])]
    m = metrics(gold, preds)
    mean = [sum(v[i] for v in m.values()) / 17 for i in range(4)]
    tp = sum(len(a & b) for a, b in zip(gold, preds, strict=True))
    micro_p = tp / max(sum(len(b) for b in preds), 1)
    micro_r = tp / max(sum(len(a) for a in gold), 1)
    exact = sum(1 for a, b in zip(gold, preds, strict=True) if a == b) / len(rows)
    print(
        f"\n{name}: {len(rows)} texts, {sum(len(a) for a in gold)} gold tags, {sum(len(b) for b in preds)} predicted"
    )
    if per_sdg:
        print("SDG  accuracy precision recall    F1  positives")
        for g, (a, p, r, f) in m.items():
            pos = sum(1 for x in gold if g in x)
            print(f"{g:>3}  {a * 100:8.1f} {p * 100:9.1f} {r * 100:6.1f} {f * 100:5.1f}  {pos:>9}")
    print(
        f"mean {mean[0] * 100:8.1f} {mean[1] * 100:9.1f} {mean[2] * 100:6.1f} {mean[3] * 100:5.1f}"
        f"   (micro precision {micro_p * 100:.1f}, micro recall {micro_r * 100:.1f}, exact sets {exact * 100:.1f}%)"
    )


def load_time() -> tuple[float, float]:
    """Wall-clock and CPU seconds to load the model in a fresh process."""
    code = (
        "import os,time,django;os.environ.setdefault('DJANGO_SETTINGS_MODULE','partnerhub.settings');"
        "django.setup();t=time.perf_counter();c=time.process_time();"
        "from partnerhub.sdg.suggester import get_suggester;get_suggester();"
        "print(time.perf_counter()-t, time.process_time()-c)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def rate(run: Callable[[], None], count: int) -> tuple[float, float]:
    """Texts a second, by the wall clock and per CPU second of this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return count / (time.perf_counter() - wall), count / (time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", default="test", choices=["test", "dev", "all"])
    parser.add_argument("--per-sdg", action="store_true")
    args = parser.parse_args()
    rows = [json.loads(x) for x in DEVSET.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if args.part == "all" or r["part"] == args.part]
    model = get_suggester()
    print(f"model {model.version}; part: {args.part}")
    for name, langs in GROUPS.items():
        group = [r for r in rows if r["lang"] in langs]
        if group:
            report(f"{name} ({', '.join(langs)})", group, model, args.per_sdg)
    texts = [str(r["text"]) for r in rows] * 3

    def one_by_one() -> None:
        for t in texts:
            model.suggest(t)

    def batches() -> None:
        for i in range(0, len(texts), 64):
            model.suggest_many(texts[i : i + 64])

    single, single_cpu = rate(one_by_one, len(texts))
    batch, batch_cpu = rate(batches, len(texts))
    print(f"\nthroughput, {len(texts)} texts (suggestions a second: wall clock / per CPU second)")
    print(f"  one at a time:     {single:5.0f} / {single_cpu:5.0f}")
    print(f"  batches of 64:     {batch:5.0f} / {batch_cpu:5.0f}")
    wall, cpu = load_time()
    print(f"load: {wall:.2f} s wall clock, {cpu:.2f} CPU seconds, in a fresh process")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {load} (2 cores)")


if __name__ == "__main__":
    main()
