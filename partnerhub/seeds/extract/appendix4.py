"""White paper Appendix 4: Taiwan's COVID-19 measures and international cooperation.

The appendix has four parts:

* 防疫政策 — Taiwan's own measures, one bullet (U+F0B7) each, under six categories printed in
  the left column (醫療物資整備, 檢驗/研發, …). They are no cooperation: each becomes a
  ``measure`` source entry, with its category and the first year it prints.
* 國際援助, 經驗分享 and 防疫科技/技術研發與交流 — three tables of 國家/組織 and what was done,
  under the headings 友邦, 理念相近國與其他地區 and 國際組織. Each row (a country, a region or
  an organisation) becomes one activity: humanitarian for aid, technical cooperation for the
  other two. The description is the row as printed, one numbered item a line.

A row's label may wrap over lines (「馬紹爾群島、」/「吐 瓦 魯 、 諾」/「魯、帛琉」) or be split
by its content (「中美洲銀行 臺灣與 CABEI…」 … 「（CABEI） 惠貸款…」); labels are read against the
list of labels below. Dates: every full date printed in a row (「2020 年 4 月 1 日」) gives the
row's actual start and end; the first year printed is its year and its report group. Quantities
of supplies given (「口罩 80 萬片」, 「製氧機 1,008 臺」) become indicators with the sentence they
came from; what others gave Taiwan (「日本六度捐贈我國…」) is kept in the description only.
Money is recorded only where printed: APEC's USD 400,000 (a disbursement, type 3) and the
CABEI loans of USD 130 million (a commitment, type 2, dated by the signing).

GCTF events named here are checked against Appendix 3 (:func:`cross_check`): a match is noted
on the activity (``extra["gctf_events"]``), a difference in date, title or country count is a
problem citing both appendices' lines.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from partnerhub.activities.records import (
    ActivityRecord,
    IndicatorRecord,
    ResultRecord,
    TransactionRecord,
)
from partnerhub.seeds.base import (
    CountryMention,
    Extraction,
    OrganisationMention,
    Problem,
    SeedActivity,
    SeedEntry,
    SeedEvent,
)
from partnerhub.seeds.extract import appendix3
from partnerhub.seeds.extract.cells import TableReader
from partnerhub.seeds.pdftext import (
    SourceLine,
    close_wide_gaps,
    collapse_spaced,
    find_roc_dates,
    is_page_number,
    join_wrapped,
    split_bullets,
    squeeze,
    tidy_cell,
)

TABLE = "appendix-4"
SOURCE = "whitepaper-appendix-4"
FILE_PATTERN = "002_*.txt"
START_MARK = "附錄四 臺灣 COVID-19 防疫作為與國"
SOURCE_NOTE = "資料來源"
STATUS_CLOSED = "4"
UNDATED = "年份未載"
MEASURES = "防疫政策"
REPORTER = "外交部"

#: The parts of the appendix: printed heading -> (identifier code, modality, English name).
SECTIONS: dict[str, tuple[str, str, str]] = {
    "防疫政策": ("M", "", "domestic measure"),
    "國際援助": ("AID", "humanitarian", "international aid"),
    "經驗分享": ("SHARE", "technical-cooperation", "sharing experience"),
    "防疫科技/技術研發與交流": (
        "TECH",
        "technical-cooperation",
        "technology, research and exchange",
    ),
}
HEADERS = ("國家/組織援助/醫衛用品交流情形", "國家/組織合作情形")
REGIONS = {
    "友邦": "allies",
    "理念相近國與其他地區": "like-minded-and-other",
    "國際組織": "organisations",
}
#: The measures' categories as printed in the left column, with their English names.
CATEGORIES: dict[str, str] = {
    "醫療物資整備": "medical supplies",
    "檢驗/研發": "testing and research",
    "管制邊境政策": "border control",
    "社區防疫": "community prevention",
    "醫療院所監控": "hospital monitoring",
    "民生紓困補償": "relief and compensation",
}
_SUBHEADING = re.compile(r"^[一二三四五六七八九十]+、[^。]+[：:]$")  # squeeze folds ： to :

#: Row labels (spaces removed) -> the countries they stand for and their English name.
LABELS: dict[str, tuple[tuple[str, ...], str]] = {
    "馬紹爾群島、吐瓦魯、諾魯、帛琉": (("MH", "TV", "NR", "PW"), "Marshall Islands, Tuvalu, Nauru and Palau"),
    "拉美及加海地區國家": ((), "Latin America and the Caribbean"),
    "拉美及加海地區": ((), "Latin America and the Caribbean"),
    "史瓦帝尼": (("SZ",), "Eswatini"),
    "美國": (("US",), "United States"),
    "日本": (("JP",), "Japan"),
    "加拿大": (("CA",), "Canada"),
    "歐洲國家": ((), "European countries"),
    "澳大利亞": (("AU",), "Australia"),
    "菲律賓": (("PH",), "Philippines"),
    "新加坡": (("SG",), "Singapore"),
    "印尼": (("ID",), "Indonesia"),
    "越南": (("VN",), "Vietnam"),
    "泰國": (("TH",), "Thailand"),
    "緬甸": (("MM",), "Myanmar"),
    "印度": (("IN",), "India"),
    "斐濟": (("FJ",), "Fiji"),
    "巴布亞紐幾內亞": (("PG",), "Papua New Guinea"),
    "科威特": (("KW",), "Kuwait"),
    "沙烏地阿拉伯": (("SA",), "Saudi Arabia"),
    "巴林": (("BH",), "Bahrain"),
    "索馬利蘭": (("XS",), "Somaliland"),  # the reference data's own code
    "俄羅斯": (("RU",), "Russia"),
    "蒙古": (("MN",), "Mongolia"),
    "土耳其": (("TR",), "Türkiye"),
    "奈及利亞": (("NG",), "Nigeria"),
    "巴拉圭": (("PY",), "Paraguay"),
    "以色列": (("IL",), "Israel"),
    "亞太經濟合作（APEC）": ((), "Asia-Pacific Economic Cooperation (APEC)"),
    "中美洲銀行（CABEI）": ((), "Central American Bank for Economic Integration (CABEI)"),
    "世界衛生組織（WHO）": ((), "World Health Organization (WHO)"),
}  # fmt: skip
#: The labels as :func:`squeeze` folds them (（APEC） becomes (APEC)), for matching.
_LABELS: dict[str, str] = {squeeze(label): label for label in LABELS}
#: Countries a regional row names in its text (「貝里斯、聖露西亞…」), as printed.
REGION_COUNTRIES: dict[str, str] = {
    "貝里斯": "BZ",
    "聖露西亞": "LC",
    "聖克里斯多福及尼維斯": "KN",
    "聖文森及格瑞那丁": "VC",
    "聖文森": "VC",
    "瓜地馬拉": "GT",
    "宏都拉斯": "HN",
    "尼加拉瓜": "NI",
    "哥斯大黎加": "CR",
    "多明尼加": "DO",
    "巴拿馬": "PA",
    "薩爾瓦多": "SV",
    "海地": "HT",
    "義大利": "IT",
    "捷克": "CZ",
    "波蘭": "PL",
    "斯洛維尼亞": "SI",
    "法國": "FR",
    "英國": "GB",
}
#: Organisations a row names that take part in it: printed form, IATI role, English name.
ORGANISATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("財團法人國際合作發展基金會", "3", "icdf", "International Cooperation and Development Fund"),
)
#: Clauses that say what others gave Taiwan, not what Taiwan gave: no indicator.
_INCOMING = re.compile(
    r"捐贈我國|贈我國|提供臺灣|捐贈臺灣|為我國保留|自澳國訂購|向我國|抵臺|臺灣納入"
)

_ITEM = re.compile(r"^(\d{1,2})\.\s*(.*)$")
_FULL_DATE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR = re.compile(r"(20\d\d)\s*[）)]?\s*年")
#: The pandemic's first year: an earlier year in a row is background (「自 2009 年起…」).
FIRST_YEAR = 2020
_UNITS = "公升|人份|片|臺|套|件|支|劑|個|組|噸|座|條"
_QUANTITY = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<mult>千萬|萬|千)?"
    r"(?:\s*(?P<thousands>\d)\s*千)?\s*(?P<unit>" + _UNITS + ")(?!計畫)"  # 「15 件計畫」: projects
)
_MONEY = re.compile(
    r"(?:(?P<yi>\d+)\s*億\s*)?(?P<wan>\d{1,3}(?:,\d{3})*|\d+)\s*萬\s*美元(?P<loan>之?優\s*惠\s*貸款)?"
)


@dataclass
class _Row:
    section: str
    region: str
    label: str
    lines: list[int] = field(default_factory=list)
    items: list[list[str]] = field(default_factory=list)
    item_lines: list[int] = field(default_factory=list)  # where each item starts
    label_rest: str = ""  # the end of a label printed later inside the row (「（CABEI）」)


@dataclass
class _Measure:
    category: str
    subheading: str
    lines: list[int] = field(default_factory=list)
    parts: list[list[str]] = field(default_factory=list)  # the bullet, then its 「o」 items


def _is_label_prefix(text: str) -> bool:
    return len(text) >= 2 and any(label.startswith(text) for label in _LABELS)


class _Reader(TableReader):
    def __init__(self, file: str) -> None:
        super().__init__(file, TABLE)
        self.section = ""
        self.region = ""
        self.category = ""
        self.category_partial = ""
        self.subheading = ""
        self.pending_label = ""  # a label that has started but may wrap on
        self.pending_lines: list[int] = []
        self.row: _Row | None = None
        self.measure: _Measure | None = None
        self.ordinals: dict[str, int] = {}

    # -- lines -------------------------------------------------------------------------------
    def feed(self, line: SourceLine) -> None:
        key = squeeze(line.text)
        if key in SECTIONS:
            self.finish()
            self.section, self.region = key, ""
            return
        if self.section == MEASURES:
            self._measure_line(line)
            return
        if key in HEADERS:
            return
        if key in REGIONS:
            self.finish()
            self.region = key
            return
        self._table_line(line)

    def _measure_line(self, line: SourceLine) -> None:
        head, *cells = split_bullets(line.text)
        head_key = squeeze(head)
        if self.category_partial:
            # 「檢 驗/研」 then 「發」: a category printed over two lines.
            candidate = self.category_partial + head_key
            self.category_partial = ""
            if candidate in CATEGORIES:
                self.category, self.subheading, head_key = candidate, "", ""
            elif any(name.startswith(candidate) for name in CATEGORIES):
                self.category_partial, head_key = candidate, ""
        for name in CATEGORIES:
            if head_key.startswith(name):
                self.category, self.subheading, head_key = name, "", head_key[len(name) :]
                break
        else:
            if len(head_key) >= 2 and any(
                n.startswith(head_key) and n != head_key for n in CATEGORIES
            ):
                self.category_partial, head_key = head_key, ""
        if head_key and _SUBHEADING.match(head_key):
            self.subheading, head_key = head_key, ""
        if head_key:
            if self.measure is None:
                self.problem(
                    line.number,
                    "Appendix 4, measures: text before the first bullet; not read.",
                    "附錄四防疫政策：出現於第一個項目符號之前的文字，未讀取。",
                    line.text,
                )
            else:
                self.measure.lines.append(line.number)
                text = head.strip()
                if text.startswith("o "):
                    self.measure.parts.append([text])
                else:
                    self.measure.parts[-1].append(text)
        for cell in cells:
            if not cell:
                continue
            self.finish()
            self.measure = _Measure(self.category, self.subheading, [line.number], [[cell]])

    def _table_line(self, line: SourceLine) -> None:
        chunks = collapse_spaced(line.text).split()
        first = squeeze(chunks[0])
        if self.pending_label:
            candidate = self.pending_label + first
            if _is_label_prefix(candidate):
                self.pending_label = candidate
                self.pending_lines.append(line.number)
                if candidate in _LABELS and len(chunks) > 1:
                    self._open_row(candidate, chunks[1:], line.number)
                return
            self._close_pending_label()
        row = self.row
        if row is not None and row.label_rest and first == row.label_rest:
            row.label_rest = ""
            chunks = chunks[1:]
            first = squeeze(chunks[0]) if chunks else ""
            if not chunks:
                row.lines.append(line.number)
                return
        if (
            not self.pending_label
            and _is_label_prefix(first)
            and not _ITEM.match(line.text.strip())
            and (first in _LABELS or len(chunks) == 1 or self._split_label(first))
        ):
            self.finish()
            if len(chunks) == 1 and not (first in _LABELS and not self._longer(first)):
                self.pending_label, self.pending_lines = first, [line.number]
                return
            full = first if first in _LABELS else self._split_label(first)
            self._open_row(full, chunks[1:], line.number)
            if self.row is not None and full != first:
                self.row.label_rest = full[len(first) :]
            return
        if row is None:
            self.problem(
                line.number,
                f"Appendix 4, {self.section}: text before any row; not read.",
                f"附錄四{self.section}：出現於任何資料列之前的文字，未讀取。",
                line.text,
            )
            return
        row.lines.append(line.number)
        self._content(row, " ".join(chunks), line.number)

    @staticmethod
    def _longer(label: str) -> bool:
        return any(other != label and other.startswith(label) for other in _LABELS)

    @staticmethod
    def _split_label(first: str) -> str:
        """The one label that starts with ``first`` when its end is printed later in the row."""
        if len(first) < 4:
            return ""
        found = [label for label in _LABELS if label.startswith(first) and label != first]
        return found[0] if len(found) == 1 else ""

    def _close_pending_label(self) -> None:
        """A label printed alone opens its row; one that is no known label is a problem."""
        if self.pending_label in _LABELS:
            self._open_row(self.pending_label, [], None)
        else:
            self.problem(
                self.pending_lines[0],
                f"Appendix 4: 「{self.pending_label}」 is no known row label; not read.",
                f"附錄四：「{self.pending_label}」不是已知的列標題，未讀取。",
                self.pending_label,
            )
            self.pending_label, self.pending_lines = "", []

    def _open_row(self, label: str, content: list[str], number: int | None) -> None:
        lines = [*self.pending_lines, *([number] if number else [])]
        self.pending_label, self.pending_lines = "", []
        self.row = _Row(self.section, self.region, _LABELS[label], lines=lines)
        if content and number:
            self._content(self.row, " ".join(content), number)

    @staticmethod
    def _content(row: _Row, text: str, number: int) -> None:
        if _ITEM.match(text) or not row.items:
            row.items.append([text])
            row.item_lines.append(number)
        else:
            row.items[-1].append(text)

    # -- records -----------------------------------------------------------------------------
    def finish(self) -> None:
        if self.pending_label:
            self._close_pending_label()
        row, self.row = self.row, None
        measure, self.measure = self.measure, None
        if row is not None:
            if row.items:
                self.out.activities.append(self._activity(row))
            else:
                self.problem(
                    min(row.lines),
                    f"Appendix 4: the row 「{row.label}」 has no content; not imported.",
                    f"附錄四：「{row.label}」一列沒有內容，未匯入。",
                    row.label,
                )
        if measure is not None:
            self.out.entries.append(self._measure(measure))

    def _ordinal(self, code: str) -> int:
        self.ordinals[code] = self.ordinals.get(code, 0) + 1
        return self.ordinals[code]

    def _measure(self, measure: _Measure) -> SeedEntry:
        text = "\n".join(tidy_cell(close_wide_gaps(join_wrapped(p))) for p in measure.parts)
        # The first year printed, or failing that the first ROC year (「110 年…計畫」 is 2021).
        years = [int(y) for y in _YEAR.findall(squeeze(text))] or [
            d.year for d in find_roc_dates(text)
        ]
        category_en = CATEGORIES.get(measure.category, "")
        year = years[0] if years else None
        title_en = "Taiwan's COVID-19 domestic measure" + (
            f": {category_en}" if category_en else ""
        )
        title_en += f" ({year})" if year else ""
        return SeedEntry(
            identifier=f"TW-MOFA-WP2023-A4-M-{self._ordinal('M'):03d}",
            kind="measure",
            file=self.file,
            line_start=min(measure.lines),
            line_end=max(measure.lines),
            table=TABLE,
            title_zh=text.split("\n", 1)[0],
            title_en=title_en,
            title_en_status="composed",
            description_zh=text,
            year=year,
            group=MEASURES,
            extra={"category": measure.category, "subheading": measure.subheading},
        )

    def _activity(self, row: _Row) -> SeedActivity:
        code, modality, section_en = SECTIONS[row.section]
        items = [tidy_cell(close_wide_gaps(join_wrapped(parts))) for parts in row.items]
        body = "\n".join(items)
        folded = squeeze(body)
        dates = sorted(_dates(folded))
        years = sorted(y for y in map(int, _YEAR.findall(folded)) if y >= FIRST_YEAR)
        countries, english = LABELS[row.label]
        mentions = [CountryMention(printed_name=row.label, code=c) for c in countries]
        if not countries:
            # Countries named only as givers to Taiwan (「立陶宛、捷克…共捐贈我國」) do not count.
            given = [p for item in items for p in re.split("(?<=[。；])", item)]
            named = _named_countries(
                squeeze("".join(p for p in given if not _INCOMING.search(squeeze(p))))
            )
            mentions = [CountryMention(printed_name=p, code=c) for p, c in named]
        money = _money(items, dates)
        indicators, incoming = _indicators(items) if code == "AID" else ([], [])
        extra: dict[str, object] = {"section": row.section, "region": row.region}
        extra["label"] = row.label
        extra["item_lines"] = row.item_lines
        if incoming:
            extra["received_printed"] = incoming
        record = ActivityRecord(
            iati_identifier=f"TW-MOFA-WP2023-A4-{code}-{self._ordinal(code):02d}",
            source=SOURCE,
            title_zh=f"COVID-19 {row.section}：{row.label}",
            title_en=f"COVID-19 {section_en}: {english}",
            title_en_status="composed",
            description_en=_summary(section_en, english, len(items), dates, money),
            description_en_status="composed",
            description_zh=body,
            status=STATUS_CLOSED,
            modality=modality,
            humanitarian=code == "AID",
            actual_start=dates[0] if dates else None,
            actual_end=dates[-1] if len(dates) > 1 else None,
            year=years[0] if years else None,
            reporting_org_name=REPORTER,
            transactions=money,
            default_currency="USD" if money else "",
            results=(
                [
                    ResultRecord(
                        title_zh="援助物資", title_en="Supplies given", indicators=indicators
                    )
                ]
                if indicators
                else []
            ),
            extra=extra,
        )
        return SeedActivity(
            record=record,
            file=self.file,
            line_start=min(row.lines),
            line_end=max(row.lines),
            table=TABLE,
            group=str(years[0]) if years else UNDATED,
            organisations=[
                OrganisationMention(printed_name=n, role=r, category=c, name_en=en)
                for n, r, c, en in ORGANISATIONS
                if n in folded
            ],
            countries=mentions,
        )


def _summary(
    section: str, label: str, items: int, dates: list[dt.date], money: list[TransactionRecord]
) -> str:
    """An English summary from the row's data: what the description (in Chinese) holds."""
    count = f"{items} item{'s' if items > 1 else ''}"
    sentences = [
        f"COVID-19 {section}, {label}: {count} as printed in Appendix 4 of the white paper."
    ]
    if dates:
        days = sorted({d.isoformat() for d in dates})
        span = days[0] if len(days) == 1 else f"{days[0]} to {days[-1]}"
        sentences.append(f"Dates printed: {span}.")
    for t in money:
        kind = "Commitment" if t.type == "2" else "Disbursement"
        sentences.append(f"{kind} of USD {t.value:,.0f}" + (f" on {t.date}." if t.date else "."))
    return " ".join(sentences)


