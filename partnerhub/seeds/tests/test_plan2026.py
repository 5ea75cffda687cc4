"""The FY2026 key-plans extractor, on the plan itself and on small made-up tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerhub.seeds.base import Extraction, SeedActivity, SeedEntry
from partnerhub.seeds.extract import plan2026
from partnerhub.seeds.pdftext import read_lines


@pytest.fixture
def plan(seeds_dir: Path) -> Extraction:
    path = next(seeds_dir.glob("004_*.txt"))
    return plan2026.extract(path.read_text(encoding="utf-8").splitlines(), path.name)


def _row(extraction: Extraction, name: str) -> SeedActivity:
    (row,) = [a for a in extraction.activities if a.record.title_zh == name]
    return row


def _entry(extraction: Extraction, name: str) -> SeedEntry:
    (row,) = [e for e in extraction.entries if e.title_zh == name]
    return row


def _all_names(extraction: Extraction) -> list[str]:
    rows = [(a.record.iati_identifier, a.record.title_zh) for a in extraction.activities]
    rows += [(e.identifier, e.title_zh) for e in extraction.entries]
    return [name for _, name in sorted(rows)]


def test_it_extracts_every_key_plan_of_the_year(plan: Extraction) -> None:
    assert _all_names(plan) == [
        "製作國情資料",
        "基本行政工作維持",
        "參與國際組織活動",
        "協助各種國際交流",
        "駐外技術服務",
        "出國訪問",
        "訪賓接待",
        "加強雙邊及多邊合作",
        "對國際之關懷救助及重建",
        "印刷及製作護照",
        "加強領務服務等工作",
        "購建駐外機構館官舍",
    ]
    assert plan.problems == []
    assert {(a.record.year, a.record.source) for a in plan.activities} == {(2026, "plan-2026")}
    assert {e.year for e in plan.entries} == {2026}
    assert _entry(plan, "購建駐外機構館官舍").extra["plan_category"] == "社會發展"


def test_it_keeps_lines_that_are_no_cooperation_as_plan_lines(plan: Extraction) -> None:
    """Passports, consular work and embassy buildings are lines of the plan, not activities."""
    assert [a.record.title_zh for a in plan.activities] == [
        "駐外技術服務",
        "加強雙邊及多邊合作",
        "對國際之關懷救助及重建",
    ]
    assert {e.kind for e in plan.entries} == {"plan-line"}
    passports = _entry(plan, "印刷及製作護照")
    assert passports.title_en == "Printing and producing passports"
    assert _row(plan, "駐外技術服務").record.title_en_status == "translated"


def test_it_maps_modalities_only_when_the_text_is_clear(plan: Extraction) -> None:
    modalities = {a.record.title_zh: a.record.modality for a in plan.activities}
    assert modalities["駐外技術服務"] == "technical-cooperation"
    assert modalities["加強雙邊及多邊合作"] == "education-training"
    assert modalities["對國際之關懷救助及重建"] == "humanitarian"
    # One technical and one scholarship mention: no modality, so a line of the plan.
    assert "協助各種國際交流" not in modalities
    assert _entry(plan, "協助各種國際交流").kind == "plan-line"
    assert "印刷及製作護照" not in modalities


def test_it_names_icdf_where_mofa_entrusts_the_plan(plan: Extraction) -> None:
    missions = _row(plan, "駐外技術服務")
    assert [(o.printed_name, o.role, o.category) for o in missions.organisations] == [
        ("外交部", "1", "ministry"),
        ("國合會", "4", "icdf"),
    ]
    assert missions.record.extra["entrusted_to_icdf"] is True
    assert _entry(plan, "出國訪問").extra["entrusted_to_icdf"] is False


def test_it_joins_a_cut_row_to_the_row_left_unfinished(plan: Extraction) -> None:
    missions = _row(plan, "駐外技術服務")
    assert (missions.line_start, missions.line_end) == (84, 89)
    last = missions.record.description_zh.splitlines()[-1]
    assert "公私部門夥伴關係(Public-Private-Partnership, PPP)，擴大援外能量" in last
    visitors = _entry(plan, "訪賓接待")
    assert (visitors.line_start, visitors.line_end) == (86, 86)
    exchanges = _entry(plan, "協助各種國際交流")
    assert (exchanges.line_start, exchanges.line_end) == (80, 83)
    assert exchanges.description_zh.splitlines()[-1].startswith("十二、持續推動國際司法互助")
    consular = _entry(plan, "加強領務服務等工作")
    assert (
        consular.description_zh.splitlines()[-1] == "四、提升文件證明業務便利性，以達簡政便民之效。"
    )
    assert consular.group == "領事事務管理"


SYNTHETIC = [
    "外交部 120 年度施政計畫",
    "貳、年度重要計畫",
    "工作計畫名稱\t重要計畫項目\t計畫類別\t實施內容",
    "國際合作\t獎學金\t其他\t<p>一、辦理臺灣獎學金及研習班。</p>",
    "這一行沒有欄位",
    "\t緊急援助\t其他\t<p>一、提供緊急援助及人道救助</p>",
    "\t\t\t與災後重建。",
]


def test_it_converts_the_roc_year_and_reports_unreadable_lines() -> None:
    result = plan2026.extract(SYNTHETIC, "plan.txt")
    assert [a.record.year for a in result.activities] == [2031, 2031]
    assert [a.group for a in result.activities] == ["國際合作", "國際合作"]
    assert [a.record.modality for a in result.activities] == ["education-training", "humanitarian"]
    assert result.activities[1].record.description_zh == "一、提供緊急援助及人道救助與災後重建。"
    assert [(p.file, p.line) for p in result.problems] == [("plan.txt", 5)]


def test_it_rejects_a_document_without_the_table() -> None:
    result = plan2026.extract(["外交部 115 年度施政計畫", "沒有表"], "plan.txt")
    assert result.activities == []
    assert len(result.problems) == 1
    assert "table" in result.problems[0].message_en


def test_it_accepts_numbered_lines_and_the_file_keyword(seeds_dir: Path) -> None:
    path = next(seeds_dir.glob("004_*.txt"))
    result = plan2026.extract(read_lines(path), file=path.name)
    assert len(result.activities) + len(result.entries) == 12
    assert result.activities[0].file == path.name
    assert result.activities[0].line_start == 84
