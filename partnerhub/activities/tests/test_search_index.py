"""The search index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL) follows every write."""

from __future__ import annotations

import pytest
from django.db import connection

from partnerhub.activities.models import Activity
from partnerhub.activities.records import ActivityRecord
from partnerhub.activities.search import (
    BIGRAMS,
    FTS,
    PG_BIGRAMS,
    PG_INDEX,
    search_index_ensure,
)
from partnerhub.activities.services import activity_bulk_create, activity_delete, activity_update
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
