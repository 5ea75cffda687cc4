"""Template helpers of the portal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerhub.core.links import safe_url_or_empty
from partnerhub.core.models import TextStatus
from partnerhub.reference.models import Country, CountryRelationship

register = template.Library()


@register.simple_tag
def relationships_today(country: Country) -> list[CountryRelationship]:
    """The country's relationships in force today (reads the prefetched rows)."""
    return country.relationship_on(dt.date.today())


def _english_page() -> bool:
    return (get_language() or "zh-hant").lower().startswith("en")


@register.simple_tag
def bitext(zh: str, en: str, status: str = "", paragraphs: bool = False) -> SafeString:
    """Text in the page's language. When only the other language has it, it is shown in a span
    with its own ``lang`` and a marker; English composed from data says so."""
    english = _english_page()
    text, fallback = (en, zh) if english else (zh, en)
    shown = text or fallback or ""
    body: Any = linebreaks(shown) if paragraphs else shown
    if not text and fallback:
        lang, label = ("zh-Hant", _("Chinese only")) if english else ("en", _("English only"))
        tag = "div" if paragraphs else "span"
        return format_html(
            '<{} lang="{}" class="fallback">{}</{}> <small class="text-status">{}</small>',
            tag,
            lang,
            mark_safe(body) if paragraphs else body,
            tag,
            label,
        )
    if english and text and status == TextStatus.COMPOSED:
        return format_html(
            '{} <small class="text-status" title="{}">{}</small>',
            mark_safe(body) if paragraphs else body,
            _("Written from the record's data (organisations, countries, year), not translated."),
            _("composed"),
        )
    return mark_safe(body) if paragraphs else format_html("{}", body)


@register.simple_tag
def bi(obj: Any, field: str = "name", paragraphs: bool = False) -> SafeString:
    """``bitext`` for a record's ``<field>_zh`` / ``<field>_en`` pair and its English status."""
    if obj is None:
        return mark_safe("")
    return bitext(
        getattr(obj, f"{field}_zh", "") or "",
        getattr(obj, f"{field}_en", "") or "",
        getattr(obj, f"{field}_en_status", "") or "",
        paragraphs,
    )


@register.filter
def safe_url(url: str | None) -> str:
    """The address when it may be a link (http, https, ftp), else "": never a javascript: href."""
    return safe_url_or_empty(url)
