"""Writes for activities: one record in, one aggregate out, inside one transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, fields
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Model, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from partnerhub.activities import models as m
from partnerhub.activities import records as rec
from partnerhub.activities import search
from partnerhub.activities.compose import compose_activity_english
from partnerhub.activities.records import ActivityRecord, ResultRecord, TransactionRecord
from partnerhub.core.audit import audit_batch, audit_record
from partnerhub.core.jobs import task_enqueue_quietly
from partnerhub.core.models import Provenance, TextStatus, mark_human_english
from partnerhub.core.services import apply_changes, editable_fields
from partnerhub.core.stamps import change_stamp_bump
from partnerhub.core.text import han_bigrams, join_search_text, search_key
from partnerhub.reference.models import Country

#: The change stamp every write to activities (and their child rows) bumps: the list's facet
#: cache, its paginator and the stored totals read it (core.stamps).
STAMP = "activities"


def activities_changed(*, delta: int = 0) -> None:
    """Bump the activities' change stamp in the caller's transaction (``delta``: rows added),
    and have the list's bitmap index rebuilt a little later (``facets_refresh_after_edit``)."""
    change_stamp_bump(scope=STAMP, delta=delta)
    facets_refresh_after_edit()


#: The tables a bulk import or load rewrites, whose planner statistics go stale with it.
BULK_TABLES = (
    m.Activity,
    m.ActivityCountry,
    m.ActivitySector,
    m.ActivitySdg,
    m.Participation,
    m.Transaction,
)


def activities_recount() -> None:
    """Bump the stamp and set its row count from a full count (after an import or a load); the
    list's bitmap facet index is rebuilt once the transaction commits (``facets_refresh``).

    On PostgreSQL the planner's statistics of the rewritten tables are refreshed too when they
    are far off: right after a bulk load, before autovacuum has run, it would otherwise plan the
    facets' joins as if the tables were empty (nested loops that take seconds per query on a few
    hundred rows). ``ANALYZE`` runs when the planner's row estimate of the activities is under
    half or over twice the count just taken (or was never made), so a run of many files pays
    for it a handful of times as the tables double, not once per file.
    """
    count = m.Activity.objects.count()
    change_stamp_bump(scope=STAMP, recount=m.Activity.objects.all(), rows=count)
    if connection.vendor == "postgresql" and _statistics_stale(count):
        with connection.cursor() as cursor:
            for model in BULK_TABLES:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    facets_refresh_on_commit()


