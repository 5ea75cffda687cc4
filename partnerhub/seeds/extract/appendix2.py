"""White paper Appendix 2: the Taiwan Foundation for Democracy's results, 2016-2022.

Each year has two parts. Under 「YYYY 主要活動」 the main activities are numbered 1, 2, 3… and
each opens with one paragraph (what was done), followed by points (1), (2)… that describe it;
each main activity becomes one activity implemented by the foundation. Under 「YYYY 其他國際
參與」 every other participation opens with the private-use bullet U+F06C; each becomes a
``participation`` source entry, kept with its provenance but never listed as a cooperation
activity (a trip to a conference is no cooperation project).

The title is the opening paragraph up to the first comma, colon or full stop outside quotation
marks after which it holds a quoted name (「辦理「第十一屆亞洲民主人權獎」」, 「關注中國人權發展，
出版《2015 中國人權觀察報告》」); the description is the whole text as printed, one point a line.
The titles' English translations are the project's, in ``data/tfd_titles_en.csv``. Countries are those the opening paragraph (or the participation) names, read with the
table's own list of names below. The source note (「資料來源：…」) ends the table; any other
line that fits nowhere is a problem, never dropped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from partnerhub.activities.records import ActivityRecord
from partnerhub.seeds.base import (
    CountryMention,
    Extraction,
    OrganisationMention,
    SeedActivity,
    SeedEntry,
)
from partnerhub.seeds.extract.cells import TableReader
from partnerhub.seeds.pdftext import (
    BULLETS,
    SourceLine,
    close_wide_gaps,
    find_line,
    is_page_number,
    join_wrapped,
    squeeze,
    strip_bullets,
    tidy_cell,
)

TABLE = "appendix-2"
SOURCE = "whitepaper-appendix-2"
FILE_PATTERN = "002_*.txt"
START_MARK = "附錄二 近年臺灣民主基金會成果彙整"
END_MARK = "附錄三"
SOURCE_NOTE = "資料來源"
IDENTIFIER = "TW-TFD-WP2023-A2-{year}-{ordinal:02d}"
ENTRY_IDENTIFIER = "TW-TFD-WP2023-A2-{year}-P{ordinal:02d}"
ENTRY_KIND = "participation"
#: IATI ActivityStatus 4 (Closed): the appendix reports years that had ended by publication.
STATUS_CLOSED = "4"
FOUNDATION = OrganisationMention(
    printed_name="臺灣民主基金會",
    role="4",
    category="foundation",
    name_en="Taiwan Foundation for Democracy",
    abbreviation="TFD",
)
FOUNDATION_NAME = "財團法人臺灣民主基金會"
FOUNDATION_NAME_EN = "Taiwan Foundation for Democracy"

_MAIN = re.compile(r"^(20\d\d)主要活動$")
_OTHER = re.compile(r"^(20\d\d)其他國際參與$")
_NUMBERED = re.compile(r"^(\d{1,2})\s+(\S.*)$")
_POINT = re.compile(r"^\((\d{1,2})\)\s*(.*)$")

#: The countries the appendix names, as printed, with their codes and English names. 中國 and
#: 臺灣 are left out: China is the subject of the human-rights reports, Taiwan the host.
COUNTRIES: dict[str, tuple[str, str]] = {
    "美國": ("US", "United States"),
    "紐西蘭": ("NZ", "New Zealand"),
    "日本": ("JP", "Japan"),
    "捷克": ("CZ", "Czechia"),
    "瑞典": ("SE", "Sweden"),
    "墨西哥": ("MX", "Mexico"),
    "多明尼加共和國": ("DO", "Dominican Republic"),
    "比利時": ("BE", "Belgium"),
    "印尼": ("ID", "Indonesia"),
    "西班牙": ("ES", "Spain"),
    "瑞士": ("CH", "Switzerland"),
    "巴拿馬": ("PA", "Panama"),
    "菲律賓": ("PH", "Philippines"),
    "蒙古": ("MN", "Mongolia"),
    "馬來西亞": ("MY", "Malaysia"),
    "斯洛維尼亞": ("SI", "Slovenia"),
    "義大利": ("IT", "Italy"),
    "突尼西亞": ("TN", "Tunisia"),
    "安道爾": ("AD", "Andorra"),
    "挪威": ("NO", "Norway"),
    "英國": ("GB", "United Kingdom"),
    "蘇格蘭": ("GB", "United Kingdom"),
    "澳洲": ("AU", "Australia"),
    "德國": ("DE", "Germany"),
    "法國": ("FR", "France"),
    "波蘭": ("PL", "Poland"),
    "立陶宛": ("LT", "Lithuania"),
    "斯洛伐克": ("SK", "Slovakia"),
    "加拿大": ("CA", "Canada"),
    "韓國": ("KR", "South Korea"),
    "南韓": ("KR", "South Korea"),
    "泰國": ("TH", "Thailand"),
    "緬甸": ("MM", "Myanmar"),
    "阿富汗": ("AF", "Afghanistan"),
    "香港": ("HK", "Hong Kong"),
    "烏克蘭": ("UA", "Ukraine"),
    "奧地利": ("AT", "Austria"),
    "荷蘭": ("NL", "Netherlands"),
    "丹麥": ("DK", "Denmark"),
    "愛沙尼亞": ("EE", "Estonia"),
    "拉脫維亞": ("LV", "Latvia"),
    "匈牙利": ("HU", "Hungary"),
    "以色列": ("IL", "Israel"),
    "斯里蘭卡": ("LK", "Sri Lanka"),
    "印度": ("IN", "India"),
    "尼泊爾": ("NP", "Nepal"),
    "越南": ("VN", "Vietnam"),
    "柬埔寨": ("KH", "Cambodia"),
    "新加坡": ("SG", "Singapore"),
    "瓜地馬拉": ("GT", "Guatemala"),
    "巴拉圭": ("PY", "Paraguay"),
    "智利": ("CL", "Chile"),
    "喬治亞": ("GE", "Georgia"),
    "塞內加爾": ("SN", "Senegal"),
    "烏拉圭": ("UY", "Uruguay"),
    "葡萄牙": ("PT", "Portugal"),
    "貝里斯": ("BZ", "Belize"),
    "南非": ("ZA", "South Africa"),
}
#: Where a participation went: 中國 counts here (「赴中國上海…」), never as a partner country.
PLACES: dict[str, tuple[str, str]] = {**COUNTRIES, "中國": ("CN", "China")}
#: Names of partners and of foreign offices in Taiwan that contain a country's name without
#: saying where an activity took place (「美國在臺協會」, 「日本臺灣交流協會」).
_PARTNER_NAMES = re.compile(
    r"美國在臺協會|日本臺灣交流協會|英國在臺辦事處|斯洛伐克經濟文化辦事處|瑞典貿易暨投資委員會"
    r"|美國國際民主研究院|美國國際共和研究所|美國國際民主協會|美國智庫"
)
_GOING = re.compile(r"(?:赴|於)((?:[^\s、，「」（）]{2,8}?、)*[^\s、，「」（）]{2,8})")


def countries_in(text: str, names: dict[str, tuple[str, str]] = COUNTRIES) -> list[tuple[str, str]]:
    """(printed, code) of each country named in ``text``, longest name first, once per code,
    in the order they are printed; names inside partners' names (「美國在臺協會」) do not count."""
    folded = _PARTNER_NAMES.sub(lambda m: "＿" * len(m.group(0)), squeeze(text))
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str]] = []
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(re.escape(name), folded):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            found.append((span[0], name, names[name][0]))
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for _, name, code in sorted(found):
        if code not in seen:
            seen.add(code)
            out.append((name, code))
    return out


