"""document-link: a published document about the activity."""

from __future__ import annotations

from lxml import etree

from partnerhub.activities.records import DocumentRecord
from partnerhub.core.links import is_safe_url
from partnerhub.iati.codecase import canonical, codes
from partnerhub.iati.elements import ReadContext, Reader, collect, cut, first_children, narrative


def accept_url(element: etree._Element, ctx: ReadContext, url: str, where: str) -> bool:
    """True when ``url`` may become a link; otherwise a problem row, and the text kept aside."""
    if is_safe_url(url):
        return True
    ctx.problem("unsafe-url", element, element=where, value=url[:200])
    ctx.record.extra.setdefault("unsafe_urls", []).append(url[:1000])
    return False


def read_document_link(element: etree._Element, ctx: ReadContext) -> DocumentRecord | None:
    url = (element.get("url") or "").strip()
    if not url:
        ctx.problem("missing-attribute", element, element="document-link", attribute="@url")
        return None
    if len(url) > 1000:
        ctx.problem("too-long", element, element="document-link/@url", limit=1000)
        return None
    if not accept_url(element, ctx, url, "document-link/@url"):
        return None
    parts = first_children(element)
    title = parts.get("title")
    category = parts.get("category")
    language = parts.get("language")
    spelled = canonical("FileFormat", element.get("format") or "")[:100]
    if not document_exportable(spelled):
        ctx.problem(
            "exported-without",
            element,
            element="document-link",
            reason=f"its format {spelled!r} is not in the FileFormat codelist, which the schema "
            "requires",
            reason_zh=f"其格式 {spelled!r} 不在 FileFormat 代碼表中，而結構描述要求此屬性",
        )
    return DocumentRecord(
        url=url,
        title=cut(narrative.first_text(title), 500) if title is not None else "",
        format=spelled,
        category=(category.get("code") or "")[:8] if category is not None else "",
        language=canonical("Language", language.get("code") or "")[:8]
        if language is not None
        else "",
    )


def document_exportable(format_: str) -> bool:
    """An export writes a document link only with a format of the FileFormat codelist (or
    none, written as ``text/html``): the schema requires ``@format``."""
    known = codes("FileFormat")
    return not format_ or not known or format_ in known


def read_activity_website(element: etree._Element, ctx: ReadContext) -> DocumentRecord | None:
    """1.0x ``activity-website``: kept as a document link to the activity's web page (A12)."""
    url = (element.text or "").strip()
    if not url or len(url) > 1000 or not accept_url(element, ctx, url, "activity-website"):
        return None
    return DocumentRecord(url=url, title=cut(url, 500), format="text/html", category="A12")


READERS: dict[str, Reader] = {
    "document-link": collect(read_document_link, "documents"),
    "activity-website": collect(read_activity_website, "documents"),
}


def write_document_link(xf: etree._IncrementalFileWriter, document: DocumentRecord) -> None:
    if not is_safe_url(document.url):
        return  # a second line of defence: such an address was never a link
    attrs = {"url": document.url, "format": document.format or "text/html"}
    with xf.element("document-link", attrs):
        with xf.element("title"), xf.element("narrative"):
            xf.write(document.title or document.url)
        xf.write(etree.Element("category", code=document.category or "A01"))
        if document.language:
            xf.write(etree.Element("language", code=document.language))
