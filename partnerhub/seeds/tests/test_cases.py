"""The case-box extractor, on the white paper's ten cases and on a small made-up box."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from partnerhub.activities.records import IndicatorRecord
from partnerhub.seeds.base import Extraction, SeedActivity
from partnerhub.seeds.extract import cases

#: domain.md §1.9: the SDGs each case box lists.
EXPECTED_SDGS = {
    1: [1, 2, 3, 10],
    2: [1, 5, 8, 10, 11, 16],
    3: [3, 5],
    4: [2, 13],
    5: [1, 2, 12],
    6: [9, 11],
    7: [3, 17],
    8: [1, 2, 6, 7, 13, 17],
    9: [4, 8],
    10: [1, 2],
}


@pytest.fixture
def boxes(seeds_dir: Path) -> Extraction:
    path = next(seeds_dir.glob("002_*.txt"))
    return cases.extract(path.read_text(encoding="utf-8").splitlines(), path.name)


def _case(extraction: Extraction, number: int) -> SeedActivity:
    (case,) = [a for a in extraction.activities if a.record.extra["case"] == number]
    return case


def _indicator(case: SeedActivity, title: str) -> IndicatorRecord:
    (found,) = [i for i in case.record.results[0].indicators if i.title_zh == title]
    return found


def test_it_extracts_the_ten_cases_with_their_sdgs(boxes: Extraction) -> None:
    assert [a.record.extra["case"] for a in boxes.activities] == list(range(1, 11))
    assert boxes.problems == []
    sdgs = {a.record.extra["case"]: [s.goal for s in a.record.sdgs] for a in boxes.activities}
    assert sdgs == EXPECTED_SDGS
    assert {a.record.source for a in boxes.activities} == {"whitepaper-cases"}


def test_it_reads_titles_countries_modalities_and_line_ranges(boxes: Extraction) -> None:
    first = _case(boxes, 1)
    assert first.record.title_zh == "吐瓦魯蔬果增產暨營養提升計畫"
    assert (first.line_start, first.line_end) == (1531, 1574)
    codes = {a.record.extra["case"]: [c.code for c in a.countries] for a in boxes.activities}
    assert codes == {
        1: ["TV"], 2: ["MH"], 3: ["SZ"], 4: ["LC"], 5: ["GT"],
        6: ["VC"], 7: ["PY"], 8: ["HT"], 9: [], 10: ["ID"],
    }  # fmt: skip
    modalities = {a.record.extra["case"]: a.record.modality for a in boxes.activities}
    assert modalities[2] == "investment-lending"
    assert modalities[8] == "humanitarian"
    assert modalities[9] == "education-training"
    assert modalities[7] == "technical-cooperation"
    fourth = _case(boxes, 4)
    assert fourth.record.extra["figure_caption"] == "聖露西亞蔬果產銷供應鏈效能提升計畫(第二期)"
    assert fourth.record.extra["phases"] == [2]
    assert fourth.record.extra["start_year"] == 2021
    assert _case(boxes, 10).record.extra["start_year"] == 2015


def test_it_names_counterparts_and_taiwanese_executing_bodies(boxes: Extraction) -> None:
    eswatini = _case(boxes, 3)
    assert [(o.printed_name, o.role, o.category) for o in eswatini.organisations] == [
        ("國合會", "3", "icdf"),
        ("花蓮慈濟醫院", "4", "hospital-university"),
        ("嘉義基督教醫院", "4", "hospital-university"),
        ("史國衛生部", "4", "partner-government"),
    ]
    haiti = [o.printed_name for o in _case(boxes, 8).organisations]
    assert haiti == ["國合會", "國際關懷組織", "海國政府", "財團法人賑災基金會"]


def test_it_reads_roc_as_of_dates_to_the_end_of_the_month(boxes: Extraction) -> None:
    seedlings = _indicator(_case(boxes, 1), "生產蔬果苗 612,783 株")
    assert (seedlings.actual_value, seedlings.unit) == (Decimal(612_783), "株")
    assert seedlings.as_of == dt.date(2023, 6, 30)  # 「截至 112 年 6 月底」
    assert seedlings.printed == "截至 112 年 6 月底，本計畫成效包括：1. 生產蔬果苗 612,783 株。"
    produce = _indicator(_case(boxes, 1), "生產蔬果 158.92 公噸")
    assert produce.actual_value == Decimal("158.92")
    assert len(_case(boxes, 1).record.results[0].indicators) == 7


def test_it_reads_figures_with_units_and_their_dates(boxes: Extraction) -> None:
    haiti = _case(boxes, 8)
    households = _indicator(haiti, "分發衛生用品包予 375 家戶")
    assert (households.actual_value, households.unit, households.as_of) == (
        Decimal(375),
        "家戶",
        None,
    )
    hectares = _indicator(haiti, "共可灌溉 1,650 公頃農地")
    assert (hectares.actual_value, hectares.unit) == (Decimal(1650), "公頃")
    records = _indicator(
        _case(boxes, 7), "2020年 5月至 2022年 7月疫情嚴重期間計有 95,128筆遠端問診紀錄"
    )
    assert (records.actual_value, records.as_of) == (Decimal(95_128), dt.date(2022, 7, 31))
    users = _indicator(_case(boxes, 7), "訓練 16,837 人次系統使用者")
    assert (users.unit, users.as_of) == ("人次", dt.date(2023, 9, 30))
    leaflets = _indicator(_case(boxes, 3), "發放婦幼衛教單張 23 萬份")
    assert leaflets.actual_value == Decimal(230_000)


def test_it_reads_a_change_as_baseline_and_actual(boxes: Extraction) -> None:
    indicators = _case(boxes, 3).record.results[0].indicators
    (rise,) = [i for i in indicators if i.baseline_value is not None]
    assert (rise.baseline_value, rise.actual_value, rise.unit, rise.measure) == (
        Decimal(22),
        Decimal(90),
        "%",
        "2",
    )
    assert rise.as_of == dt.date(2019, 12, 31)  # 「2015 年至 2019 年」
    waiting = [i for i in _case(boxes, 7).record.results[0].indicators if i.unit == "分鐘"]
    assert [(w.baseline_value, w.actual_value) for w in waiting] == [(Decimal(150), Decimal(30))]


def test_it_leaves_out_figures_that_describe_the_country(boxes: Extraction) -> None:
    haiti = [i.actual_value for i in _case(boxes, 8).record.results[0].indicators]
    assert Decimal(2200) not in haiti  # 「2,200 人死亡」
    assert Decimal(12_000) not in haiti
    guatemala = [i.actual_value for i in _case(boxes, 5).record.results[0].indicators]
    assert Decimal("30.7") not in guatemala  # share of the labour force
    assert Decimal(285) not in guatemala  # average wage
    assert Decimal(165) in guatemala


SYNTHETIC = [
    "案例 11：測試計畫",
    "對應 SDGs：3、十八",
    "計畫成果：",
    "截至 113 年 2 月底，本計畫 培 訓 學 員 40 名。",
    "圖 99 測試計畫",
]


def test_it_handles_roc_dates_spaced_glyphs_and_bad_sdg_numbers() -> None:
    result = cases.extract(SYNTHETIC, "box.txt")
    (case,) = result.activities
    assert [s.goal for s in case.record.sdgs] == [3]
    (trainees,) = case.record.results[0].indicators
    assert (trainees.actual_value, trainees.unit) == (Decimal(40), "名")
    assert trainees.as_of == dt.date(2024, 2, 29)  # ROC 113 = 2024, a leap year
    assert "培訓學員" in case.record.description_zh
    assert [(p.file, p.line) for p in result.problems] == [("box.txt", 2)]
    assert "十八" in result.problems[0].message_en


def test_it_reports_text_before_the_results() -> None:
    lines = ["案例 1：測試", "這一行不該在這裡", "對應 SDGs：1", "計畫成果：", "辦理 3 場。"]
    result = cases.extract(lines, "box.txt")
    assert [p.line for p in result.problems] == [2]
    assert result.activities[0].record.results[0].indicators[0].actual_value == Decimal(3)
