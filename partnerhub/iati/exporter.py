"""Stream activities out as IATI 2.03 XML with ``lxml.etree.xmlfile``; memory stays flat.

Elements are written in the order the 2.03 schema requires. Taiwan's own activities (not
imported from IATI) are reported by the configured reporting organisation
(``PARTNERHUB_REPORTING_ORG_REF``); identifiers get that prefix when they lack it. Elements an
import kept verbatim (``Activity.extra["xml"]``) are carried on in their schema position.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from lxml import etree

from partnerhub.activities.models import Activity
from partnerhub.activities.records import (
    ActivityRecord,
    ParticipationRecord,
    RegionRecord,
    ResultRecord,
    SectorRecord,
)
from partnerhub.core.models import Source
from partnerhub.iati.codecase import XML_LANG, canonical, normalise_codes
from partnerhub.iati.elements import (
    dates,
    documents,
    identity,
    money,
    participation,
    remove_unsafe,
    results,
    sectors,
    unsafe_urls,
    unspecified,
)
from partnerhub.iati.elements import geography as geo
from partnerhub.iati.records import activity_records, activity_to_record

VERSION = "2.03"
CHUNK = 500

#: Children of iati-activity in 2.03 schema order; an export walks this list once per activity.
SCHEMA_ORDER = (
    "iati-identifier", "reporting-org", "title", "description", "participating-org",
    "other-identifier", "activity-status", "activity-date", "contact-info", "activity-scope",
    "recipient-country", "recipient-region", "location", "sector", "tag", "country-budget-items",
    "humanitarian-scope", "policy-marker", "collaboration-type", "default-flow-type",
    "default-finance-type", "default-aid-type", "default-tied-status", "budget",
    "planned-disbursement", "capital-spend", "transaction", "document-link", "related-activity",
    "legacy-data", "conditions", "result", "crs-add", "fss",
)  # fmt: skip


def reporting_org() -> dict[str, str]:
    """Who reports Taiwan's own activities (settings, documented in docs/iati.md)."""
    return {
        "ref": getattr(settings, "PARTNERHUB_REPORTING_ORG_REF", "TW-GOV-MOFA"),
        "type": getattr(settings, "PARTNERHUB_REPORTING_ORG_TYPE", "10"),
        "zh": getattr(settings, "PARTNERHUB_REPORTING_ORG_NAME_ZH", "中華民國外交部"),
        "en": getattr(
            settings,
            "PARTNERHUB_REPORTING_ORG_NAME_EN",
            "Ministry of Foreign Affairs, Republic of China (Taiwan)",
        ),
    }


def export_records(qs: QuerySet[Activity]) -> Iterator[tuple[Activity, ActivityRecord]]:
    """Each activity with its record, one query per child table per chunk (``iati.records``)."""
    return activity_records(qs.order_by("pk"), chunk=CHUNK)


def activities_export(qs: QuerySet[Activity], out: IO[bytes] | str) -> int:
    """Write every activity of ``qs`` to ``out`` as one iati-activities document."""
    count = 0
    org = reporting_org()
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        attrs = {"version": VERSION, "generated-datetime": _now()}
        with xf.element("iati-activities", attrs):
            for activity, record in export_records(qs):
                write_activity(xf, activity, org, record)
                xf.flush()
                count += 1
    return count


def activities_export_chunks(qs: QuerySet[Activity]) -> Iterator[bytes]:
    """The export as a stream of byte chunks, for a streaming HTTP response."""
    buffer = _Buffer()
    org = reporting_org()
    with etree.xmlfile(buffer, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", {"version": VERSION, "generated-datetime": _now()}):
            for activity, record in export_records(qs):
                write_activity(xf, activity, org, record)
                xf.flush()
                if buffer.size > 64 * 1024:
                    yield buffer.take()
    yield buffer.take()


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)

    def take(self) -> bytes:
        data, self.parts, self.size = b"".join(self.parts), [], 0
        return data


def _now() -> str:
    return timezone.now().replace(microsecond=0).isoformat()


def _own(activity: Activity) -> bool:
    return activity.source != Source.IATI


