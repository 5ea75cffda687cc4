"""The white paper body's lists (GCTF after 2022, missions and projects, funds, Türkiye–Syria,
Jordan), read from the real document; the counts per year are counted by hand from the text."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from types import ModuleType

import pytest

from partnerhub.seeds.base import Extraction, SeedActivity
from partnerhub.seeds.extract import (
    body_funds,
    body_gctf,
    body_icdf,
    body_jordan,
    body_turkiye_syria,
)
from partnerhub.seeds.pdftext import SourceLine
from partnerhub.seeds.tests.passage_countries import COUNTRY_NAMES
from partnerhub.seeds.tests.seed_documents import seed_document

#: Records per group ("" when the body prints no year), counted by hand from the passages.
EXPECTED: dict[str, dict[str, int]] = {
    # 2023: the franchise events in Malaysia, Saint Vincent and Italy [3357-3359], and the WHA
    # side event in Geneva [3394-3396].
    "whitepaper-body-gctf": {"2023": 4},
    # No year: India digital health, Guatemala maternal health, the Saint Kitts mission, Lebanon,
    # the Saudi and Bahrain missions, Saint Kitts renewable-energy advisers, Belize flood
    # warning, Marshall household energy, Saint Kitts agriculture and solid waste (11) and the
    # count of 21 missions (1). 2005: medical personnel training, first mobile mission. 2009:
    # Eswatini mission. 2010: medical equipment. 2021: the Pacific missions and three ICT
    # projects. 2022: Somaliland's hospital information system and medical mission. 2023:
    # Belize urban resilience.
    "whitepaper-body-icdf": {
        "": 12, "2005": 2, "2009": 1, "2010": 1, "2021": 4, "2022": 2, "2023": 1,
    },
    # No year: Chisinau, Elektrokrajina, Greater Amman, the CABEI trust fund, APEC ECOTECH.
    # 2017: EBRD small business account, APEC women and the economy sub-fund. 2020: CABEI's
    # programme (March) and TaiwanICDF's loan (August).
    "whitepaper-body-funds": {
        "": 5, "2011": 1, "2014": 1, "2015": 1, "2016": 1, "2017": 2, "2019": 1, "2020": 2,
        "2022": 1,
    },
    # No year: schools for refugees. 2023: the earthquake aid and the Mercy Corps work in Syria.
    "whitepaper-body-turkiye-syria": {"": 1, "2023": 2},
    "whitepaper-body-jordan": {"2011": 1},
}  # fmt: skip
MODULES: dict[str, ModuleType] = {
    m.TABLE: m for m in (body_gctf, body_icdf, body_funds, body_turkiye_syria, body_jordan)
}


def _read(module: ModuleType, lines: list[SourceLine], file: str) -> Extraction:
    result: Extraction = module.extract(lines, file=file, country_names=COUNTRY_NAMES)
    return result


@pytest.fixture(scope="module")
def white_paper() -> tuple[list[SourceLine], str]:
    return seed_document("002_*.txt")


@pytest.fixture(scope="module")
def tables(white_paper: tuple[list[SourceLine], str]) -> dict[str, Extraction]:
    lines, file = white_paper
    return {table: _read(module, lines, file) for table, module in MODULES.items()}


def _groups(extraction: Extraction) -> dict[str, int]:
    groups = Counter(
        [r.group for r in extraction.activities]
        + [r.group for r in extraction.events]
        + [r.group for r in extraction.entries]
    )
    return dict(groups)


def _activity(extraction: Extraction, key: str) -> SeedActivity:
    (found,) = [a for a in extraction.activities if a.record.extra["passage"] == key]
    return found


@pytest.mark.parametrize("table", list(EXPECTED))
def test_it_reads_every_table_with_its_count_per_year_and_no_problem(
    tables: dict[str, Extraction], table: str
) -> None:
    extraction = tables[table]
    assert extraction.problems == []
    assert _groups(extraction) == EXPECTED[table]
    sources = {a.record.source for a in extraction.activities}
    sources |= {e.record.source for e in extraction.events}
    assert sources == {table}


def test_it_reads_the_2023_gctf_events_without_doubling_appendix_3(
    tables: dict[str, Extraction],
) -> None:
    events = {e.record.slug: e for e in tables["whitepaper-body-gctf"].events}
    assert sorted(events) == [
        "gctf-2023-franchise-it",
        "gctf-2023-franchise-my",
        "gctf-2023-franchise-vc",
        "gctf-2023-wha-geneva",
    ]
    geneva = events["gctf-2023-wha-geneva"]
    assert (geneva.line_start, geneva.line_end) == (3394, 3396)
    assert (geneva.record.host_country_code, geneva.record.venue) == ("CH", "日內瓦")
    assert (geneva.record.date_start, geneva.record.date_end) == (
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 31),
    )
    italy = events["gctf-2023-franchise-it"]
    assert (italy.record.host_country_code, italy.record.kind) == ("IT", "gctf-workshop")
    assert (italy.line_start, italy.line_end) == (3357, 3359)
    assert all(e.record.date_start.year == 2023 for e in events.values())


def test_it_reads_missions_and_projects_with_their_countries(
    tables: dict[str, Extraction],
) -> None:
    icdf = tables["whitepaper-body-icdf"]
    saudi = _activity(icdf, "saudi-arabia-mission")
    assert [c.code for c in saudi.countries] == ["SA"]
    assert (saudi.line_start, saudi.line_end) == (1804, 1808)
    somaliland = _activity(icdf, "somaliland-hospital-information-2022")
    assert [c.code for c in somaliland.countries] == ["XS"]
    assert somaliland.record.year == 2022
    assert [(o.printed_name, o.role, o.category) for o in somaliland.organisations] == [
        ("國合會", "4", "icdf")
    ]
    ict = {
        a.record.extra["passage"]: [c.code for c in a.countries]
        for a in icdf.activities
        if a.line_start == 2941
    }
    assert ict == {
        "belize-vehicle-registration-2021": ["BZ"],
        "st-kitts-land-administration-2021": ["KN"],
        "st-lucia-ict-in-education-2021": ["LC"],
    }
    (count,) = icdf.entries
    assert (count.kind, count.title_en, count.line_start, count.line_end) == (
        "summary",
        "TaiwanICDF's 21 technical missions abroad",
        2806,
        2816,
    )


def test_it_reads_the_funds_with_amounts_and_years_as_printed(
    tables: dict[str, Extraction],
) -> None:
    funds = tables["whitepaper-body-funds"]
    cabei = _activity(funds, "cabei-covid-emergency-2020")
    (loan,) = cabei.record.transactions
    assert (loan.type, loan.value, loan.currency, loan.printed_amount) == (
        "2",
        Decimal(130_000_000),
        "USD",
        "1.3億美元",
    )
    assert (cabei.line_start, cabei.line_end, cabei.record.year) == (2440, 2442, 2020)
    assert [(o.printed_name, o.role) for o in cabei.organisations] == [("CABEI", "4")]
    gesf = _activity(funds, "ebrd-green-energy-special-fund-2011")
    assert (gesf.record.year, gesf.line_start) == (2011, 1380)
    assert gesf.record.transactions == []
    apec = _activity(funds, "apec-women-and-economy-sub-fund-2017")
    assert (apec.record.year, apec.organisations[0].printed_name) == (2017, "APEC")
    amman = _activity(funds, "ebrd-greater-amman-solid-waste")
    assert [c.code for c in amman.countries] == ["JO"]
    assert amman.record.year is None
    # Only one amount is printed for all these funds.
    assert sum(len(a.record.transactions) for a in funds.activities) == 1


def test_it_reads_the_earthquake_aid_and_the_jordan_project(
    tables: dict[str, Extraction],
) -> None:
    quake = _activity(tables["whitepaper-body-turkiye-syria"], "turkiye-syria-earthquake-2023")
    assert [c.code for c in quake.countries] == ["TR", "SY"]
    assert quake.record.actual_start == dt.date(2023, 2, 6)
    (money,) = quake.record.transactions
    assert (money.value, money.currency, money.printed_amount, money.provider_name) == (
        Decimal(40_720_000),
        "USD",
        "逾4,072萬美元",
        "我政府援款及民間善款",
    )
    assert (quake.line_start, quake.line_end) == (3744, 3752)
    jordan = _activity(tables["whitepaper-body-jordan"], "jordan-girls-empowerment-mercy-corps")
    assert (jordan.line_start, jordan.line_end) == (3789, 3795)
    assert jordan.record.actual_start == dt.date(2011, 11, 30)
    assert jordan.record.extra["period_end_year"] == 2020
    (grant,) = jordan.record.transactions
    assert (grant.type, grant.value, grant.currency) == ("2", Decimal(300_000), "USD")
    assert [(o.printed_name, o.role) for o in jordan.organisations] == [
        ("駐約旦代表處", "1"),
        ("美慈組織", "4"),
    ]


@pytest.mark.parametrize(
    ("table", "after", "added"),
    [
        ("whitepaper-body-gctf", "GCTF 活動型態主要為邀請各國學員來臺研習並參訪", "2024 年 GCTF 於越南辦理研習營。"),
        ("whitepaper-body-icdf", "我國與非洲國家的合作淵源已久", "我國於 2024 年在越南派駐技術團。"),
        ("whitepaper-body-funds", "我國長年對 APEC 提供捐助", "我國另於 2024 年成立 EBRD 新基金。"),
        ("whitepaper-body-turkiye-syria", "2023 年 2 月 6 日在土耳其及敘利亞邊界", "我國另捐贈土耳其帳篷 500 頂。"),
        ("whitepaper-body-jordan", "自敘利亞內戰爆發以來", "我國另捐贈約旦救護車 2 輛。"),
    ],
)  # fmt: skip
def test_it_reports_a_new_line_that_looks_like_an_entry_as_a_problem(
    white_paper: tuple[list[SourceLine], str], table: str, after: str, added: str
) -> None:
    lines, file = white_paper
    at = next(i for i, line in enumerate(lines) if line.text.startswith(after))
    changed = [
        *lines[: at - 1],
        SourceLine(lines[at - 1].number, added),  # the blank line before the sentence
        *lines[at:],
    ]
    assert lines[at - 1].text == ""
    result = _read(MODULES[table], changed, file)
    assert [(p.line, p.text) for p in result.problems] == [(lines[at - 1].number, added)]
    assert _groups(result) == EXPECTED[table]


def test_it_gives_no_record_for_a_passage_whose_amount_changed(
    white_paper: tuple[list[SourceLine], str],
) -> None:
    lines, file = white_paper
    changed = [SourceLine(line.number, line.raw.replace("4,072", "4,702")) for line in lines]
    result = _read(body_turkiye_syria, changed, file)
    assert [a.record.extra["passage"] for a in result.activities] == [
        "turkiye-refugee-schools",
        "syria-earthquake-mercy-corps-2023",
    ]
    (problem,) = result.problems
    assert problem.line == 3744
    assert "「逾4,072萬美元」 is not printed" in problem.message_en
