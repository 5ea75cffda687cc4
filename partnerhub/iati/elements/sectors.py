"""sector and tag, and the SDG goals and targets they carry (vocabularies 7/8 and tags 2/3)."""

from __future__ import annotations

import re

from lxml import etree

from partnerhub.activities.records import SdgRecord, SectorRecord
from partnerhub.iati.elements import ReadContext, Reader, collect, cut, decimal_text, narrative

_GOAL = re.compile(r"^\s*(?:SDG\s*)?(\d{1,2})\s*$", re.IGNORECASE)
_TARGET = re.compile(r"^\s*(\d{1,2})\.([0-9a-z]{1,2})\s*$", re.IGNORECASE)
_INDICATOR = re.compile(r"^\s*(\d{1,2})\.([0-9a-z]{1,2})\.\d+\s*$", re.IGNORECASE)

#: Sector vocabulary and tag vocabulary codes that name SDG goals and targets.
SDG_SECTOR_VOCABULARIES = {"7": "goal", "8": "target"}
SDG_TAG_VOCABULARIES = {"2": "goal", "3": "target"}


def sdg_from_code(kind: str, code: str) -> SdgRecord | None:
    """An SDG goal or target from a code such as ``3``, ``3.1``, ``17.a`` or indicator ``1.1.1``."""
    if kind == "goal":
        match = _GOAL.match(code)
        if match and 1 <= int(match[1]) <= 17:
            return SdgRecord(goal=int(match[1]))
        return None
    match = _TARGET.match(code) or _INDICATOR.match(code)
    if match and 1 <= int(match[1]) <= 17:
        return SdgRecord(goal=int(match[1]), target=f"{int(match[1])}.{match[2].lower()}")
    return None


def read_sector(element: etree._Element, ctx: ReadContext) -> SectorRecord | None:
    code = (element.get("code") or "").strip()
    if not code:
        ctx.problem("missing-attribute", element, element="sector", attribute="@code")
        return None
    vocabulary = ctx.code("SectorVocabulary", element, element.get("vocabulary") or "1")
    percentage = ctx.decimal(element, element.get("percentage"), places=3, digits=7)
    _add_sdg(ctx, element, SDG_SECTOR_VOCABULARIES.get(vocabulary), code)
    return SectorRecord(
        code=code[:32],
        vocabulary=vocabulary[:8],
        percentage=percentage,
        narrative=cut(narrative.first_text(element), 500),
    )


def read_tag(element: etree._Element, ctx: ReadContext) -> None:
    ctx.keep(element)
    kind = SDG_TAG_VOCABULARIES.get(element.get("vocabulary") or "")
    _add_sdg(ctx, element, kind, element.get("code") or "")


def _add_sdg(ctx: ReadContext, element: etree._Element, kind: str | None, code: str) -> None:
    if kind is None:
        return
    sdg = sdg_from_code(kind, code)
    if sdg is None:
        ctx.problem(
            "bad-code", element, element=element.tag, value=code, codelist=f"UN SDG {kind}s"
        )
        return
    ctx.record.sdgs.append(sdg)


READERS: dict[str, Reader] = {"sector": collect(read_sector, "sectors"), "tag": read_tag}


def write_sector(xf: etree._IncrementalFileWriter, sector: SectorRecord) -> None:
    attrs = {"code": sector.code}
    if sector.vocabulary and sector.vocabulary != "1":
        attrs["vocabulary"] = sector.vocabulary
    if sector.percentage is not None:
        attrs["percentage"] = decimal_text(sector.percentage)
    with xf.element("sector", attrs):
        if sector.narrative:
            with xf.element("narrative"):
                xf.write(sector.narrative)


def write_sdg_tag(xf: etree._IncrementalFileWriter, sdg: SdgRecord) -> None:
    """An SDG as a tag: vocabulary 3 (targets) when a target is known, else 2 (goals)."""
    if sdg.target:
        xf.write(etree.Element("tag", vocabulary="3", code=sdg.target))
    else:
        xf.write(etree.Element("tag", vocabulary="2", code=str(sdg.goal)))