def export_identifier(activity: Activity, ref: str) -> str:
    """Taiwan's own identifiers must start with the reporting organisation's identifier."""
    identifier = activity.iati_identifier.strip() or f"PH-{activity.pk}"
    if _own(activity) and not identifier.startswith(ref):
        return f"{ref}-{identifier}"
    return identifier


@functools.cache
def activity_schema() -> etree.XMLSchema:
    """The official 2.03 activity schema from PARTNERHUB_IATI_DATA (parsed once per process)."""
    path = Path(settings.PARTNERHUB_IATI_DATA) / "schemas" / "iati-activities-schema.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def write_activity(
    xf: Any, activity: Activity, org: dict[str, str], record: ActivityRecord | None = None
) -> None:
    """Write one activity: built whole, given its language, its codes respelled, then checked.

    The element is built whole because ``xmlfile`` cannot write ``xml:lang`` on an open element.
    Publishers' own elements may break the schema (the samples do): a result is then written from
    its modelled fields instead, and any other such element is left out, so an export is always
    valid, while everything Partner Hub writes itself is valid by construction.
    """
    kept: dict[str, list[str]] = activity.extra.get("xml", {}) if not _own(activity) else {}
    record = record or activity_to_record(activity)
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as inner:
        _write_activity(inner, _Export(activity, record, org, kept))
    element = etree.fromstring(buffer.getvalue())
    element.set(XML_LANG, activity_language(activity))
    normalise_codes(element)
    if kept:
        _repair(element, record, set(kept))
    xf.write(element)


def activity_language(activity: Activity) -> str:
    """The activity's default language: the publisher's ``xml:lang``, else English."""
    lang = "" if _own(activity) else str(activity.extra.get("lang") or "")
    return canonical("Language", lang) if lang else "en"


def _repair(element: etree._Element, record: ActivityRecord, kept_tags: set[str]) -> None:
    """Make ``element`` schema-valid: replace invalid kept results by modelled ones, drop others."""
    schema = activity_schema()
    modelled = record.results
    replaced: set[int] = set()
    for _attempt in range(50):
        if schema.validate(element):
            return
        doomed = set()
        for entry in schema.error_log:
            steps = (entry.path or "").split("/")
            if len(steps) > 2:
                doomed.add(steps[2])
        changed = False
        for step in doomed:
            found = element.xpath(step)
            for child in found if isinstance(found, list) else []:
                if not isinstance(child, etree._Element) or child.getparent() is not element:
                    continue
                if child.tag not in kept_tags:
                    continue
                index = _result_index(element, child)
                if index is not None and index not in replaced and index < len(modelled):
                    replaced.add(index)
                    element.replace(child, _modelled_result(modelled[index]))
                else:
                    element.remove(child)
                changed = True
        if not changed:
            return


def _result_index(element: etree._Element, child: etree._Element) -> int | None:
    if child.tag != "result":
        return None
    return list(element.iterchildren("result")).index(child)


def _modelled_result(result: ResultRecord) -> etree._Element:
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as inner:
        results.write_result(inner, result)
    return etree.fromstring(buffer.getvalue())


@dataclass
class _Export:
    """One activity being written: the row (dates of its own), its record, who reports it."""

    activity: Activity
    record: ActivityRecord
    org: dict[str, str]
    kept: dict[str, list[str]]

    @property
    def own(self) -> bool:
        return _own(self.activity)

    @functools.cached_property
    def sectors(self) -> list[SectorRecord]:
        return sectors.sectors_for_export(self.record.sectors)[0]

    @functools.cached_property
    def unspecified(self) -> unspecified.Unspecified:
        r = self.record
        return unspecified.unspecified_for_export(
            sectors=self.sectors,
            countries=r.countries,
            regions=r.regions,
            transactions=money.exported_transactions(r.transactions, r.default_currency),
        )


