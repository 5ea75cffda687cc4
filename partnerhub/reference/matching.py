"""Find country names in running Chinese or English text: longest match first, with exclusions.

Chinese has no spaces, so a short name can hide inside a longer word: 海地 (Haiti) inside
加勒比海地區 (the Caribbean), 東加 (Tonga) inside 東加勒比海, 巴林 (Bahrain) inside 約巴林達
(Yorba Linda). The matcher tries the longest known name at each position and skips the
exclusion words, which are matched like names but stand for no country.
"""

from __future__ import annotations

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
)


@dataclass(frozen=True)
class CountryMatch:
    code: str
    printed: str
    start: int
    end: int


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
        """Every country named in ``text``, in order, with the printed form of each mention."""
        folded = search_key(text)
        # search_key may change lengths only through NFKC; offsets refer to the folded text.
        matches: list[CountryMatch] = []
        i = 0
        while i < len(folded):
            hit = self._longest_at(folded, i)
            if hit is None:
                i += 1
                continue
            key, code = hit
            if code:
                matches.append(
                    CountryMatch(
                        code=code, printed=folded[i : i + len(key)], start=i, end=i + len(key)
                    )
                )
            i += len(key)
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
            if code is not None:
                return piece, code
        return None


def country_matcher() -> CountryMatcher:
    """A matcher over every country's names and aliases in the database."""
    from partnerhub.reference.models import Country

    names: list[tuple[str, str]] = []
    for code, zh, en, aliases in Country.objects.values_list(
        "code", "name_zh", "name_en", "aliases"
    ):
        names.extend((n, code) for n in (zh, en, *(aliases or [])) if n)
    return CountryMatcher(names)