def _statistics_stale(count: int) -> bool:
    """Whether PostgreSQL's estimate of the activities' row count is off by more than half."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [m.Activity._meta.db_table]
        )
        row = cursor.fetchone()
    estimate = float(row[0]) if row else -1.0
    if estimate < 0:  # never analysed (PostgreSQL 14 and later say -1)
        return count > 0
    return count > 2 * estimate or estimate > 2 * count


#: Tasks queued once when a transaction with bulk writes (an import, a seed load, a bulk create
#: or delete) commits, by dotted path: the list's stored facet counts, and what apps that keep
#: figures derived from activities add in their ``AppConfig.ready`` (the reports' stored totals),
#: since this app may not import theirs.
AFTER_BULK_WRITE: list[str] = ["partnerhub.activities.tasks.facets_refresh"]


def _facets_refresh_enqueue() -> None:
    deferred = _DEFERRED.get()
    if deferred is not None:
        deferred.append(True)  # queued once, when the run ends (refreshes_deferred)
        return
    # The tasks import the list and the reports: late, by path.
    for path in AFTER_BULK_WRITE:
        task_enqueue_quietly(import_string(path))


#: Inside ``refreshes_deferred``: a list that bulk writes' commits append to.
_DEFERRED: ContextVar[list[bool] | None] = ContextVar("activities_refreshes_deferred", default=None)


@contextmanager
def refreshes_deferred() -> Iterator[None]:
    """Queue the ``AFTER_BULK_WRITE`` tasks once, when the block ends, instead of at each commit.

    For a run of many bulk writes, each committed on its own (an import of many files): the
    list's index and the stored totals are built once for the whole run, rather than by a worker
    again and again while the run goes on, competing with it for the machine (a stored totals'
    refresh takes minutes at a million activities). Nothing is queued when nothing committed.
    """
    token = _DEFERRED.set([])
    try:
        yield
    finally:
        committed = bool(_DEFERRED.get())
        _DEFERRED.reset(token)
        if committed:
            _facets_refresh_enqueue()


#: Tasks queued, ``PARTNERHUB_INDEX_AFTER_EDIT_SECONDS`` later, after a single edit commits: the
#: list's bitmap index, and what apps add in their ``AppConfig.ready`` (Taiwan's stored totals).
AFTER_EDIT: list[str] = ["partnerhub.activities.tasks.facets_refresh"]


def _facets_refresh_enqueue_later() -> None:
    """Queue each ``AFTER_EDIT`` task to run ``PARTNERHUB_INDEX_AFTER_EDIT_SECONDS`` from now,
    unless those queued so are still waiting: a burst of edits (a reviewer's afternoon, a run of
    the SDG suggester) then costs one run of each, which reads the stamp when it starts and so
    sees every edit committed before it."""
    delay = settings.PARTNERHUB_INDEX_AFTER_EDIT_SECONDS
    if not caches["tasks"].add(_PENDING_KEY, 1, timeout=delay):
        return
    run_after = timezone.now() + dt.timedelta(seconds=delay)
    queued = [
        task_enqueue_quietly(import_string(path).using(run_after=run_after)) for path in AFTER_EDIT
    ]
    if any(result is None for result in queued):
        caches["tasks"].delete(_PENDING_KEY)


_PENDING_KEY = "activities:facets-refresh-pending"


def facets_refresh_after_edit() -> None:
    """After a single edit commits, a rebuild of the list's index a little later (coalesced);
    until it is built the list counts live, as it always does for a stamp it has no index of."""
    pending = transaction.get_connection().run_on_commit
    if not any(entry[1] is _facets_refresh_enqueue_later for entry in pending):
        transaction.on_commit(_facets_refresh_enqueue_later)


def facets_refresh_on_commit() -> None:
    """Queue ``facets_refresh`` when the caller's transaction commits, once per transaction
    however many bulk writes it holds (an import writes a batch at a time)."""
    # Entries are (savepoint ids, function, robust). A savepoint rolled back drops its entries,
    # and one released can no longer roll back alone, so an entry still listed runs whenever a
    # new one would.
    pending = transaction.get_connection().run_on_commit
    if not any(entry[1] is _facets_refresh_enqueue for entry in pending):
        transaction.on_commit(_facets_refresh_enqueue)


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
        "search_text",
        "search_bigrams",
        "extra_json",
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
    activity.search_bigrams = han_bigrams(activity.search_text)
    return activity


def _child_rows(
    activity: m.Activity, name: str, items: Sequence[Any], countries: dict[str, int]
) -> list[Any]:
    """The unsaved rows of one child collection (``participations``, ``countries``...)."""
    if name == "countries":
        return [
            m.ActivityCountry(
                activity=activity, country_id=countries.get(c.code.upper()), **asdict(c)
            )
            for c in items
        ]
    if name == "sdgs":
        seen: dict[tuple[int, str], Any] = {}
        for sdg in items:
            seen.setdefault((sdg.goal, sdg.target), sdg)
        items = list(seen.values())
    return [_CHILD_MODELS[name](activity=activity, **asdict(item)) for item in items]


#: The child collections written in one ``bulk_create`` each (results nest, so they have their own).
_CHILD_MODELS: dict[str, type[Model]] = {
    "participations": m.Participation,
    "countries": m.ActivityCountry,
    "regions": m.ActivityRegion,
    "sectors": m.ActivitySector,
    "sdgs": m.ActivitySdg,
    "budgets": m.Budget,
    "transactions": m.Transaction,
    "documents": m.DocumentLink,
}


def _children(
    activity: m.Activity, record: ActivityRecord, countries: dict[str, int]
) -> dict[type[Model], list[Any]]:
    return {
        model: _child_rows(activity, name, getattr(record, name), countries)
        for name, model in _CHILD_MODELS.items()
    }


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
    """Create one activity with all its child rows; validates the activity row first.

    A record with Chinese and no English gets an English title and summary composed from its
    structured data, marked ``composed`` (activities.compose)."""
    _compose_missing_english(record)
    activity = _build(record, provenance)
    activity.full_clean()
    activity.save()
    for model, rows in _children(activity, record, _country_ids()).items():
        model._default_manager.bulk_create(rows)
    _write_results(activity, record.results)
    audit_record(action="create", instance=activity, summary=activity.title[:200], actor=actor)
    activities_changed(delta=1)
    return activity


def _compose_missing_english(record: ActivityRecord) -> None:
    if record.title_en or not record.title_zh:
        return
    start, end, _precision = activity_span(record)
    title, summary = compose_activity_english(
        record, start.year if start else None, end.year if end else None
    )
    record.title_en, record.title_en_status = title, TextStatus.COMPOSED
    if not record.description_en:
        record.description_en, record.description_en_status = summary, TextStatus.COMPOSED


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
    if total:
        change_stamp_bump(scope=STAMP, delta=total)
        facets_refresh_on_commit()  # a bulk write's rebuild does not wait
    return total


def _bulk_write(
    batch: list[ActivityRecord], provenance: Provenance | None, countries: dict[str, int]
) -> int:
    if connection.vendor in {"sqlite", "postgresql"}:
        return _fast_write(batch, provenance, countries)
    return _orm_write(batch, provenance, countries)


def _orm_write(
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


# ---- The fast path for importers -------------------------------------------------------------
#
# Building a Django model instance per child row costs more than reading the XML it came from, so
# bulk imports write plain tuples: ``executemany`` on SQLite and ``COPY`` on PostgreSQL. Primary
# keys are allocated up front (a sequence on PostgreSQL; on SQLite the write lock held by the
# surrounding transaction makes max(id) safe) so child rows can point at their parents without a
# round trip. The columns are read from the models, and ``_FAST_COLUMNS`` pins the order the row
# builders below produce; a test compares the two so a model change cannot go unnoticed.

_FAST_COLUMNS: dict[type[Model], tuple[str, ...]] = {
    m.Participation: ("activity_id", "organisation_id", "role", "printed_name", "printed_name_en", "ref", "org_type", "crs_channel_code"),
    m.ActivityCountry: ("activity_id", "country_id", "code", "percentage", "printed_name"),
    m.ActivityRegion: ("activity_id", "code", "vocabulary", "percentage", "printed_name"),
    m.ActivitySector: ("activity_id", "vocabulary", "code", "percentage", "narrative"),
    m.ActivitySdg: ("activity_id", "goal", "target"),
    m.Budget: ("activity_id", "type", "status", "period_start", "period_end", "value", "currency", "value_date"),
    m.Transaction: (
        "activity_id", "ref", "type", "date", "value", "currency", "value_date", "printed_amount",
        "description", "provider_org_id", "provider_ref", "provider_name", "receiver_org_id",
        "receiver_ref", "receiver_name", "flow_type", "finance_type", "aid_type",
        "recipient_country", "sector_code",
    ),
    m.DocumentLink: ("activity_id", "url", "title", "format", "category", "language"),
    m.Result: ("id", "activity_id", "type", "title_zh", "title_en", "description_zh", "description_en"),
    m.Indicator: (
        "result_id", "title_zh", "title_en", "measure", "unit", "baseline_value", "baseline_year",
        "target_value", "actual_value", "as_of", "printed",
    ),
}  # fmt: skip


def model_columns(model: type[Model], *, with_pk: bool = False) -> tuple[str, ...]:
    """The attribute names of a model's stored fields, in table order."""
    return tuple(f.attname for f in model._meta.concrete_fields if with_pk or not f.primary_key)


