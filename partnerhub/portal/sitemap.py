"""The records listed in sitemap.xml: Taiwan's activities, organisations, events, countries and
source documents (other publishers' IATI activities are left to their own publishers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape

from django.conf import settings
from django.urls import reverse

from partnerhub.activities.models import Activity
from partnerhub.core.languages import HTML_LANG, bare_path, in_language
from partnerhub.events.models import Event
from partnerhub.organisations.models import Organisation
from partnerhub.reference.models import Country
from partnerhub.seeds.documents import DOCUMENTS

#: A sitemap file holds at most 50,000 addresses, and each page is listed in both languages.
LIMIT = 24_000


@dataclass(frozen=True)
class Version:
    language: str  # the hreflang value
    url: str


@dataclass(frozen=True)
class Page:
    """One page of the sitemap: its address in each language and the bare one (x-default)."""

    versions: list[Version]
    default: str


def versions(absolute: Callable[[str], str], path: str) -> Page:
    """The page at ``path`` (in any language) in every language, as absolute addresses."""
    return Page(
        versions=[
            Version(HTML_LANG.get(code, code), absolute(in_language(path, code)))
            for code, _ in settings.LANGUAGES
        ],
        default=absolute(bare_path(path)),
    )


def escape(text: str) -> str:
    return _escape(text, {'"': "&quot;"})


def document(pages: list[Page]) -> str:
    """The sitemap: one ``<url>`` per page and language, each naming every version.

    Written without the template engine: with tens of thousands of records, the nested loops of a
    template take seconds where joining strings takes a fraction of one.
    """
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    ]
    for page in pages:
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{v.language}" href="{escape(v.url)}"/>'
            for v in page.versions
        )
        links += f'<xhtml:link rel="alternate" hreflang="x-default" href="{escape(page.default)}"/>'
        parts += [f"<url><loc>{escape(v.url)}</loc>{links}</url>\n" for v in page.versions]
    parts.append("</urlset>\n")
    return "".join(parts)


def record_urls() -> list[str]:
    """Paths of the records a crawler should find, capped to fit one sitemap file."""
    urls = [reverse("portal:source", args=[n]) for n in DOCUMENTS]
    urls += [
        reverse("portal:country", args=[c])
        for c in Country.objects.filter(activity_links__isnull=False)
        .values_list("code", flat=True)
        .distinct()
    ]
    urls += [
        reverse("portal:organisation", args=[s])
        for s in Organisation.objects.listed().values_list("slug", flat=True)[:LIMIT]
    ]
    urls += [
        reverse("portal:event", args=[s])
        for s in Event.objects.values_list("slug", flat=True)[:LIMIT]
    ]
    room = max(0, LIMIT - len(urls))
    ids = Activity.objects.filter(is_taiwan=True).order_by("pk").values_list("pk", flat=True)[:room]
    urls += [reverse("portal:activity", args=[pk]) for pk in ids]
    return urls
