"""Find country names in running Chinese or English text: longest match first, with exclusions.

Chinese has no spaces, so a short name can hide inside a longer word: 海地 (Haiti) inside
加勒比海地區 (the Caribbean), 東加 (Tonga) inside 東加勒比海, 巴林 (Bahrain) inside 約巴林達
(Yorba Linda), 中國 (China) inside 開發中國家 (developing countries). The matcher tries the longest
known name at each position and skips the exclusion words, which are matched like names but stand
for no country. A name written in Latin letters must stand as a whole word, so that "Oman" is not
found in "woman" nor "Niger" in "Nigerian".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from partnerhub.core.text import search_key

#: Words that contain a country name but name no country.
DEFAULT_EXCLUSIONS: tuple[str, ...] = (
    "加勒比海地區",
    "加海地區",
    "加勒比海",
    "東加勒比海",
    "約巴林達",
    # 海地 (Haiti) inside 沿海地區, 上海地區 and the like: "海地區" is rarely "Haiti region".
    "海地區",
    # 東加 (Tonga) inside East Kalimantan.
    "東加里曼丹",
    # 中國 (China) inside "developing countries" and Taiwanese institutions' names.
    "開發中國家",
    "發展中國家",
    "中國國民黨",
    "中國輸出入銀行",
    "中國信託",
    # 美國 (United States) inside "Latin/South/North/Central American and Western countries".
    "拉美國家",
    "南美國家",
    "北美國家",
    "中美國家",
    "歐美國家",
    # 印度 (India) inside the Indian Ocean; 蒙古 (Mongolia) inside Inner Mongolia (China).
    "印度洋",
    "內蒙古",
    # 馬利 (Mali) inside the name Maria (聖母馬利亞).
    "馬利亞",
)


@dataclass(frozen=True)
class CountryMatch:
    """One mention: the code, the text as printed, and its [start, end) offsets in that text."""

    code: str
    printed: str
    start: int
    end: int


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class CountryMatcher:
    """Longest-match tokeniser over a table of names -> country codes."""

    def __init__(
        self, names: Iterable[tuple[str, str]], exclusions: Iterable[str] = DEFAULT_EXCLUSIONS
    ):
        self._names: dict[str, str] = {}
        for name, code in names:
            key = search_key(name)
            if key:
                self._names.setdefault(key, code)
        self._excluded = {search_key(e) for e in exclusions}
        keys = [*self._names, *self._excluded]
        self._max = max((len(k) for k in keys), default=0)

    def find(self, text: str) -> list[CountryMatch]:
        """Every country named in ``text``, in order, with the printed form of each mention.

        Offsets and printed forms refer to ``text`` itself; only in the rare case where folding
        changes the text's length in a way that cannot be traced back (NFKC composing accents)
        do they refer to ``search_key(text)`` instead.
        """
        folded, origin = _fold_with_offsets(text)
        matches: list[CountryMatch] = []
        i = 0
        while i < len(folded):
            hit = self._longest_at(folded, i)
            if hit is None:
                i += 1
                continue
            key, code = hit
            end = i + len(key)
            if code:
                if origin is None:
                    start_at, end_at, printed = i, end, folded[i:end]
                else:
                    start_at, end_at = origin[i], origin[end - 1] + 1
                    printed = text[start_at:end_at]
                matches.append(CountryMatch(code=code, printed=printed, start=start_at, end=end_at))
            i = end
        return matches

    def codes(self, text: str) -> list[str]:
        """The distinct country codes named in ``text``, in first-mention order."""
        seen: dict[str, None] = {}
        for match in self.find(text):
            seen.setdefault(match.code, None)
        return list(seen)

    def _longest_at(self, text: str, i: int) -> tuple[str, str] | None:
        for length in range(min(self._max, len(text) - i), 0, -1):
            piece = text[i : i + length]
            if piece in self._excluded:
                return piece, ""
            code = self._names.get(piece)
            if code is not None and _whole_word(text, i, i + length):
                return piece, code
        return None


def _whole_word(text: str, start: int, end: int) -> bool:
    """Latin-letter names must not continue a word on either side; Chinese names need no check."""
    if _is_word_char(text[start]) and start > 0 and _is_word_char(text[start - 1]):
        return False
    return not (_is_word_char(text[end - 1]) and end < len(text) and _is_word_char(text[end]))


def _fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """``search_key(text)`` and, for each of its characters, the index it came from in ``text``.

    The folding is redone one character at a time to keep the offsets; when that does not give
    exactly ``search_key(text)`` (so the offsets would be wrong), no offsets are returned.
    """
    folded = search_key(text)
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for part in unicodedata.normalize("NFKC", ch).casefold():
            if part.isspace():
                if not chars or chars[-1] == " ":
                    continue  # leading whitespace is stripped and runs collapse to one space
                part = " "
            chars.append(part)
            origin.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    # The Chinese conversion is phrase-based, so it runs on the whole string, as search_key does.
    if search_key("".join(chars)) != folded or len(folded) != len(origin):
        return folded, None
    return folded, origin


def country_matcher() -> CountryMatcher:
    """A matcher over every country's names and aliases in the database."""
    from partnerhub.reference.models import Country

    names: list[tuple[str, str]] = []
    for code, zh, en, aliases in Country.objects.values_list(
        "code", "name_zh", "name_en", "aliases"
    ):
        names.extend((n, code) for n in (zh, en, *(aliases or [])) if n)
    return CountryMatcher(names)
