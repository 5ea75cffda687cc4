"""document-link: a published document about the activity."""

from __future__ import annotations

from lxml import etree

from partnerhub.activities.records import DocumentRecord
from partnerhub.core.links import is_safe_url
from partnerhub.iati.elements import ReadContext, Reader, cut, narrative


def accept_url(element: etree._Element, ctx: ReadContext, url: str, where: str) -> bool:
    """True when ``url`` may become a link; otherwise a problem row, and the text kept aside."""
    if is_safe_url(url):
        return True
    ctx.problem("unsafe-url", element, element=where, value=url[:200])
    ctx.record.extra.setdefault("unsafe_urls", []).append(url[:1000])
    return False


def read_document_link(element: etree._Element, ctx: ReadContext) -> None:
    url = (element.get("url") or "").strip()
    if not url:
        ctx.problem("missing-attribute", element, element="document-link", attribute="@url")
        return
    if len(url) > 1000:
        ctx.problem("too-long", element, element="document-link/@url", limit=1000)
        return
    if not accept_url(element, ctx, url, "document-link/@url"):
        return
    title = element.find("title")
    category = element.find("category")
    language = element.find("language")
    ctx.record.documents.append(
        DocumentRecord(
            url=url,
            title=cut(narrative.first_text(title), 500) if title is not None else "",
            format=(element.get("format") or "")[:100],
            category=(category.get("code") or "")[:8] if category is not None else "",
            language=(language.get("code") or "")[:8] if language is not None else "",
        )
    )


def read_activity_website(element: etree._Element, ctx: ReadContext) -> None:
    """1.0x ``activity-website``: kept as a document link to the activity's web page (A12)."""
    url = (element.text or "").strip()
    if not url or len(url) > 1000 or not accept_url(element, ctx, url, "activity-website"):
        return
    ctx.record.documents.append(
        DocumentRecord(url=url, title=cut(url, 500), format="text/html", category="A12")
    )


READERS: dict[str, Reader] = {
    "document-link": read_document_link,
    "activity-website": read_activity_website,
}


def write_document_link(
    xf: etree._IncrementalFileWriter,
    *,
    url: str,
    title: str,
    format: str,
    category: str,
    language: str,
) -> None:
    if not is_safe_url(url):
        return  # a second line of defence: such an address was never a link
    with xf.element("document-link", {"url": url, "format": format or "text/html"}):
        with xf.element("title"), xf.element("narrative"):
            xf.write(title or url)
        xf.write(etree.Element("category", code=category or "A01"))
        if language:
            xf.write(etree.Element("language", code=language))
