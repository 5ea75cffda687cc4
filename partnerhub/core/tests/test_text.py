"""Search keys: one key for 台/臺, traditional and simplified, any case and any width."""

from __future__ import annotations

import pytest

from partnerhub.core.text import join_search_text, search_key, to_traditional


@pytest.mark.parametrize("variant", ["臺灣", "台湾", "臺湾", " 台灣 "])
def test_it_folds_taiwan_variants_to_one_key(variant):
    assert search_key(variant) == search_key("台灣")


def test_it_keeps_different_names_apart():
    assert search_key("台灣") != search_key("台南")


def test_it_folds_case_and_width():
    assert (
        search_key("TaiwanICDF") == search_key("taiwanicdf") == search_key("ＴａｉｗａｎＩＣＤＦ")
    )
    assert search_key("Straße") == search_key("STRASSE")


def test_it_applies_nfkc_to_compatibility_characters():
    assert search_key("ＧＣＴＦ　２０２４") == "gctf 2024"
    assert search_key("①") == "1"


def test_it_collapses_whitespace():
    assert search_key("Global  Cooperation\n\tand Training ") == "global cooperation and training"


def test_it_returns_an_empty_key_for_empty_text():
    assert search_key("") == ""


def test_it_converts_simplified_to_taiwan_traditional():
    assert to_traditional("台湾国际合作发展基金会") == "臺灣國際合作發展基金會"
    assert to_traditional("") == ""


def test_it_joins_folded_parts_and_skips_empty_ones():
    assert join_search_text("臺灣", None, "", "ICDF") == f"{search_key('台灣')} | icdf"
