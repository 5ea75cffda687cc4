"""Appendix 4 read from the real white paper: COVID-19 measures, aid and cooperation, and its
cross-check with the GCTF events of Appendix 3."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from partnerhub.seeds.base import Extraction
from partnerhub.seeds.extract import appendix4
from partnerhub.seeds.pdftext import (
    BULLETS,
    SourceLine,
    collapse_spaced,
    is_page_number,
    read_lines,
    squeeze,
)
from partnerhub.seeds.tests.seed_documents import activity_by_id
from partnerhub.seeds.tests.test_appendix1 import COUNTRY_NAMES

#: Rows per first year printed (2020 on), counted by hand: 國際援助 2020 5 (美國, 加拿大,
#: 歐洲國家, APEC, CABEI), 2021 2 (史瓦帝尼, 蒙古), 2022 1 (土耳其), 19 rows with no year;
#: 經驗分享 2020 12, 2021 1 (史瓦帝尼); 防疫科技 2020 2 (美國, 加拿大), 2 with no year.
EXPECTED_PER_YEAR = {"2020": 19, "2021": 3, "2022": 1, "年份未載": 21}
#: Bullets of the 防疫政策 part, counted by hand.
EXPECTED_MEASURES = 68
SECTIONS = {"國際援助": 27, "經驗分享": 13, "防疫科技/技術研發與交流": 4}


@lru_cache(maxsize=1)
def _extract(path: Path) -> tuple[Extraction, tuple[SourceLine, ...]]:
    lines = read_lines(path)
    out = appendix4.extract(lines, file=path.name, country_names=COUNTRY_NAMES)
    return out, tuple(lines)


@pytest.fixture
def read(seeds_dir: Path) -> tuple[Extraction, tuple[SourceLine, ...]]:
    return _extract(next(seeds_dir.glob("002_*.txt")))


@pytest.fixture
def extraction(read: tuple[Extraction, tuple[SourceLine, ...]]) -> Extraction:
    return read[0]


def test_it_reads_every_row_of_every_year(extraction: Extraction) -> None:
    counts: dict[str, int] = {}
    sections: dict[str, int] = {}
    for found in extraction.activities:
        counts[found.group] = counts.get(found.group, 0) + 1
        section = str(found.record.extra["section"])
        sections[section] = sections.get(section, 0) + 1
    assert counts == EXPECTED_PER_YEAR
    assert sections == SECTIONS
    assert [p for p in extraction.problems if p.code != "cross-check"] == []


def test_it_keeps_each_domestic_measure_as_an_entry(extraction: Extraction) -> None:
    assert len(extraction.entries) == EXPECTED_MEASURES
    assert {e.kind for e in extraction.entries} == {"measure"}
    categories = [e.extra["category"] for e in extraction.entries]
    assert categories.count("檢驗/研發") == 10  # the category printed over two lines
    testing = [e for e in extraction.entries if e.extra["category"] == "檢驗/研發"]
    assert {e.extra["subheading"] for e in testing} == {""}
    relief = next(e for e in extraction.entries if e.line_start == 9202)
    assert relief.year == 2021  # 「110 年衛生福利部…計畫」
    moderna = next(e for e in extraction.entries if e.line_start == 8950)
    assert (moderna.line_end, moderna.year) == (8970, 2021)
    assert moderna.extra["subheading"] == "三、疫苗、藥品:"
    assert moderna.description_zh.count("\no 第") == 8  # 首批 … 第九批, one a line


def test_it_reads_the_united_states_aid_row(extraction: Extraction) -> None:
    usa = activity_by_id(extraction, "TW-MOFA-WP2023-A4-AID-04")
    record = usa.record
    assert (usa.line_start, usa.line_end) == (9275, 9344)
    assert (record.title_zh, record.title_en) == (
        "COVID-19 國際援助：美國",
        "COVID-19 international aid: United States",
    )
    assert (record.modality, record.humanitarian) == ("humanitarian", True)
    assert (record.actual_start, record.actual_end) == (dt.date(2020, 4, 1), dt.date(2021, 6, 3))
    assert [c.code for c in usa.countries] == ["US"]
    assert len(record.description_zh.split("\n")) == 8
    (result,) = record.results
    masks = [(i.actual_value, i.unit) for i in result.indicators]
    assert (Decimal("2280000"), "片") in masks  # 「合計 228 萬片口罩」
    assert (Decimal("15000"), "支") in masks
    # What the United States gave Taiwan is kept as printed, never as Taiwan's aid.
    assert all(i.actual_value != Decimal("2500000") for i in result.indicators)
    assert any("250萬劑" in s for s in record.extra["received_printed"])  # type: ignore[attr-defined]
    assert record.transactions == []


def test_it_dates_each_quantity_by_the_date_printed_before_it(extraction: Extraction) -> None:
    canada = activity_by_id(extraction, "TW-MOFA-WP2023-A4-AID-06")
    dated = [(i.actual_value, i.as_of) for i in canada.record.results[0].indicators]
    assert dated[0] == (Decimal("500000"), dt.date(2020, 4, 28))
    assert dated[3] == (Decimal("25000"), dt.date(2020, 4, 28))  # 「2 萬 5 千片」
    assert dated[5] == (Decimal("1000000"), None)  # 「嗣於 6 月初再捐贈」: a later month
    mongolia = activity_by_id(extraction, "TW-MOFA-WP2023-A4-AID-23")
    first = mongolia.record.results[0].indicators[0]
    assert (first.actual_value, first.as_of) == (Decimal("200000"), dt.date(2022, 1, 31))


def test_it_reads_a_label_wrapped_over_three_lines(extraction: Extraction) -> None:
    allies = activity_by_id(extraction, "TW-MOFA-WP2023-A4-AID-01")
    assert (allies.line_start, allies.line_end) == (9218, 9232)
    assert [c.code for c in allies.countries] == ["MH", "TV", "NR", "PW"]
    assert allies.group == "年份未載" and allies.record.year is None


def test_it_records_only_the_money_printed(extraction: Extraction) -> None:
    cabei = activity_by_id(extraction, "TW-MOFA-WP2023-A4-AID-27")
    assert cabei.record.title_zh == "COVID-19 國際援助：中美洲銀行（CABEI）"
    (loan,) = cabei.record.transactions
    assert (loan.type, loan.value, loan.currency) == ("2", Decimal("130000000"), "USD")
    assert loan.date == dt.date(2020, 8, 28)
    assert [o.printed_name for o in cabei.organisations] == ["財團法人國際合作發展基金會"]
    apec = activity_by_id(extraction, "TW-MOFA-WP2023-A4-AID-26")
    (grant,) = apec.record.transactions
    assert (grant.type, grant.value) == ("3", Decimal("400000"))
    assert apec.record.results == []  # 「15 件計畫」 are projects, not supplies
    moneyless = [
        a for a in extraction.activities if a.record.transactions and a not in (cabei, apec)
    ]
    assert moneyless == []


def test_it_does_not_read_haiti_into_the_caribbean(extraction: Extraction) -> None:
    region = activity_by_id(extraction, "TW-MOFA-WP2023-A4-TECH-01")
    assert [c.code for c in region.countries] == ["BZ", "LC", "KN", "VC", "GT"]
    europe = activity_by_id(extraction, "TW-MOFA-WP2023-A4-AID-07")
    assert [c.code for c in europe.countries] == ["IT", "CZ"]  # 波蘭 only gave Taiwan vaccines


def test_it_cross_checks_the_gctf_events_with_appendix_3(extraction: Extraction) -> None:
    checks = [(p.line, p.message_en) for p in extraction.problems if p.code == "cross-check"]
    assert [line for line, _ in checks] == [9555, 9588, 9614, 9641, 8506]
    assert checks[1][1] == (
        "Cross-check of GCTF 2020-04-29「反制新型冠狀病毒疫情假訊息」: 6 countries in "
        "Appendix 4, 9 in Appendix 3 (002_73f349e2c11ffc5f.txt:9588; "
        "002_73f349e2c11ffc5f.txt:7198-7227)."
    )
    assert "2022-08-26" in checks[4][1] and "does not name" in checks[4][1]
    zh = next(p.message_zh for p in extraction.problems if p.line == 9641)
    assert "附錄四為 31 國，附錄三為 30 國" in zh
    usa = activity_by_id(extraction, "TW-MOFA-WP2023-A4-SHARE-04")
    assert usa.record.extra["gctf_events"] == [
        "gctf-2020-04-29",
        "gctf-2020-06-24",
        "gctf-2020-10-28",
        "gctf-2021-05-18",
        "gctf-2021-09-09",
    ]


def test_it_reports_a_gctf_event_appendix_3_lacks_or_dates_otherwise(
    read: tuple[Extraction, tuple[SourceLine, ...]],
) -> None:
    extraction, lines = read
    events = appendix4.appendix3.extract(
        list(lines), file="002_x.txt", country_names=COUNTRY_NAMES
    ).events
    moved = [e for e in events if e.record.slug != "gctf-2020-04-29"]
    shifted = next(e for e in events if e.record.slug == "gctf-2020-06-24")
    shifted.record.date_start = dt.date(2020, 6, 25)
    problems = appendix4.cross_check(extraction, moved, "002_x.txt")
    messages = [p.message_en for p in problems]
    assert any("2020-04-29" in m and "does not list" in m for m in messages)
    assert any("date 2020-06-24 in Appendix 4, 2020-06-25 in Appendix 3" in m for m in messages)


def test_it_uses_every_line_of_the_appendix(
    read: tuple[Extraction, tuple[SourceLine, ...]],
) -> None:
    extraction, lines = read
    records = [
        (a.line_start, a.line_end, squeeze(a.record.description_zh)) for a in extraction.activities
    ]
    records += [(e.line_start, e.line_end, squeeze(e.description_zh)) for e in extraction.entries]
    labels = {squeeze(label) for label in appendix4.LABELS}
    headings = {*appendix4.SECTIONS, *appendix4.REGIONS, *map(squeeze, appendix4.HEADERS)}
    checked = 0
    for line in lines[8886:10073]:  # after the heading, up to the source note on line 10075
        text = squeeze(line.text)
        if not text or is_page_number(text) or text in headings or text == "際合作彙整":
            continue
        # Take off what is no content: the left column (row labels, categories) and bullets.
        pieces = [squeeze(p) for p in re.split(f"[{BULLETS}]", line.text)]
        content = [p for p in pieces if p and p not in appendix4.CATEGORIES]
        words = collapse_spaced(line.text).split()
        if any(text in label for label in labels):
            continue  # a piece of a wrapped label (「吐 瓦 魯 、 諾」, 「（APEC）」)
        if len(squeeze(words[0])) > 1 and any(squeeze(words[0]) in label for label in labels):
            content = [squeeze(" ".join(words[1:]))] if len(words) > 1 else []
        categories = "|".join(map(re.escape, appendix4.CATEGORIES))
        content = [re.sub(f"^({categories})?([一二三]、[^:]+:)?", "", c) for c in content]
        content = [
            c
            for c in content
            if c and not any(k.startswith(c) or k.endswith(c) for k in appendix4.CATEGORIES)
        ]
        if not content:
            continue  # a line of the left column only (「醫療院所」, 「監控」)
        owners = [body for start, end, body in records if start <= line.number <= end]
        assert len(owners) == 1, line
        for piece in content:
            assert piece.rstrip("。") in owners[0] or any(
                piece.startswith(c) for c in appendix4.CATEGORIES
            ), line
        checked += 1
    assert checked > 500


def test_it_reads_a_wrapped_label_and_reports_text_before_any_row() -> None:
    texts = [
        " 附錄四 臺灣 COVID-19 防疫作為與國",
        "際合作彙整 ",
        "國際援助 ",
        "國家/組織 援助/醫衛用品交流情形 ",
        "友邦 ",
        "無主的一行 ",
        "巴布亞紐幾內",
        "亞 ",
        "口罩 2.5 萬片、N95 口罩 1,000 片。 ",
        "索馬利蘭 1. 2021 年 3 月 11 日捐贈口罩 2 萬 5 千片。 ",
        "資料來源：外交部及衛福部公開資訊。 ",
    ]
    lines = [SourceLine(i, text) for i, text in enumerate(texts, start=1)]
    out = appendix4.extract(lines, file="x.txt")
    png, somaliland = out.activities
    assert (png.line_start, png.line_end, png.record.title_zh) == (
        7,
        9,
        "COVID-19 國際援助：巴布亞紐幾內亞",
    )
    (result,) = png.record.results
    assert [(i.actual_value, i.unit) for i in result.indicators] == [
        (Decimal("25000.0"), "片"),
        (Decimal("1000"), "片"),
    ]
    assert [c.code for c in somaliland.countries] == ["XS"]
    (masks,) = somaliland.record.results[0].indicators
    assert (masks.actual_value, masks.as_of) == (Decimal("25000"), dt.date(2021, 3, 11))
    assert [(p.line, p.code) for p in out.problems] == [(6, "unreadable")]
    assert "附錄四" in out.problems[0].message_zh