def _write_activity(xf: Any, e: _Export) -> None:
    a = e.activity
    attrs = {
        "last-updated-datetime": (a.last_updated or a.updated_at)
        .replace(microsecond=0)
        .isoformat(),
        "hierarchy": str(a.hierarchy or 1),
        "humanitarian": "1" if a.humanitarian else "0",
    }
    if a.default_currency:
        attrs["default-currency"] = a.default_currency
    with xf.element("iati-activity", attrs):
        for tag in SCHEMA_ORDER:
            writer = _WRITERS.get(tag)
            if writer is not None:
                writer(xf, e)
            for fragment in e.kept.get(tag, ()):
                element = etree.fromstring(fragment)
                found = unsafe_urls(element)
                # Kept before addresses were checked on import: never write such a link out.
                if not found or remove_unsafe(element, found):
                    xf.write(element)


def _borrowed(activity: Activity, name: str) -> bool:
    return bool(activity.extra.get("narratives", {}).get(f"{name}-en-borrowed"))


def _narratives(activity: Activity, name: str) -> list[list[str]]:
    return list(activity.extra.get("narratives", {}).get(name, []))


def _w_identifier(xf: Any, e: _Export) -> None:
    identity.write_identifier(xf, export_identifier(e.activity, e.org["ref"]))


def _w_reporting(xf: Any, e: _Export) -> None:
    a, org = e.activity, e.org
    if e.own:
        identity.write_reporting_org(
            xf, ref=org["ref"], org_type=org["type"], zh=org["zh"], en=org["en"]
        )
        return
    ref = a.reporting_org_ref or (a.reporting_org.iati_identifier if a.reporting_org else "") or ""
    org_type = str(
        a.extra.get("reporting_org_type")
        or (a.reporting_org.iati_type if a.reporting_org else "")
        or ""
    )
    identity.write_reporting_org(xf, ref=ref, org_type=org_type, en=a.reporting_org_name or ref)


def _w_title(xf: Any, e: _Export) -> None:
    a = e.activity
    others = _narratives(a, "title")
    en = a.title_en if (a.title_zh or a.title_en or others) else a.iati_identifier
    identity.write_title(xf, zh=a.title_zh, en=en, others=others, en_borrowed=_borrowed(a, "title"))


def _w_description(xf: Any, e: _Export) -> None:
    a = e.activity
    others = _narratives(a, "description")
    if a.description_zh or a.description_en or others:
        identity.write_description(
            xf,
            zh=a.description_zh,
            en=a.description_en,
            others=others,
            en_borrowed=_borrowed(a, "description"),
        )
    elif not e.kept.get("description"):
        # The schema requires a description; the title stands in when none was given.
        identity.write_description(xf, zh=a.title_zh, en=a.title_en or a.iati_identifier, others=[])


def _w_participation(xf: Any, e: _Export) -> None:
    # A participant linked to a known organisation but printed without a reference gets the
    # organisation's IATI identifier.
    known = {
        p.organisation_id: p.organisation.iati_identifier or ""
        for p in e.activity.participations.all()
        if p.organisation_id and p.organisation is not None
    }
    for p in e.record.participations:
        ref = p.ref or known.get(p.organisation_id or 0, "")
        participation.write_participating_org(xf, replace(p, ref=ref))
    if not e.record.participations:
        a = e.activity
        ref = e.org["ref"] if e.own else a.reporting_org_ref
        name = e.org["en"] if e.own else a.reporting_org_name
        participation.write_participating_org(
            xf, ParticipationRecord(role="1", ref=ref, printed_name=name)
        )


def _w_status(xf: Any, e: _Export) -> None:
    identity.write_status(xf, e.activity.status or _derived_status(e.activity))


def _derived_status(a: Activity) -> str:
    """Implementation (2), or closed (4) when the activity ended before today."""
    end = a.actual_end or a.span_end
    return "4" if end is not None and end < dt.date.today() else "2"


def _w_dates(xf: Any, e: _Export) -> None:
    a = e.activity
    known = {
        "planned_start": a.planned_start,
        "actual_start": a.actual_start,
        "planned_end": a.planned_end,
        "actual_end": a.actual_end,
    }
    if not any(known.values()):
        # Known only by its year (or not at all): the span stands in as planned dates.
        known["planned_start"] = a.span_start or a.created_at.date()
        known["planned_end"] = a.span_end
    dates.write_dates(xf, dates.exportable_dates(known, today=dt.date.today()))


