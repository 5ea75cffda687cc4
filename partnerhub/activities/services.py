"""Writes for activities: one record in, one aggregate out, inside one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, fields
from typing import Any

from django.db import transaction
from django.db.models import Model

from partnerhub.activities import models as m
from partnerhub.activities.records import ActivityRecord, ResultRecord
from partnerhub.core.audit import audit_record
from partnerhub.core.models import Provenance
from partnerhub.core.text import join_search_text
from partnerhub.reference.models import Country

_SCALARS = {
    f.name
    for f in fields(ActivityRecord)
    if f.name
    not in {
        "year",
        "participations",
        "countries",
        "regions",
        "sectors",
        "sdgs",
        "budgets",
        "transactions",
        "results",
        "documents",
    }
}


def activity_span(record: ActivityRecord) -> tuple[dt.date | None, dt.date | None, str]:
    """The dates an activity covers: every known date, or the whole year when only that is known."""
    dates = [
        d
        for d in (record.planned_start, record.actual_start, record.planned_end, record.actual_end)
        if d is not None
    ]
    if dates:
        return min(dates), max(dates), m.DatePrecision.DAY
    if record.year:
        return dt.date(record.year, 1, 1), dt.date(record.year, 12, 31), m.DatePrecision.YEAR
    return None, None, m.DatePrecision.DAY


def _build(record: ActivityRecord, provenance: Provenance | None) -> m.Activity:
    start, end, precision = activity_span(record)
    values = {name: getattr(record, name) for name in _SCALARS}
    activity = m.Activity(
        **values, span_start=start, span_end=end, date_precision=precision, provenance=provenance
    )
    activity.search_text = join_search_text(
        record.iati_identifier,
        record.title_zh,
        record.title_en,
        record.description_zh,
        record.description_en,
        record.reporting_org_name,
        *(p.printed_name for p in record.participations),
        *(c.printed_name for c in record.countries),
    )
    return activity


def _children(
    activity: m.Activity, record: ActivityRecord, countries: dict[str, int]
) -> dict[type[Model], list[Any]]:
    rows: dict[type[Model], list[Any]] = {
        m.Participation: [
            m.Participation(activity=activity, **asdict(p)) for p in record.participations
        ],
        m.ActivityCountry: [
            m.ActivityCountry(
                activity=activity, country_id=countries.get(c.code.upper()), **asdict(c)
            )
            for c in record.countries
        ],
        m.ActivityRegion: [
            m.ActivityRegion(activity=activity, **asdict(r)) for r in record.regions
        ],
        m.ActivitySector: [
            m.ActivitySector(activity=activity, **asdict(s)) for s in record.sectors
        ],
        m.ActivitySdg: [
            m.ActivitySdg(activity=activity, **asdict(s)) for s in _unique_sdgs(record)
        ],
        m.Budget: [m.Budget(activity=activity, **asdict(b)) for b in record.budgets],
        m.Transaction: [m.Transaction(activity=activity, **asdict(t)) for t in record.transactions],
        m.DocumentLink: [m.DocumentLink(activity=activity, **asdict(d)) for d in record.documents],
    }
    return rows


def _unique_sdgs(record: ActivityRecord) -> list[Any]:
    seen: dict[tuple[int, str], Any] = {}
    for sdg in record.sdgs:
        seen.setdefault((sdg.goal, sdg.target), sdg)
    return list(seen.values())


def _write_results(activity: m.Activity, results: Sequence[ResultRecord]) -> None:
    for result in results:
        data = asdict(result)
        indicators = data.pop("indicators")
        row = m.Result.objects.create(activity=activity, **data)
        m.Indicator.objects.bulk_create(m.Indicator(result=row, **i) for i in indicators)


def _country_ids() -> dict[str, int]:
    return dict(Country.objects.values_list("code", "id"))


@transaction.atomic
def activity_create(
    *, record: ActivityRecord, provenance: Provenance | None = None, actor: Any = None
) -> m.Activity:
    """Create one activity with all its child rows; validates the activity row first."""
    activity = _build(record, provenance)
    activity.full_clean()
    activity.save()
    for model, rows in _children(activity, record, _country_ids()).items():
        model._default_manager.bulk_create(rows)
    _write_results(activity, record.results)
    audit_record(action="create", instance=activity, summary=activity.title[:200], actor=actor)
    return activity


@transaction.atomic
def activity_bulk_create(
    *,
    records: Iterable[ActivityRecord],
    provenance: Provenance | None = None,
    batch_size: int = 1000,
) -> int:
    """Create many activities at once (importers); one audit row covers the batch."""
    countries = _country_ids()
    batch: list[ActivityRecord] = []
    total = 0
    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            total += _bulk_write(batch, provenance, countries)
            batch = []
    if batch:
        total += _bulk_write(batch, provenance, countries)
    return total


def _bulk_write(
    batch: list[ActivityRecord], provenance: Provenance | None, countries: dict[str, int]
) -> int:
    activities = m.Activity.objects.bulk_create(_build(r, provenance) for r in batch)
    children: dict[type[Model], list[Any]] = {}
    for activity, record in zip(activities, batch, strict=True):
        for model, rows in _children(activity, record, countries).items():
            children.setdefault(model, []).extend(rows)
    for model, rows in children.items():
        model._default_manager.bulk_create(rows, batch_size=2000)
    for activity, record in zip(activities, batch, strict=True):
        if record.results:
            _write_results(activity, record.results)
    return len(activities)


@transaction.atomic
def activity_delete_by_provenance(*, provenance: Provenance) -> int:
    """Delete every activity that came from ``provenance`` (a dataset being replaced)."""
    deleted, _ = m.Activity.objects.filter(provenance=provenance).delete()
    return deleted
