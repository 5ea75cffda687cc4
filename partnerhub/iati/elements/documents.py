"""document-link: a published document about the activity."""

from __future__ import annotations

from lxml import etree

from partnerhub.activities.records import DocumentRecord
from partnerhub.iati.elements import ReadContext, Reader, cut, narrative


def read_document_link(element: etree._Element, ctx: ReadContext) -> None:
    url = (element.get("url") or "").strip()
    if not url:
        ctx.problem("missing-attribute", element, element="document-link", attribute="@url")
        return
    if len(url) > 1000:
        ctx.problem("too-long", element, element="document-link/@url", limit=1000)
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


READERS: dict[str, Reader] = {"document-link": read_document_link}


def write_document_link(
    xf: etree._IncrementalFileWriter,
    *,
    url: str,
    title: str,
    format: str,
    category: str,
    language: str,
) -> None:
    with xf.element("document-link", {"url": url, "format": format or "text/html"}):
        with xf.element("title"), xf.element("narrative"):
            xf.write(title or url)
        xf.write(etree.Element("category", code=category or "A01"))
        if language:
            xf.write(etree.Element("language", code=language))