def _w_countries(xf: Any, e: _Export) -> None:
    written, _total = geo.countries_for_export(e.record.countries, e.record.regions)
    for country in written:
        geo.write_country(xf, country)


def _w_regions(xf: Any, e: _Export) -> None:
    for region in e.record.regions:
        geo.write_region(xf, region)
    if e.unspecified.activity_region:
        geo.write_region(xf, RegionRecord(code=unspecified.REGION))


def _w_sectors(xf: Any, e: _Export) -> None:
    for sector in e.sectors:
        sectors.write_sector(xf, sector)
    if e.unspecified.activity_sector:
        sectors.write_sector(xf, SectorRecord(code=unspecified.SECTOR))


def _w_tags(xf: Any, e: _Export) -> None:
    if not e.own:
        return  # imported SDG tags travel verbatim with the other kept tags
    for sdg in e.record.sdgs:
        sectors.write_sdg_tag(xf, sdg)


def _fallback_day(a: Activity) -> dt.date:
    return a.span_start or a.planned_start or a.created_at.date()


def _priced(currency: str, e: _Export) -> bool:
    """Rule 7.8.1: an amount is exported only with its currency or the activity's default."""
    return bool(currency or e.record.default_currency)


def _w_budgets(xf: Any, e: _Export) -> None:
    fallback = _fallback_day(e.activity)
    for b in e.record.budgets:
        if not money.budget_exportable(b, fallback) or not _priced(b.currency, e):
            continue  # the import recorded why (docs/iati.md, "Export")
        start, end = money.budget_period(b, fallback)
        money.write_budget(
            xf, replace(b, period_start=start, period_end=end, value_date=b.value_date or start)
        )


def _w_transactions(xf: Any, e: _Export) -> None:
    gaps = e.unspecified
    sector = unspecified.SECTOR if gaps.transaction_sectors else ""
    region = unspecified.REGION if gaps.transaction_regions else ""
    for t in money.exported_transactions(e.record.transactions, e.record.default_currency):
        day = t.date or t.value_date or _fallback_day(e.activity)
        money.write_transaction(
            xf, replace(t, date=day, sector_code=t.sector_code or sector), region=region
        )


def _w_documents(xf: Any, e: _Export) -> None:
    for document in e.record.documents:
        if documents.document_exportable(document.format):
            documents.write_document_link(xf, document)


def _w_results(xf: Any, e: _Export) -> None:
    if e.kept.get("result"):
        return  # the verbatim results hold more than the model does
    for result in e.record.results:
        results.write_result(xf, result)


_WRITERS: dict[str, Callable[[Any, _Export], None]] = {
    "iati-identifier": _w_identifier,
    "reporting-org": _w_reporting,
    "title": _w_title,
    "description": _w_description,
    "participating-org": _w_participation,
    "activity-status": _w_status,
    "activity-date": _w_dates,
    "recipient-country": _w_countries,
    "recipient-region": _w_regions,
    "sector": _w_sectors,
    "tag": _w_tags,
    "budget": _w_budgets,
    "transaction": _w_transactions,
    "document-link": _w_documents,
    "result": _w_results,
}


def organisations_export(organisations: Iterable[Any], out: IO[bytes] | str) -> int:
    """Write an iati-organisations file: one iati-organisation per organisation given."""
    count = 0
    now = _now()
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-organisations", {"version": VERSION, "generated-datetime": now}):
            for o in organisations:
                ref = o.iati_identifier or f"{reporting_org()['ref']}-ORG-{o.slug}"
                with xf.element(
                    "iati-organisation",
                    {"last-updated-datetime": o.updated_at.replace(microsecond=0).isoformat()},
                ):
                    with xf.element("organisation-identifier"):
                        xf.write(ref)
                    with xf.element("name"):
                        from partnerhub.iati.elements import narrative

                        narrative.write(xf, zh=o.name_zh, en=o.name_en)
                    with xf.element("reporting-org", {"ref": ref, "type": o.iati_type or "90"}):
                        narrative.write(xf, zh=o.name_zh, en=o.name_en)
                count += 1
    return count
