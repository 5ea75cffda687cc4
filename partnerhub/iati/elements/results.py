"""result and indicator: what an activity achieved; SDG indicators (vocabulary 9) give SDGs.

A 2.0x result is both read into the model and kept verbatim, because its periods hold more than
the model does; the export prefers the verbatim form when it exists.
"""

from __future__ import annotations

from lxml import etree

from partnerhub.activities.records import IndicatorRecord, ResultRecord
from partnerhub.iati.elements import (
    ReadContext,
    Reader,
    children,
    decimal_text,
    first_children,
    narrative,
)
from partnerhub.iati.elements.sectors import sdg_from_code


def _zh_en(element: etree._Element | None, ctx: ReadContext) -> tuple[str, str]:
    if element is None:
        return "", ""
    zh, en, _others, _borrowed = narrative.zh_en(narrative.texts(element, ctx))
    return zh, en


def read_indicator(element: etree._Element, ctx: ReadContext) -> IndicatorRecord:
    parts = first_children(element)
    title_zh, title_en = _zh_en(parts.get("title"), ctx)
    indicator = IndicatorRecord(
        title_zh=title_zh,
        title_en=title_en,
        measure=ctx.code("IndicatorMeasure", element, element.get("measure")) or "1",
    )
    for reference in children(element, "reference"):
        if reference.get("vocabulary") == "9":
            sdg = sdg_from_code("target", reference.get("code") or "")
            if sdg is not None:
                ctx.record.sdgs.append(sdg)
    baseline = parts.get("baseline")
    if baseline is not None:
        indicator.baseline_value = ctx.decimal(baseline, baseline.get("value"), places=4)
        year = (baseline.get("year") or "").strip()
        indicator.baseline_year = int(year) if year.isdigit() and 1900 < int(year) < 2200 else None
    for period in children(element, "period"):
        found = first_children(period)
        target, actual = found.get("target"), found.get("actual")
        if target is not None and target.get("value"):
            indicator.target_value = ctx.decimal(target, target.get("value"), places=4)
        if actual is not None and actual.get("value"):
            indicator.actual_value = ctx.decimal(actual, actual.get("value"), places=4)
        indicator.as_of = ctx.date(found.get("period-end")) or indicator.as_of
    return indicator


def read_result(element: etree._Element, ctx: ReadContext) -> ResultRecord:
    parts = first_children(element)
    title_zh, title_en = _zh_en(parts.get("title"), ctx)
    desc_zh, desc_en = _zh_en(parts.get("description"), ctx)
    return ResultRecord(
        title_zh=title_zh,
        title_en=title_en,
        type=ctx.code("ResultType", element, element.get("type")) or "1",
        description_zh=desc_zh,
        description_en=desc_en,
        indicators=[read_indicator(i, ctx) for i in children(element, "indicator")],
    )


def _read_and_keep_result(element: etree._Element, ctx: ReadContext) -> None:
    ctx.keep(element)
    ctx.record.results.append(read_result(element, ctx))


READERS: dict[str, Reader] = {"result": _read_and_keep_result}


def write_result(xf: etree._IncrementalFileWriter, result: ResultRecord) -> None:
    """Write a result from its modelled fields as a 2.03 ``result``."""
    with xf.element("result", {"type": result.type or "1"}):
        with xf.element("title"):
            narrative.write(
                xf, zh=result.title_zh, en=result.title_en or ("" if result.title_zh else "-")
            )
        if result.description_zh or result.description_en:
            with xf.element("description"):
                narrative.write(xf, zh=result.description_zh, en=result.description_en)
        for indicator in result.indicators:
            attrs = {"measure": indicator.measure or "1"}
            with xf.element("indicator", attrs):
                with xf.element("title"):
                    narrative.write(xf, zh=indicator.title_zh, en=indicator.title_en or "-")
                if indicator.baseline_value is not None and indicator.baseline_year:
                    xf.write(
                        etree.Element(
                            "baseline",
                            year=str(indicator.baseline_year),
                            value=decimal_text(indicator.baseline_value),
                        )
                    )
