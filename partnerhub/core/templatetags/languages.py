"""Template filters for addresses stored before they were shown (a job's result page)."""

from __future__ import annotations

from django import template
from django.utils import translation

from partnerhub.core.languages import in_language

register = template.Library()


@register.filter
def in_page_language(path: str) -> str:
    """A stored page path (bare or in any language) in the language of the page showing it."""
    if not path.startswith("/") or path.startswith("//"):
        return path  # empty, or not a path of this site
    return in_language(path, translation.get_language() or "zh-hant")
