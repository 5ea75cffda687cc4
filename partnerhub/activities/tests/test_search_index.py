"""The search index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL) follows every write."""

from __future__ import annotations

import pytest
from django.db import connection

from partnerhub.activities.models import Activity
from partnerhub.activities.records import ActivityRecord
from partnerhub.activities.search import (
    BIGRAMS,
    FTS,
    PAUSE,
    PG_BIGRAMS,
    PG_INDEX,
    search_index_ensure,
)
from partnerhub.activities.services import (
    activities_recount,
    activity_bulk_create,
    activity_delete,
    activity_update,
)
from partnerhub.core.text import han_bigrams, is_han_pair, search_key
from partnerhub.test import activity

pytestmark = pytest.mark.django_db


def found(query: str) -> set[str]:
    rows = Activity.objects.matching(search_key(query))
    return set(rows.values_list("iati_identifier", flat=True))


def test_the_search_reads_the_engine_index() -> None:
    sql = str(Activity.objects.matching(search_key("clinic")).query)
    if connection.vendor == "sqlite":
        assert f"{FTS} MATCH" in sql
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            (definition,) = cursor.fetchone()
        assert "gin_trgm_ops" in definition


def test_the_index_follows_creates_updates_and_deletes() -> None:
    clinic = activity(iati_identifier="TW-S-1", title_en="Mobile clinic", title_zh="行動醫療診所")
    activity(iati_identifier="TW-S-2", title_en="School meals", title_zh="學校午餐")
    assert found("clinic") == found("醫療診所") == {"TW-S-1"}
    activity_update(activity=clinic, title_en="Mobile hospital", title_zh="行動醫院")
    assert found("clinic") == set()
    assert found("hospital") == found("醫院") == {"TW-S-1"}
    activity_delete(activity=clinic)
    assert found("hospital") == set()


def test_the_index_follows_the_importers_bulk_write() -> None:
    records = [
        ActivityRecord(iati_identifier=f"XM-B-{n}", source="iati", title_en=f"Borehole {n} 水井")
        for n in range(3)
    ]
    activity_bulk_create(records=records)
    assert found("borehole") == {"XM-B-0", "XM-B-1", "XM-B-2"}
    assert found("borehole 2") == {"XM-B-2"}  # a one-character word: matched by a scan
    assert found("水井") == {"XM-B-0", "XM-B-1", "XM-B-2"}


def test_words_are_matched_inside_longer_text_in_both_scripts() -> None:
    activity(iati_identifier="TW-S-3", title_en="Rainwater harvesting", title_zh="臺灣協助雨水回收")
    assert found("water") == found("水回收") == found("台湾协助") == {"TW-S-3"}
    assert found("harvest rain") == {"TW-S-3"}
    assert found("harvest snow") == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
@pytest.mark.parametrize(("index", "word"), [(FTS, "solar"), (BIGRAMS, "陽能")])
def test_lost_triggers_are_restored_and_the_index_refilled(index: str, word: str) -> None:
    activity(iati_identifier="TW-S-4", title_en="Solar lamps", title_zh="太陽能燈")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {index}_ai")
    # Written while unindexed:
    activity(iati_identifier="TW-S-5", title_en="Solar pumps", title_zh="太陽能泵")
    assert search_index_ensure(connection) is True
    assert found(word) == {"TW-S-4", "TW-S-5"}
    assert search_index_ensure(connection) is False


def test_two_chinese_characters_are_read_from_the_pair_index_not_scanned() -> None:
    activity(iati_identifier="TW-S-6", title_en="Hospital", title_zh="臺灣醫院")
    activity(iati_identifier="TW-S-7", title_en="Clinic", title_zh="醫療診所")
    sql = str(Activity.objects.matching(search_key("醫院")).query)
    if connection.vendor == "sqlite":
        assert f"{BIGRAMS} MATCH" in sql
    else:
        assert "string_to_array(search_bigrams" in sql
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [PG_BIGRAMS])
            (definition,) = cursor.fetchone()
        assert "gin" in definition and "string_to_array" in definition
    assert found("醫院") == found("医院") == {"TW-S-6"}
    assert found("台灣") == found("臺灣") == {"TW-S-6"}
    assert found("醫") == {"TW-S-6", "TW-S-7"}  # one character: a scan, still found
    assert found("院醫") == set()  # the pair, reversed, occurs nowhere
    assert found("醫院 台灣") == {"TW-S-6"}  # every word must occur