def _dates(folded: str) -> list[dt.date]:
    found = []
    for y, m, d in _FULL_DATE.findall(folded):
        try:
            found.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return found


def _named_countries(folded: str) -> list[tuple[str, str]]:
    folded = folded.replace("加海地區", "加＿＿區")  # 海地 (Haiti) inside 「拉美及加海地區」
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str]] = []
    for name in sorted(REGION_COUNTRIES, key=len, reverse=True):
        for match in re.finditer(re.escape(name), folded):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            found.append((match.start(), name, REGION_COUNTRIES[name]))
    seen: set[str] = set()
    out = []
    for _, name, code in sorted(found):
        if code not in seen:
            seen.add(code)
            out.append((name, code))
    return out


def _clause(text: str, at: int) -> str:
    start = max(text.rfind(p, 0, at) for p in "，。；、：") + 1
    ends = [i for i in (text.find(p, at) for p in "，。；、") if i != -1]
    return re.sub(r"^\d+\.\s*", "", text[start : min(ends) if ends else len(text)]).strip()


def _part(text: str, at: int) -> str:
    """The clause around ``at``, between commas or full stops: who gave what to whom."""
    start = max(text.rfind(p, 0, at) for p in "，。；") + 1
    ends = [i for i in (text.find(p, at) for p in "，。；") if i != -1]
    return text[start : min(ends) if ends else len(text)]


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(p, 0, at) for p in "。；") + 1
    ends = [i for i in (text.find(p, at) for p in "。；") if i != -1]
    return text[start : (min(ends) + 1) if ends else len(text)].strip()


