"""The search page's hits: type, year, countries and a snippet with the query marked.

Which records match is decided by the domain QuerySets' ``matching`` (names of linked countries,
organisations, sectors and SDGs in both languages count); this module only presents the hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from partnerhub.core.models import pick_language
from partnerhub.core.text import to_traditional

_SNIPPET = 180


@dataclass
class Hit:
    url: str
    title_zh: str
    title_en: str
    title_en_status: str = ""
    year: str = ""
    countries: list[Any] = field(default_factory=list)
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))
    snippet_lang: str = ""


def _terms(query: str) -> list[str]:
    words = [w for w in query.split() if w]
    variants = {query, to_traditional(query), *words, *(to_traditional(w) for w in words)}
    return sorted((v for v in variants if v), key=len, reverse=True)


def snippet(texts: list[tuple[str, str]], query: str) -> tuple[SafeString, str]:
    """The first text (with its language) holding the query, cut around it, the query marked;
    else the start of the first non-empty text, unmarked."""
    pattern = re.compile("|".join(re.escape(t) for t in _terms(query)), re.IGNORECASE)
    for text, lang in texts:
        found = pattern.search(text or "")
        if found:
            start = max(0, found.start() - _SNIPPET // 3)
            piece = text[start : start + _SNIPPET]
            marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", piece)
            html = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
            prefix = "…" if start else ""
            suffix = "…" if start + _SNIPPET < len(text) else ""
            return mark_safe(prefix + html + suffix), lang
    for text, lang in texts:
        if text:
            cut = text[:_SNIPPET] + ("…" if len(text) > _SNIPPET else "")
            return format_html("{}", cut), lang
    return mark_safe(""), ""


def _ordered(zh: str, en: str) -> list[tuple[str, str]]:
    pairs = [(en, "en"), (zh, "zh-Hant")]
    return pairs if (get_language() or "").startswith("en") else pairs[::-1]


def activity_hit(activity: Any, query: str) -> Hit:
    texts = _ordered(activity.title_zh, activity.title_en)
    texts += _ordered(activity.description_zh, activity.description_en)
    text, lang = snippet(texts[2:] + texts[:2], query)
    return Hit(
        url=reverse("portal:activity", args=[activity.pk]),
        title_zh=activity.title_zh,
        title_en=activity.title_en or activity.iati_identifier,
        title_en_status=activity.title_en_status,
        year=_years(activity.span_start, activity.span_end),
        countries=[c.country for c in activity.countries.all() if c.country][:6],
        snippet=text,
        snippet_lang=lang,
    )


def event_hit(event: Any, query: str) -> Hit:
    texts = [*_ordered(event.description_zh, event.description_en), (event.notes, "zh-Hant")]
    text, lang = snippet(texts, query)
    countries = [event.host_country] if event.host_country else []
    countries += [c.country for c in event.countries.all() if c.country not in countries]
    return Hit(
        url=reverse("portal:event", args=[event.slug]),
        title_zh=event.title_zh,
        title_en=event.title_en,
        title_en_status=event.title_en_status,
        year=str(event.date_start.year),
        countries=countries[:6],
        snippet=text,
        snippet_lang=lang,
    )


def organisation_hit(organisation: Any, query: str) -> Hit:
    names = [(a.alias, "") for a in organisation.aliases.all()]
    text, lang = snippet(names, query)
    return Hit(
        url=reverse("portal:organisation", args=[organisation.slug]),
        title_zh=organisation.name_zh,
        title_en=organisation.name_en,
        countries=[organisation.country] if organisation.country else [],
        snippet=text if "<mark>" in text else mark_safe(""),
        snippet_lang=lang,
    )


def country_hit(country: Any, query: str) -> Hit:
    names = [(n, "") for n in (country.name_zh, country.name_en, *(country.aliases or []))]
    text, lang = snippet(names, query)
    return Hit(
        url=reverse("portal:country", args=[country.code]),
        title_zh=country.name_zh,
        title_en=country.name_en,
        snippet=text if "<mark>" in text else mark_safe(""),
        snippet_lang=lang,
    )


def _years(start: Any, end: Any) -> str:
    if not start:
        return ""
    if not end or end.year == start.year:
        return str(start.year)
    return f"{start.year}–{end.year}"


def hit_title(hit: Hit) -> str:
    return pick_language(hit.title_zh, hit.title_en)
