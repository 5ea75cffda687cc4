"""GCTF events after 2022 that the white paper's body names (chapter 7, 三、與理念相近國家合作創造福祉).

Appendix 3 lists the GCTF events of 2015-2022; the body adds what happened in 2023: the
overseas franchise events in Malaysia, Saint Vincent and Italy, and the first side event held
through GCTF during the World Health Assembly in Geneva. The body prints their year only, so each
event covers its whole year. What the body says of 2015-2022 (the 2019 Palau forum, the 2022
Tokyo workshop, the 2021 and 2022 franchise events, the five 2022 workshops, the New York and
Montreal seminars) is Appendix 3's, and is listed here as no record so that it is not doubled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from partnerhub.seeds.base import Extraction
from partnerhub.seeds.extract.cells import CountryNames
from partnerhub.seeds.extract.passages import (
    EVENT,
    NONE,
    Passage,
    Reader,
)
from partnerhub.seeds.pdftext import SourceLine, numbered

TABLE = "whitepaper-body-gctf"
FILE_PATTERN = "002_*.txt"
SOURCE = "whitepaper-body-gctf"
START = "三、與理念相近國家合作創造福祉"
END = "圖 15 GCTF 活動集錦"

_IN_APPENDIX_3 = "Appendix 3 (GCTF events 2015-2022) already lists it."

PASSAGES: tuple[Passage, ...] = (
    Passage(
        "2019-2022-abroad",
        NONE,
        start="另也曾在2019年9",
        end="移師日本東京舉辦「永續海洋」研習活動",
        reason=_IN_APPENDIX_3,
    ),
    Passage(
        "2021-2022-franchise",
        NONE,
        start="已於2021年在捷克",
        end="及以色列，",
        reason=_IN_APPENDIX_3,
    ),
    *(
        Passage(
            f"2023-franchise-{code}",
            EVENT,
            start="以及2023年在馬來西亞",
            end="分別舉辦海外活動",
            title_zh=f"GCTF 海外加盟活動（{name}）",
            title_en=f"GCTF-affiliated event ({name_en})",
            date="2023年",
            countries=(name,),
            host=name,
            event_kind="gctf-workshop",
            names=("海外活動",),
        )
        for code, name, name_en in (
            ("my", "馬來西亞", "Malaysia"),
            ("vc", "聖文森", "Saint Vincent and the Grenadines"),
            ("it", "義大利", "Italy"),
        )
    ),
    Passage(
        "totals-2023-09-18",
        NONE,
        start="整體來說，自GCTF成立以來",
        end="克服疫情帶來的地理限制。",
        reason="Totals up to 2023-09-18 (61 workshops, 7,000 participants), not an event.",
    ),
    Passage(
        "2022-workshops",
        NONE,
        start="2022年臺、美、日、澳在GCTF下已辦理",
        end="蒙特婁ICAO大會期間分別在當地辦理研討會，",
        reason=_IN_APPENDIX_3,
    ),
    Passage(
        "2023-wha-geneva",
        EVENT,
        start="2023年也首度於WHA期間",
        end="辦周邊會議。",
        title_zh="GCTF 世界衛生大會（WHA）周邊會議（日內瓦）",
        title_en="GCTF side event during the World Health Assembly (Geneva)",
        date="2023年",
        venue="日內瓦",
        host_code="CH",
        event_kind="gctf-workshop",
        names=("WHA", "周邊會議"),
        note="The body prints the year and the city (Geneva) only.",
    ),
)


def _cue(text: str) -> bool:
    """A line that names a year after 2022 may name a GCTF event this table must read."""
    return any(f"{year}年" in text for year in range(2023, 2030))


def extract(
    lines: Sequence[str | SourceLine], *, file: str, country_names: Iterable[tuple[str, str]]
) -> Extraction:
    """The body's GCTF events after 2022 as events; cue lines no passage reads as problems."""
    reader = Reader(
        TABLE, SOURCE, "TW-SEEDS-WP2023-GCTF", "gctf", file, CountryNames(country_names)
    )
    return reader.read_section(numbered(lines), PASSAGES, START, END, cue=_cue, with_end_line=True)
