"""Text helpers shared by every app: search keys that make 台/臺 and simplified input equal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

#: Characters opencc may change: everything from the CJK radicals to the unified ideographs,
#: compatibility ideographs and forms, and the supplementary ideograph planes. Text without any
#: of them (most IATI text) skips opencc, which costs more than the rest of the folding.
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\U00020000-\U0003ffff]")


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    # Folding every variant to one (simplified) form makes 台灣, 臺灣 and 台湾 the same key.
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2twp")


def search_key(text: str) -> str:
    """Fold text for matching: NFKC, case-folded, Chinese variants merged, spaces collapsed."""
    if not text:
        return ""
    if text.isascii():
        # NFKC leaves ASCII unchanged and casefold() is lower() there: the common, cheap case.
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKC", text).casefold()
        if _CJK.search(folded) is not None:
            folded = _to_simplified().convert(folded)
    return " ".join(folded.split())


#: A run of Chinese characters that a word index can hold: the unified ideographs (with
#: extension A), the compatibility ideographs and the supplementary ideograph planes. Their
#: neighbours in ``_CJK`` (radicals, CJK punctuation, fullwidth forms) are left out.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]{2,}")


def is_han_pair(word: str) -> bool:
    """A word of exactly two Chinese characters, which :func:`han_bigrams` indexes."""
    return len(word) == 2 and _HAN_RUN.fullmatch(word) is not None


def han_bigrams(folded: str) -> str:
    """Every pair of adjacent Chinese characters in ``folded`` (a search key), once each,
    space-separated: ``"台湾外交部"`` gives ``"台湾 湾外 外交 交部"``.

    Chinese has no spaces, so a two-character word (most Chinese words) can occur anywhere,
    and a trigram index cannot look it up. A text contains a two-character word of
    :func:`is_han_pair` exactly when the word is one of these pairs, so an index of them answers
    such a query as the substring match would.
    """
    if folded.isascii():
        return ""
    pairs: dict[str, None] = {}
    for run in _HAN_RUN.findall(folded):
        for i in range(len(run) - 1):
            pairs[run[i : i + 2]] = None
    return " ".join(pairs)


def to_traditional(text: str) -> str:
    """Convert simplified Chinese to Taiwan-standard Traditional Chinese (zh-Hant-TW)."""
    return _to_traditional().convert(text) if text else text


def join_search_text(*parts: str | None) -> str:
    """One search column from several fields, each folded with :func:`search_key`."""
    return " | ".join(search_key(p) for p in parts if p)
