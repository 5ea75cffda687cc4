"""Search across languages: which countries, sectors and SDGs a query names, in either language.

A record matches a query through its own text and through the names, in both languages, of the
countries, sectors and SDGs it is linked to: "Guatemala" finds what 瓜地馬拉 finds. This module
answers the reference half (the organisations app answers for organisations); the domain
QuerySets' ``matching`` methods combine them, so every list, the API and the search page share
one rule.

A name matches when the folded query equals it or, for a query long enough to mean something
(two Chinese characters, three Latin letters), occurs in it: at the start of a word for Latin
text, anywhere for Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from partnerhub.core.text import search_key
from partnerhub.reference.models import CodelistItem, Country, SdgGoal

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]")


def name_matches(key: str, name_key: str) -> bool:
    """True when the folded query ``key`` names the folded ``name_key`` (see the module doc)."""
    if not key or not name_key:
        return False
    if key == name_key:
        return True
    if _CJK.search(key):
        return len(key) >= 2 and key in name_key
    return len(key) >= 3 and re.search(r"(?<![a-z0-9])" + re.escape(key), name_key) is not None


@dataclass(frozen=True)
class ReferenceMatches:
    """What a query names among the reference data; ``names`` are every folded name (both
    languages and aliases) of the matched countries, for matching printed text."""

    countries: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    sdgs: frozenset[int] = frozenset()
    names: frozenset[str] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.countries or self.sectors or self.sdgs)


def _any_match(key: str, names: Iterable[str]) -> bool:
    return any(name_matches(key, search_key(n)) for n in names if n)


def reference_matches(key: str) -> ReferenceMatches:
    """The countries, sectors and SDG goals whose names in either language the query names."""
    key = search_key(key)
    if not key:
        return ReferenceMatches()
    countries: set[str] = set()
    names: set[str] = set()
    for code, zh, en, aliases in Country.objects.values_list(
        "code", "name_zh", "name_en", "aliases"
    ):
        all_names = [zh, en, *(aliases or [])]
        if _any_match(key, all_names):
            countries.add(code)
            names.update(search_key(n) for n in all_names if n)
    return ReferenceMatches(
        countries=frozenset(countries),
        sectors=frozenset(_sectors(key)),
        sdgs=frozenset(
            goal
            for goal, *titles in SdgGoal.objects.values_list(
                "number", "title_zh", "title_en", "short_zh", "short_en"
            )
            if _any_match(key, titles)
        ),
        names=frozenset(n for n in names if len(n) >= 2),
    )


def _sectors(key: str) -> set[str]:
    """DAC sector codes named by the query, directly or through their 3-digit category."""
    items = CodelistItem.objects.filter(codelist__in=("Sector", "SectorCategory")).values_list(
        "codelist", "code", "name_zh", "name_en"
    )
    codes: set[str] = set()
    categories: set[str] = set()
    sectors: list[str] = []
    for codelist, code, zh, en in items:
        if codelist == "Sector":
            sectors.append(code)
        if _any_match(key, (zh, en)):
            (codes if codelist == "Sector" else categories).add(code)
    codes.update(c for c in sectors if c[:3] in categories)
    codes.update(categories)
    return codes
