"""The 2024 review (document 003), read from the real text: every record of 2024, and no
paragraph of prose left unread."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerhub.seeds.base import Extraction, SeedActivity
from partnerhub.seeds.extract import review2024
from partnerhub.seeds.pdftext import SourceLine
from partnerhub.seeds.tests.passage_countries import COUNTRY_NAMES
from partnerhub.seeds.tests.seed_documents import seed_document


@pytest.fixture(scope="module")
def review() -> tuple[list[SourceLine], str]:
    return seed_document("003_*.txt")


@pytest.fixture(scope="module")
def extraction(review: tuple[list[SourceLine], str]) -> Extraction:
    lines, file = review
    return review2024.extract(lines, file=file, country_names=COUNTRY_NAMES)


def _activity(extraction: Extraction, key: str) -> SeedActivity:
    (found,) = [a for a in extraction.activities if a.record.extra["passage"] == key]
    return found


def test_it_reads_every_record_of_2024_and_no_problem(extraction: Extraction) -> None:
    # Counted by hand: 13 activities (lines 25 ×3, 47, 65, 87, 93-94 ×2, 94, 103 ×2, 105 ×2),
    # 18 events (47 ×3, 53 ×2, 65, 71-75, 79, 83, 87, 92, 96 ×5, 105, 123), 9 entries
    # (47 ×2, 65, 103 ×3, 105 ×2, 113) and 3 organisations (29, 31, 96).
    assert extraction.problems == []
    assert len(extraction.activities) == 13
    assert len(extraction.events) == 18
    assert len(extraction.entries) == 9
    assert len(extraction.organisations) == 3
    groups = [r.group for r in (*extraction.activities, *extraction.events, *extraction.entries)]
    assert set(groups) == {"2024"}
    assert {a.record.year for a in extraction.activities} == {2024}
    assert {a.record.source for a in extraction.activities} == {"review-2024"}
    assert all(a.record.title_en for a in extraction.activities)


def test_it_reads_projects_with_their_countries_and_lines(extraction: Extraction) -> None:
    marshall = _activity(extraction, "marshall-ai-telemedicine-centre")
    assert [c.code for c in marshall.countries] == ["MH"]
    assert (marshall.line_start, marshall.line_end) == (25, 25)
    assert [(o.printed_name, o.role) for o in marshall.organisations] == [("馬久羅醫院", "4")]
    ukraine = _activity(extraction, "ukraine-ebrd")
    assert [c.code for c in ukraine.countries] == ["UA"]
    assert (ukraine.line_start, ukraine.line_end) == (93, 94)
    assert ukraine.record.modality == "humanitarian"
    assert [o.abbreviation for o in ukraine.organisations] == ["EBRD"]
    mongolia = _activity(extraction, "mongolia-dzud-recovery")
    assert [o.printed_name for o in mongolia.organisations] == ["蒙古紅十字會", "蒙古明愛會"]
    youth = _activity(extraction, "agricultural-youth-ambassadors")
    assert [c.code for c in youth.countries] == ["MY", "TH"]


def test_it_dates_events_by_the_month_printed_or_else_the_whole_year(
    extraction: Extraction,
) -> None:
    events = {e.record.slug: e for e in extraction.events}
    eppd = events["review-2024-us-eppd-5"].record
    assert (eppd.date_start, eppd.date_end, eppd.kind) == (
        dt.date(2024, 10, 1),
        dt.date(2024, 10, 31),
        "meeting",
    )
    pif = events["review-2024-pif-53"]
    assert (pif.record.host_country_code, pif.record.date_start) == ("TO", dt.date(2024, 8, 1))
    assert [o.printed_name for o in pif.organisations] == ["太平洋島國論壇"]
    ketagalan = events["review-2024-ketagalan-forum"]
    assert (ketagalan.line_start, ketagalan.line_end) == (71, 75)
    week = events["review-2024-taiwan-gender-equality-week"].record
    assert (week.date_start, week.date_end, week.host_country_code) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
        "US",
    )


def test_it_keeps_agreements_delegations_and_counts_as_entries(extraction: Extraction) -> None:
    kinds = sorted((e.kind, e.extra["passage"]) for e in extraction.entries)
    assert [k for k, _ in kinds].count("agreement") == 3
    assert [k for k, _ in kinds].count("delegation") == 5
    (count,) = [e for e in extraction.entries if e.kind == "summary"]
    assert (count.title_en, count.line_start) == ("Nine GCTF-affiliated events abroad", 47)
    mou = next(
        e for e in extraction.entries if e.extra["passage"] == "us-development-cooperation-mou"
    )
    assert (mou.year, mou.extra["date_printed"]) == (2024, "2月")


def test_it_names_the_organisations_the_review_names_on_their_own(
    extraction: Extraction,
) -> None:
    named = [(o.mention.abbreviation, o.line_start) for o in extraction.organisations]
    assert named == [("WHO", 29), ("INTERPOL", 31), ("UNFCCC", 96)]


def test_it_reports_a_new_paragraph_that_no_passage_reads(
    review: tuple[list[SourceLine], str],
) -> None:
    lines, file = review
    added = "本年我國與越南合作推動智慧農業計畫。"
    blank = next(line for line in lines if line.number == 128)
    assert blank.text == ""
    changed = [line if line.number != 128 else SourceLine(128, added) for line in lines]
    result = review2024.extract(changed, file=file, country_names=COUNTRY_NAMES)
    assert [(p.line, p.text) for p in result.problems] == [(128, added)]
    assert len(result.activities) == 13