def places_in(text: str) -> list[tuple[str, str]]:
    """Where a participation went: the countries printed right after 赴 or 於 (「赴西班牙、德國
    參與…」, 「參加於日本東京舉行之…」); failing that, the countries it names."""
    folded = squeeze(text)
    found: list[tuple[str, str]] = []
    for going in _GOING.finditer(folded):
        for piece in going.group(1).split("、"):
            for name in sorted(PLACES, key=len, reverse=True):
                if piece.startswith(name):
                    found.append((name, PLACES[name][0]))
                    break
    if found:
        return list({code: (name, code) for name, code in reversed(found)}.values())[::-1]
    return countries_in(text)


def short_title(paragraph: str, *, longest: int = 60) -> str:
    """The opening paragraph up to a comma, colon or full stop outside 「」, 《》 and （）: the first
    one after which the title holds a quoted name (「關注中國人權發展，出版《2015 中國人權觀察報告》」
    rather than 「關注中國人權發展」), as long as that stays within ``longest`` glyphs; else the
    first one."""
    depth = 0
    cuts: list[int] = []
    for index, char in enumerate(paragraph):
        if char in "「『《（(":
            depth += 1
        elif char in "」』》）)":
            depth = max(depth - 1, 0)
        elif char in "，。：" and depth == 0 and index:
            cuts.append(index)
    if not cuts:
        return paragraph.rstrip("。")
    for cut in cuts:
        if cut > longest:
            break
        if re.search("[「《]", paragraph[:cut]):
            return paragraph[:cut]
    return paragraph[: cuts[0]]


