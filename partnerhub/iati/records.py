"""Activities as records: stored rows back to :class:`ActivityRecord`, and records to JSON and back.

The exporter's element writers and the duplicate rule both work on records, so an element's
round trip (read, write, read) can be tested without a database, and a superseded copy of an
activity can be kept as JSON and written again as it was read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from partnerhub.activities import records as rec
from partnerhub.activities.models import Activity, DatePrecision, Result
from partnerhub.activities.records import ActivityRecord

#: Child collections of an activity and the record each row becomes.
_CHILDREN: dict[str, type[Any]] = {
    "participations": rec.ParticipationRecord,
    "countries": rec.CountryRecord,
    "regions": rec.RegionRecord,
    "sectors": rec.SectorRecord,
    "sdgs": rec.SdgRecord,
    "budgets": rec.BudgetRecord,
    "transactions": rec.TransactionRecord,
    "documents": rec.DocumentRecord,
}
_SKIPPED = {"year", "search_text", "extra_json", *_CHILDREN, "results"}


def _as(row: Any, record_class: type[Any]) -> Any:
    return record_class(**{f.name: getattr(row, f.name) for f in dataclasses.fields(record_class)})


def activity_to_record(activity: Activity) -> ActivityRecord:
    """The record of one stored activity (reads its prefetched children when there are any)."""
    values = {
        f.name: getattr(activity, f.name)
        for f in dataclasses.fields(ActivityRecord)
        if f.name not in _SKIPPED
    }
    record = ActivityRecord(**values)
    if activity.date_precision == DatePrecision.YEAR and activity.span_start is not None:
        record.year = activity.span_start.year
    for name, record_class in _CHILDREN.items():
        rows = sorted(getattr(activity, name).all(), key=lambda row: row.pk)
        setattr(record, name, [_as(row, record_class) for row in rows])
    record.results = [
        rec.ResultRecord(
            title_zh=r.title_zh,
            title_en=r.title_en,
            type=r.type,
            description_zh=r.description_zh,
            description_en=r.description_en,
            indicators=[
                _as(i, rec.IndicatorRecord) for i in sorted(r.indicators.all(), key=lambda i: i.pk)
            ],
        )
        for r in sorted(activity.results.all(), key=lambda r: r.pk)
    ]
    return record


def activity_records(
    qs: QuerySet[Activity], *, chunk: int = 500
) -> Iterator[tuple[Activity, ActivityRecord]]:
    """Each activity of ``qs`` with its record, prefetched ``chunk`` activities at a time."""
    prefetched = qs.select_related("reporting_org").prefetch_related(
        *_CHILDREN, Prefetch("results", queryset=Result.objects.prefetch_related("indicators"))
    )
    for activity in prefetched.iterator(chunk_size=chunk):
        yield activity, activity_to_record(activity)


# ---- JSON ---------------------------------------------------------------------------------


def record_to_json(record: Any) -> Any:
    """A record (or any value inside one) as JSON-ready data: decimals and dates as text."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: record_to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, list):
        return [record_to_json(item) for item in record]
    if isinstance(record, dict):
        return {key: record_to_json(value) for key, value in record.items()}
    if isinstance(record, Decimal):
        return str(record)
    if isinstance(record, dt.date):  # datetimes too
        return record.isoformat()
    return record


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(record_class: type[Any]) -> dict[str, Any]:
    hints = _HINTS.get(record_class)
    if hints is None:
        hints = _HINTS[record_class] = typing.get_type_hints(record_class)
    return hints


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decode(options[0], value)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_decode(item, v) for v in value]
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return record_from_json(hint, value)
    if hint is Decimal:
        return Decimal(value)
    if hint is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    return value


def record_from_json[T](record_class: type[T], data: dict[str, Any]) -> T:
    """The record ``record_to_json`` gave ``data`` for."""
    hints = _hints(record_class)
    known = {f.name for f in dataclasses.fields(record_class)}  # type: ignore[arg-type]
    return record_class(**{k: _decode(hints[k], v) for k, v in data.items() if k in known})