def _indicators(items: list[str]) -> tuple[list[IndicatorRecord], list[str]]:
    """Quantities Taiwan gave, as printed; and the sentences saying what Taiwan received."""
    indicators: list[IndicatorRecord] = []
    incoming: list[str] = []
    for item in items:
        for match in _QUANTITY.finditer(item):
            sentence = _sentence(item, match.start())
            if _INCOMING.search(squeeze(_part(item, match.start()))):
                if sentence not in incoming:
                    incoming.append(sentence)
                continue
            value = Decimal(match["num"].replace(",", ""))
            value *= {"千萬": 10_000_000, "萬": 10_000, "千": 1_000}.get(match["mult"] or "", 1)
            if match["thousands"]:
                value += Decimal(match["thousands"]) * 1_000
            indicators.append(
                IndicatorRecord(
                    title_zh=_clause(item, match.start())[:120],
                    unit=match["unit"],
                    actual_value=value,
                    as_of=_as_of(item, match.start()),
                    printed=sentence,
                )
            )
    return indicators, incoming


_AS_OF = re.compile(
    r"(?P<y>20\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?=\s*(?:已|底|迄今)))"
)
_MONTH = re.compile(r"\d{1,2}\s*月")


def _as_of(item: str, at: int) -> dt.date | None:
    """The date of a quantity: the last full date printed before it in its item (「2020 年 4 月
    1 日…捐贈 200 萬片」), or the month of 「至 2022 年 1 月已捐贈…」 (its last day); none when
    another month is printed in between (「嗣於 6 月初再捐贈…」)."""
    found = [m for m in _AS_OF.finditer(item) if m.end() <= at]
    if not found or _MONTH.search(item[found[-1].end() : at]):
        return None
    last = found[-1]
    year, month = int(last["y"]), int(last["m"])
    try:
        if last["d"]:
            return dt.date(year, month, int(last["d"]))
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None


