"""sector and tag, and the SDG goals and targets they carry (vocabularies 7/8 and tags 2/3)."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from lxml import etree

from partnerhub.activities.records import SdgRecord, SectorRecord
from partnerhub.iati.codecase import codes
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

_DAC = {"1", ""}
#: Per DAC vocabulary, the code for a share no published sector accounts for: purpose code 99810
#: "Sectors not specified" and its category 998 "Unallocated / unspecified".
UNALLOCATED = {"1": "99810", "2": "998"}


#: (what was wrong, in English, in Chinese, what the export writes instead, in both languages).
Change = tuple[str, str, str, str]


def sectors_for_export(records: list[SectorRecord]) -> tuple[list[SectorRecord], list[Change]]:
    """The sectors an export writes, and what it changed from the published ones (and why).

    * When an activity's DAC 5-digit sectors (vocabulary 1) include codes the codelist does not
      hold (old or national sub-codes such as ``13012``), all its DAC sectors are written as
      their DAC 3-digit categories (vocabulary 2: a code's first three digits are its DAC
      category), percentages added up per category, so they still sum as published. A code whose
      first three digits are no category either is left out.
    * Rule 2.1.4: a vocabulary's only sector has its percentage omitted unless it is 100.
    * Rule 2.1.2: percentages that miss 100 only by their rounding (at most 0.01 per share, as in
      3 × 33.33) are made to add up, the difference going to the largest share. DAC percentages
      that fall short by more (a publisher's 30 %) keep their shares, and the rest is written
      as not specified (99810, or category 998), as CRS reporting does; shares over 100 are
      left as published (which one is wrong is unknowable).
    """
    changes: list[Change] = []
    out = _dac_categories(records, changes)
    groups: dict[str, list[int]] = {}
    for index, s in enumerate(out):
        groups.setdefault(s.vocabulary or "1", []).append(index)
    for vocabulary, members in groups.items():
        shares = [out[i].percentage for i in members]
        if len(members) == 1:
            if shares[0] is not None and shares[0] != 100:
                out[members[0]] = replace(out[members[0]], percentage=None)
                changes.append(
                    (
                        f"the only sector of vocabulary {vocabulary} is {shares[0]}%",
                        f"vocabulary {vocabulary} 唯一的部門比例為 {shares[0]}%",
                        "it without a percentage (rule 2.1.4)",
                        "不寫比例（規則 2.1.4）",
                    )
                )
            continue
        known = [x for x in shares if x is not None]
        if len(known) != len(shares):
            continue
        gap = Decimal(100) - sum(known, Decimal(0))
        if gap > Decimal("0.01") * len(known) and vocabulary in UNALLOCATED:
            out.append(
                SectorRecord(code=UNALLOCATED[vocabulary], vocabulary=vocabulary, percentage=gap)
            )
            changes.append(
                (
                    f"the percentages of vocabulary {vocabulary} add up to {decimal_text(100 - gap)}",
                    f"vocabulary {vocabulary} 的比例合計為 {decimal_text(100 - gap)}",
                    f"the remaining {decimal_text(gap)}% as {UNALLOCATED[vocabulary]}, not "
                    "specified (rule 2.1.2)",
                    f"其餘 {decimal_text(gap)}% 標示為 {UNALLOCATED[vocabulary]}（未指定）（規則 2.1.2）",
                )
            )
        elif gap and abs(gap) <= Decimal("0.01") * len(known):
            largest = max(members, key=lambda i: out[i].percentage or 0)
            out[largest] = replace(out[largest], percentage=(out[largest].percentage or 0) + gap)
            changes.append(
                (
                    f"the percentages of vocabulary {vocabulary} add up to {100 - gap}",
                    f"vocabulary {vocabulary} 的比例合計為 {100 - gap}",
                    "them rounded to add up to 100 (rule 2.1.2)",
                    "調整捨入誤差使合計為 100（規則 2.1.2）",
                )
            )
    return out, changes


def _dac_categories(records: list[SectorRecord], changes: list[Change]) -> list[SectorRecord]:
    known = codes("Sector")
    unknown = sorted({s.code for s in records if s.vocabulary in _DAC and s.code not in known})
    if not unknown or not known:
        return list(records)
    categories = codes("SectorCategory")
    merged: dict[str, int] = {}
    out: list[SectorRecord] = []
    for s in records:
        if s.vocabulary not in _DAC:
            out.append(s)
            continue
        code = s.code[:3]
        if code not in categories:
            continue
        at = merged.get(code)
        if at is None:
            merged[code] = len(out)
            out.append(SectorRecord(code=code, vocabulary="2", percentage=s.percentage))
            continue
        held = out[at].percentage
        total = held + s.percentage if held is not None and s.percentage is not None else None
        out[at] = replace(out[at], percentage=total)
    listed = ", ".join(unknown[:10])
    changes.append(
        (
            f"{listed} is not in the DAC Sector codelist",
            f"{listed} 不在 DAC 部門代碼表中",
            "the activity's DAC sectors as 3-digit categories (vocabulary 2; a code with no "
            "category is left out)",
            "此活動的 DAC 部門改以三位數類別（vocabulary 2）表示（無類別的代碼不匯出）",
        )
    )
    return out


def report_sector_export(activity: etree._Element, ctx: ReadContext) -> None:
    """After an activity is read: a problem row for each change the export makes to its sectors."""
    _written, changes = sectors_for_export(ctx.record.sectors)
    for reason, reason_zh, how, how_zh in changes:
        ctx.problem(
            "exported-changed",
            activity,
            element="sector",
            reason=reason,
            reason_zh=reason_zh,
            how=how,
            how_zh=how_zh,
        )


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
