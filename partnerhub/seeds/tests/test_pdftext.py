"""The PDF-text helpers, one pitfall at a time, on small synthetic inputs."""

from __future__ import annotations

from pathlib import Path

from partnerhub.seeds import pdftext


def test_it_numbers_lines_from_one_and_keeps_the_page_mark(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("第一行\n 第二頁開始\n\n  縮排兩格\n", encoding="utf-8")
    lines = pdftext.read_lines(path)
    assert [line.number for line in lines] == [1, 2, 3, 4]
    assert [line.page_start for line in lines] == [False, True, False, False]
    assert lines[1].text == "第二頁開始"
    assert lines[2].blank


def test_it_recognises_lone_page_numbers_only() -> None:
    assert pdftext.is_page_number(" 123 ")
    assert pdftext.is_page_number("7")
    assert not pdftext.is_page_number("2018年")
    assert not pdftext.is_page_number("2015/08/12")
    assert not pdftext.is_page_number("1234")


def test_it_recognises_a_repeated_header_however_it_is_spaced() -> None:
    headers = ["日期 舉辦單位 主題與內容 備註"]
    assert pdftext.is_repeated_header(" 日期 舉辦單位 主題與內容 備註 ", headers)
    assert pdftext.is_repeated_header("日期舉辦單位主題與內容備註", headers)
    assert not pdftext.is_repeated_header("日期 舉辦單位", headers)


def test_it_finds_an_anchor_line_ignoring_spaces() -> None:
    lines = [pdftext.SourceLine(1, "目次 附錄一"), pdftext.SourceLine(2, " 附 錄一 2018 年")]
    assert pdftext.find_line(lines, "附錄一") == 1
    assert pdftext.find_line(lines, "附錄一", page_start=True) == 2
    assert pdftext.find_line(lines, "附錄九") is None


def test_it_splits_cells_on_private_use_bullets() -> None:
    line = "\uf06c 臺 灣 外 交 「打造女性科技 \uf0b7 參與者國家：12"
    assert pdftext.split_bullets(line) == ["", "臺 灣 外 交 「打造女性科技", "參與者國家：12"]
    assert pdftext.starts_with_bullet(line)
    assert not pdftext.starts_with_bullet("部、衛福部")
    assert pdftext.strip_bullets(line) == "臺 灣 外 交 「打造女性科技 參與者國家：12"


def test_it_joins_chinese_without_spaces_and_latin_with_one() -> None:
    assert pdftext.join_wrapped(["泰緬邊境難民幼兒園營養午餐", "計畫 "]) == (
        "泰緬邊境難民幼兒園營養午餐計畫"
    )
    assert pdftext.join_wrapped(["Global Cooperation", "", "Framework"]) == (
        "Global Cooperation Framework"
    )
    assert (
        pdftext.join_wrapped(["「武漢肺炎（COVID-", "19）科技防疫」"])
        == "「武漢肺炎（COVID-19）科技防疫」"
    )
    assert pdftext.join_wrapped(["降低 COVID-19疫情對噠省邊", "境地區"]) == (
        "降低 COVID-19疫情對噠省邊境地區"
    )


def test_it_collapses_spaced_glyphs_but_keeps_column_gaps() -> None:
    assert pdftext.collapse_spaced("臺 灣 外 交 部") == "臺灣外交部"
    assert pdftext.collapse_spaced("臺 灣 外 交 「打造女性") == "臺灣外交 「打造女性"
    assert pdftext.collapse_spaced("政 策 」 之 重 點 國") == "政策」之重點國"
    assert pdftext.collapse_spaced("援贈愛心物資 幫幫忙基金會") == "援贈愛心物資 幫幫忙基金會"
    assert pdftext.collapse_spaced("國際扶輪 3490地區辦公室") == "國際扶輪 3490地區辦公室"


def test_it_closes_gaps_between_wide_glyphs_inside_one_cell() -> None:
    assert pdftext.close_wide_gaps("（DKI-APCSS） 分 享") == "（DKI-APCSS）分享"
    assert pdftext.close_wide_gaps("構 全 球 防 疫 堅 實 網") == "構全球防疫堅實網"
    assert pdftext.close_wide_gaps("NGO 團體（澳洲、") == "NGO 團體（澳洲、"
    assert pdftext.close_wide_gaps("參與者國家：8 國。") == "參與者國家：8 國。"


def test_it_tidies_a_cell_around_full_width_marks() -> None:
    assert pdftext.tidy_cell("參 與 者 國 家 ：10 國。") == "參與者國家：10 國。"
    assert pdftext.tidy_cell(" 邊境聯合會（TBC） ") == "邊境聯合會（TBC）"


def test_it_converts_roc_years_to_gregorian() -> None:
    assert pdftext.roc_to_gregorian(112) == 2023
    dates = pdftext.find_roc_dates("截至 112 年 6 月底，依 111 年度報告及 111-114 年計畫")
    assert [(d.year, d.end_year, d.month) for d in dates] == [
        (2023, None, 6),
        (2022, None, None),
        (2022, 2025, None),
    ]


def test_it_leaves_gregorian_years_alone() -> None:
    assert pdftext.find_roc_dates("2018 年至 2022 年外交部") == []
    assert [d.year for d in pdftext.find_roc_dates("115 年度")] == [2026]
