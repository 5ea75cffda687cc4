"""The activity search index: each engine's own, over ``Activity.search_text``.

``search_text`` holds the record's folded text (core.text.search_key: case, 台/臺 and simplified
folded alike) in both languages. A query word matches when it occurs anywhere in it, so Chinese,
which has no spaces, needs substring matching, and both indexes are trigram indexes:

    SQLite       an FTS5 table with the ``trigram`` tokenizer (``activities_activity_fts``), whose
                 content is the activity table itself (external content); three triggers keep it
                 in step with every insert, update of ``search_text`` and delete. A bulk insert
                 (the importers') pauses the insert triggers and indexes its rows in one
                 statement per index instead (:func:`bulk_indexed`), about a quarter of the
                 triggers' cost. A quoted phrase of three or more characters matches exactly the
                 rows whose text contains it.
    PostgreSQL   a GIN index with ``pg_trgm``'s ``gin_trgm_ops`` on ``search_text``; the planner
                 uses it for the same ``LIKE '%word%'`` the ORM writes.

A trigram index cannot answer a word shorter than three characters, and most Chinese words
have two (台灣 folds to 台湾). ``Activity.search_bigrams`` holds every pair of adjacent Chinese
characters of ``search_text`` (core.text.han_bigrams), and a word index over it answers a
two-character Chinese word exactly as the substring match would:

    SQLite       a second FTS5 table (``activities_activity_bigrams``, ``unicode61`` tokenizer,
                 the pairs being its tokens), external content with its own three triggers.
    PostgreSQL   a GIN index on ``string_to_array(search_bigrams, ' ')``, queried with ``@>``.

What is left for ``LIKE`` on the column, a scan of the table, is a one-character word and a
two-character word that is not two Chinese characters ("tz"); those searches are the ones whose
cost still grows with the table (docs/performance.md).

Django's SQLite schema editor rebuilds a table to alter it, which drops its triggers;
:func:`search_index_ensure` runs after every ``migrate`` (apps.py) and puts them back, refilling
the index when they were gone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.db.models.expressions import RawSQL

from partnerhub.core.text import is_han_pair

TABLE = "activities_activity"
FTS = "activities_activity_fts"
#: The trigram tokenizer came with SQLite 3.34 (December 2020).
SQLITE_TRIGRAM = sqlite3.sqlite_version_info >= (3, 34, 0)
#: The shortest word a trigram index can look up.
SHORTEST = 3


#: While this table holds a row, the FTS5 tables' insert triggers stand aside: the bulk insert of
#: the same transaction indexes its rows itself (:func:`bulk_indexed`). The row is deleted before
#: that transaction ends, so no other connection ever sees it (SQLite has one writer at a time).
PAUSE = "activities_activity_fts_pause"


def _triggers(fts: str, column: str) -> dict[str, str]:
    """The three triggers that keep an external-content FTS5 table over ``column`` in step."""
    return {
        f"{fts}_ai": f"""
        CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {TABLE}
        WHEN NOT EXISTS (SELECT 1 FROM {PAUSE}) BEGIN
            INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});
        END""",
        f"{fts}_ad": f"""
        CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {TABLE} BEGIN
            INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});
        END""",
        f"{fts}_au": f"""
        CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {column} ON {TABLE} BEGIN
            INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});
            INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});
        END""",
    }


_TRIGGERS = _triggers(FTS, "search_text")
PG_INDEX = "activities_activity_search_trgm"
BIGRAMS = "activities_activity_bigrams"
_BIGRAM_TRIGGERS = _triggers(BIGRAMS, "search_bigrams")
PG_BIGRAMS = "activities_activity_bigrams_gin"
_PG_BIGRAMS_EXPRESSION = "string_to_array(search_bigrams, ' ')"


def search_index_ensure(connection: BaseDatabaseWrapper) -> bool:
    """Create the engine's indexes when missing (refilled from the table); True if one was."""
    tables = connection.introspection.table_names()
    if TABLE not in tables:
        return False  # the activities app is not migrated yet
    columns = {
        c.name for c in connection.introspection.get_table_description(connection.cursor(), TABLE)
    }
    made = False
    if connection.vendor == "sqlite" and SQLITE_TRIGRAM:
        made = _fts_ensure(connection, FTS, "search_text", "trigram", _TRIGGERS)
        if "search_bigrams" in columns:
            made = (
                _fts_ensure(connection, BIGRAMS, "search_bigrams", "unicode61", _BIGRAM_TRIGGERS)
                or made
            )
        return made
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if "search_bigrams" in columns:
                cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_BIGRAMS])
                if not cursor.fetchone():
                    cursor.execute(
                        f"CREATE INDEX IF NOT EXISTS {PG_BIGRAMS} ON {TABLE} "
                        f"USING gin (({_PG_BIGRAMS_EXPRESSION}))"
                    )
                    made = True
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            if cursor.fetchone():
                return made
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if not cursor.fetchone():
                return made  # the migration could not create it: search scans, as before
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} "
                "USING gin (search_text gin_trgm_ops)"
            )
        return True
    return False


