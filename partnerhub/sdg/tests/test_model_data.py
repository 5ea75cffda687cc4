"""The shipped model and development set: in step with the SDG texts and with their own sources."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from partnerhub.reference.files import read_sdg

SDG = Path(__file__).resolve().parent.parent
LABELS = json.loads((SDG / "model" / "labels.json").read_text(encoding="utf-8"))
DEVSET = [
    json.loads(line)
    for line in (SDG / "data" / "devset.jsonl").read_text(encoding="utf-8").splitlines()
]


@pytest.mark.shared
def test_it_ships_the_official_goal_and_target_texts_of_both_languages(sdg_data_dir):
    sdg = read_sdg(sdg_data_dir)
    shipped = {(x["target"], x["lang"]): x["text"] for x in LABELS if x["target"]}
    assert len(shipped) == 2 * len(sdg.targets) == 2 * 169
    for code, texts in sdg.targets.items():
        assert shipped[(code.lower(), "en")] == texts["title_en"]
        assert shipped[(code.lower(), "zh")] == texts["title_zh"]
    assert "貧窮" in sdg.goals[1]["title_zh"]  # Traditional, converted from the UN's 贫穷


def test_it_keeps_every_labelled_record_with_provenance_and_a_part():
    assert len({r["id"] for r in DEVSET}) == len(DEVSET)
    for record in DEVSET:
        assert record["text"] and record["source"], record["id"]
        assert record["part"] in {"dev", "test"}
        assert record["labelled_by"] in {"publisher", "white paper", "hand"}
        assert set(record["goals"]) <= set(range(1, 18)) and record["goals"]
    parts = Counter((r["lang"], r["part"]) for r in DEVSET)
    for lang in ("zh-Hant", "en"):
        assert parts[(lang, "dev")] >= 40 and parts[(lang, "test")] >= 40
    hand = yaml.safe_load((SDG / "data" / "hand.yml").read_text(encoding="utf-8"))
    assert len([r for r in DEVSET if r["labelled_by"] == "hand"]) == len(hand)


def test_it_fits_the_model_on_the_development_part_only():
    records = json.loads((SDG / "model" / "records.json").read_text(encoding="utf-8"))
    dev = {r["text"] for r in DEVSET if r["part"] == "dev"}
    test = {r["text"] for r in DEVSET if r["part"] == "test"}
    assert {r["text"] for r in records} == dev
    assert not (dev & test)


@pytest.mark.shared
def test_it_takes_the_publishers_tags_from_the_real_iati_file(iati_samples_dir):
    from lxml import etree

    path = iati_samples_dir / "ocha-dportal_100.xml"
    tagged = {
        (a.findtext("iati-identifier") or "").strip()
        for a in etree.parse(str(path)).iter("iati-activity")
        if any(t.get("vocabulary") in ("2", "3") for t in a.findall("tag"))
        or any(s.get("vocabulary") in ("7", "8") for s in a.findall("sector"))
    }
    ours = {r["id"].removeprefix("iati:") for r in DEVSET if r["labelled_by"] == "publisher"}
    assert ours == tagged
