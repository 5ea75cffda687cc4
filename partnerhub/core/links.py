"""Which addresses from outside may become links: only ``http``, ``https`` and ``ftp``.

Addresses read from files (IATI document links, websites) are shown as links on public pages
that share the admin's origin, so a ``javascript:`` or ``data:`` address would be stored
cross-site scripting. Importers accept only these schemes and keep anything else as text;
templates check again (the ``safe_url`` filter of the portal) before writing an ``href``.
"""

from __future__ import annotations

import re

SAFE_SCHEMES = ("http", "https", "ftp")

# A scheme, "://", and at least one character of host. No whitespace or control character
# anywhere: browsers drop tabs and newlines inside a URL, which hides schemes ("java\tscript:").
_SAFE = re.compile(r"(?i)(?:https?|ftp)://[^\s/?#\\]+[^\x00-\x20\x7f]*")


def is_safe_url(url: str | None) -> bool:
    """True when ``url`` is an absolute http, https or ftp address with a host."""
    return bool(url) and _SAFE.fullmatch(url or "") is not None


def safe_url_or_empty(url: str | None) -> str:
    """``url`` itself when it may be a link, else the empty string."""
    return url if url and is_safe_url(url) else ""
