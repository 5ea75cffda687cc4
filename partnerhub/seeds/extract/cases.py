"""The ten case boxes (案例 1–10) of the white paper's chapters 6 and 7: one activity per case.

A box opens with 「案例 N：title」, lists its SDGs on 「對應 SDGs：…」, and runs until its figure
caption (「圖 N …」), the next sub-heading (「（二）…」) or the next box. Everything after
「計畫成果：」 is the box body, read sentence by sentence (。 and ；).

Figures: every number with a unit in the body (households, hectares, people, percentages, …)
becomes an indicator with the sentence it came from in ``printed``. Sentences that only set the
scene (deaths in an earthquake, the share of farmland, average wages) are left out, clause by
clause: they describe the country, not what the project did; ``CONTEXT_WORDS`` lists the words
that mark them.
「自 22%提升至 90%」 gives a baseline and an actual value in one indicator.

Dates: 「截至 2023 年 6 月底」, 「迄 2023年 9月」, 「2021年 12月底」 and the ROC form
「截至 112 年 6 月底」 set the as-of date of the figures that follow, up to the next such date or
the next numbered part of the box. A month is stored as its last day, because 月底 means the end
of the month and a figure "as of September" covers all of September. In a sentence with no such date,
a period's end (「2015 年至 2019 年…」) dates the figures printed after it in that sentence only
(to 31 December when only the year is printed).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from partnerhub.activities.records import (
    ActivityRecord,
    IndicatorRecord,
    ResultRecord,
    SdgRecord,
    TransactionRecord,
)
from partnerhub.seeds.base import (
    CountryMention,
    Extraction,
    OrganisationMention,
    Problem,
    SeedActivity,
)
from partnerhub.seeds.pdftext import (
    SourceLine,
    collapse_spaced,
    join_wrapped,
    numbered,
    roc_to_gregorian,
)

TABLE = "cases"
FILE_PATTERN = "002_*.txt"
SOURCE = "whitepaper-cases"

_HEADING = re.compile(r"^案例\s*(\d+)\s*[：:]\s*(.+?)\s*$")
_SDGS = re.compile(r"^對應\s*SDGs\s*[：:]\s*(.*)$")
_RESULTS = re.compile(r"^計畫成果\s*[：:]")
_FIGURE = re.compile(r"^圖\s*(\d+)\s*(.*)$")
_SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）|^第[一二三四五六七八九十]+章")
_PART = re.compile(r"^[一二三四五六七八九十]+、")
_SENTENCE_END = re.compile(r"(?<=[。；])")

#: Measure words and units, longest first so 人次 wins over 人.
UNITS = (
    "個月", "公噸", "公頃", "人次", "班次", "場次", "家戶", "小時", "分鐘", "美元", "城鎮", "鄉鎮",
    "株", "班", "戶", "場", "名", "人", "份", "次", "間", "座", "臺", "套", "部", "個", "家",
    "位", "筆", "省", "倍", "項", "城", "處", "噸", "%",
)  # fmt: skip
_FIGURE_RE = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<mult>萬)?\s*(?P<unit>"
    + "|".join(re.escape(u) for u in UNITS)
    + ")"
)
_FROM_TO = re.compile(
    r"自\s*(?P<a>\d+(?:\.\d+)?)\s*(?P<ua>%|小時|分鐘)?\s*(?:提升|下降|降低|增加)?至\s*"
    r"(?P<b>\d+(?:\.\d+)?)\s*(?P<ub>%|小時|分鐘)"
)
_AS_OF = re.compile(
    r"(?P<lead>截至|迄至|迄)?\s*(?P<y>\d{3,4})\s*年\s*(?P<m>\d{1,2})\s*月(?!\s*\d+\s*日)(?P<end>底)?"
)
_PERIOD_END = re.compile(r"至\s*(?P<y>\d{4})\s*年(?:\s*(?P<m>\d{1,2})\s*月)?(?!\s*\d+\s*日)")
#: The boxes' titles in English (the project's translation; the white paper prints none).
TITLES_EN: dict[int, str] = {
    1: "Tuvalu: increasing fruit and vegetable production and improving nutrition",
    2: "Marshall Islands: revolving micro-loan fund for women entrepreneurs",
    3: "Eswatini: improving maternal and infant health care",
    4: "Saint Lucia: fruit and vegetable supply chain efficiency, phase 2",
    5: "Guatemala: marketing support for rural households",
    6: "Saint Vincent and the Grenadines: smart bus management and monitoring system",
    7: "Paraguay: improving the efficiency of health information management",
    8: "Haiti: humanitarian assistance",
    9: "Vocational training for diplomatic allies",
    10: "Indonesia: strengthening agribusiness incubation in the Bandung area",
}
_START = re.compile(r"(?:自|於)\s*(\d{4})\s*年\s*(?:起|針對|投入|至)")
_PHASE = re.compile(r"第([一二三四五六七八九十])(?:期|階段)|([一二三四五六七八九十])期")
_NUMERALS = "一二三四五六七八九十"

#: Words that mark a sentence describing the country rather than the project's results.
CONTEXT_WORDS = (
    "人死亡", "人受傷", "需飲用水", "需長期", "人口", "GDP", "國土", "耕地", "平均薪資",
    "勞動力", "糧食供給", "房屋毀損", "受災", "面臨", "取代進口",
)  # fmt: skip
#: Numbers that are part of a name, not a count: 「4 次產檢」 is the fourth antenatal visit.
_NOT_FIGURES = re.compile(r"\d+\s*次產檢|\d+\s*級醫院")

#: Partner countries named in the case titles.
COUNTRIES: dict[str, str] = {
    "吐瓦魯": "TV",
    "馬紹爾": "MH",
    "史瓦帝尼": "SZ",
    "聖露西亞": "LC",
    "瓜地馬拉": "GT",
    "聖文森": "VC",
    "巴拉圭": "PY",
    "海地": "HT",
    "印尼": "ID",
}

#: Organisations the boxes name: printed form, IATI role, category, English name, abbreviation.
ORGANISATIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("國合會", "3", "icdf", "International Cooperation and Development Fund", "TaiwanICDF"),
    ("財團法人賑災基金會", "1", "foundation", "Taiwan Disaster Relief Foundation", ""),
    ("花蓮慈濟醫院", "4", "hospital-university", "Hualien Tzu Chi Hospital", ""),
    ("嘉義基督教醫院", "4", "hospital-university", "Chiayi Christian Hospital", ""),
    ("國泰綜合醫院", "4", "hospital-university", "Cathay General Hospital", ""),
    ("我國資訊服務供應商", "4", "enterprise", "", ""),
    ("國際關懷組織", "4", "ingo", "CARE International", "CARE"),
    ("吐國農業部", "4", "partner-government", "Ministry of Agriculture (Tuvalu)", ""),
    ("史國衛生部", "4", "partner-government", "Ministry of Health (Eswatini)", ""),
    ("露國農業部", "4", "partner-government", "Ministry of Agriculture (Saint Lucia)", ""),
    ("瓜國農牧部", "4", "partner-government", "Ministry of Agriculture (Guatemala)", "MAGA"),
    ("資訊科技服務處", "4", "partner-government", "Information Technology Services Division (SVG)", ""),
    ("巴拉圭衛生福利部", "4", "partner-government", "Ministry of Public Health and Social Welfare (Paraguay)", "MSPBS"),
    ("海國政府", "4", "partner-government", "Government of Haiti", ""),
    ("倫邦國家農訓中心", "4", "partner-government", "Lembang national agricultural training centre", ""),
    ("倫邦農企業育成中心", "4", "partner-government", "Lembang agribusiness incubation centre", ""),
)  # fmt: skip


@dataclass
class _Box:
    number: int
    title: str
    line_start: int
    line_end: int
    sdgs: list[int]
    body: list[str]
    caption: str = ""


def extract(lines: Sequence[str | SourceLine], file: str) -> Extraction:
    """Every case box as an activity with its SDGs, organisations and result figures."""
    result = Extraction(table=TABLE)
    numbered_lines = numbered(lines)
    file_name = file
    for box in _boxes(numbered_lines, file_name, result.problems):
        result.activities.append(_activity(box, file_name))
    return result


def _boxes(lines: list[SourceLine], file_name: str, problems: list[Problem]) -> list[_Box]:
    boxes: list[_Box] = []
    current: _Box | None = None
    in_body = False
    for line in lines:
        text = line.text
        heading = _HEADING.match(text)
        if heading:
            current = _Box(int(heading[1]), heading[2], line.number, line.number, [], [])
            boxes.append(current)
            in_body = False
            continue
        if current is None or not text:
            continue
        figure = _FIGURE.match(text)
        if figure or _SUBHEADING.match(text):
            current.caption = figure[2].strip() if figure else ""
            current.line_end = line.number if figure else current.line_end
            current = None
            continue
        current.line_end = line.number
        sdgs = _SDGS.match(text)
        if sdgs:
            current.sdgs = _goals(sdgs[1], file_name, line, problems)
        elif _RESULTS.match(text):
            in_body = True
        elif in_body:
            current.body.append(text)
        else:
            problems.append(_unread(file_name, line, "text between the heading and 計畫成果"))
    return boxes


def _goals(text: str, file_name: str, line: SourceLine, problems: list[Problem]) -> list[int]:
    goals: list[int] = []
    for part in re.split(r"[、,，\s]+", text.strip()):
        if part.isdigit() and 1 <= int(part) <= 17:
            goals.append(int(part))
        elif part:
            problems.append(_unread(file_name, line, f"「{part}」 is not an SDG number"))
    return goals


#: 「臺灣與馬紹爾各投入 100 萬美元」: each side's share of a fund, printed once for both.
_EACH_INVESTS = re.compile(r"各(?:投入|出資)\s*(\d+(?:\.\d+)?)\s*萬\s*美元")
_FIRST_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FIRST_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年")


def _money(body: str) -> list[TransactionRecord]:
    """Taiwan's commitment where a box prints it as a share (「各投入 100 萬美元」), dated by the
    first full date of the box (the signing)."""
    match = _EACH_INVESTS.search(body)
    if match is None:
        return []
    day = _FIRST_DATE.search(body)
    return [
        TransactionRecord(
            type="2",
            value=Decimal(match[1]) * 10_000,
            currency="USD",
            date=dt.date(int(day[1]), int(day[2]), int(day[3])) if day else None,
            printed_amount=match[0],
            description=_sentence_at(body, match.start()),
            provider_name="臺灣",
        )
    ]


def _sentence_at(body: str, at: int) -> str:
    start = max(body.rfind(p, 0, at) for p in "。；") + 1
    end = min([i for i in (body.find(p, at) for p in "。；") if i != -1] or [len(body)])
    return body[start : end + 1].strip()


def _activity(box: _Box, file_name: str) -> SeedActivity:
    body = collapse_spaced(join_wrapped(box.body))
    countries = [(name, code) for name, code in COUNTRIES.items() if name in box.title]
    money = _money(body)
    indicators = [
        i for i in _indicators(body) if not (money and i.unit == "美元" and i.printed in body)
    ]
    start_year = _start_year(body)
    first_year = _FIRST_YEAR.search(body)
    record = ActivityRecord(
        iati_identifier=f"TW-SEEDS-CASE-{box.number:02d}",
        source=SOURCE,
        title_zh=box.title,
        title_en=TITLES_EN.get(box.number, ""),
        title_en_status="translated" if box.number in TITLES_EN else "",
        description_zh=body,
        modality=_modality(box.title),
        # The box dates the project by the year it started; failing that, by its first year.
        year=start_year or (int(first_year[1]) if first_year else None),
        transactions=money,
        default_currency="USD" if money else "",
        sdgs=[SdgRecord(goal=g) for g in box.sdgs],
        results=[
            ResultRecord(title_zh="計畫成果", title_en="Project results", indicators=indicators)
        ],
        extra={
            "case": box.number,
            "figure_caption": box.caption,
            "start_year": start_year,
            "phases": _phases(f"{box.title}{box.caption}{body}"),
        },
    )
    return SeedActivity(
        record=record,
        file=file_name,
        line_start=box.line_start,
        line_end=box.line_end,
        table=TABLE,
        group=f"案例 {box.number}",
        organisations=_organisations(body),
        countries=[CountryMention(printed_name=name, code=code) for name, code in countries],
    )


def _modality(title: str) -> str:
    """The case's modality, read from its title; the boxes otherwise show technical cooperation."""
    if "人道" in title:
        return "humanitarian"
    if re.search("貸款|融資|循環基金", title):
        return "investment-lending"
    if re.search("訓練|獎學金", title):
        return "education-training"
    return "technical-cooperation"