def _money(items: list[str], dates: list[dt.date]) -> list[TransactionRecord]:
    """Money exactly where printed: a contribution (disbursement) or a loan (commitment)."""
    found: list[TransactionRecord] = []
    for item in items:
        for match in _MONEY.finditer(item):
            value = Decimal(match["wan"].replace(",", "")) * 10_000
            if match["yi"]:
                value += Decimal(match["yi"]) * 100_000_000
            loan = bool(match["loan"])
            day = _dates(squeeze(item))
            found.append(
                TransactionRecord(
                    type="2" if loan else "3",
                    value=value,
                    currency="USD",
                    date=day[0] if day else None,
                    printed_amount=match[0],
                    description=_sentence(item, match.start()),
                    provider_name="財團法人國際合作發展基金會" if loan else "臺灣",
                )
            )
    return found


# -- the cross-check with Appendix 3 ---------------------------------------------------------

_GCTF = re.compile(r"GCTF|全球合作暨訓練架構")
#: Appendix 3 topics that are about the pandemic, which Appendix 4 should name too.
_COVID = re.compile(r"COVID|新冠|冠狀|疫情|疫苗|防疫")
_TITLE = re.compile(r"「([^」]+)」")
_COUNTRY_COUNT = re.compile(r"(\d+)國")


