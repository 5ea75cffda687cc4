"""Read one ``iati-activity`` element into an :class:`ActivityRecord` (any version 1.01-2.03)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings
from lxml import etree

from partnerhub.activities.records import ActivityRecord
from partnerhub.core.models import Source
from partnerhub.iati.elements import (
    XML_LANG,
    ReadContext,
    Reader,
    dates,
    documents,
    identity,
    money,
    participation,
    results,
    sectors,
    unspecified,
)
from partnerhub.iati.elements import geography as geo
from partnerhub.iati.problems import ProblemSink

READERS: dict[str, Reader] = {
    **identity.READERS,
    **dates.READERS,
    **participation.READERS,
    **geo.READERS,
    **sectors.READERS,
    **money.READERS,
    **results.READERS,
    **documents.READERS,
}

#: Elements of every version that mean nothing to a 2.03 export and are not worth keeping.
_DROPPED = {"registry-record"}


def taiwan_prefixes() -> Sequence[str]:
    """Reporting-org identifier prefixes that mark Taiwan's own publishers."""
    return tuple(getattr(settings, "PARTNERHUB_TAIWAN_ORG_PREFIXES", ("TW-",)))


def _datetime(element: etree._Element, ctx: ReadContext) -> dt.datetime | None:
    raw = element.get("last-updated-datetime")
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        ctx.problem("bad-date", element, element="@last-updated-datetime", value=raw[:60])
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def read_activity(
    element: etree._Element,
    *,
    version: str,
    sink: ProblemSink,
    index: int,
    prefixes: Sequence[str],
) -> tuple[ActivityRecord, set[str]] | None:
    """The record for one activity and the organisation refs it names; None when unusable."""
    record = ActivityRecord(iati_identifier="", source=Source.IATI)
    ctx = ReadContext(
        version=version,
        sink=sink,
        record=record,
        default_lang=(element.get(XML_LANG) or "").lower(),
        default_currency=(element.get("default-currency") or "").strip().upper()[:3],
        activity_path=f"/iati-activities/iati-activity[{index}]",
    )
    record.default_currency = ctx.default_currency
    _read_attributes(element, ctx)
    # 1.0x elements are never kept (see ReadContext.keep), so skip the call for them.
    keeps = not ctx.legacy
    get = READERS.get
    # A plain walk: iterchildren(tag=etree.Element) builds a tag matcher on every call. Comments
    # and processing instructions (removed by the parser anyway) have no string tag.
    for child in element:
        tag = child.tag
        reader = get(tag)
        if reader is not None:
            reader(child, ctx)
        elif keeps and isinstance(tag, str) and tag not in _DROPPED:
            ctx.keep(child)
    if not record.iati_identifier:
        _derive_identifier(element, ctx, index)
    dates.report_date_omissions(element, ctx)
    if record.budgets:
        money.report_budget_omissions(element, ctx)
    if record.sectors:
        sectors.report_sector_export(element, ctx)
    if len(record.countries) > 1:
        geo.report_country_export(element, ctx)
    _report_unspecified(element, ctx)
    record.is_taiwan = record.reporting_org_ref.upper().startswith(_upper(tuple(prefixes)))
    if ctx.extra:
        record.extra["xml"] = ctx.extra
    record.extra["line"] = element.sourceline
    return record, ctx.org_refs


@lru_cache(maxsize=8)
def _upper(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p.upper() for p in prefixes)


def _report_unspecified(element: etree._Element, ctx: ReadContext) -> None:
    """A problem row when the export will declare the sector or the recipient unspecified."""
    record = ctx.record
    gaps = unspecified.unspecified_for_export(
        sectors=sectors.sectors_for_export(record.sectors)[0] if record.sectors else [],
        countries=record.countries,
        regions=record.regions,
        transactions=money.exported_transactions(record.transactions, record.default_currency),
    )
    if gaps.any:
        unspecified.report_unspecified(element, ctx, gaps)


def _derive_identifier(element: etree._Element, ctx: ReadContext, index: int) -> None:
    """A stable identifier for an activity published without one (pre-standard files).

    The first ``other-identifier`` when there is one (``@ref``, or the 1.0x text); else the
    reporting organisation and the activity's position in the file. A problem row says which.
    """
    record = ctx.record
    other = element.find("other-identifier")
    value = ""
    if other is not None:
        value = (other.get("ref") or other.text or "").strip()
    if value:
        how, how_zh = "from its other-identifier", "取自 other-identifier"
        record.iati_identifier = value[:255]
    else:
        publisher = record.reporting_org_ref or "UNKNOWN"
        how, how_zh = "from its publisher and position in the file", "依發布者與在檔案中的位置"
        record.iati_identifier = f"{publisher}-ACTIVITY-{index}"[:255]
    ctx.sink.add(
        "derived-identifier",
        line=element.sourceline,
        xpath=ctx.activity_path,
        identifier=record.iati_identifier,
        how=how,
        how_zh=how_zh,
    )


def _read_attributes(element: etree._Element, ctx: ReadContext) -> None:
    record = ctx.record
    record.last_updated = _datetime(element, ctx)
    hierarchy = (element.get("hierarchy") or "").strip()
    record.hierarchy = int(hierarchy) if hierarchy.isdigit() and int(hierarchy) < 100 else None
    record.humanitarian = (element.get("humanitarian") or "").strip().lower() in {"1", "true"}
    if ctx.default_lang:
        record.extra["lang"] = ctx.default_lang
