"""The suggester's decisions on a fixed set of cases in both languages, and its bad-input answers.

These read the model shipped in ``partnerhub/sdg/model`` (no ../shared needed). The cases are
clear-cut on purpose: a change to the model that breaks one of them is a regression.
"""

from __future__ import annotations

import pytest

from partnerhub.sdg.suggester import MAX_CHARS, detect_language, get_suggester

CASES = [
    # (text, goals that must be tagged, goals that must not)
    ("史瓦帝尼孕產婦及嬰兒保健功能提升計畫：培訓助產士，提升產前檢查比率", {3}, {13, 14}),
    ("Maternal and newborn health: training midwives and improving antenatal care", {3}, {13, 14}),
    ("偏鄉小學數位學習計畫，捐贈平板電腦並培訓教師", {4}, {14, 15}),
    ("Primary school literacy programme with teacher training and reading corners", {4}, {14, 15}),
    ("農村飲用水供應計畫，興建淨水設施及儲水槽", {6}, {16}),
    ("Rural drinking water supply: boreholes and water treatment for villages", {6}, {16}),
    ("珊瑚礁復育與海洋保護區管理計畫", {14}, {4}),
    ("Coral reef restoration and marine protected area management", {14}, {4}),
    ("司法改革計畫：培訓法官並建立法院案件管理系統", {16}, {2}),
    ("Judicial reform: training judges and a court case management system", {16}, {2}),
    ("稻作良種繁殖計畫，提升稻米產量與糧食安全", {2}, {16}),
    ("Rice seed multiplication to raise yields and food security", {2}, {16}),
]


@pytest.fixture(scope="module")
def model():
    return get_suggester()


@pytest.mark.parametrize(("text", "must", "must_not"), CASES)
def test_it_tags_the_clear_goals_of_fixed_cases_in_both_languages(model, text, must, must_not):
    suggestion = model.suggest(text)
    goals = set(suggestion.goal_numbers)
    assert must <= goals
    assert not (must_not & goals)
    assert len(suggestion.candidates) == 17
    assert [c.goal for c in suggestion.candidates] == list(range(1, 18))
    assert {g.goal for g in suggestion.goals} == goals
    for goal in must:
        assert any(t.target.split(".")[0] == str(goal) for t in suggestion.targets)
        assert any(r.goal == goal for r in suggestion.reasons)


def test_it_gives_the_reasons_that_drove_a_goal(model):
    suggestion = model.suggest("婦幼衛生計畫：培訓助產士，降低孕產婦死亡率")
    kinds = {r.kind for r in suggestion.reasons if r.goal == 3}
    assert kinds == {"target", "keyword", "similar"}
    keywords = {r.keyword for r in suggestion.reasons if r.kind == "keyword"}
    assert "孕產婦" in keywords
    target = next(r for r in suggestion.reasons if r.kind == "target" and r.goal == 3)
    assert target.target == "3.1"


def test_it_reads_mixed_and_simplified_chinese_text(model):
    mixed = model.suggest("Solar 太陽能光電路燈 for outer islands 再生能源")
    assert 7 in mixed.goal_numbers
    assert mixed.language == "mixed"
    simplified = model.suggest("农村饮用水供应计划，兴建净水设施")
    assert 6 in simplified.goal_numbers
    assert simplified.language == "zh-Hant"


def test_it_answers_empty_text_with_a_bilingual_notice_and_no_goals(model):
    suggestion = model.suggest("   ")
    assert suggestion.goals == []
    assert suggestion.low_confidence
    notice = suggestion.notices[0]
    assert notice.code == "empty"
    assert "title" in notice.message_en
    assert "名稱" in notice.message_zh


def test_it_cuts_very_long_text_and_says_so(model):
    text = "Rural drinking water supply and sanitation for villages. " * 400
    assert len(text) > MAX_CHARS
    suggestion = model.suggest(text)
    assert suggestion.truncated
    assert suggestion.notices[0].code == "truncated"
    assert 6 in suggestion.goal_numbers


def test_it_marks_text_in_another_language_as_low_confidence(model):
    suggestion = model.suggest("Поддержка сельских школ и учителей в отдаленных районах")
    assert suggestion.language == "other"
    assert suggestion.low_confidence
    assert "other-language" in [n.code for n in suggestion.notices]


def test_it_marks_text_without_a_goal_as_low_confidence(model):
    suggestion = model.suggest("qwzx plmk trvb")
    assert suggestion.low_confidence
    assert suggestion.goals == []


def test_it_gives_the_same_answer_one_at_a_time_and_in_a_batch(model):
    texts = [c[0] for c in CASES[:4]] + [""]
    batch = model.suggest_many(texts)
    assert [s.goal_numbers for s in batch] == [model.suggest(t).goal_numbers for t in texts]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("偏鄉小學數位學習計畫", "zh-Hant"),
        ("Digital learning in rural primary schools", "en"),
        ("Solar 太陽能光電路燈 for the outer islands", "mixed"),
        ("Apoyo a la política de ciencia, tecnología e innovación de la SENACYT", "other"),
        ("12345 !!!", "other"),
    ],
)
def test_it_detects_the_language_of_a_text(text, language):
    assert detect_language(text) == language