def _start_year(body: str) -> int | None:
    match = _START.search(body)
    return int(match[1]) if match else None


def _phases(text: str) -> list[int]:
    found = {_NUMERALS.index(a or b) + 1 for a, b in _PHASE.findall(text)}
    return sorted(found)


def _organisations(body: str) -> list[OrganisationMention]:
    found = [(body.find(o[0]), o) for o in ORGANISATIONS if o[0] in body]
    return [
        OrganisationMention(printed_name=n, role=r, category=c, name_en=en, abbreviation=ab)
        for _, (n, r, c, en, ab) in sorted(found)
    ]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _as_of(match: re.Match[str]) -> dt.date:
    year = int(match["y"])
    return _month_end(roc_to_gregorian(year) if year < 1000 else year, int(match["m"]))


def _sentences(body: str) -> list[str]:
    # Numbered parts (「二、利用國產太陽能…」) start afresh: their figures have their own dates.
    parts = re.split(r"(?=(?<![\d.])[一二三四五六七八九十]、)", body)
    return [s.strip() for part in parts for s in _SENTENCE_END.split(part) if s.strip()]


def _indicators(body: str) -> list[IndicatorRecord]:
    indicators: list[IndicatorRecord] = []
    carried: dt.date | None = None
    for sentence in _sentences(body):
        if _PART.match(sentence):
            carried = None
        stated = [m for m in _AS_OF.finditer(sentence) if m["lead"] or m["end"]]
        if stated:
            carried = _as_of(stated[-1])
        indicators.extend(_figures(sentence, carried, bool(stated)))
    return indicators


