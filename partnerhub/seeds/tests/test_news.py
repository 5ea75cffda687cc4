"""The news extractor: the forum news (000, 001) and the white paper's INGOs set up in Taiwan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from partnerhub.seeds.base import Extraction, SeedOrganisation
from partnerhub.seeds.extract import news


def _read(seeds_dir: Path, prefix: str) -> Extraction:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return news.extract(path.read_text(encoding="utf-8").splitlines(), path.name)


def _org(extraction: Extraction, printed: str) -> SeedOrganisation:
    (found,) = [o for o in extraction.organisations if o.mention.printed_name == printed]
    return found


def test_it_reads_the_forum_as_an_event(seeds_dir: Path) -> None:
    item = _read(seeds_dir, "000")
    assert item.problems == []
    (forum,) = item.events
    record = forum.record
    assert (record.kind, record.date_start, record.source) == ("forum", dt.date(2026, 1, 7), "news")
    assert (record.title_zh, record.title_en) == ("第6屆NGO領袖論壇", "6th NGO Leaders Forum")
    assert record.venue == "台北格萊天漾大飯店"
    assert "總合外交的NGO實踐：經驗分享與成果展望" in record.description_zh
    assert "台灣INGO 中心" in record.description_zh
    assert [(o.printed_name, o.role) for o in forum.organisations] == [
        ("外交部", "organiser"),
        ("WeWorld", "partner"),
    ]


def test_it_names_the_organisations_of_the_chinese_item(seeds_dir: Path) -> None:
    item = _read(seeds_dir, "000")
    assert [o.mention.printed_name for o in item.organisations] == [
        "外交部",
        "WeWorld",
        "基輔市兒童及家庭福利局",
        "基輔市政府",
        "台灣世界展望會",
    ]
    kyiv = _org(item, "基輔市兒童及家庭福利局")
    assert (kyiv.line_start, kyiv.country_code, kyiv.aliases) == (1, "UA", ["基輔兒童及家庭福利局"])
    assert _org(item, "台灣世界展望會").mention.category == "domestic-ngo"
    assert {o.table for o in item.organisations} == {"news"}


def test_it_keeps_both_accounts_of_the_kyiv_project(seeds_dir: Path) -> None:
    (chinese,) = _read(seeds_dir, "000").activities
    (english,) = _read(seeds_dir, "001").activities
    assert chinese.record.title_zh == "重建童年：基輔地區弱勢孩童綜合支持計畫"
    assert chinese.record.extra["mou_signed"] == "2025-09"
    assert english.record.extra["mou_signed"] == "2025-09"  # 「September last year」, from 2026
    assert "台灣世界展望會" in [o.printed_name for o in chinese.organisations]
    assert "Taiwan Fund for Children and Families" not in [
        o.printed_name for o in chinese.organisations
    ]
    assert "Taiwan Fund for Children and Families" in [
        o.printed_name for o in english.organisations
    ]
    assert "台灣世界展望會" not in [o.printed_name for o in english.organisations]
    assert chinese.record.iati_identifier != english.record.iati_identifier
    assert chinese.record.extra["see_also"] == english.record.iati_identifier
    assert (chinese.file[:4], english.file[:4]) == ("000_", "001_")
    assert {c.code for a in (chinese, english) for c in a.countries} == {"UA"}
    assert english.record.modality == chinese.record.modality == "humanitarian"


def test_it_skips_web_boilerplate_and_reads_the_publication_date(seeds_dir: Path) -> None:
    item = _read(seeds_dir, "001")
    assert item.problems == []
    assert item.events == []
    (project,) = item.activities
    assert project.record.extra["published"] == "2026-01-08"
    assert (project.line_start, project.line_end) == (30, 50)
    printed = [o.mention.printed_name for o in item.organisations]
    assert printed == [
        "Ministry of Foreign Affairs",
        "WeWorld",
        "Taiwan Fund for Children and Families",
    ]
    assert _org(item, "Taiwan Fund for Children and Families").aliases == ["家扶基金會"]
    assert all("瀏覽" not in o.description_en for o in item.organisations)


def test_it_lists_the_ingos_set_up_in_taiwan(seeds_dir: Path) -> None:
    paper = _read(seeds_dir, "002")
    assert paper.problems == []
    rows = [
        (o.mention.abbreviation or o.mention.name_en, o.country_code, o.description_en)
        for o in paper.organisations
    ]
    office = "Registered office in Taiwan"
    assert rows == [
        ("NDI", "US", office),
        ("IRI", "US", office),
        ("Freedom House", "US", office),
        ("FNF", "DE", office),
        ("EVC", "CZ", office),
        ("Safeguard Defenders", "ES", office),
        ("Terra Renaissance", "JP", office),
        ("WFD", "GB", office),
        ("STUF", "", "Asia-Pacific centre in Taiwan"),
        ("APGA", "", "Secretariat in Taiwan"),
        ("CAPRI", "", "Headquarters in Taiwan"),
    ]
    assert {o.mention.category for o in paper.organisations} == {"ingo"}
    wfd = _org(paper, "西敏寺民主基金會")
    assert wfd.mention.name_en == "Westminister Foundation for Democracy"  # as printed
    assert (wfd.line_start, wfd.description_zh) == (2053, "均已完成登記在臺設立辦事處")
    capri = _org(paper, "財團法人亞太堅韌研究基金會")
    assert capri.aliases[:2] == ["堅韌社會再造委員會亞太中心", "R4R Asia-Pacific Hub"]
    assert capri.description_zh == "亦已完成登記，將總部設立於臺灣"


SYNTHETIC = [
    " date 2026-03-02 為達最佳瀏覽效果，建議使用 Chrome。",
    "首頁 > 焦點",
    "外交部今（3）日於台北某某飯店舉辦第7屆NGO領袖論壇，WeWorld 與會。",
    "外交部今（3）日於台北某某飯店舉辦第7屆NGO領袖論壇，WeWorld 與會。",
]


def test_it_reports_a_forum_day_that_does_not_match_and_skips_repeats() -> None:
    result = news.extract(SYNTHETIC, "item.txt")
    assert result.events == []  # published on the 2nd, 「今（3）日」 says the 3rd
    assert [(p.file, p.line) for p in result.problems] == [("item.txt", 3)]
    assert [o.line_start for o in result.organisations] == [3, 3]


def test_it_reads_a_forum_whose_day_matches() -> None:
    lines = [" date 2026-03-03 外交部今（3）日於台北某某飯店舉辦第 7 屆 NGO 領袖論壇。"]
    (forum,) = news.extract(lines, "item.txt").events
    assert (forum.record.title_zh, forum.record.venue) == ("第7屆NGO領袖論壇", "台北某某飯店")
    assert forum.record.host_country_code == "TW"


def test_it_rejects_a_document_without_a_date_prefix() -> None:
    result = news.extract(["2024 年外交工作回顧"], "other.txt")
    assert [(p.line, p.file) for p in result.problems] == [(1, "other.txt")]
    assert result.organisations == []
