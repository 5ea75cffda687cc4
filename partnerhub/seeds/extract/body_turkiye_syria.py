"""Türkiye and Syria in the white paper's body (chapter 7, （1）土耳其 and （4）敘利亞).

Three activities, all humanitarian: the schools and community centres built in Türkiye and
other countries that host refugees (no year printed); the assistance after the earthquake of
6 February 2023 on the Türkiye–Syria border, with its total of 「逾 4,072 萬美元」 of government
aid and private donations (a disbursement of USD 40,720,000, the printed 「逾」 kept in
``printed_amount``); and the recovery work with Mercy Corps' Syria branch after the same
earthquake. The earthquake's date is the activities' start: the print says aid began at once.
Every line of the two sections must lie inside a passage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from partnerhub.seeds.base import Extraction
from partnerhub.seeds.extract.cells import CountryNames
from partnerhub.seeds.extract.passages import (
    ACTIVITY,
    Org,
    Passage,
    Reader,
)
from partnerhub.seeds.pdftext import SourceLine, numbered

TABLE = "whitepaper-body-turkiye-syria"
FILE_PATTERN = "002_*.txt"
SOURCE = "whitepaper-body-turkiye-syria"
TURKIYE = ("（1）土耳其", "（2）以色列")
SYRIA = ("（4）敘利亞", "2. 非洲地區")

MERCY_CORPS = Org("美慈組織", "4", "ingo", "Mercy Corps")
HUMANITARIAN = "humanitarian"

TURKIYE_PASSAGES: tuple[Passage, ...] = (
    Passage("turkiye-refugee-schools", ACTIVITY, start="近10年來，中東地區天災人禍頻仍",
            end="厚植國際良善力量的正向循環。",
            title_zh="援建土耳其等難民遷居國家之學校及社區中心",
            title_en="Schools and community centres for refugees in Türkiye and other host countries",
            names=("援建學校及社區中心",), countries=("土耳其",), modality=HUMANITARIAN,
            note="Built with Taiwanese NGOs (公私協作); no year printed."),
    Passage("turkiye-syria-earthquake-2023", ACTIVITY,
            start="2023年2月6日在土耳其及敘利亞邊界發生強震", end="獲國際各界正面肯定。",
            title_zh="土耳其及敘利亞強震賑濟與人道援助",
            title_en="Relief and humanitarian assistance after the Türkiye–Syria earthquake",
            names=("國際搜救隊",), date="2023年2月6日", countries=("土耳其", "敘利亞"),
            amount="逾4,072萬美元", provider="我政府援款及民間善款", modality=HUMANITARIAN,
            note="Government aid and private donations together; the search and rescue team "
            "was sent at once."),
)  # fmt: skip

SYRIA_PASSAGES: tuple[Passage, ...] = (
    Passage("syria-earthquake-mercy-corps-2023", ACTIVITY,
            start="2023年2月6日敘利亞西北地區發生嚴重地震",
            end="協助受災家庭及社區重建家園與生計。",
            title_zh="與美慈組織敘利亞分部合作協助震災家庭及社區重建",
            title_en="Earthquake recovery for families and communities in Syria, with Mercy Corps",
            names=("美慈組織敘利亞分部",), date="2023年2月6日", countries=("敘利亞",),
            organisations=(MERCY_CORPS,), modality=HUMANITARIAN),
)  # fmt: skip

_HEADING = re.compile(r"^(?:（\d+）\S+|\d+\.\s*\S+)$")
_CAPTION = re.compile(r"^圖\s*\d+")


def _heading(text: str) -> bool:
    return bool(_HEADING.match(text))


def _caption(text: str) -> bool:
    return bool(_CAPTION.match(text))


def _cue(text: str) -> bool:
    """Inside these short sections every sentence may be a record."""
    return True


def extract(
    lines: Sequence[str | SourceLine], *, file: str, country_names: Iterable[tuple[str, str]]
) -> Extraction:
    """The Türkiye and Syria sections' activities; any line no passage reads is a problem."""
    numbered_lines = numbered(lines)
    reader = Reader(
        TABLE, SOURCE, "TW-SEEDS-WP2023-TRSY", "trsy", file, CountryNames(country_names)
    )
    for (start, end), passages in ((TURKIYE, TURKIYE_PASSAGES), (SYRIA, SYRIA_PASSAGES)):
        reader.read_section(
            numbered_lines, passages, start, end, cue=_cue, skip=_caption, heading=_heading
        )
    return reader.result
