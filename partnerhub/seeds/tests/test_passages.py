"""The running-text reader on small made-up documents: what it reads, and what it reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from partnerhub.seeds.base import Extraction
from partnerhub.seeds.extract.cells import CountryNames
from partnerhub.seeds.extract.passages import (
    ACTIVITY,
    ENTRY,
    EVENT,
    NONE,
    Org,
    Passage,
    Reader,
)
from partnerhub.seeds.pdftext import numbered

TEXT = [
    "一、合作成果",  # 1: a heading
    "",
    "2023 年 2 月 6 日我國與美慈組織在約旦合作，提供逾 4,072 萬美",  # 3
    "元之人道援助。",  # 4
    "",
    "我國於 8 月在臺北舉辦「海洋論壇」。本年我國持續推動外交工作。",  # 6
    "",
    "2021 年我國與巴林簽署合作備忘錄。",  # 8
]
COUNTRIES = [("約旦", "JO"), ("巴林", "BH")]

AID = Passage(
    "aid",
    ACTIVITY,
    start="2023年2月6日我國與美慈組織",
    end="之人道援助。",
    title_zh="約旦人道援助",
    date="2023年2月6日",
    countries=("約旦",),
    amount="逾4,072萬美元",
    organisations=(Org("美慈組織", "4", "ingo", "Mercy Corps"),),
    modality="humanitarian",
)
FORUM = Passage(
    "forum",
    EVENT,
    start="我國於8月在臺北舉辦",
    end="「海洋論壇」。",
    title_zh="海洋論壇",
    date="8月",
    venue="臺北",
    host_code="TW",
    event_kind="forum",
)
POLICY = Passage("policy", NONE, start="本年我國持續推動外交工作。", reason="A policy statement.")
MOU = Passage(
    "mou",
    ENTRY,
    start="2021年我國與巴林簽署合作備忘錄。",
    entry_kind="agreement",
    title_zh="與巴林簽署合作備忘錄",
    date="2021年",
    countries=("巴林",),
)


def _read(lines: list[str], passages: tuple[Passage, ...]) -> Extraction:
    reader = Reader(
        "test-table", "review-2024", "TW-TEST", "test", "999_test.txt", CountryNames(COUNTRIES),
        default_year=2024,
    )  # fmt: skip
    return reader.read(
        numbered(lines), passages, first=1, last=len(lines), cue=lambda text: True,
        heading=lambda text: text.startswith("一、"),
    )  # fmt: skip


def test_it_reads_date_amount_country_and_organisation_from_the_print() -> None:
    result = _read(TEXT, (AID, FORUM, POLICY, MOU))
    assert result.problems == []
    (aid,) = result.activities
    assert (aid.line_start, aid.line_end, aid.group) == (3, 4, "2023")
    assert aid.record.actual_start == dt.date(2023, 2, 6)
    (money,) = aid.record.transactions
    assert (money.value, money.currency, money.printed_amount) == (
        Decimal(40_720_000),
        "USD",
        "逾4,072萬美元",
    )
    assert (money.receiver_name, money.recipient_country) == ("美慈組織", "JO")
    assert [(c.printed_name, c.code) for c in aid.countries] == [("約旦", "JO")]
    assert aid.record.humanitarian is True
    assert (
        aid.record.description_zh
        == "2023 年 2 月 6 日我國與美慈組織在約旦合作，提供逾 4,072 萬美元之人道援助。"
    )


def test_it_dates_an_event_printed_with_its_month_only_over_the_whole_month() -> None:
    (forum,) = _read(TEXT, (AID, FORUM, POLICY, MOU)).events
    assert (forum.record.date_start, forum.record.date_end) == (
        dt.date(2024, 8, 1),
        dt.date(2024, 8, 31),
    )
    assert (forum.record.host_country_code, forum.record.venue, forum.group) == (
        "TW",
        "臺北",
        "2024",
    )


def test_it_keeps_an_agreement_as_an_entry_with_its_year_and_country() -> None:
    (entry,) = _read(TEXT, (AID, FORUM, POLICY, MOU)).entries
    assert (entry.kind, entry.year, entry.date, entry.group) == ("agreement", 2021, None, "2021")
    assert entry.extra["countries"] == ["BH"]
    assert (entry.line_start, entry.line_end) == (8, 8)


def test_it_reports_a_line_that_no_passage_reads() -> None:
    result = _read(TEXT, (AID, FORUM, POLICY))
    assert [(p.line, p.text) for p in result.problems] == [(8, "2021 年我國與巴林簽署合作備忘錄。")]
    assert "no passage reads it" in result.problems[0].message_en
    assert result.entries == []


def test_it_gives_no_record_when_a_printed_field_is_not_in_the_passage() -> None:
    changed = [line.replace("4,072", "4,027") for line in TEXT]
    result = _read(changed, (AID, FORUM, POLICY, MOU))
    assert result.activities == []
    (problem,) = result.problems
    assert problem.line == 3
    assert "「逾4,072萬美元」 is not printed" in problem.message_en


def test_it_reports_a_passage_that_is_not_found() -> None:
    missing = Passage("gone", ACTIVITY, start="這句話不在文件裡", title_zh="不存在")
    result = _read(TEXT, (AID, FORUM, POLICY, MOU, missing))
    (problem,) = result.problems
    assert "「這句話不在文件裡」 was not found" in problem.message_en
    assert len(result.activities) == 1


def test_it_reports_a_country_name_the_reference_names_do_not_know() -> None:
    unknown = Passage(
        "atlantis", ACTIVITY, start="2021年我國與巴林簽署合作備忘錄。", countries=("合作",)
    )
    result = _read(TEXT, (AID, FORUM, POLICY, unknown))
    (problem,) = result.problems
    assert (problem.line, problem.text) == (8, "合作")
    assert "no known country name" in problem.message_en
