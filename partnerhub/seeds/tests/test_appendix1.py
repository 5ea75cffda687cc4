"""Appendix 1 read from the real white paper: every row, per year, with the hard rows in full."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from partnerhub.seeds.base import Extraction, SeedActivity
from partnerhub.seeds.extract import appendix1
from partnerhub.seeds.extract.cells import CountryNames
from partnerhub.seeds.pdftext import SourceLine, read_lines
from partnerhub.seeds.tests.seed_documents import activity_by_id

#: The country names Appendix 1 and Appendix 3 print, with codes, plus the names that hide inside
#: longer ones (東加, 幾內亞, 尼日, 巴林) so that the traps are exercised. 索馬利蘭 has no ISO code.
COUNTRY_NAMES: list[tuple[str, str]] = [
    ("瓜地馬拉", "GT"),
    ("薩爾瓦多", "SV"),
    ("海地", "HT"),
    ("巴拉圭", "PY"),
    ("聖文森", "VC"),
    ("聖文森及格瑞那丁", "VC"),
    ("宏都拉斯", "HN"),
    ("尼加拉瓜", "NI"),
    ("緬甸", "MM"),
    ("泰國", "TH"),
    ("史瓦帝尼", "SZ"),
    ("馬拉威", "MW"),
    ("菲律賓", "PH"),
    ("越南", "VN"),
    ("印尼", "ID"),
    ("印度", "IN"),
    ("馬來西亞", "MY"),
    ("祕魯", "PE"),
    ("哥倫比亞", "CO"),
    ("墨西哥", "MX"),
    ("柬埔寨", "KH"),
    ("蒙古", "MN"),
    ("吉里巴斯", "KI"),
    ("塔吉克", "TJ"),
    ("尼泊爾", "NP"),
    ("巴基斯坦", "PK"),
    ("日本", "JP"),
    ("吉爾吉斯", "KG"),
    ("東帝汶", "TL"),
    ("新加坡", "SG"),
    ("賴索托", "LS"),
    ("納米比亞", "NA"),
    ("莫三比克", "MZ"),
    ("索羅門群島", "SB"),
    ("聖克里斯多福及尼維斯", "KN"),
    ("聖露西亞", "LC"),
    ("敘利亞", "SY"),
    ("亞美尼亞", "AM"),
    ("孟加拉", "BD"),
    ("阿富汗", "AF"),
    ("奧地利", "AT"),
    ("澳洲", "AU"),
    ("澳大利亞", "AU"),
    ("不丹", "BT"),
    ("巴貝多", "BB"),
    ("古拉索", "CW"),
    ("丹麥", "DK"),
    ("愛沙尼亞", "EE"),
    ("衣索比亞", "ET"),
    ("伊拉克", "IQ"),
    ("義大利", "IT"),
    ("美國", "US"),
    ("千里達", "TT"),
    ("千里達及托巴哥", "TT"),
    ("南韓", "KR"),
    ("韓國", "KR"),
    ("馬紹爾群島", "MH"),
    ("吐瓦魯", "TV"),
    ("索馬利蘭", "XS"),
    ("索馬利亞", "SO"),
    ("馬達加斯加", "MG"),
    ("土耳其", "TR"),
    ("保加利亞", "BG"),
    ("諾魯", "NR"),
    ("貝里斯", "BZ"),
    ("南非", "ZA"),
    ("摩洛哥", "MA"),
    ("荷蘭", "NL"),
    ("紐西蘭", "NZ"),
    ("加拿大", "CA"),
    ("坦尚尼亞", "TZ"),
    ("肯亞", "KE"),
    ("斐濟", "FJ"),
    ("英國", "GB"),
    ("帛琉", "PW"),
    ("巴布亞紐幾內亞", "PG"),
    ("幾內亞", "GN"),
    ("巴西", "BR"),
    ("西班牙", "ES"),
    ("辛巴威", "ZW"),
    ("奈及利亞", "NG"),
    ("尼日", "NE"),
    ("波蘭", "PL"),
    ("芬蘭", "FI"),
    ("烏干達", "UG"),
    ("蒙特內哥羅", "ME"),
    ("德國", "DE"),
    ("東加", "TO"),
    ("巴林", "BH"),
    ("中國", "CN"),
    ("法國", "FR"),
    ("以色列", "IL"),
    ("約旦", "JO"),
    ("烏克蘭", "UA"),
    ("巴拿馬", "PA"),
    ("多明尼加", "DO"),
    ("瑞典", "SE"),
    ("捷克", "CZ"),
    ("立陶宛", "LT"),
    ("斯洛伐克", "SK"),
]

EXPECTED_PER_YEAR = {"2018": 22, "2019": 21, "2020": 17, "2021": 10, "2022": 11}


def white_paper(seeds_dir: Path) -> Path:
    return next(seeds_dir.glob("002_*.txt"))


@lru_cache(maxsize=1)
def _extract(path: Path) -> Extraction:
    return appendix1.extract(read_lines(path), file=path.name, country_names=COUNTRY_NAMES)


@pytest.fixture
def extraction(seeds_dir: Path) -> Extraction:
    return _extract(white_paper(seeds_dir))


def grantees(activity: SeedActivity) -> list[str]:
    return [o.printed_name for o in activity.organisations if o.role == "4"]


def countries(activity: SeedActivity) -> list[tuple[str, str]]:
    return [(c.printed_name, c.code) for c in activity.countries]


def test_it_reads_every_row_of_every_year(extraction: Extraction) -> None:
    per_year: dict[str, int] = {}
    for activity in extraction.activities:
        per_year[activity.group] = per_year.get(activity.group, 0) + 1
    assert per_year == EXPECTED_PER_YEAR
    assert len(extraction.activities) == 81
    assert extraction.problems == []


def test_it_gives_stable_identifiers_by_year_and_ordinal(extraction: Extraction) -> None:
    ids = [a.record.iati_identifier for a in extraction.activities]
    assert ids[0] == "TW-MOFA-WP2023-A1-2018-001"
    assert ids[-1] == "TW-MOFA-WP2023-A1-2022-011"
    assert len(set(ids)) == len(ids)


def test_it_fills_the_record_as_a_finished_ngo_grant(extraction: Extraction) -> None:
    first = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2018-001")
    assert first.record.title_zh == "援贈愛心物資"
    assert (first.record.year, first.record.modality, first.record.status) == (
        2018,
        "ngo-grant",
        "4",
    )
    assert first.record.source == "whitepaper-appendix-1"
    assert (first.organisations[0].printed_name, first.organisations[0].role) == ("外交部", "1")
    assert grantees(first) == ["幫幫忙基金會"]
    assert [c for _, c in countries(first)] == ["GT", "SV", "HT", "PY", "VC", "HN", "NI"]
    assert (first.line_start, first.line_end) == (4681, 4684)


def test_it_joins_a_title_wrapped_before_the_organisation(extraction: Extraction) -> None:
    activity = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2018-005")
    assert activity.record.title_zh == "2018年資助緬甸基礎建設及貧困兒童援助計畫"
    assert grantees(activity) == ["無子西瓜基金會"]
    assert countries(activity) == [("緬甸", "MM")]


def test_it_follows_an_organisation_cell_interleaved_with_the_countries(
    extraction: Extraction,
) -> None:
    activity = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2018-022")
    assert activity.record.title_zh == "海外正體中文教學計畫"
    assert grantees(activity) == ["普賢文教基金會", "阿彌陀佛關懷協會（ACC）"]
    assert [c for _, c in countries(activity)] == ["MW", "LS", "SZ", "NA", "MZ"]
    assert (activity.line_start, activity.line_end) == (4745, 4747)


def test_it_keeps_and_inside_names_and_splits_on_it_elsewhere(extraction: Extraction) -> None:
    nineteen = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2019-001")
    assert ("聖克里斯多福及尼維斯", "KN") in countries(nineteen)
    women = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2018-021")
    assert countries(women)[-2:] == [("新加坡", "SG"), ("印度", "IN")]
    girls = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2022-005")
    assert ("奈及利亞", "NG") in countries(girls)
    assert ("巴布亞紐幾內亞", "PG") in countries(girls)
    assert "GN" not in [c for _, c in countries(girls)]
    assert len(girls.countries) == 28


def test_it_reads_a_country_cell_that_lost_a_separator(extraction: Extraction) -> None:
    activity = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2022-003")
    assert [p for p, _ in countries(activity)] == [
        "索馬利蘭",
        "海地",
        "諾魯",
        "宏都拉斯",
        "聖文森",
        "瓜地馬拉",
        "海地",
        "聖文森",
        "聖露西亞",
    ]
    assert activity.record.extra["countries_printed"] == (
        "索馬利蘭、海地、諾魯、宏都拉斯、聖文森瓜地馬拉、海地、聖文森、聖露西亞"
    )


def test_it_keeps_the_printed_country_count_cell(extraction: Extraction) -> None:
    activity = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2020-015")
    assert activity.record.title_zh == "2018-2020亞洲婦女安置網絡計畫"
    assert activity.record.extra["countries_printed"] == "阿富汗等 124個國家/地區"
    assert activity.record.extra["country_count"] == 124
    assert countries(activity) == [("阿富汗", "AF")]


def test_it_keeps_identical_rows_for_different_organisations_apart(extraction: Extraction) -> None:
    myanmar = [
        grantees(a)
        for a in extraction.activities
        if a.group == "2018" and a.record.title_zh == "緬甸義診案"
    ]
    assert myanmar == [["中華基督教路加傳道會"], ["靈鷲山基金會"]]


def test_it_reads_rows_split_by_page_marks_and_spaced_titles(extraction: Extraction) -> None:
    covid = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2020-011")
    assert covid.record.title_zh == (
        "降低 COVID-19疫情對噠省邊境地區邊緣族群衝擊之強化醫療照護服務計畫"
    )
    rotary = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2019-015")
    assert grantees(rotary) == ["國際扶輪 3490地區辦公室"]
    last_2019 = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2019-021")
    assert last_2019.record.title_zh == "印尼蘇拉威西震災後重建計畫"
    toys = activity_by_id(extraction, "TW-MOFA-WP2023-A1-2022-010")
    assert toys.record.title_zh == "臺灣陪尼，傳愛學習零距離-史瓦帝尼"
    assert (toys.line_start, toys.line_end) == (5048, 5054)


def test_it_counts_the_grantees_the_domain_notes_list(extraction: Extraction) -> None:
    names = [name for a in extraction.activities for name in grantees(a)]
    assert sum(n == "勵馨基金會" for n in names) == 10
    assert sum(n == "羅慧夫顱顏基金會" for n in names) == 6
    assert sum(n == "至善基金會" for n in names) == 6


def test_it_reports_a_row_it_cannot_read_with_its_line() -> None:
    lines = [
        SourceLine(1, " 附錄一 2018 年至 2022 年外交部與民間團體合作"),
        SourceLine(2, "2018年 "),
        SourceLine(3, "計畫名稱 補助單位 受惠國家 "),
        SourceLine(4, "緬甸義診案 靈鷲山基金會 緬甸 "),
        SourceLine(5, "一行看不懂的文字"),
        SourceLine(6, " 附錄二 近年臺灣民主基金會成果彙整"),
    ]
    out = appendix1.extract(lines, file="x.txt", country_names=COUNTRY_NAMES)
    assert [a.record.title_zh for a in out.activities] == ["緬甸義診案"]
    assert [(p.file, p.line) for p in out.problems] == [("x.txt", 5)]
    assert "一行看不懂的文字" in out.problems[0].text


def test_it_reports_a_missing_appendix() -> None:
    out = appendix1.extract([SourceLine(1, "別的文件")], file="y.txt", country_names=[])
    assert out.activities == []
    assert out.problems[0].line == 1


def test_it_recognises_a_grantee_missing_from_the_alias_table_by_its_ending() -> None:
    lines = [
        SourceLine(1, " 附錄一 2018 年至 2022 年外交部與民間團體合作"),
        SourceLine(2, "2018年 "),
        SourceLine(3, "偏鄉義診計畫 新成立關懷協會 越南、寮"),
        SourceLine(4, "國 "),
    ]
    names = [*COUNTRY_NAMES, ("寮國", "LA")]
    out = appendix1.extract(lines, file="x.txt", country_names=names)
    [activity] = out.activities
    assert grantees(activity) == ["新成立關懷協會"]
    assert countries(activity) == [("越南", "VN"), ("寮國", "LA")]
    assert activity.organisations[1].category == "other"


def test_it_reads_country_cells_with_the_reference_matchers_exclusions() -> None:
    names = CountryNames(COUNTRY_NAMES)
    caribbean = names.read("加勒比海地區、海地")
    assert caribbean.mentions == [("海地", "HT")]
    assert caribbean.unknown == ["加勒比海地區"]
    half = names.read("尼加拉瓜、巴布亞紐幾內")
    assert (half.tail, half.open, half.fits) == ("巴布亞紐幾內", True, True)
    closed = names.read("新加坡及印度")
    assert closed.mentions == [("新加坡", "SG"), ("印度", "IN")]
    assert not closed.open