def test_the_pair_index_follows_updates_deletes_and_the_importers_bulk_write() -> None:
    clinic = activity(iati_identifier="TW-S-8", title_en="Clinic", title_zh="行動診所")
    assert found("診所") == {"TW-S-8"}
    activity_update(activity=clinic, title_zh="行動醫院")
    assert found("診所") == set() and found("醫院") == {"TW-S-8"}
    activity_delete(activity=clinic)
    assert found("醫院") == set()
    records = [
        ActivityRecord(iati_identifier=f"XM-P-{n}", source="iati", title_en=f"Well {n} 水井")
        for n in range(2)
    ]
    activity_bulk_create(records=records)
    assert found("水井") == {"XM-P-0", "XM-P-1"}
    stored = Activity.objects.get(iati_identifier="XM-P-0")
    assert stored.search_bigrams == han_bigrams(stored.search_text) == "水井"


def test_the_pairs_are_exactly_the_two_character_words_a_text_contains() -> None:
    text = search_key("中華民國（臺灣）外交部, ICDF 醫療團。農業")
    pairs = han_bigrams(text).split()
    assert pairs == ["中华", "华民", "民国", "台湾", "外交", "交部", "医疗", "疗团", "农业"]
    for i in range(len(text) - 1):
        word = text[i : i + 2]
        assert is_han_pair(word) == (word in pairs)
    assert not is_han_pair("ai") and not is_han_pair("）外") and not is_han_pair("醫")


def test_the_ids_read_from_the_indexes_are_those_the_search_returns() -> None:
    activity(iati_identifier="TW-S-11", title_en="Hospital in Honduras", title_zh="宏都拉斯醫院")
    activity(iati_identifier="TW-S-12", title_en="School meals", title_zh="學校午餐")
    for query in ("醫院", "hospital", "宏都拉斯 醫院", "school", "Honduras", "nothing-here"):
        key = search_key(query)
        direct = Activity.objects.matching_ids(key)
        assert direct is not None, query
        assert set(direct) == set(Activity.objects.matching(key).values_list("pk", flat=True))
    assert Activity.objects.matching_ids(search_key("醫")) is None  # a scan: apply runs instead
    assert set(Activity.objects.matching_ids(search_key("醫院")) or []) == {
        Activity.objects.get(iati_identifier="TW-S-11").pk
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_a_bulk_write_indexes_its_rows_itself_and_leaves_the_triggers_on() -> None:
    records = [
        ActivityRecord(iati_identifier=f"XM-Q-{n}", source="iati", title_en=f"Pump {n} 水泵")
        for n in range(5)
    ]
    activity_bulk_create(records=records)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {PAUSE}")
        assert cursor.fetchone() == (0,)  # the triggers are on again once the write is done
        for index in (FTS, BIGRAMS):  # each index holds exactly the table's rows
            cursor.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
    assert found("pump") == found("水泵") == {f"XM-Q-{n}" for n in range(5)}
    activity(iati_identifier="TW-S-13", title_en="Pump house", title_zh="泵房")
    assert found("pump house") == found("泵房") == {"TW-S-13"}  # a single write, by trigger


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_triggers_of_an_older_definition_are_replaced_and_the_index_kept() -> None:
    activity(iati_identifier="TW-S-14", title_en="Solar dryers", title_zh="太陽能乾燥機")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {FTS}_ai")
        cursor.execute(  # the definition before bulk writes could pause it
            f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON activities_activity BEGIN "
            f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
    assert search_index_ensure(connection) is False  # replaced; nothing to refill
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [f"{FTS}_ai"])
        assert PAUSE in cursor.fetchone()[0]
    assert found("solar dryers") == {"TW-S-14"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_the_planner_statistics_are_refreshed_when_the_table_has_doubled_not_at_every_write() -> (
    None
):
    def estimate() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'activities_activity'")
            return float(cursor.fetchone()[0])

    def write(prefix: str, count: int) -> None:
        records = [
            ActivityRecord(iati_identifier=f"{prefix}-{n}", source="iati", title_en=f"Road {n}")
            for n in range(count)
        ]
        activity_bulk_create(records=records)
        activities_recount()

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE activities_activity")  # the planner now believes it empty
    assert estimate() == 0
    write("XM-R", 40)
    assert estimate() == 40  # far off: analysed
    write("XM-S", 10)
    assert estimate() == 40  # 50 rows against an estimate of 40: left to autovacuum
    write("XM-T", 40)
    assert estimate() == 90  # more than twice the estimate: analysed again
