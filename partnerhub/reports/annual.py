"""The Article 15 annual report as data: built from the selectors, frozen as JSON, rendered later.

The International Cooperation and Development Act (Article 15) asks for a yearly report on the
cooperation of central ministries, local governments and NGOs. The sections follow it: by type of
implementing organisation and by organisation; by region, partner country and relationship; by
SDG; highlights of results (indicators with their as-of dates); an annex listing every activity.

Everything a renderer prints is in the snapshot, in both languages, so an issued report never
changes when the records do, and the English edition shows the same figures as the Chinese one.
Each table keeps the activity-list query behind it and each annex row its activity id and source
citation, so every figure leads back to its records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone, translation

from partnerhub.activities.models import Activity, Indicator
from partnerhub.reports.explain import explain
from partnerhub.reports.ledger import Ledger, Scope, ledger_build
from partnerhub.reports.selectors import dimension_title, labels
from partnerhub.reports.totals import Totals, totals_by

LANGUAGES = ("zh-hant", "en")
#: The report's tables in order: (section, dimension, role).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("organisations", "organisation-type", "implementing"),
    ("organisations", "organisation", "implementing"),
    ("organisations", "organisation", "funding"),
    ("geography", "region", "implementing"),
    ("geography", "country", "implementing"),
    ("geography", "relationship", "implementing"),
    ("sdg", "sdg", "implementing"),
    ("sdg", "sector", "implementing"),
)
HIGHLIGHTS = 40
Progress = Callable[[int, int], None]


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _both(make: Callable[[], Any]) -> dict[str, Any]:
    """The value ``make`` returns in each language of the report."""
    out = {}
    for language in LANGUAGES:
        with translation.override(language):
            out[language] = make()
    return out


def _table(ledger: Ledger, section: str, dimension: str, role: str) -> dict[str, Any]:
    totals = totals_by(ledger, dimension, role=role)
    names = _both(lambda: labels(ledger, dimension, (r.key for r in totals.rows)))
    notes = _both(lambda: explain(totals))
    return {
        "section": section,
        "slug": f"{dimension}-{role}" if dimension == "organisation" else dimension,
        "title": _both(lambda: dimension_title(dimension, role)),
        "rows": [
            {
                "key": r.key,
                "label": {lang: names[lang].get(r.key, r.key) for lang in LANGUAGES},
                "amount": _money(r.amount),
                "activities": r.activities,
                "query": totals.link(r.key),
            }
            for r in totals.rows
        ],
        "amount": _money(totals.amount),
        "activities": totals.activities,
        "query": totals.link(),
        "includes": {lang: notes[lang].includes for lang in LANGUAGES},
        "excludes": {lang: notes[lang].excludes for lang in LANGUAGES},
    }


def report_data_build(year: int, *, progress: Progress | None = None) -> dict[str, Any]:
    """The whole report for ``year`` as JSON-ready data (amounts as decimal strings)."""
    step = progress or (lambda done, total: None)
    steps = len(SECTIONS) + 3
    ledger = ledger_build(Scope(year=year))
    twd = totals_by(ledger_build(Scope(year=year, currency="TWD")), "year")
    step(1, steps)
    tables = []
    for index, (section, dimension, role) in enumerate(SECTIONS, start=2):
        tables.append(_table(ledger, section, dimension, role))
        step(index, steps)
    whole: Totals = totals_by(ledger, "year")
    data = {
        "year": year,
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "currency": "USD",
        "amount": _money(whole.amount),
        "amount_twd": _money(twd.amount),
        "activities": len(_members_in_year(ledger)),
        "query": whole.link(),
        "rates": [
            {"currency": r.currency, "date": r.date.isoformat(), "per_usd": str(r.per_usd)}
            for r in whole.rates
        ],
        "unconverted": {
            k: {"flows": v.flows, "amount": str(v.amount)} for k, v in whole.unconverted.items()
        },
        "tables": tables,
    }
    data["highlights"] = _highlights(year)
    step(steps - 1, steps)
    data["annex"] = _annex(ledger, year)
    step(steps, steps)
    return data


def _members_in_year(ledger: Ledger) -> list[int]:
    year = ledger.scope.year
    return [
        pk
        for pk, (start, end) in ledger.span.items()
        if year is None or (start and end and start.year <= year <= end.year)
    ]


def _highlights(year: int) -> list[dict[str, Any]]:
    """Indicators with an actual value and an as-of date, of activities under way that year."""
    rows = (
        Indicator.objects.filter(
            result__activity__is_taiwan=True,
            result__activity__span_start__lte=dt.date(year, 12, 31),
            result__activity__span_end__gte=dt.date(year, 1, 1),
            actual_value__isnull=False,
        )
        .select_related("result__activity")
        .order_by("-as_of", "id")[:HIGHLIGHTS]
    )
    return [
        {
            "activity": i.result.activity_id,
            "activity_title": {"zh-hant": i.result.activity.title_zh or i.result.activity.title_en,
                               "en": i.result.activity.title_en or i.result.activity.title_zh},
            "indicator": {"zh-hant": i.title_zh or i.title_en, "en": i.title_en or i.title_zh},
            "actual": str(i.actual_value),
            "target": str(i.target_value) if i.target_value is not None else "",
            "unit": i.unit,
            "as_of": i.as_of.isoformat() if i.as_of else "",
        }
        for i in rows
    ]  # fmt: skip


def _annex(ledger: Ledger, year: int) -> list[dict[str, Any]]:
    """Every Taiwan activity under way in ``year``, with its spending that year and its source."""
    spent: dict[int, Decimal] = {}
    for flow in ledger.flows:
        spent[flow.activity_id] = spent.get(flow.activity_id, Decimal(0)) + flow.amount
    ids = set(_members_in_year(ledger)) | set(spent)
    activities = (
        Activity.objects.filter(pk__in=ids)
        .select_related("provenance")
        .prefetch_related(Prefetch("countries"), Prefetch("sdgs"))
        .order_by("span_start", "id")
    )
    return [
        {
            "id": a.pk,
            "identifier": a.iati_identifier,
            "title": {"zh-hant": a.title_zh or a.title_en, "en": a.title_en or a.title_zh},
            "countries": sorted({c.code for c in a.countries.all()}),
            "sdgs": sorted({s.goal for s in a.sdgs.all()}),
            "start": a.span_start.isoformat() if a.span_start else "",
            "end": a.span_end.isoformat() if a.span_end else "",
            "amount": _money(spent.get(a.pk, Decimal(0))),
            "source": a.provenance.citation() if a.provenance else a.get_source_display(),
        }
        for a in activities
    ]


def report_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """What differs between two snapshots of one year: totals, table rows and annex activities."""
    changes: list[dict[str, Any]] = []
    if before["amount"] != after["amount"]:
        changes.append({"kind": "total", "before": before["amount"], "after": after["amount"]})
    old_tables = {t["slug"]: t for t in before["tables"]}
    for table in after["tables"]:
        old = {r["key"]: r for r in old_tables.get(table["slug"], {"rows": []})["rows"]}
        new = {r["key"]: r for r in table["rows"]}
        for key in sorted(set(old) | set(new)):
            a, b = old.get(key), new.get(key)
            if (a and a["amount"]) != (b and b["amount"]) or (a and a["activities"]) != (
                b and b["activities"]
            ):
                changes.append(
                    {
                        "kind": "row",
                        "table": table["title"],
                        "label": (b or a or {}).get("label", {}),
                        "before": a["amount"] if a else "",
                        "after": b["amount"] if b else "",
                    }
                )
    old_annex = {r["id"]: r for r in before["annex"]}
    new_annex = {r["id"]: r for r in after["annex"]}
    for pk in sorted(set(old_annex) | set(new_annex)):
        a, b = old_annex.get(pk), new_annex.get(pk)
        if a != b:
            kind = "added" if a is None else "removed" if b is None else "changed"
            changes.append({"kind": kind, "activity": pk, "title": (b or a or {}).get("title", {})})
    return changes