TITLES_EN = Path(__file__).resolve().parent.parent / "data" / "tfd_titles_en.csv"


@lru_cache(maxsize=1)
def titles_en() -> dict[str, str]:
    """The project's English translations of the main activities' titles, by identifier."""
    with TITLES_EN.open(encoding="utf-8", newline="") as handle:
        return {row["identifier"]: row["title_en"].strip() for row in csv.DictReader(handle)}


def summary_en(year: int, countries: list[tuple[str, str]]) -> str:
    """An English summary from the record's data (the description is printed in Chinese)."""
    where = [PLACES[name][1] for name, _ in countries]
    text = f"Carried out by the {FOUNDATION_NAME_EN} in {year}."
    return text + (f" Countries named: {', '.join(where)}." if where else "")


@dataclass
class _Main:
    year: int
    ordinal: int
    lines: list[int] = field(default_factory=list)
    parts: list[list[str]] = field(default_factory=list)  # the opening paragraph, then points


@dataclass
class _Other:
    year: int
    lines: list[int] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)


class _Reader(TableReader):
    def __init__(self, file: str) -> None:
        super().__init__(file, TABLE)
        self.year: int | None = None
        self.mode = ""  # "main" or "other"
        self.main: _Main | None = None
        self.other: _Other | None = None
        self.entry_ordinals: dict[int, int] = {}

    def heading(self, text: str) -> bool:
        key = squeeze(text)
        for pattern, mode in ((_MAIN, "main"), (_OTHER, "other")):
            found = pattern.match(key)
            if found:
                self.finish()
                self.year, self.mode = int(found.group(1)), mode
                return True
        return False

    def feed(self, line: SourceLine) -> None:
        text = line.text
        if self.mode == "main":
            self._main(line, text)
        elif self.mode == "other":
            self._other(line, text)
        else:
            self.problem(
                line.number,
                "Appendix 2 text before any year heading; not read.",
                "附錄二中出現於任何年度標題之前的文字，未讀取。",
                text,
            )

    def _main(self, line: SourceLine, text: str) -> None:
        assert self.year is not None
        numbered = _NUMBERED.match(text)
        expected = (self.main.ordinal + 1) if self.main else 1
        if numbered and int(numbered.group(1)) == expected:
            self.finish()
            self.main = _Main(self.year, expected, [line.number], [[numbered.group(2)]])
            return
        if self.main is None:
            self.problem(
                line.number,
                f"Appendix 2, {self.year}: text before main activity 1; not read.",
                f"附錄二 {self.year} 年：出現於第 1 項主要活動之前的文字，未讀取。",
                text,
            )
            return
        self.main.lines.append(line.number)
        point = _POINT.match(text)
        if point:
            self.main.parts.append([text])
        else:
            self.main.parts[-1].append(text)

    def _other(self, line: SourceLine, text: str) -> None:
        assert self.year is not None
        if text.lstrip()[:1] in BULLETS:
            self.finish()
            self.other = _Other(self.year, [line.number], [strip_bullets(text)])
            return
        if self.other is None:
            self.problem(
                line.number,
                f"Appendix 2, {self.year}: text before the first participation; not read.",
                f"附錄二 {self.year} 年：出現於第一項其他國際參與之前的文字，未讀取。",
                text,
            )
            return
        self.other.lines.append(line.number)
        self.other.parts.append(text)

    # -- records -----------------------------------------------------------------------------
    def finish(self) -> None:
        main, self.main = self.main, None
        other, self.other = self.other, None
        if main is not None:
            self.out.activities.append(self._activity(main))
        if other is not None:
            self.out.entries.append(self._entry(other))

    def _activity(self, main: _Main) -> SeedActivity:
        paragraphs = [tidy_cell(close_wide_gaps(join_wrapped(part))) for part in main.parts]
        opening = paragraphs[0]
        countries = countries_in(opening)
        identifier = IDENTIFIER.format(year=main.year, ordinal=main.ordinal)
        title_en = titles_en().get(identifier, "")
        record = ActivityRecord(
            iati_identifier=identifier,
            source=SOURCE,
            title_zh=short_title(opening),
            title_en=title_en,
            title_en_status="translated" if title_en else "",
            description_en=summary_en(main.year, countries) if title_en else "",
            description_en_status="composed" if title_en else "",
            description_zh="\n".join(paragraphs),
            status=STATUS_CLOSED,
            year=main.year,
            reporting_org_name=FOUNDATION_NAME,
            extra={"ordinal": main.ordinal, "countries_printed": [p for p, _ in countries]},
        )
        return SeedActivity(
            record=record,
            file=self.file,
            line_start=min(main.lines),
            line_end=max(main.lines),
            table=TABLE,
            group=str(main.year),
            organisations=[FOUNDATION],
            countries=[CountryMention(printed_name=p, code=c) for p, c in countries],
        )

    def _entry(self, other: _Other) -> SeedEntry:
        ordinal = self.entry_ordinals[other.year] = self.entry_ordinals.get(other.year, 0) + 1
        text = tidy_cell(close_wide_gaps(join_wrapped(other.parts)))
        countries = places_in(text)
        english = [PLACES[p][1] for p, _ in countries]
        where = f" in {', '.join(english)}" if english else ""
        return SeedEntry(
            identifier=ENTRY_IDENTIFIER.format(year=other.year, ordinal=ordinal),
            kind=ENTRY_KIND,
            file=self.file,
            line_start=min(other.lines),
            line_end=max(other.lines),
            table=TABLE,
            title_zh=text.rstrip("。"),
            title_en=f"{FOUNDATION_NAME_EN}: international participation{where} ({other.year})",
            title_en_status="composed",
            year=other.year,
            group=f"{other.year} 其他國際參與",
            extra={"countries": [c for _, c in countries], "organisation": FOUNDATION_NAME},
        )


def extract(lines: Sequence[SourceLine], *, file: str) -> Extraction:
    """Every main activity of Appendix 2 as an activity, every other participation as an entry."""
    reader = _Reader(file)
    start = reader.find_heading(lines, START_MARK, "Appendix 2", "附錄二")
    if start is None:
        return reader.out
    end = find_line(lines, END_MARK, start=start + 1, page_start=True) or len(lines) + 1
    for line in lines[start : end - 1]:
        text = line.text
        if not text or is_page_number(text):
            continue
        if squeeze(text).startswith(SOURCE_NOTE):
            break  # the table's closing source note
        if not reader.heading(text):
            reader.feed(line)
    reader.finish()
    return reader.out
