"""Jordan in the white paper's body (chapter 7, （3）約旦).

The section opens with a general statement (Taiwan works with Jordan's government, like-minded
countries and NGOs for Syrian refugees), which is no record, and names one project: the
memorandum the Taipei office in Jordan signed with Mercy Corps on 30 November 2011, sponsoring
「青少女賦權倡議-第二期」 (the adolescent girls' empowerment initiative, phase 2) in the Azraq
and Zaatari camps with USD 300,000. The sum is recorded as a commitment (IATI type 2) dated by
the signing, because the print gives it as what the memorandum sponsors; the period printed
(2011-2020) is kept in ``extra``. The Greater Amman landfill project financed through EBRD is
the funds table's. Every line of the section must lie inside a passage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from partnerhub.seeds.base import Extraction
from partnerhub.seeds.extract.body_turkiye_syria import MERCY_CORPS
from partnerhub.seeds.extract.cells import CountryNames
from partnerhub.seeds.extract.passages import (
    ACTIVITY,
    NONE,
    Org,
    Passage,
    Reader,
)
from partnerhub.seeds.pdftext import SourceLine, numbered

TABLE = "whitepaper-body-jordan"
FILE_PATTERN = "002_*.txt"
SOURCE = "whitepaper-body-jordan"
START, END = "（3）約旦", "（4）敘利亞"

MISSION = Org(
    "駐約旦代表處", "1", "foreign-mission", "Taipei Economic and Cultural Office in Jordan"
)

PASSAGES: tuple[Passage, ...] = (
    Passage("n-jordan-general", NONE, start="自敘利亞內戰爆發以來", end="受影響之約國弱勢民眾。",
            reason="A general statement; the one project it names follows."),
    Passage("jordan-girls-empowerment-mercy-corps", ACTIVITY,
            start="我駐約旦代表處於2011年11月30日與美慈組織", end="並輔導身心健康。",
            title_zh="青少女賦權倡議-第二期（約旦 Azraq 及 Zaatari 難民營）",
            title_en="Adolescent girls' empowerment initiative, phase 2 (Azraq and Zaatari camps, "
            "Jordan), with Mercy Corps",
            names=("青少女賦權倡議-第二期", "Azraq", "Zaatari"), date="2011年11月30日",
            period_end="2020年", amount="30萬美元", transaction_type="2", countries=("約旦",),
            organisations=(MISSION, MERCY_CORPS), modality="humanitarian"),
)  # fmt: skip


def extract(
    lines: Sequence[str | SourceLine], *, file: str, country_names: Iterable[tuple[str, str]]
) -> Extraction:
    """The Jordan section's project as an activity; any line no passage reads is a problem."""
    reader = Reader(TABLE, SOURCE, "TW-SEEDS-WP2023-JO", "jo", file, CountryNames(country_names))
    return reader.read_section(
        numbered(lines), PASSAGES, START, END, cue=lambda text: True, with_start_line=False
    )
