"""Problems as one primitive: a code, a location and both messages from a catalogue."""

from __future__ import annotations

import pytest

from partnerhub.core.problems import Catalogue, Problem, ProblemSink

CATALOGUE = Catalogue(
    {
        "bad-cell": (
            "error",
            "Cell {cell}: {value!r} is not a number.",
            "儲存格 {cell}：{value!r} 不是數字。",
        ),
        "late": ("warning", "The report came late.", "報告遲交。"),
    }
)


def test_it_fills_in_both_messages_and_keeps_the_location() -> None:
    problem = CATALOGUE.make(
        "bad-cell", file="budget.xlsx", line=7, xpath="C7", cell="C7", value="abc"
    )
    assert problem == Problem(
        code="bad-cell",
        severity="error",
        message_en="Cell C7: 'abc' is not a number.",
        message_zh="儲存格 C7：'abc' 不是數字。",
        line=7,
        xpath="C7",
        file="budget.xlsx",
    )
    assert problem.message("en") == "Cell C7: 'abc' is not a number."
    assert problem.message("zh-hant") == "儲存格 C7：'abc' 不是數字。"


def test_it_lets_one_problem_change_its_severity() -> None:
    assert CATALOGUE.make("late", severity="info").severity == "info"


def test_it_rejects_a_catalogue_entry_without_a_chinese_message() -> None:
    with pytest.raises(ValueError, match="both messages"):
        Catalogue({"half": ("error", "Only English.", "")})


def test_it_rejects_an_unknown_severity() -> None:
    with pytest.raises(ValueError, match="severity"):
        Catalogue({"odd": ("fatal", "Odd.", "奇怪。")})


def test_it_collects_in_order_and_once_per_key() -> None:
    sink = ProblemSink(CATALOGUE)
    sink.add_once(("late",), "late")
    sink.add_once(("late",), "late")
    sink.add("bad-cell", cell="A1", value="x", line=1)
    assert [p.code for p in sink.drain()] == ["late", "bad-cell"]
    assert sink.total == 2 and list(sink.drain()) == []


def test_it_keeps_the_iati_names_importable_over_the_core_primitive() -> None:
    from partnerhub.iati import problems

    assert problems.Problem is Problem
    assert isinstance(problems.CATALOGUE, Catalogue)
    made = problems.make_problem("bad-date", line=3, xpath="/a", element="activity-date", value="x")
    assert (made.code, made.line, made.xpath, made.severity) == ("bad-date", 3, "/a", "warning")
    sink = problems.ProblemSink()
    sink.add("no-activities")
    assert [p.code for p in sink.drain()] == ["no-activities"]


def test_it_reports_seed_problems_from_the_seeds_catalogue() -> None:
    from partnerhub.seeds.problems import CATALOGUE as SEEDS

    problem = SEEDS.make("unknown-country", file="002.txt", line=9, text="緬甸", name="緬甸")
    assert problem.message_zh == "無法辨識的國家名稱「緬甸」，未連結。"
    assert (problem.file, problem.line, problem.text) == ("002.txt", 9, "緬甸")
