"""Appendix 3 read from the real white paper: every GCTF event, with the hard rows in full."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pytest

from partnerhub.seeds.base import Extraction, SeedEvent
from partnerhub.seeds.extract import appendix3
from partnerhub.seeds.pdftext import SourceLine, read_lines
from partnerhub.seeds.tests.test_appendix1 import COUNTRY_NAMES

EXPECTED_PER_YEAR = {
    "2015": 2,
    "2016": 4,
    "2017": 4,
    "2018": 5,
    "2019": 7,
    "2020": 7,
    "2021": 16,
    "2022": 10,
}


@lru_cache(maxsize=1)
def _extract(path: Path) -> Extraction:
    return appendix3.extract(read_lines(path), file=path.name, country_names=COUNTRY_NAMES)


@pytest.fixture
def extraction(seeds_dir: Path) -> Extraction:
    return _extract(next(seeds_dir.glob("002_*.txt")))


def event(extraction: Extraction, slug: str) -> SeedEvent:
    return next(e for e in extraction.events if e.record.slug == slug)


def organisers(found: SeedEvent) -> list[tuple[str, str]]:
    return [(o.printed_name, o.role) for o in found.organisations]


def test_it_reads_every_event_of_every_year(extraction: Extraction) -> None:
    per_year: dict[str, int] = {}
    for found in extraction.events:
        per_year[found.group] = per_year.get(found.group, 0) + 1
    assert per_year == EXPECTED_PER_YEAR
    assert extraction.problems == []
    slugs = [e.record.slug for e in extraction.events]
    assert len(set(slugs)) == len(slugs) == 55


def test_it_reads_the_first_event_with_spaced_glyphs_collapsed(extraction: Extraction) -> None:
    first = event(extraction, "gctf-2015-08-12")
    record = first.record
    assert record.date_start == dt.date(2015, 8, 12)
    assert (record.kind, record.source) == ("gctf-workshop", "whitepaper-appendix-3")
    assert record.title_zh == "「MERS 檢驗診斷」國際研習營"
    assert organisers(first) == [
        ("臺灣外交部", "organiser"),
        ("衛福部疾管署", "organiser"),
        ("美國在臺協會", "co-organiser"),
    ]
    assert record.participating_country_count == 10
    assert record.notes == "本次活動為 GCTF 架構成立後首項國際訓練計畫。\n參與者國家：10國。"
    assert (first.line_start, first.line_end) == (6402, 6425)


def test_it_keeps_near_duplicate_topics_as_separate_events(extraction: Extraction) -> None:
    assert (
        event(extraction, "gctf-2017-07-05").record.title_zh == "「人道援助及災難防救」國際研習營"
    )
    assert (
        event(extraction, "gctf-2018-12-14").record.title_zh == "「人道援助及災害防救」國際研習營"
    )


def test_it_untangles_three_columns_on_one_line(extraction: Extraction) -> None:
    found = event(extraction, "gctf-2017-11-14")
    assert found.record.title_zh == "「打造女性科技創業新未來」工作坊"
    assert organisers(found)[:2] == [
        ("臺灣外交部", "organiser"),
        ("財團法人婦女權益促進發展基金會", "organiser"),
    ]
    assert found.record.participating_country_count == 12
    forum = event(extraction, "gctf-2019-09-29")
    assert forum.record.title_zh == "「2019 南島語言復振國際論壇」"
    assert forum.record.notes.startswith("本次活動為 GCTF 首度移師第三國辦理。")
    assert ("日本臺灣交流協會", "co-organiser") in organisers(forum)


def test_it_puts_cells_cut_by_a_page_break_back_together(extraction: Extraction) -> None:
    found = event(extraction, "gctf-2021-10-27")
    assert ("加拿大駐臺北貿易辦事處", "co-organiser") in organisers(found)
    assert "「APEC 婦女與經濟子基金」〉" in found.record.notes
    trade = event(extraction, "gctf-2020-10-15")
    assert ("美國在臺協會", "co-organiser") in organisers(trade)
    assert trade.record.participating_country_count == 20
    assert "以共同加強對智慧財產權的保護。" in trade.record.notes
    wrapped = event(extraction, "gctf-2021-09-29")
    assert wrapped.record.title_zh == "「以科技力建構韌性及加速落實永續發展目標」線上國際研討會"


def test_it_reads_counts_venues_and_overseas_franchises(extraction: Extraction) -> None:
    crime = event(extraction, "gctf-2022-03-22")
    assert (crime.record.participating_country_count, crime.record.participant_count) == (32, 300)
    czech = event(extraction, "gctf-2021-09-13")
    assert czech.record.title_zh.startswith("海外加盟活動「全球供應鏈重組")
    assert czech.record.host_country_code == "CZ"
    assert ("我國駐捷克代表處", "organiser") in organisers(czech)
    categories = {o.printed_name: o.category for o in czech.organisations}
    assert categories["捷克參議院"] == "partner-government"
    assert categories["美國駐捷克大使館"] == "foreign-mission"
    tokyo = event(extraction, "gctf-2022-10-26")
    assert (tokyo.record.venue, tokyo.record.host_country_code) == ("日本東京", "JP")
    assert event(extraction, "gctf-2022-09-28").record.venue == "紐約"
    assert event(extraction, "gctf-2020-04-29").record.venue == "線上"
    assert event(extraction, "gctf-2022-02-25").record.participating_country_count is None


def test_it_stops_at_the_tables_source_note(extraction: Extraction) -> None:
    last = extraction.events[-1]
    assert last.record.slug == "gctf-2022-11-21"
    assert "資料來源" not in last.record.notes


def test_it_suffixes_the_slug_of_a_second_event_on_one_day() -> None:
    lines = [
        SourceLine(1, " 附錄三 GCTF 歷年活動彙整 "),
        SourceLine(2, "2016/03/11 "),
        SourceLine(3, "\uf06c 臺灣外交部 "),
        SourceLine(4, "「甲」研習營 "),
        SourceLine(5, "2016/03/11 "),
        SourceLine(6, "\uf06c 臺灣外交部 "),
        SourceLine(7, "「乙」研習營 "),
    ]
    out = appendix3.extract(lines, file="x.txt")
    assert [e.record.slug for e in out.events] == ["gctf-2016-03-11", "gctf-2016-03-11-2"]


def test_it_reports_a_row_without_a_topic_and_a_bad_date_with_their_lines() -> None:
    lines = [
        SourceLine(1, " 附錄三 GCTF 歷年活動彙整 "),
        SourceLine(2, "2016/02/30 "),
        SourceLine(3, "2016/03/11 "),
        SourceLine(4, "\uf06c 臺灣外交部 "),
    ]
    out = appendix3.extract(lines, file="x.txt")
    assert out.events == []
    assert [p.line for p in out.problems] == [2, 3]
