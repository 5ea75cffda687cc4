"""What every page's template knows about its own address in each language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.encoding import escape_uri_path

from partnerhub.core import languages


def languages_context(request: HttpRequest) -> dict[str, Any]:
    """The page in each language (``hreflang`` links, the switch) and its bare address."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    query = languages.query_without(request.GET, languages.PARAMETER)
    bare = get_script_prefix().rstrip("/") + escape_uri_path(languages.bare_path(request.path_info))
    return {
        "language_links": languages.language_links(request, current),
        "language_default_url": request.build_absolute_uri(bare + query),
    }
