"""The key-plans table (貳、年度重要計畫) of MOFA's FY2026 administrative plan: one activity per plan.

The table has four tab-separated columns: 工作計畫名稱 (work plan, printed once for the rows
under it), 重要計畫項目 (the key plan), 計畫類別 (category) and 實施內容 (what will be done, as
HTML paragraphs). The header repeats at each page, and the rest of a cut row follows it on a line
whose first three cells are empty. That continuation belongs to the last row whose last sentence
is unfinished (no closing 。, whatever the HTML tags say), else to the row just above it: the
駐外技術服務 row is cut mid-sentence and its PPP clause arrives after two later rows.

The plan is dated by ROC year (115 年度 = 2026). A modality is set only when the plan's text
points to one clearly: the modality whose key words occur most often, and only when no other ties
with it. Plans that MOFA entrusts to TaiwanICDF (委託/委請國合會, 由國合會執行) name ICDF as the
implementing organisation; MOFA funds every plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from partnerhub.activities.records import ActivityRecord
from partnerhub.seeds.base import (
    Extraction,
    OrganisationMention,
    Problem,
    SeedActivity,
    SeedEntry,
)
from partnerhub.seeds.pdftext import SourceLine, find_line, find_roc_dates, numbered

TABLE = "plan2026"
FILE_PATTERN = "004_*.txt"
SOURCE = "plan-2026"
TITLE = "施政計畫"
TABLE_HEADING = "年度重要計畫"
HEADER = ("工作計畫名稱", "重要計畫項目", "計畫類別", "實施內容")

#: Key words for each modality, read from the way the plan describes its work.
MODALITY_WORDS: dict[str, tuple[str, ...]] = {
    "technical-cooperation": ("技術合作", "技合計畫", "技術團", "技術服務"),
    "education-training": ("獎學金", "研習班", "訓練計畫", "受訓", "培訓計畫"),
    "humanitarian": ("人道", "緊急援助", "救助"),
    "investment-lending": ("融資", "貸款"),
}
#: The plan's key-plan names in English (the project's translation; the plan has none).
TITLES_EN: dict[str, str] = {
    "製作國情資料": "Producing information materials on Taiwan",
    "基本行政工作維持": "Basic administrative work",
    "參與國際組織活動": "Taking part in the activities of international organisations",
    "協助各種國際交流": "Supporting international exchanges",
    "駐外技術服務": "Technical services abroad",
    "出國訪問": "Official visits abroad",
    "訪賓接待": "Receiving foreign visitors",
    "加強雙邊及多邊合作": "Strengthening bilateral and multilateral cooperation",
    "對國際之關懷救助及重建": "International relief, assistance and reconstruction",
    "印刷及製作護照": "Printing and producing passports",
    "加強領務服務等工作": "Improving consular services",
    "購建駐外機構館官舍": "Buying and building premises and residences for missions abroad",
}
_ENTRUSTED = re.compile(r"委託國合會|委請國合會|由國合會執行")
_PARAGRAPH = re.compile(r"</?p>")
_FINISHED = ("。", "！", "？", "」", "；")

MOFA = OrganisationMention(
    printed_name="外交部",
    role="1",
    category="ministry",
    name_en="Ministry of Foreign Affairs",
    abbreviation="MOFA",
)
ICDF = OrganisationMention(
    printed_name="國合會",
    role="4",
    category="icdf",
    name_en="International Cooperation and Development Fund",
    abbreviation="TaiwanICDF",
)


@dataclass
class _Row:
    work_plan: str
    name: str
    category: str
    line_start: int
    line_end: int
    content: list[str] = field(default_factory=list)

    @property
    def open(self) -> bool:
        """True when the row's last sentence is unfinished, whatever its HTML tags say."""
        text = _PARAGRAPH.sub("", "".join(self.content)).rstrip()
        return not text.endswith(_FINISHED)

    def carry_on(self, text: str, number: int) -> None:
        """Add a continuation; an unfinished paragraph goes on inside the same paragraph."""
        if self.open and self.content[-1].endswith("</p>") and not text.startswith("<p>"):
            self.content[-1] = self.content[-1].removesuffix("</p>")
        self.content.append(text)
        self.line_end = number