def _fts_ensure(
    connection: BaseDatabaseWrapper,
    name: str,
    column: str,
    tokenizer: str,
    triggers: dict[str, str],
) -> bool:
    """An external-content FTS5 table over one column with its triggers; rebuilt when any part
    was missing (a table rebuild by the schema editor drops triggers)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {PAUSE} (paused INTEGER NOT NULL)")
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger') "
            "AND name LIKE %s",
            [f"{name}%"],
        )
        present = dict(cursor.fetchall())
        if name in present and all(
            trigger in present and _current(present[trigger], sql)
            for trigger, sql in triggers.items()
        ):
            return False
        made = name not in present
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5("
            f"{column}, content='{TABLE}', content_rowid='id', tokenize='{tokenizer}')"
        )
        for trigger, sql in triggers.items():
            # An older definition (without the pause) is replaced; the index it kept is current.
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute(sql)
        if made or any(trigger not in present for trigger in triggers):
            cursor.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")
            made = True
    return made


def _current(stored: str | None, wanted: str) -> bool:
    """Whether a stored trigger is the wanted definition (SQLite keeps the text as written,
    less ``IF NOT EXISTS``)."""
    return " ".join((stored or "").split()) == " ".join(
        wanted.replace(" IF NOT EXISTS", "").split()
    )


def bulk_indexed(
    connection: BaseDatabaseWrapper, first: int, last: int, insert: Callable[[], None]
) -> None:
    """Run ``insert``, which adds the activities with ids ``first``..``last``, and index them.

    On SQLite with the FTS5 tables, the per-row insert triggers are paused for the insert and
    each index then takes the new rows in one ``INSERT ... SELECT``; elsewhere ``insert`` runs as
    it is (PostgreSQL's indexes follow the table by themselves). Must run inside a transaction.
    """
    if connection.vendor != "sqlite" or not SQLITE_TRIGRAM:
        insert()
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (%s, %s, %s)",
            [PAUSE, FTS, BIGRAMS],
        )
        tables = {row[0] for row in cursor.fetchall()}
        if PAUSE not in tables:
            insert()
            return
        cursor.execute(f"INSERT INTO {PAUSE} (paused) VALUES (1)")
        try:
            insert()
        finally:
            cursor.execute(f"DELETE FROM {PAUSE}")
        for fts, column in ((FTS, "search_text"), (BIGRAMS, "search_bigrams")):
            if fts in tables:
                cursor.execute(
                    f"INSERT INTO {fts}(rowid, {column}) "
                    f"SELECT id, {column} FROM {TABLE} WHERE id BETWEEN %s AND %s",
                    [first, last],
                )


def search_index_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in [*_TRIGGERS, *_BIGRAM_TRIGGERS]:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
            cursor.execute(f"DROP TABLE IF EXISTS {BIGRAMS}")
            cursor.execute(f"DROP TABLE IF EXISTS {PAUSE}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
            cursor.execute(f"DROP INDEX IF EXISTS {PG_BIGRAMS}")


def bigram_index_drop(connection: BaseDatabaseWrapper) -> None:
    """Drop the two-character word index alone (migration 0008 reversed)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _BIGRAM_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {BIGRAMS}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_BIGRAMS}")