def _period_end(sentence: str, before: int) -> dt.date | None:
    """The end of the last period printed before position ``before`` (「2015 年至 2019 年」)."""
    ends = [m for m in _PERIOD_END.finditer(sentence) if m.start() < before]
    if not ends:
        return None
    year, month = int(ends[-1]["y"]), ends[-1]["m"]
    return _month_end(year, int(month)) if month else dt.date(year, 12, 31)


def _figures(sentence: str, carried: dt.date | None, stated: bool) -> list[IndicatorRecord]:
    found: list[IndicatorRecord] = []
    skip = [m.span() for m in _NOT_FIGURES.finditer(sentence)]
    for match in [*_FROM_TO.finditer(sentence), *_FIGURE_RE.finditer(sentence)]:
        if any(a <= match.start() < b for a, b in skip) or _is_context(sentence, match.start()):
            continue
        as_of = carried if stated else (_period_end(sentence, match.start()) or carried)
        if "ub" in match.groupdict():
            skip.append(match.span())
            found.append(_from_to(match, sentence, as_of))
            continue
        value = Decimal(match["num"].replace(",", ""))
        if match["mult"]:
            value *= 10_000
        found.append(
            IndicatorRecord(
                title_zh=_clause(sentence, match.start()),
                unit=match["unit"],
                measure="2" if match["unit"] == "%" else "1",
                actual_value=value,
                as_of=as_of,
                printed=sentence,
            )
        )
    return found


