"""The interface language lives in the URL: every page under ``/zh-hant/…`` and ``/en/…``.

Pages are routed through Django's ``i18n_patterns`` with the same path after the prefix in both
languages, so switching language is swapping the first segment. The JSON API, the admin, static
files, robots.txt, sitemap.xml and the favicon stay unprefixed. A bare page path (``/activities/``)
redirects to the visitor's language: the language cookie, then the browser's Accept-Language,
then Traditional Chinese. ``?lang=en`` on any page redirects to that page in English and keeps the
choice in the cookie, which is what the language switch uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.urls import get_script_prefix
from django.utils.encoding import escape_uri_path

#: The URL parameter that chooses a language (pages redirect; the API reads it as is).
PARAMETER = "lang"
#: The ``lang`` attribute (BCP 47) of each language code.
HTML_LANG = {"zh-hant": "zh-Hant", "en": "en"}


def codes() -> tuple[str, ...]:
    return tuple(code for code, _ in settings.LANGUAGES)


def split_language(path: str) -> tuple[str | None, str]:
    """The language prefix of a path and the path without it: ``/en/x/`` → ``("en", "/x/")``."""
    first, _, rest = path.lstrip("/").partition("/")
    if first.lower() in codes() and path.startswith("/"):
        return first.lower(), "/" + rest
    return None, path


def bare_path(path: str) -> str:
    """The path without its language prefix (the address that redirects to the reader's)."""
    return split_language(path)[1]


def in_language(path: str, language: str) -> str:
    """The same path in another language; a bare path gains the prefix."""
    return f"/{language}{bare_path(path)}"


def chosen_language(raw: str | None) -> str | None:
    """A ``lang`` value as a language code (``zh-Hant``, ``zh-TW``, ``EN`` too), or None."""
    value = (raw or "").strip().lower().replace("_", "-")
    if value in codes():
        return value
    if value in {"zh", "zh-tw", "zh-hk", "zh-mo"}:
        return "zh-hant"
    return "en" if value.startswith("en-") else None


def query_without(query: QueryDict, name: str) -> str:
    """The query string without one parameter, in its order; ``?`` included when not empty."""
    pairs = [(k, v) for k, values in query.lists() if k != name for v in values]
    return f"?{urlencode(pairs)}" if pairs else ""


@dataclass(frozen=True)
class LanguageLink:
    """One language version of the current page, for ``hreflang`` and the language switch."""

    code: str
    html_lang: str
    name: str
    url: str  # absolute, with the page's query string
    path: str  # the same, relative to the site
    switch_url: str  # relative, with ``lang=`` so that following it sets the cookie
    current: bool


def language_links(request: HttpRequest, current: str) -> list[LanguageLink]:
    """Every language version of the page the request asked for."""
    query = query_without(request.GET, PARAMETER)
    joiner = "&" if query else "?"
    links = []
    script = get_script_prefix().rstrip("/")
    for code, name in settings.LANGUAGES:
        path = script + escape_uri_path(in_language(request.path_info, code))
        links.append(
            LanguageLink(
                code=code,
                html_lang=HTML_LANG.get(code, code),
                name=name,
                url=request.build_absolute_uri(path + query),
                path=path + query,
                switch_url=f"{path}{query}{joiner}{PARAMETER}={code}",
                current=code == current,
            )
        )
    return links
