"""Appendix 2 read from the real white paper: the Taiwan Foundation for Democracy, 2016-2022."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from partnerhub.seeds.base import Extraction, SeedEntry
from partnerhub.seeds.extract import appendix2
from partnerhub.seeds.pdftext import BULLETS, SourceLine, is_page_number, read_lines, squeeze
from partnerhub.seeds.tests.seed_documents import activity_by_id

#: Main activities per year, counted by hand from the numbered paragraphs of the appendix.
EXPECTED_PER_YEAR = {
    "2016": 5,
    "2017": 6,
    "2018": 9,
    "2019": 7,
    "2020": 5,
    "2021": 6,
    "2022": 4,
}
#: Other international participations per year, counted by hand from the bullets.
EXPECTED_PARTICIPATIONS = {
    "2016 其他國際參與": 14,
    "2017 其他國際參與": 18,
    "2018 其他國際參與": 23,
    "2019 其他國際參與": 28,
    "2020 其他國際參與": 24,
    "2021 其他國際參與": 15,
    "2022 其他國際參與": 3,
}


@lru_cache(maxsize=1)
def _extract(path: Path) -> tuple[Extraction, tuple[SourceLine, ...]]:
    lines = read_lines(path)
    return appendix2.extract(lines, file=path.name), tuple(lines)


@pytest.fixture
def read(seeds_dir: Path) -> tuple[Extraction, tuple[SourceLine, ...]]:
    return _extract(next(seeds_dir.glob("002_*.txt")))


@pytest.fixture
def extraction(read: tuple[Extraction, tuple[SourceLine, ...]]) -> Extraction:
    return read[0]


def entry(extraction: Extraction, identifier: str) -> SeedEntry:
    return next(e for e in extraction.entries if e.identifier == identifier)


def per_group(groups: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for group in groups:
        counts[group] = counts.get(group, 0) + 1
    return counts


def test_it_reads_every_main_activity_of_every_year(extraction: Extraction) -> None:
    assert per_group([a.group for a in extraction.activities]) == EXPECTED_PER_YEAR
    assert len(extraction.activities) == 42
    assert extraction.problems == []
    ids = [a.record.iati_identifier for a in extraction.activities]
    assert len(set(ids)) == len(ids)


def test_it_keeps_every_other_participation_as_an_entry(extraction: Extraction) -> None:
    assert per_group([e.group for e in extraction.entries]) == EXPECTED_PARTICIPATIONS
    assert {e.kind for e in extraction.entries} == {"participation"}


def test_it_reads_the_mongolian_forum_with_its_country_and_lines(extraction: Extraction) -> None:
    forum = activity_by_id(extraction, "TW-TFD-WP2023-A2-2016-03")
    record = forum.record
    assert (forum.line_start, forum.line_end) == (5108, 5127)
    assert record.title_zh == (
        "與蒙古婦女基金會 Mongolian Women's Fund（MONES）於蒙古共同辦理「第三屆東亞民主論壇」"
    )
    assert record.year == 2016 and record.source == "whitepaper-appendix-2"
    assert [(c.printed_name, c.code) for c in forum.countries] == [("蒙古", "MN")]
    assert record.description_zh.split("\n")[1].startswith("(1) 臺灣民主基金會時任執行長徐斯儉")
    assert len(record.description_zh.split("\n")) == 3


def test_it_names_the_foundation_as_implementer_and_reporter(extraction: Extraction) -> None:
    award = activity_by_id(extraction, "TW-TFD-WP2023-A2-2017-01")
    (foundation,) = award.organisations
    assert (foundation.printed_name, foundation.role) == ("臺灣民主基金會", "4")
    assert foundation.name_en == "Taiwan Foundation for Democracy"
    assert award.record.reporting_org_name == "財團法人臺灣民主基金會"
    assert [c.code for c in award.countries] == ["MY"]
    assert award.record.title_zh == "辦理「第十二屆亞洲民主人權獎」"


def test_it_gives_every_main_activity_an_english_title_and_a_longer_chinese_one(
    extraction: Extraction,
) -> None:
    assert [a.record.iati_identifier for a in extraction.activities if not a.record.title_en] == []
    assert {a.record.title_en_status for a in extraction.activities} == {"translated"}
    report = activity_by_id(extraction, "TW-TFD-WP2023-A2-2016-05")
    assert report.record.title_zh == "關注中國人權發展，出版《2015 中國人權觀察報告》"
    assert report.record.title_en == (
        "Monitoring human rights in China: the China Human Rights Report 2015"
    )


def test_it_does_not_take_foreign_offices_in_taiwan_for_countries(extraction: Extraction) -> None:
    workshop = activity_by_id(extraction, "TW-TFD-WP2023-A2-2021-05")
    assert "英國在臺辦事處" in workshop.record.title_zh
    assert workshop.countries == []


def test_it_places_a_participation_where_the_foundation_went(extraction: Extraction) -> None:
    shanghai = entry(extraction, "TW-TFD-WP2023-A2-2017-P04")
    assert shanghai.extra["countries"] == ["CN"]  # not the 美國 of the seminar's title
    two = entry(extraction, "TW-TFD-WP2023-A2-2018-P08")
    assert two.extra["countries"] == ["ES", "DE"]
    assert (two.line_start, two.line_end) == (5694, 5698)
    assert two.title_en == (
        "Taiwan Foundation for Democracy: international participation in Spain, Germany (2018)"
    )
    assert two.title_en_status == "composed"


def test_it_joins_a_participation_wrapped_over_a_page_break(extraction: Extraction) -> None:
    wrapped = entry(extraction, "TW-TFD-WP2023-A2-2021-P08")
    assert (wrapped.line_start, wrapped.line_end) == (6329, 6330)
    assert wrapped.title_zh.endswith("「跨越世代，團結發聲」線上活動")


def test_it_uses_every_line_of_the_appendix(
    read: tuple[Extraction, tuple[SourceLine, ...]],
) -> None:
    extraction, lines = read
    records: list[tuple[int, int, str]] = [
        (a.line_start, a.line_end, squeeze(a.record.description_zh)) for a in extraction.activities
    ]
    records += [(e.line_start, e.line_end, squeeze(e.title_zh)) for e in extraction.entries]
    problems = {p.line for p in extraction.problems}
    checked = 0
    for line in lines[5060:6396]:  # after the heading, up to the source note on line 6397
        # The ordinal that opens a main activity (「1 辦理…」) is kept as a number, not as text.
        text = squeeze(re.sub(r"^\d{1,2}\s+", "", line.text.strip(" " + BULLETS)))
        if not text or is_page_number(text) or re.match(r"^20\d\d(主要活動|其他國際參與)$", text):
            continue
        owners = [body for start, end, body in records if start <= line.number <= end]
        assert line.number in problems or (len(owners) == 1 and text.rstrip("。") in owners[0]), (
            line
        )
        checked += 1
    assert checked > 600


def test_it_reports_text_before_the_first_year_instead_of_dropping_it() -> None:
    lines = [
        SourceLine(1, " 附錄二 近年臺灣民主基金會成果彙整 "),
        SourceLine(2, "前言一行"),
        SourceLine(3, "2016 主要活動 "),
        SourceLine(4, "1 辦理「第十一屆亞洲民主人權獎」，獎項頒發予菲律賓團體。"),
        SourceLine(5, "2016 其他國際參與 "),
        SourceLine(6, "補記一行"),
    ]
    out = appendix2.extract(lines, file="x.txt")
    assert [a.record.title_zh for a in out.activities] == ["辦理「第十一屆亞洲民主人權獎」"]
    assert [(p.line, p.text) for p in out.problems] == [(2, "前言一行"), (6, "補記一行")]
    assert "附錄二" in out.problems[0].message_zh and "Appendix 2" in out.problems[0].message_en
