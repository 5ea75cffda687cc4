"""The project-owned data files and their readers, checked without the database."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict

import pytest

from partnerhub.core.exceptions import SourceError
from partnerhub.core.text import search_key
from partnerhub.reference.files import (
    DATA_DIR,
    read_countries_zh,
    read_exchange_rates,
    read_relationships,
    read_sdg,
    target_sort_key,
)

# Characters that exist only in simplified Chinese; none may survive the zh-Hant conversion.
SIMPLIFIED_ONLY = set("国发这经济业产贫实现为与关们会时环资从过还进区级权务劳动卫")

CURRENT_ALLIES = {"MH", "PW", "TV", "GT", "BZ", "PY", "HT", "KN", "LC", "VC", "SZ", "VA"}


def _in_force(row, day: dt.date) -> bool:
    start, end = row.key[2], row.fields["end"]
    return (start is None or start <= day) and (end is None or day <= end)


def test_it_names_every_iati_country_in_traditional_chinese(iati_data_dir):
    document = json.loads((iati_data_dir / "codelists/json/en/Country.json").read_text())
    names = {row.code: row.name_zh for row in read_countries_zh(DATA_DIR / "countries_zh.csv")}
    missing = [item["code"] for item in document["data"] if not names.get(item["code"])]
    assert missing == []
    assert {"XS", "EU"} <= set(names)
    assert not SIMPLIFIED_ONLY & set("".join(names.values()))


def test_it_uses_taiwan_names_for_allies():
    names = {row.code: row.name_zh for row in read_countries_zh(DATA_DIR / "countries_zh.csv")}
    assert (names["SZ"], names["KN"], names["TV"], names["PW"], names["MH"]) == (
        "史瓦帝尼",
        "聖克里斯多福及尼維斯",
        "吐瓦魯",
        "帛琉",
        "馬紹爾群島",
    )
    assert (names["GT"], names["BZ"], names["PY"], names["HT"], names["LC"]) == (
        "瓜地馬拉",
        "貝里斯",
        "巴拉圭",
        "海地",
        "聖露西亞",
    )
    assert names["VC"] == "聖文森及格瑞那丁"


def test_it_gives_no_name_or_alias_to_two_countries():
    owners: dict[str, set[str]] = defaultdict(set)
    for row in read_countries_zh(DATA_DIR / "countries_zh.csv"):
        for name in (row.name_zh, row.name_en, *row.aliases):
            if name:
                owners[search_key(name)].add(row.code)
    assert {name: codes for name, codes in owners.items() if len(codes) > 1} == {}


def test_it_lists_the_short_forms_the_seeds_use():
    aliases = {
        row.code: set(row.aliases) for row in read_countries_zh(DATA_DIR / "countries_zh.csv")
    }
    assert {"聖文森"} <= aliases["VC"]
    assert {"千里達"} <= aliases["TT"]
    assert {"澳洲"} <= aliases["AU"]
    assert {"史瓦濟蘭"} <= aliases["SZ"]
    assert {"南韓"} <= aliases["KR"]
    assert {"波赫"} <= aliases["BA"]


def test_it_rejects_a_one_character_alias(tmp_path):
    path = tmp_path / "countries_zh.csv"
    path.write_text("code,name_zh,aliases\nUS,美國,美|美利堅\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_countries_zh(path)
    assert f"{path}:2" in caught.value.message_en
    assert "太短" in caught.value.message_zh


def test_it_dates_the_current_and_former_allies():
    rows = [r for r in read_relationships(DATA_DIR / "relationships.csv") if r.key[1] == "ally"]
    assert {r.key[0] for r in rows if _in_force(r, dt.date(2026, 1, 1))} == CURRENT_ALLIES
    allies_2019 = {r.key[0] for r in rows if _in_force(r, dt.date(2019, 1, 1))}
    assert {"SV", "DO", "PA", "BF"}.isdisjoint(allies_2019)
    assert {"SB", "KI", "NI", "HN", "NR"} <= allies_2019


def test_it_lists_the_18_new_southbound_countries_from_september_2016():
    rows = [
        r
        for r in read_relationships(DATA_DIR / "relationships.csv")
        if r.key[1] == "new-southbound"
    ]
    assert len({r.key[0] for r in rows}) == 18
    assert {r.key[2] for r in rows} == {dt.date(2016, 9, 5)}


def test_it_rejects_a_relationship_ending_before_it_starts(tmp_path):
    path = tmp_path / "relationships.csv"
    path.write_text(
        "code,status,start,end,citation,note\nHN,ally,2023-03-26,2020-01-01,,\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match=re.escape("relationships.csv:2: end is before start")):
        read_relationships(path)


def test_it_rejects_an_unknown_status(tmp_path):
    path = tmp_path / "relationships.csv"
    path.write_text(
        "# comment\ncode,status,start,end,citation,note\nHN,enemy,,,,\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match=re.escape("relationships.csv:3: status 'enemy'")):
        read_relationships(path)


def test_it_reads_ten_currencies_for_every_year_from_2000():
    rows = read_exchange_rates(DATA_DIR / "exchange_rates.csv")
    by_currency: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        by_currency[row.key[0]].add(row.key[1].year)
    assert set(by_currency) == {
        "TWD",
        "EUR",
        "GBP",
        "JPY",
        "CAD",
        "AUD",
        "CHF",
        "SEK",
        "NOK",
        "DKK",
    }
    assert all(years == set(range(2000, 2026)) for years in by_currency.values())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("currency,date,per_usd\nTWD,2024-01-01,0\n", "per_usd must be positive"),
        ("currency,date,per_usd\nTWD,2024-13-01,32\n", "is not a date"),
        ("currency,date,per_usd\nTWD,2024-01-01,abc\n", "per_usd is not a number"),
        ("currency,date\nTWD,2024-01-01\n", "missing column(s) per_usd"),
        ("currency,date,per_usd\nTWD,2024-01-01,32\nTWD,2024-01-01,31\n", "duplicate of line 2"),
    ],
)
def test_it_rejects_a_bad_exchange_rate_file(tmp_path, text, message):
    path = tmp_path / "rates.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_exchange_rates(path)
    assert message in caught.value.message_en
    assert str(path) in caught.value.message_zh


def test_it_rejects_a_missing_file_in_both_languages(tmp_path):
    with pytest.raises(SourceError) as caught:
        read_exchange_rates(tmp_path / "nowhere.csv")
    assert caught.value.message_en.endswith("nowhere.csv: file not found")
    assert caught.value.message_zh.endswith("nowhere.csv：找不到檔案")


def test_it_reads_17_goals_and_169_targets_in_traditional_chinese(sdg_data_dir):
    sdg = read_sdg(sdg_data_dir)
    assert sorted(sdg.goals) == list(range(1, 18))
    assert len(sdg.targets) == 169
    assert all(t.get("title_zh") for t in sdg.targets.values())
    assert "孕產婦" in sdg.targets["3.1"]["title_zh"]
    texts = [t["title_zh"] for t in sdg.targets.values()] + [
        g["title_zh"] for g in sdg.goals.values()
    ]
    assert not SIMPLIFIED_ONLY & set("".join(texts))


def test_it_rejects_a_malformed_sdg_file(sdg_data_dir, tmp_path):
    for path in sdg_data_dir.glob("*.yml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "zh-Hans-global_targets.yml").write_text("1-1-title: [unclosed\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_sdg(tmp_path)
    assert "zh-Hans-global_targets.yml" in caught.value.message_en
    assert "YAML 格式錯誤" in caught.value.message_zh


def test_it_orders_targets_numbers_first_then_letters():
    codes = ["3.a", "3.10", "3.2", "10.1", "3.b"]
    assert sorted(codes, key=target_sort_key) == ["3.2", "3.10", "3.a", "3.b", "10.1"]


def test_it_places_every_inhabited_place_in_a_region():
    rows = read_countries_zh(DATA_DIR / "countries_zh.csv")
    assert sorted(r.code for r in rows if not r.region) == ["AQ", "BV", "GS", "HM", "TF"]
    regions = {r.code: r.region for r in rows}
    assert (regions["SZ"], regions["PY"], regions["TV"], regions["XS"]) == (
        "1029",
        "489",
        "1035",
        "1027",
    )