def indexed(word: str, vendor: str) -> bool:
    """Whether a search word is looked up in an index (else it is a ``LIKE`` scan)."""
    if vendor not in {"sqlite", "postgresql"} or (vendor == "sqlite" and not SQLITE_TRIGRAM):
        return False
    return is_han_pair(word) or len(word) >= SHORTEST


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def containing(words: Iterable[str], *, every: bool, vendor: str) -> Q:
    """Activities whose search text contains every word (``every``) or any of them.

    Two-character Chinese words go to the bigram index (one FTS5 query on SQLite, an array
    containment on PostgreSQL); on SQLite the words the trigram index can look up go to one FTS5
    query; the others, and every longer word on PostgreSQL (where the planner picks the trigram
    index itself), are ``LIKE``.
    """
    words = [w for w in dict.fromkeys(words) if w]
    pairs = [w for w in words if is_han_pair(w) and indexed(w, vendor)]
    trigram = (
        [w for w in words if len(w) >= SHORTEST and w not in pairs]
        if vendor == "sqlite" and SQLITE_TRIGRAM
        else []
    )
    parts: list[Q] = [
        Q(search_text__contains=w) for w in words if w not in trigram and w not in pairs
    ]
    joiner = " AND " if every else " OR "
    if trigram:
        query = joiner.join(_phrase(w) for w in trigram)
        matched: Any = RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [query])
        parts.append(Q(pk__in=matched))
    if pairs and vendor == "sqlite":
        query = joiner.join(_phrase(w) for w in pairs)
        paired: Any = RawSQL(f"SELECT rowid FROM {BIGRAMS} WHERE {BIGRAMS} MATCH %s", [query])
        parts.append(Q(pk__in=paired))
    elif pairs:
        operator = "@>" if every else "&&"
        held: Any = RawSQL(
            f"SELECT id FROM {TABLE} WHERE {_PG_BIGRAMS_EXPRESSION} {operator} %s::text[]",
            [pairs],
        )
        parts.append(Q(pk__in=held))
    if not parts:
        return Q(pk__in=[]) if not every else Q()
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part if every else combined | part
    return combined


def text_ids(words: Iterable[str], *, every: bool, vendor: str) -> tuple[str, list[Any]]:
    """One subquery of the ids of activities whose text contains every word (``every``) or any,
    read straight from the indexes: each word must be :func:`indexed`.

    Handing the index's ids to the list as they are, rather than through a filter on the
    activity table, spares a primary-key lookup per match (measured in docs/performance.md).
    """
    words = [w for w in dict.fromkeys(words) if w]
    if not words or not all(indexed(w, vendor) for w in words):
        raise ValueError("text_ids takes only words an index holds")
    joiner = " AND " if every else " OR "
    pairs = [w for w in words if is_han_pair(w)]
    longer = [w for w in words if w not in pairs]
    if vendor == "sqlite":
        selects: list[tuple[str, str]] = []
        if longer:
            selects.append((FTS, joiner.join(_phrase(w) for w in longer)))
        if pairs:
            selects.append((BIGRAMS, joiner.join(_phrase(w) for w in pairs)))
        compound = (" INTERSECT " if every else " UNION ").join(
            f"SELECT rowid AS id FROM {table} WHERE {table} MATCH %s" for table, _q in selects
        )
        return f"SELECT id FROM ({compound})", [query for _table, query in selects]
    conditions = ["search_text LIKE %s ESCAPE '\\'" for _w in longer]
    params: list[Any] = [f"%{_like_escape(w)}%" for w in longer]
    if pairs:
        conditions.append(f"{_PG_BIGRAMS_EXPRESSION} {'@>' if every else '&&'} %s::text[]")
        params.append(pairs)
    return f"SELECT id FROM {TABLE} WHERE {joiner.join(conditions)}", params


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