@dataclass(frozen=True)
class GctfMention:
    """A GCTF event as Appendix 4 prints it, inside one numbered item of a row."""

    activity: str  # the activity's identifier
    line: int
    date: dt.date
    title: str
    country_count: int | None
    text: str


def gctf_mentions(extraction: Extraction) -> list[GctfMention]:
    """Every dated GCTF event the appendix's rows name, with the line of its item."""
    found: list[GctfMention] = []
    for activity in extraction.activities:
        starts = activity.record.extra.get("item_lines", [])
        for index, item in enumerate(activity.record.description_zh.split("\n")):
            folded = squeeze(item)
            if not _GCTF.search(folded):
                continue
            dates = _dates(folded)
            if not dates:
                continue
            gctf = _GCTF.search(folded)
            assert gctf is not None
            # The quoted name that follows GCTF, or the one that GCTF's long name opens.
            title = next((t for t in _TITLE.finditer(folded) if t.end() > gctf.start()), None)
            count = _COUNTRY_COUNT.search(folded)
            found.append(
                GctfMention(
                    activity=activity.record.iati_identifier,
                    line=starts[index] if index < len(starts) else activity.line_start,
                    date=dates[0],
                    title=title.group(1) if title else "",
                    country_count=int(count.group(1)) if count else None,
                    text=item,
                )
            )
    return found


