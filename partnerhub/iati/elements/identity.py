"""iati-identifier, reporting-org, title, description and activity-status."""

from __future__ import annotations

from lxml import etree

from partnerhub.iati.elements import ReadContext, Reader, cut, narrative


def read_identifier(element: etree._Element, ctx: ReadContext) -> None:
    ctx.record.iati_identifier = cut((element.text or "").strip(), 255)


def read_reporting_org(element: etree._Element, ctx: ReadContext) -> None:
    record = ctx.record
    record.reporting_org_ref = cut((element.get("ref") or "").strip(), 200)
    record.reporting_org_name = cut(narrative.first_text(element), 500)
    org_type = ctx.code("OrganisationType", element, element.get("type"))
    if org_type:
        record.extra["reporting_org_type"] = org_type
    if record.reporting_org_ref:
        ctx.org_refs.add(record.reporting_org_ref)


def read_title(element: etree._Element, ctx: ReadContext) -> None:
    zh, en, others, borrowed = narrative.zh_en(narrative.texts(element, ctx))
    ctx.record.title_zh, ctx.record.title_en = zh, en
    _keep_others(ctx, "title", others, borrowed)


def read_description(element: etree._Element, ctx: ReadContext) -> None:
    kind = element.get("type") or "1"
    record = ctx.record
    if kind != "1" or record.description_zh or record.description_en:
        ctx.keep(element)
        return
    zh, en, others, borrowed = narrative.zh_en(narrative.texts(element, ctx))
    record.description_zh, record.description_en = zh, en
    _keep_others(ctx, "description", others, borrowed)


def _keep_others(ctx: ReadContext, name: str, others: list[list[str]], borrowed: bool) -> None:
    """Keep narratives in other languages (and whether English was borrowed from one)."""
    if others:
        kept = ctx.record.extra.setdefault("narratives", {})
        kept[name] = others
        if borrowed:
            kept[f"{name}-en-borrowed"] = True


def read_status(element: etree._Element, ctx: ReadContext) -> None:
    value = element.get("code") or (element.text or "").strip()
    ctx.record.status = ctx.code("ActivityStatus", element, value)[:2]


READERS: dict[str, Reader] = {
    "iati-identifier": read_identifier,
    "reporting-org": read_reporting_org,
    "title": read_title,
    "description": read_description,
    "activity-status": read_status,
}


def write_identifier(xf: etree._IncrementalFileWriter, identifier: str) -> None:
    with xf.element("iati-identifier"):
        xf.write(identifier)


def write_reporting_org(
    xf: etree._IncrementalFileWriter, *, ref: str, org_type: str, zh: str = "", en: str = ""
) -> None:
    with xf.element("reporting-org", {"ref": ref, "type": org_type or "10"}):
        narrative.write(xf, zh=zh, en=en or (ref if not zh else ""))


def write_title(
    xf: etree._IncrementalFileWriter,
    *,
    zh: str,
    en: str,
    others: list[list[str]],
    en_borrowed: bool = False,
) -> None:
    with xf.element("title"):
        narrative.write(xf, zh=zh, en=en, others=others, en_borrowed=en_borrowed)


def write_description(
    xf: etree._IncrementalFileWriter,
    *,
    zh: str,
    en: str,
    others: list[list[str]],
    en_borrowed: bool = False,
) -> None:
    with xf.element("description", {"type": "1"}):
        narrative.write(xf, zh=zh, en=en, others=others, en_borrowed=en_borrowed)


def write_status(xf: etree._IncrementalFileWriter, code: str) -> None:
    xf.write(etree.Element("activity-status", code=code))
