"""The Ukraine aid table extractor, on the white paper and on small made-up tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from partnerhub.seeds.base import Extraction, SeedActivity
from partnerhub.seeds.extract import ukraine


def _whitepaper(seeds_dir: Path) -> Extraction:
    path = next(seeds_dir.glob("002_*.txt"))
    return ukraine.extract(path.read_text(encoding="utf-8").splitlines(), path.name)


def _by_date(extraction: Extraction, date: str) -> list[SeedActivity]:
    return [a for a in extraction.activities if a.record.extra["date_printed"].startswith(date)]


@pytest.fixture
def table(seeds_dir: Path) -> Extraction:
    return _whitepaper(seeds_dir)


def test_it_extracts_every_row_as_a_humanitarian_activity(table: Extraction) -> None:
    assert len(table.activities) == 14
    assert table.problems == []
    assert {a.record.source for a in table.activities} == {"whitepaper-ukraine"}
    assert {a.record.modality for a in table.activities} == {"humanitarian"}
    groups = [a.group for a in table.activities]
    assert groups.count("烏克蘭當地") == 6
    assert groups.count("烏克蘭週邊國家") == 4
    assert groups.count("國際組織") == 4
    assert groups.count("援烏後續") == 0


def test_it_keeps_the_budget_increase_and_the_founding_as_what_they_are(
    table: Extraction,
) -> None:
    """Neither row is aid: one is a budget decision, the other an association's founding."""
    kinds = {e.extra["date_printed"]: (e.kind, e.title_en) for e in table.entries}
    assert kinds == {
        "2022/9/6": ("budget", "MOFA increases its foreign-aid budget"),
        "2022/10/11": (
            "founding",
            "Founding of the Taiwan–Ukraine Parliamentary Friendship Association",
        ),
    }
    assert {e.date for e in table.entries} == {dt.date(2022, 9, 6), dt.date(2022, 10, 11)}
    assert {e.group for e in table.entries} == {"援烏後續"}


def test_it_keeps_amounts_and_currencies_as_printed(table: Extraction) -> None:
    seen = {
        (a.record.extra["date_printed"], t.type, t.value, t.currency, t.printed_amount)
        for a in table.activities
        for t in a.record.transactions
    }
    assert ("2022/4/22", "3", Decimal(8_000_000), "USD", "800萬美元") in seen
    assert ("2022/3/7", "3", Decimal(100_000_000), "TWD", "新臺幣 1億元") in seen
    assert ("2022/3/15", "3", Decimal(11_500_000), "USD", "1,150萬美元") in seen
    assert ("2022/6/15", "3", Decimal(135_000), "EUR", "13 萬 5千歐元") in seen
    assert ("2022/4/28", "3", Decimal(500_000), "EUR", "50 萬歐元") in seen


def test_it_does_not_make_the_rows_add_up_to_the_stated_total(table: Extraction) -> None:
    totals: dict[str, Decimal] = {}
    for activity in table.activities:
        for t in activity.record.transactions:
            totals[t.currency] = totals.get(t.currency, Decimal(0)) + t.value
    # The text claims more than USD 40m; the rows say this, and the difference is kept.
    assert totals == {
        "USD": Decimal(31_500_000),
        "TWD": Decimal(100_000_000),
        "EUR": Decimal(935_000),
    }


def test_it_records_each_donor_as_its_own_funding_mention(table: Extraction) -> None:
    (row,) = _by_date(table, "2022/4/22")
    funders = [(o.printed_name, o.category) for o in row.organisations if o.role == "1"]
    assert funders == [
        ("財團法人賑災基金會", "foundation"),
        ("外交部", "ministry"),
        ("民間", "other"),
    ]
    receivers = [o.printed_name for o in row.organisations if o.role == "4"]
    assert receivers == ["烏克蘭基輔市政府", "烏克蘭醫院"]
    assert row.record.actual_start == dt.date(2022, 4, 22)
    assert (row.line_start, row.line_end) == (3919, 3953)


def test_it_reads_the_row_that_crosses_a_page(table: Extraction) -> None:
    (row,) = _by_date(table, "2022/5/31")
    assert row.record.extra["unit_printed"] == "外交部與烏克蘭政府"
    assert row.record.extra["content_printed"] == "捐贈 400 萬美元（重建用途）"
    assert row.record.description_zh.startswith("援助烏克蘭哈爾科夫市政府200 萬美元")
    assert row.record.transactions[0].value == Decimal(4_000_000)


def test_it_takes_the_sum_from_the_description_when_the_content_cell_has_none(
    table: Extraction,
) -> None:
    (row,) = _by_date(table, "2022/5/20")
    (transaction,) = row.record.transactions
    assert (transaction.value, transaction.printed_amount) == (Decimal(800_000), "80 萬美元")


def test_it_names_neighbouring_countries_and_organisations(table: Extraction) -> None:
    (third_wave,) = _by_date(table, "2022/4/1")
    assert [c.code for c in third_wave.countries] == ["CZ", "SK", "LT", "LV", "EE"]
    (rsf,) = _by_date(table, "2022/4/29")
    receiver = next(o for o in rsf.organisations if o.role == "4")
    assert (receiver.printed_name, receiver.abbreviation, receiver.category) == (
        "無國界記者組織",
        "RSF",
        "ingo",
    )
    assert [c.code for c in rsf.countries] == ["UA"]


def test_it_keeps_goods_rows_without_money(table: Extraction) -> None:
    for date in ("2022/2/28", "2022/3/17"):
        (row,) = _by_date(table, date)
        assert row.record.transactions == []
    (goods,) = _by_date(table, "2022/3/17")
    assert goods.record.extra["date_printed"] == "2022/3/17 起"


SYNTHETIC = [
    "表 2022 年我國援助烏克蘭及周邊國家行動彙整",
    "日 期 單 位 內 容 內 容 概 述",
    "這一行不屬於任何一列",
    "烏克蘭當地",
    "2022/7/1 外 交 部 與 烏 克",
    "蘭 醫 院",
    "捐 贈 10 萬",
    "美元 \uf06c 支 援 醫 院 重 建",
    "2022/7/2 外交部與某單位 不知所云",
    "\uf06c 沒有內容欄",
    "五、下一節",
]


def test_it_collapses_spaced_glyphs_and_reports_unreadable_lines() -> None:
    result = ukraine.extract(SYNTHETIC, "synthetic.txt")
    (activity,) = result.activities
    assert activity.record.extra["unit_printed"] == "外交部與烏克蘭醫院"
    assert activity.record.description_zh == "支援醫院重建"
    assert activity.record.transactions[0].value == Decimal(100_000)
    assert [(p.line, p.file) for p in result.problems] == [
        (3, "synthetic.txt"),
        (9, "synthetic.txt"),
    ]
    assert "單位" in result.problems[1].message_zh


def test_it_rejects_a_document_without_the_table() -> None:
    result = ukraine.extract(["第一章", "沒有表格"], "other.txt")
    assert result.activities == []
    assert [p.line for p in result.problems] == [1]
    assert "Ukraine" in result.problems[0].message_en
