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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from lxml import etree

from partnerhub.activities.models import Activity, Result
from partnerhub.core.models import Source
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
)
from partnerhub.iati.elements import geography as geo

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


def export_queryset(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """The prefetches one export chunk needs: one query per child table per chunk."""
    return qs.select_related("reporting_org").prefetch_related(
        "participations",
        "countries",
        "regions",
        "sectors",
        "sdgs",
        "budgets",
        "transactions",
        "documents",
        Prefetch("results", queryset=Result.objects.prefetch_related("indicators")),
    )


def activities_export(qs: QuerySet[Activity], out: IO[bytes] | str) -> int:
    """Write every activity of ``qs`` to ``out`` as one iati-activities document."""
    count = 0
    org = reporting_org()
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        attrs = {"version": VERSION, "generated-datetime": _now()}
        with xf.element("iati-activities", attrs):
            for activity in export_queryset(qs.order_by("pk")).iterator(chunk_size=CHUNK):
                write_activity(xf, activity, org)
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
            for activity in export_queryset(qs.order_by("pk")).iterator(chunk_size=CHUNK):
                write_activity(xf, activity, org)
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


def write_activity(xf: Any, activity: Activity, org: dict[str, str]) -> None:
    """Write one activity; one that carries verbatim elements is checked against the schema first.

    Publishers' own elements may break the schema (the samples do); those are dropped here, so an
    export is always valid, while everything Partner Hub writes itself is valid by construction.
    """
    kept: dict[str, list[str]] = activity.extra.get("xml", {}) if not _own(activity) else {}
    if not kept:
        _write_activity(xf, activity, org, kept)
        return
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as inner:
        _write_activity(inner, activity, org, kept)
    element = etree.fromstring(buffer.getvalue())
    _drop_invalid(element, set(kept))
    xf.write(element)


def _drop_invalid(element: etree._Element, kept_tags: set[str]) -> None:
    schema = activity_schema()
    for _attempt in range(50):
        if schema.validate(element):
            return
        doomed = set()
        for entry in schema.error_log:
            steps = (entry.path or "").split("/")
            if len(steps) > 2:
                doomed.add(steps[2])
        removed = False
        for step in doomed:
            found = element.xpath(step)
            for child in found if isinstance(found, list) else []:
                if child.getparent() is element and child.tag in kept_tags:
                    element.remove(child)
                    removed = True
        if not removed:
            return


def _write_activity(
    xf: Any, activity: Activity, org: dict[str, str], kept: dict[str, list[str]]
) -> None:
    attrs = {
        "last-updated-datetime": (activity.last_updated or activity.updated_at)
        .replace(microsecond=0)
        .isoformat(),
        "hierarchy": str(activity.hierarchy or 1),
        "humanitarian": "1" if activity.humanitarian else "0",
    }
    if activity.default_currency:
        attrs["default-currency"] = activity.default_currency
    with xf.element("iati-activity", attrs):
        for tag in SCHEMA_ORDER:
            writer = _WRITERS.get(tag)
            if writer is not None:
                writer(xf, activity, org, kept)
            if tag != "result" or not _modelled_results_only(activity, kept):
                for fragment in kept.get(tag, ()):
                    element = etree.fromstring(fragment)
                    found = unsafe_urls(element)
                    # Kept before addresses were checked on import: never write such a link out.
                    if not found or remove_unsafe(element, found):
                        xf.write(element)


def _modelled_results_only(activity: Activity, kept: dict[str, list[str]]) -> bool:
    return not kept.get("result")


def _borrowed(activity: Activity, name: str) -> bool:
    return bool(activity.extra.get("narratives", {}).get(f"{name}-en-borrowed"))


def _narratives(activity: Activity, name: str) -> list[list[str]]:
    return list(activity.extra.get("narratives", {}).get(name, []))


def _w_identifier(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    identity.write_identifier(xf, export_identifier(a, org["ref"]))


def _w_reporting(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    if _own(a):
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


def _w_title(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    others = _narratives(a, "title")
    en = a.title_en if (a.title_zh or a.title_en or others) else a.iati_identifier
    identity.write_title(xf, zh=a.title_zh, en=en, others=others, en_borrowed=_borrowed(a, "title"))


def _w_description(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    others = _narratives(a, "description")
    if a.description_zh or a.description_en or others:
        identity.write_description(
            xf,
            zh=a.description_zh,
            en=a.description_en,
            others=others,
            en_borrowed=_borrowed(a, "description"),
        )
    elif not kept.get("description"):
        # The schema requires a description; the title stands in when none was given.
        identity.write_description(xf, zh=a.title_zh, en=a.title_en or a.iati_identifier, others=[])


def _w_participation(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    rows = list(a.participations.all())
    for p in rows:
        ref = p.ref or (
            p.organisation.iati_identifier or "" if p.organisation_id and p.organisation else ""
        )
        participation.write_participating_org(
            xf, role=p.role, ref=ref, org_type=p.org_type, name=p.printed_name
        )
    if not rows:
        ref = org["ref"] if _own(a) else a.reporting_org_ref
        name = org["en"] if _own(a) else a.reporting_org_name
        participation.write_participating_org(xf, role="1", ref=ref, org_type="", name=name)


def _w_status(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    identity.write_status(xf, a.status or _derived_status(a))


def _derived_status(a: Activity) -> str:
    """Implementation (2), or closed (4) when the activity ended before today."""
    end = a.actual_end or a.span_end
    return "4" if end is not None and end < dt.date.today() else "2"


def _w_dates(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
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
    dates.write_dates(xf, known)


def _w_countries(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    for c in a.countries.all():
        geo.write_country(xf, code=c.code, percentage=c.percentage, name=c.printed_name)


def _w_regions(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    for r in a.regions.all():
        geo.write_region(
            xf, code=r.code, vocabulary=r.vocabulary, percentage=r.percentage, name=r.printed_name
        )


def _w_sectors(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    for s in a.sectors.all():
        sectors.write_sector(
            xf, code=s.code, vocabulary=s.vocabulary, percentage=s.percentage, name=s.narrative
        )


def _w_tags(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    if not _own(a):
        return  # imported SDG tags travel verbatim with the other kept tags
    for sdg in a.sdgs.all():
        sectors.write_sdg_tag(xf, goal=sdg.goal, target=sdg.target)


def _fallback_day(a: Activity) -> dt.date:
    return a.span_start or a.planned_start or a.created_at.date()


def _w_budgets(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    for b in a.budgets.all():
        start = b.period_start or b.value_date or _fallback_day(a)
        end = b.period_end if b.period_end and b.period_end >= start else start
        money.write_budget(
            xf,
            type=b.type,
            status=b.status,
            start=start,
            end=end,
            value=b.value,
            currency=b.currency,
            value_date=b.value_date or start,
        )


def _w_transactions(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    for t in a.transactions.all():
        row = {f.attname: getattr(t, f.attname) for f in t._meta.concrete_fields}
        money.write_transaction(xf, row, t.date or t.value_date or _fallback_day(a))


def _w_documents(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    for d in a.documents.all():
        documents.write_document_link(
            xf, url=d.url, title=d.title, format=d.format, category=d.category, language=d.language
        )


def _w_results(xf: Any, a: Activity, org: dict[str, str], kept: dict[str, list[str]]) -> None:
    if kept.get("result"):
        return  # the verbatim results hold more than the model does
    for result in a.results.all():
        results.write_result(xf, result)


_WRITERS = {
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
