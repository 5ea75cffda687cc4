"""Template helpers of the portal."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerhub.core.links import safe_url_or_empty
from partnerhub.core.models import TextStatus
from partnerhub.reference.models import Country, CountryRelationship
from partnerhub.seeds.documents import DOCUMENTS, document_number

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


@register.simple_tag
def citation(provenance: Any) -> SafeString:
    """A citation a visitor can check: the document's title and the cited lines, linked to the
    source page that shows them in context; other provenance (IATI files) as before."""
    if provenance is None:
        return mark_safe("")
    number = document_number(provenance.file)
    if not number or number not in DOCUMENTS or not provenance.line_start:
        locator = f" · {provenance.locator}" if provenance.locator else ""
        return format_html('<cite class="citation">{}{}</cite>', provenance.citation(), locator)
    return _document_link(
        number, provenance.line_start, provenance.line_end or provenance.line_start
    )


_CITED = re.compile(r"^(?P<file>\d{3}_[^:]+):(?P<a>\d+)(?:-(?P<b>\d+))?$")


@register.simple_tag
def cite_text(text: str) -> SafeString:
    """A citation stored as text (``002_….txt:2688-2690``), linked like ``citation``."""
    match = _CITED.match((text or "").strip())
    number = document_number(match["file"]) if match else ""
    if match is None or number not in DOCUMENTS:
        return format_html('<cite class="citation">{}</cite>', text)
    start = int(match["a"])
    return _document_link(number, start, int(match["b"] or start))


def _document_link(number: str, start: int, end: int) -> SafeString:
    info = DOCUMENTS[number]
    url = reverse("portal:source-lines", args=[number, start, end])
    lines = (
        _("line %(n)s") % {"n": start}
        if end == start
        else _("lines %(a)s–%(b)s")
        % {
            "a": start,
            "b": end,
        }
    )
    return format_html(
        '<a class="citation" href="{}"><cite>{}</cite> ({}), {}</a>',
        url,
        info.title,
        info.date,
        lines,
    )


@register.filter
def label(labels: dict[str, str] | None, code: Any) -> str:
    """The label of ``code`` in a mapping built by the view, or the code when it has none."""
    return (labels or {}).get(str(code), str(code))