def _is_context(sentence: str, at: int) -> bool:
    """True when the clause around ``at`` describes the country, not what the project did."""
    start = max(sentence.rfind(p, 0, at) for p in "，。；") + 1
    ends = [i for i in (sentence.find(p, at) for p in "，。；") if i != -1]
    clause = sentence[start : min(ends) if ends else len(sentence)]
    return any(word in clause for word in CONTEXT_WORDS)


def _from_to(match: re.Match[str], sentence: str, as_of: dt.date | None) -> IndicatorRecord:
    unit = match["ub"]
    before = Decimal(match["a"])
    if match["ua"] == "小時" and unit == "分鐘":
        before *= 60  # 「自2.5小時至 30分鐘」: both ends in minutes
    return IndicatorRecord(
        title_zh=_clause(sentence, match.start()),
        unit=unit,
        measure="2" if unit == "%" else "1",
        baseline_value=before,
        actual_value=Decimal(match["b"]),
        as_of=as_of,
        printed=sentence,
    )


def _clause(sentence: str, at: int) -> str:
    """The words around a figure, as a short title: 「生產蔬果苗 612,783 株」."""
    start = max(sentence.rfind(p, 0, at) for p in "，：；。、（") + 1
    ends = [i for i in (sentence.find(p, at) for p in "，；。、（") if i != -1]
    clause = sentence[start : min(ends) if ends else len(sentence)].strip()
    return re.sub(r"^\d+\.\s*", "", clause)[:120]


def _unread(file_name: str, line: SourceLine, why: str) -> Problem:
    return Problem(
        file=file_name,
        line=line.number,
        message_en=f"Case box: {why}.",
        message_zh="案例方塊：此行無法解析。",
        text=line.text,
    )
