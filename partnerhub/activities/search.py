"""The activity search index: each engine's own, over ``Activity.search_text``.

``search_text`` holds the record's folded text (core.text.search_key: case, 台/臺 and simplified
folded alike) in both languages. A query word matches when it occurs anywhere in it, so Chinese,
which has no spaces, needs substring matching, and both indexes are trigram indexes:

    SQLite       an FTS5 table with the ``trigram`` tokenizer (``activities_activity_fts``), whose
                 content is the activity table itself (external content); three triggers keep it
                 in step with every insert, update of ``search_text`` and delete, the importer's
                 bulk inserts included. A quoted phrase of three or more characters matches
                 exactly the rows whose text contains it.
    PostgreSQL   a GIN index with ``pg_trgm``'s ``gin_trgm_ops`` on ``search_text``; the planner
                 uses it for the same ``LIKE '%word%'`` the ORM writes.

A trigram index cannot answer a word shorter than three characters (台灣 folds to the two
characters 台湾): such words are matched with ``LIKE`` on the column, a scan of the table, and
this is the one search whose cost still grows with the table (docs/performance.md).

Django's SQLite schema editor rebuilds a table to alter it, which drops its triggers;
:func:`search_index_ensure` runs after every ``migrate`` (apps.py) and puts them back, refilling
the index when they were gone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.db.models.expressions import RawSQL

TABLE = "activities_activity"
FTS = "activities_activity_fts"
#: The trigram tokenizer came with SQLite 3.34 (December 2020).
SQLITE_TRIGRAM = sqlite3.sqlite_version_info >= (3, 34, 0)
#: The shortest word a trigram index can look up.
SHORTEST = 3

_TRIGGERS = {
    f"{FTS}_ai": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {TABLE} BEGIN
            INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    f"{FTS}_ad": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {TABLE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        END""",
    f"{FTS}_au": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF search_text ON {TABLE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
            INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
}
PG_INDEX = "activities_activity_search_trgm"


def search_index_ensure(connection: BaseDatabaseWrapper) -> bool:
    """Create the engine's index when missing (refilled from the table); True if it was."""
    if TABLE not in connection.introspection.table_names():
        return False  # the activities app is not migrated yet
    if connection.vendor == "sqlite" and SQLITE_TRIGRAM:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
                [f"{FTS}%"],
            )
            present = {row[0] for row in cursor.fetchall()}
            if {FTS, *_TRIGGERS} <= present:
                return False
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
                f"search_text, content='{TABLE}', content_rowid='id', tokenize='trigram')"
            )
            for sql in _TRIGGERS.values():
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
        return True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            if cursor.fetchone():
                return False
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if not cursor.fetchone():
                return False  # the migration could not create it: search scans, as before
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} "
                "USING gin (search_text gin_trgm_ops)"
            )
        return True
    return False


def search_index_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def containing(words: Iterable[str], *, every: bool, vendor: str) -> Q:
    """Activities whose search text contains every word (``every``) or any of them.

    On SQLite the words a trigram index can look up go to one FTS5 query; the others, and every
    word on PostgreSQL (where the planner picks the trigram index itself), are ``LIKE``.
    """
    words = [w for w in dict.fromkeys(words) if w]
    indexed = (
        [w for w in words if len(w) >= SHORTEST] if vendor == "sqlite" and SQLITE_TRIGRAM else []
    )
    parts: list[Q] = [Q(search_text__contains=w) for w in words if w not in indexed]
    if indexed:
        query = (" AND " if every else " OR ").join(_phrase(w) for w in indexed)
        matched: Any = RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [query])
        parts.append(Q(pk__in=matched))
    if not parts:
        return Q(pk__in=[]) if not every else Q()
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part if every else combined | part
    return combined


def scanning_match(key: str) -> Any:
    """The matching rule of ``ActivityQuerySet.matching`` as one OR of ``LIKE`` scans and link
    subqueries, reading no search index: the reference the indexed search is tested against
    (portal/tests/test_search.py) and measured against (bench/query.py)."""
    from django.db.models import Q

    from partnerhub.activities.models import (
        ActivityCountry,
        ActivitySdg,
        ActivitySector,
        Participation,
    )
    from partnerhub.organisations.models import Organisation
    from partnerhub.reference.search import reference_matches

    text = Q()
    for word in key.split():
        text &= Q(search_text__contains=word)
    found = reference_matches(key)
    for name in [*found.names, *Organisation.objects.name_keys(key)]:
        text |= Q(search_text__contains=name)
    text |= Q(pk__in=ActivityCountry.objects.filter(code__in=found.countries).values("activity_id"))
    text |= Q(pk__in=ActivitySector.objects.filter(code__in=found.sectors).values("activity_id"))
    text |= Q(pk__in=ActivitySdg.objects.filter(goal__in=found.sdgs).values("activity_id"))
    organisations = Organisation.objects.named(key).values("pk")
    parties = Participation.objects.filter(organisation__in=organisations)
    return text | Q(pk__in=parties.values("activity_id")) | Q(reporting_org__in=organisations)