def _same_title(a: str, b: str) -> bool:
    """True when one title contains the other, GCTF's own name and punctuation aside."""
    x = re.sub(r"GCTF|全球合作暨訓練架構|[「」『』（）()—\-－:：、，\s]", "", a)
    y = re.sub(r"GCTF|全球合作暨訓練架構|[「」『』（）()—\-－:：、，\s]", "", b)
    return bool(x and y) and (x in y or y in x)


def cross_check(extraction: Extraction, events: Sequence[SeedEvent], file: str) -> list[Problem]:
    """Compare each GCTF event of Appendix 4 with Appendix 3's; note matches, report differences."""
    problems: list[Problem] = []
    by_id = {a.record.iati_identifier: a for a in extraction.activities}
    matched: set[str] = set()
    for mention in gctf_mentions(extraction):
        same_day = [e for e in events if e.record.date_start == mention.date]
        by_title = [
            e for e in events if mention.title and _same_title(mention.title, e.record.title_zh)
        ]
        event = next(iter(same_day or by_title), None)
        where4 = f"{file}:{mention.line}"
        label = f"GCTF {mention.date.isoformat()}" + (
            f"「{mention.title}」" if mention.title else ""
        )
        if event is None:
            problems.append(
                Problem(
                    file,
                    mention.line,
                    f"Cross-check: Appendix 4 ({where4}) names {label}, which Appendix 3 does not list.",
                    f"交叉比對：附錄四（{where4}）所列 {label} 不在附錄三之中。",
                    mention.text,
                    code="cross-check",
                )
            )
            continue
        where3 = f"{event.file}:{event.line_start}-{event.line_end}"
        matched.add(event.record.slug)
        activity = by_id[mention.activity]
        noted = activity.record.extra.setdefault("gctf_events", [])
        assert isinstance(noted, list)
        noted.append(event.record.slug)
        differences: list[tuple[str, str]] = []
        if event.record.date_start != mention.date:
            differences.append(
                (
                    f"date {mention.date.isoformat()} in Appendix 4, "
                    f"{event.record.date_start.isoformat()} in Appendix 3",
                    f"日期：附錄四為 {mention.date.isoformat()}，"
                    f"附錄三為 {event.record.date_start.isoformat()}",
                )
            )
        if mention.title and not _same_title(mention.title, event.record.title_zh):
            differences.append(
                (
                    f"title 「{mention.title}」 in Appendix 4, 「{event.record.title_zh}」 in Appendix 3",
                    f"名稱：附錄四為「{mention.title}」，附錄三為「{event.record.title_zh}」",
                )
            )
        theirs = event.record.participating_country_count
        if (
            mention.country_count is not None
            and theirs is not None
            and theirs != mention.country_count
        ):
            differences.append(
                (
                    f"{mention.country_count} countries in Appendix 4, {theirs} in Appendix 3",
                    f"國家數：附錄四為 {mention.country_count} 國，附錄三為 {theirs} 國",
                )
            )
        for en, zh in differences:
            problems.append(
                Problem(
                    file,
                    mention.line,
                    f"Cross-check of {label}: {en} ({where4}; {where3}).",
                    f"交叉比對 {label}：{zh}（{where4}；{where3}）。",
                    mention.text,
                    code="cross-check",
                )
            )
    sharing = [a for a in extraction.activities if a.record.extra.get("section") == "經驗分享"]
    span = (
        f"{file}:{min(a.line_start for a in sharing)}-{max(a.line_end for a in sharing)}"
        if sharing
        else file
    )
    for event in events:
        if event.record.slug in matched or not _COVID.search(squeeze(event.record.title_zh)):
            continue
        label = f"GCTF {event.record.date_start.isoformat()}「{event.record.title_zh}」"
        where3 = f"{event.file}:{event.line_start}-{event.line_end}"
        problems.append(
            Problem(
                event.file,
                event.line_start,
                f"Cross-check: Appendix 3 ({where3}) lists the pandemic-related {label}, "
                f"which Appendix 4 ({span}) does not name.",
                f"交叉比對：附錄三（{where3}）所列與疫情相關的 {label}，附錄四（{span}）未列出。",
                event.record.title_zh,
                code="cross-check",
            )
        )
    return problems


def extract(
    lines: Sequence[SourceLine], *, file: str, country_names: Iterable[tuple[str, str]] = ()
) -> Extraction:
    """Appendix 4's measures as entries and its cooperation rows as activities, cross-checked
    with Appendix 3; problems for what could not be read and for every difference found."""
    reader = _Reader(file)
    start = reader.find_heading(lines, START_MARK, "Appendix 4", "附錄四")
    if start is None:
        return reader.out
    for line in lines[start:]:
        text = line.text
        if not text or is_page_number(text) or squeeze(text) == "際合作彙整":
            continue  # the heading's second line
        if squeeze(text).startswith(SOURCE_NOTE):
            break  # the appendix's closing source note
        reader.feed(line)
    reader.finish()
    events = appendix3.extract(lines, file=file, country_names=country_names).events
    reader.out.problems.extend(cross_check(reader.out, events, file))
    return reader.out