def _allocate_ids(model: type[Model], count: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # AUTOINCREMENT never reuses an id, so start after both the largest row and the sequence.
        cursor.execute(
            f'SELECT MAX(COALESCE((SELECT MAX(id) FROM "{table}"), 0), '
            f"COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


def bulk_insert_rows(
    model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert plain tuples (``columns`` are attribute names): importers' rows without the ORM."""
    _insert(model, columns, rows)


def _insert(model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    table = model._meta.db_table
    column_of = {f.attname: f.column for f in model._meta.concrete_fields}
    names = ", ".join(f'"{column_of[c]}"' for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        # Django's SQLite backend registers adapters for Decimal and date, so rows go as they are.
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


def activity_search_text(record: ActivityRecord) -> str:
    """The folded search column of an activity (one opencc pass over every searchable text)."""
    parts = (
        record.iati_identifier,
        record.title_zh,
        record.title_en,
        record.description_zh,
        record.description_en,
        record.reporting_org_name,
        *(p.printed_name for p in record.participations),
        *(c.printed_name for c in record.countries),
    )
    return search_key(" | ".join(p for p in parts if p))


def activity_extra_json(record: ActivityRecord) -> str:
    return _EXTRA_JSON.encode(record.extra)


#: ``json.dumps(extra, ensure_ascii=False, default=str)`` without a new encoder per activity.
_EXTRA_JSON = json.JSONEncoder(ensure_ascii=False, default=str)


def _activity_row(
    record: ActivityRecord, pk: int, provenance_id: int | None, now: Any
) -> tuple[Any, ...]:
    """One Activity row; ``now`` comes already adapted for the database (see _fast_write)."""
    start, end, precision = activity_span(record)
    values = {name: getattr(record, name) for name in _SCALARS}
    if record.search_text:  # prepared by the reading process, pairs and all
        search_text, bigrams = record.search_text, record.search_bigrams
    else:
        search_text = activity_search_text(record)
        bigrams = han_bigrams(search_text)
    values.update(
        id=pk,
        span_start=start,
        span_end=end,
        date_precision=precision,
        provenance_id=provenance_id,
        extra=record.extra_json or activity_extra_json(record),
        search_text=search_text,
        search_bigrams=bigrams,
        created_at=now,
        updated_at=now,
    )
    if values["last_updated"] is not None and connection.vendor == "sqlite":
        # Stored as naive UTC text, as the ORM would (the registered adapter keeps the offset).
        values["last_updated"] = connection.ops.adapt_datetimefield_value(values["last_updated"])
    return tuple(values[c] for c in _ACTIVITY_COLUMNS)


_ACTIVITY_COLUMNS = model_columns(m.Activity, with_pk=True)


def _fast_write(
    batch: list[ActivityRecord], provenance: Provenance | None, countries: dict[str, int]
) -> int:
    now: Any = timezone.now()
    if connection.vendor == "sqlite":
        now = connection.ops.adapt_datetimefield_value(now)
    ids = _allocate_ids(m.Activity, len(batch))
    provenance_id = provenance.pk if provenance else None
    rows: dict[type[Model], list[tuple[Any, ...]]] = {model: [] for model in _FAST_COLUMNS}
    results: list[tuple[int, ResultRecord]] = []
    for pk, r in zip(ids, batch, strict=True):
        rows[m.Participation] += [
            (
                pk,
                p.organisation_id,
                p.role,
                p.printed_name,
                p.printed_name_en,
                p.ref,
                p.org_type,
                p.crs_channel_code,
            )
            for p in r.participations
        ]
        rows[m.ActivityCountry] += [
            (pk, countries.get(c.code.upper()), c.code, c.percentage, c.printed_name)
            for c in r.countries
        ]
        rows[m.ActivityRegion] += [
            (pk, g.code, g.vocabulary, g.percentage, g.printed_name) for g in r.regions
        ]
        rows[m.ActivitySector] += [
            (pk, s.vocabulary, s.code, s.percentage, s.narrative) for s in r.sectors
        ]
        rows[m.ActivitySdg] += [(pk, s.goal, s.target) for s in _unique_sdgs(r)]
        rows[m.Budget] += [
            (pk, b.type, b.status, b.period_start, b.period_end, b.value, b.currency, b.value_date)
            for b in r.budgets
        ]
        rows[m.Transaction] += [
            (
                pk,
                t.ref,
                t.type,
                t.date,
                t.value,
                t.currency,
                t.value_date,
                t.printed_amount,
                t.description,
                t.provider_org_id,
                t.provider_ref,
                t.provider_name,
                t.receiver_org_id,
                t.receiver_ref,
                t.receiver_name,
                t.flow_type,
                t.finance_type,
                t.aid_type,
                t.recipient_country,
                t.sector_code,
            )
            for t in r.transactions
        ]
        rows[m.DocumentLink] += [
            (pk, d.url, d.title, d.format, d.category, d.language) for d in r.documents
        ]
        results += [(pk, result) for result in r.results]
    if results:
        result_ids = _allocate_ids(m.Result, len(results))
        for rid, (pk, res) in zip(result_ids, results, strict=True):
            rows[m.Result].append(
                (
                    rid,
                    pk,
                    res.type,
                    res.title_zh,
                    res.title_en,
                    res.description_zh,
                    res.description_en,
                )
            )
            rows[m.Indicator] += [
                (
                    rid,
                    i.title_zh,
                    i.title_en,
                    i.measure,
                    i.unit,
                    i.baseline_value,
                    i.baseline_year,
                    i.target_value,
                    i.actual_value,
                    i.as_of,
                    i.printed,
                )
                for i in res.indicators
            ]
    activity_rows = [
        _activity_row(r, pk, provenance_id, now) for pk, r in zip(ids, batch, strict=True)
    ]
    # SQLite's search indexes take the batch in one statement each, not a trigger per row.
    search.bulk_indexed(
        connection, ids[0], ids[-1], lambda: _insert(m.Activity, _ACTIVITY_COLUMNS, activity_rows)
    )
    for model, columns in _FAST_COLUMNS.items():
        _insert(model, columns, rows[model])
    return len(batch)  # fmt: skip


@transaction.atomic
def activity_delete_by_provenance(*, provenance: Provenance) -> int:
    """Delete every activity that came from ``provenance`` (a dataset being replaced)."""
    return activity_delete_many(activities=m.Activity.objects.filter(provenance=provenance))


@transaction.atomic
def activity_delete_many(*, activities: QuerySet[m.Activity], actor: Any = None) -> int:
    """Delete a set of activities (what a source file gave before); one audit row for the set."""
    span = activities.aggregate(count=Count("pk"), first=Min("pk"), last=Max("pk"))
    if not span["count"]:
        return 0
    deleted, _ = activities.delete()
    activities_changed(delta=-span["count"])
    facets_refresh_on_commit()
    audit_batch(
        action="delete",
        model=m.Activity,
        summary=f"{span['count']} activities",
        changes=span,
        actor=actor,
    )
    return deleted


# ---- Updates and deletes ---------------------------------------------------------------------

_RECORD_OF: dict[str, type[Any]] = {
    "participations": rec.ParticipationRecord,
    "countries": rec.CountryRecord,
    "regions": rec.RegionRecord,
    "sectors": rec.SectorRecord,
    "sdgs": rec.SdgRecord,
    "budgets": rec.BudgetRecord,
    "transactions": rec.TransactionRecord,
    "documents": rec.DocumentRecord,
}

#: Fields an update may set directly; the span and the search column follow from the others.
ACTIVITY_FIELDS = editable_fields(
    m.Activity,
    derived={"span_start", "span_end", "date_precision", "search_text", "search_bigrams"},
)
ACTIVITY_COLLECTIONS = frozenset({*_RECORD_OF, "results"})


def _as_record(row: Model, record_class: type[Any]) -> Any:
    return record_class(**{f.name: getattr(row, f.name) for f in fields(record_class)})


def activity_child_records(activity: m.Activity, name: str) -> list[Any]:
    """The records of one child collection as stored, in the shape ``activity_update`` takes."""
    if name == "results":
        return [
            rec.ResultRecord(
                title_zh=res.title_zh,
                title_en=res.title_en,
                type=res.type,
                description_zh=res.description_zh,
                description_en=res.description_en,
                indicators=[_as_record(i, rec.IndicatorRecord) for i in res.indicators.all()],
            )
            for res in activity.results.order_by("id").prefetch_related("indicators")
        ]
    rows = _CHILD_MODELS[name]._default_manager.filter(activity=activity).order_by("id")
    return [_as_record(row, _RECORD_OF[name]) for row in rows]


def _respan(activity: m.Activity) -> None:
    dates = [
        d
        for d in (
            activity.planned_start,
            activity.actual_start,
            activity.planned_end,
            activity.actual_end,
        )
        if d is not None
    ]
    if dates:
        activity.span_start, activity.span_end = min(dates), max(dates)
        activity.date_precision = m.DatePrecision.DAY
    elif activity.date_precision != m.DatePrecision.YEAR:
        # A record known only by its year keeps that year; anything else has no span left.
        activity.span_start = activity.span_end = None


def _research(activity: m.Activity) -> None:
    activity.search_text = join_search_text(
        activity.iati_identifier,
        activity.title_zh,
        activity.title_en,
        activity.description_zh,
        activity.description_en,
        activity.reporting_org_name,
        *activity.participations.values_list("printed_name", flat=True),
        *activity.countries.values_list("printed_name", flat=True),
    )
    activity.search_bigrams = han_bigrams(activity.search_text)


def _replace_children(activity: m.Activity, name: str, items: Sequence[Any]) -> None:
    if name == "results":
        activity.results.all().delete()
        _write_results(activity, items)
        return
    model = _CHILD_MODELS[name]
    model._default_manager.filter(activity=activity).delete()
    rows = _child_rows(activity, name, items, _country_ids() if name == "countries" else {})
    for row in rows:
        row.full_clean(exclude=["activity"])
    model._default_manager.bulk_create(rows)


@transaction.atomic
def activity_update(*, activity: m.Activity, actor: Any = None, **changes: Any) -> m.Activity:
    """Change an activity's fields and replace any child collection given (``sectors=[...]``).

    Child collections take the records of ``activities.records``; each one given replaces the
    stored rows. The audit row lists every field and collection that really changed.
    """
    mark_human_english(activity, changes)
    collections = {k: list(v) for k, v in changes.items() if k in ACTIVITY_COLLECTIONS}
    scalars = {k: v for k, v in changes.items() if k not in ACTIVITY_COLLECTIONS}
    diff = apply_changes(activity, scalars, allowed=ACTIVITY_FIELDS)
    for name, items in collections.items():
        before = activity_child_records(activity, name)
        if [asdict(b) for b in before] != [asdict(i) for i in items]:
            _replace_children(activity, name, items)
            diff[name] = [len(before), len(items)]
    _respan(activity)
    _research(activity)
    activity.full_clean()
    activity.save()
    activities_changed()
    if diff:
        audit_record(
            action="update",
            instance=activity,
            summary=activity.title[:200],
            changes=diff,
            actor=actor,
        )
    return activity


@transaction.atomic
def activity_delete(*, activity: m.Activity, actor: Any = None) -> None:
    """Delete an activity with all its child rows; the audit row keeps its identifier and title."""
    audit_record(
        action="delete",
        instance=activity,
        summary=activity.title[:200],
        changes={"iati_identifier": [activity.iati_identifier, None]},
        actor=actor,
    )
    activity.delete()
    activities_changed(delta=-1)


@transaction.atomic
def transaction_create(
    *, activity: m.Activity, record: TransactionRecord, actor: Any = None
) -> m.Transaction:
    """Add one transaction (a commitment, a disbursement) to an existing activity."""
    row = m.Transaction(activity=activity, **asdict(record))
    row.full_clean()
    row.save()
    activities_changed()
    audit_record(
        action="create",
        instance=row,
        summary=f"{activity.iati_identifier}: {record.type} {record.value} {record.currency}",
        actor=actor,
    )
    return row