def extract(lines: Sequence[str | SourceLine], file: str) -> Extraction:
    """Every row of the key-plans table as an activity of the plan's year."""
    result = Extraction(table=TABLE)
    numbered_lines = numbered(lines)
    file_name = file
    year = _plan_year(numbered_lines)
    start = find_line(numbered_lines, TABLE_HEADING)
    if year is None or start is None:
        missing = "year (年度施政計畫)" if year is None else f"table ({TABLE_HEADING})"
        result.problems.append(
            Problem(
                file=file_name,
                line=1,
                message_en=f"The plan's {missing} was not found.",
                message_zh="找不到施政計畫的年度或「年度重要計畫」表。",
            )
        )
        return result
    rows = _rows(numbered_lines[start:], file_name, result.problems)
    for index, row in enumerate(rows, start=1):
        activity = _activity(row, index, year, file_name)
        if activity.record.modality:
            result.activities.append(activity)
        else:
            result.entries.append(_plan_line(activity))
    return result


def _plan_line(activity: SeedActivity) -> SeedEntry:
    """A plan line with no cooperation modality (passports, buildings, visits): kept as a line
    of the plan, never listed as a cooperation activity."""
    record = activity.record
    return SeedEntry(
        identifier=record.iati_identifier,
        kind="plan-line",
        file=activity.file,
        line_start=activity.line_start,
        line_end=activity.line_end,
        table=TABLE,
        title_zh=record.title_zh,
        title_en=record.title_en,
        description_zh=record.description_zh,
        year=record.year,
        group=activity.group,
        extra=record.extra,
    )


def _plan_year(lines: list[SourceLine]) -> int | None:
    number = find_line(lines, TITLE)
    if number is None:
        return None
    dates = find_roc_dates(lines[number - 1].text)
    return dates[0].year if dates else None


def _rows(lines: list[SourceLine], file_name: str, problems: list[Problem]) -> list[_Row]:
    rows: list[_Row] = []
    work_plan = ""
    for line in lines:
        if not line.text:
            continue
        cells = [c.strip() for c in line.raw.split("\t")]
        if tuple(cells) == HEADER:
            continue
        if len(cells) != len(HEADER):
            problems.append(_unread(file_name, line, "the line does not have four columns"))
            continue
        plan, name, category, content = cells
        if not name:
            target = next((r for r in reversed(rows) if r.open), rows[-1] if rows else None)
            if target is None:
                problems.append(_unread(file_name, line, "a continuation with no row above it"))
                continue
            target.carry_on(content, line.number)
            continue
        work_plan = plan or work_plan
        rows.append(_Row(work_plan, name, category, line.number, line.number, [content]))
    return rows


def _paragraphs(row: _Row) -> list[str]:
    text = _PARAGRAPH.sub("\n", "".join(row.content))
    return [part.strip() for part in text.split("\n") if part.strip()]


def _modality(text: str) -> str:
    counts = {m: sum(text.count(w) for w in words) for m, words in MODALITY_WORDS.items()}
    best = max(counts.values())
    winners = [m for m, n in counts.items() if n == best]
    return winners[0] if best and len(winners) == 1 else ""


def _activity(row: _Row, index: int, year: int, file_name: str) -> SeedActivity:
    paragraphs = _paragraphs(row)
    text = "".join(paragraphs)
    entrusted = bool(_ENTRUSTED.search(text))
    organisations = [MOFA, ICDF] if entrusted else [MOFA]
    record = ActivityRecord(
        iati_identifier=f"TW-SEEDS-PLAN-{year}-{index:02d}",
        source=SOURCE,
        title_zh=row.name,
        title_en=TITLES_EN.get(row.name, ""),
        title_en_status="translated" if row.name in TITLES_EN else "",
        description_zh="\n".join(paragraphs),
        modality=_modality(text),
        year=year,
        reporting_org_name=MOFA.printed_name,
        extra={
            "work_plan": row.work_plan,
            "plan_category": row.category,
            "roc_year": year - 1911,
            "entrusted_to_icdf": entrusted,
        },
    )
    return SeedActivity(
        record=record,
        file=file_name,
        line_start=row.line_start,
        line_end=row.line_end,
        table=TABLE,
        group=row.work_plan,
        organisations=[
            OrganisationMention(o.printed_name, o.role, o.category, o.name_en, o.abbreviation)
            for o in organisations
        ],
    )


def _unread(file_name: str, line: SourceLine, why: str) -> Problem:
    return Problem(
        file=file_name,
        line=line.number,
        message_en=f"Key-plans table: {why}.",
        message_zh="年度重要計畫表：此行無法解析（欄位數不符或找不到所屬計畫）。",
        text=line.text,
    )
