"""White paper Appendix 3: every GCTF workshop, 2015-2022, one event per dated row.

Columns (日期 / 舉辦單位 / 主題與內容 / 備註) are told apart in the text dump only by the
private-use bullets that open each organiser and remark cell, by the topic having no bullet, and
by width: the organiser column holds at most about five glyphs a line, the others eight or more.
A row starts at its date line. Three columns may share one line (「臺灣外交 「2019 南島… 本次…」),
and a page break can move the end of one cell below the start of a later one, so a line that
continues no open cell is given to the first remark still waiting for its full stop.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from partnerhub.events.services import EventRecord
from partnerhub.seeds.aliases import canonical_for
from partnerhub.seeds.base import Extraction, OrganisationMention, SeedEvent
from partnerhub.seeds.extract.cells import CountryNames, TableReader
from partnerhub.seeds.pdftext import (
    BULLETS,
    SourceLine,
    close_wide_gaps,
    collapse_spaced,
    find_line,
    is_page_number,
    is_repeated_header,
    join_wrapped,
    split_bullets,
    squeeze,
    tidy_cell,
)

TABLE = "appendix-3"
SOURCE = "whitepaper-appendix-3"
FILE_PATTERN = "002_*.txt"
START_MARK = "附錄三 GCTF 歷年活動彙整"
END_MARK = "附錄四"
HEADERS = ("日期 舉辦單位 主題與內容 備註",)
SOURCE_NOTE = "資料來源"
KIND = "gctf-workshop"
ORGANISER, CO_ORGANISER = "organiser", "co-organiser"
#: Organisers printed beyond this width cannot be in the narrow organiser column.
ORGANISER_WIDTH = 6

_DATE = re.compile(
    r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:\s*[-–~]\s*(?:(\d{4})/)?(?:(\d{1,2})/)?(\d{1,2}))?$"
)
# The last characters of a complete organisation name; 「臺灣外交」 or 「美國在臺協」 are not.
_ORG_END = re.compile(r"(部|署|局|處|會|院|中心|所|團|室|館|司|組|府|盟|校|學|\)|[A-Za-z]{2,})$")
# How a GCTF topic ends (研習營, 研討會, 工作坊, 研習班, 論壇」…); a topic ending otherwise wraps on.
_TOPIC_END = re.compile(r"(會|營|坊|班|壇|習|議|」)$")
_COUNTRY_COUNT = re.compile(r"參與者國家[:：](\d+)國")
_COUNTRY_TOTAL = re.compile(r"共(\d+)國")  # 「來自…等區域共 32 國近 300 名…」
_PARTICIPANTS = re.compile(r"(\d+)(?:餘|多)?(?:名|人|位)")
_VENUE = re.compile(r"於(.+?)舉辦")
_FOREIGN = {"foreign-mission", "partner-government"}


@dataclass
class _Cell:
    kind: str  # "org", "topic" or "remark"
    parts: list[str] = field(default_factory=list)
    after_topic: bool = False  # a bullet cell after the topic: an organiser only if it reads as one
    # The dump ends the last line of a text block with a space: when the line that last fed this
    # cell is known, that space says whether the cell has ended; otherwise its wording decides.
    ended: bool | None = None

    @property
    def text(self) -> str:
        return tidy_cell(join_wrapped(close_wide_gaps(p) for p in self.parts))

    @property
    def open(self) -> bool:
        if self.ended is not None:
            return not self.ended
        return self.open_by_wording

    @property
    def open_by_wording(self) -> bool:
        text = squeeze(self.text)
        if self.kind == "org":
            return not text or text.endswith("、") or not _ORG_END.search(text)
        if self.kind == "topic":
            return text.count("「") > text.count("」") or not _TOPIC_END.search(text)
        return not text.endswith(("。", "．"))


@dataclass
class _Row:
    date_start: dt.date
    date_end: dt.date | None
    lines: list[int] = field(default_factory=list)
    cells: list[_Cell] = field(default_factory=list)
    current: _Cell | None = None

    def cells_of(self, kind: str) -> list[_Cell]:
        return [c for c in self.cells if c.kind == kind]

    def add(self, cell: _Cell, text: str, *, ended: bool | None = None) -> None:
        cell.parts.append(text)
        cell.ended = ended
        if cell not in self.cells:
            self.cells.append(cell)
        self.current = cell


def _width(text: str) -> int:
    return len(squeeze(collapse_spaced(text)))


class _Reader(TableReader):
    def __init__(self, file: str, countries: CountryNames) -> None:
        super().__init__(file, TABLE)
        self.countries = countries
        self.row: _Row | None = None
        self.slugs: dict[str, int] = {}
        self.held_abroad: dict[str, str] = {}  # a forum's name -> where the body says it was held

    def date(self, line: SourceLine) -> bool:
        m = _DATE.match(squeeze(line.text))
        if not m:
            return False
        self.finish()
        try:
            start = dt.date(int(m[1]), int(m[2]), int(m[3]))
            end = None
            if m[6]:
                end = dt.date(int(m[4] or m[1]), int(m[5] or m[2]), int(m[6]))
        except ValueError:
            self.problem(line.number, "Not a calendar date.", "不是有效的日期。", line.text)
            return True
        self.row = _Row(date_start=start, date_end=end, lines=[line.number])
        return True

    def feed(self, line: SourceLine) -> None:
        row = self.row
        if row is None:
            self.problem(
                line.number,
                "Appendix 3 text before any date; not read.",
                "附錄三中出現於任何日期之前的文字，未讀取。",
                line.text,
            )
            return
        row.lines.append(line.number)
        pieces = split_bullets(line.text)
        if pieces[0]:
            self._continuation(row, pieces[0])
        for index, piece in enumerate(pieces[1:]):
            if piece:
                self._bullet(row, piece, first=index == 0)
        if row.current is not None:
            row.current.ended = line.raw.endswith(" ")

    def _bullet(self, row: _Row, piece: str, *, first: bool) -> None:
        has_topic = bool(row.cells_of("topic"))
        if first and not has_topic:
            head, _, rest = collapse_spaced(piece).partition(" ")
            row.add(_Cell("org"), head)
            if rest.strip():
                row.add(_Cell("topic"), rest)
        elif first and _width(piece) <= ORGANISER_WIDTH:
            row.add(_Cell("org", after_topic=True), piece)
        else:
            row.add(_Cell("remark"), piece)

    def _continuation(self, row: _Row, text: str) -> None:
        orgs, topics = row.cells_of("org"), row.cells_of("topic")
        remarks = row.cells_of("remark")
        # A remark's last line can be as short as an organiser's, but only a remark has sentence
        # punctuation or closing quotes.
        narrow = _width(text) <= ORGANISER_WIDTH and not any(c in text for c in "。．，」〉；")
        current = row.current
        if current is not None and current.kind == "topic" and current.open:
            row.add(current, text)
        elif orgs and orgs[-1].open and narrow:
            row.add(orgs[-1], text)
        elif current is not None and current.kind == "remark" and current.open:
            row.add(current, text)
        elif topics and topics[-1].open:
            row.add(topics[-1], text)
        elif not topics:
            row.add(orgs[-1] if orgs and narrow else _Cell("topic"), text)
        elif not remarks:
            row.add(topics[-1], text)
        else:
            # A page break moved this line below later cells: it ends the first unfinished remark.
            waiting = [c for c in remarks if c.open]
            row.add(waiting[0] if waiting else remarks[-1], text)

    # -- events ------------------------------------------------------------------------------
    def finish(self) -> None:
        row, self.row = self.row, None
        if row is None:
            return
        for cell in row.cells:
            if cell.after_topic and cell.open:
                cell.kind = "remark"  # a short remark, not an organiser that runs on
        topic = " ".join(c.text for c in row.cells_of("topic"))
        orgs = row.cells_of("org")
        first, last = min(row.lines), max(row.lines)
        if not topic or not orgs:
            self.problem(
                first,
                f"GCTF row at lines {first}-{last} has no topic or no organiser; not imported.",
                f"附錄三第 {first}-{last} 行的活動缺少主題或舉辦單位，未匯入。",
                " / ".join(c.text for c in row.cells),
            )
            return
        self.out.events.append(self._event(row, topic, first, last))

    def _event(self, row: _Row, topic: str, first: int, last: int) -> SeedEvent:
        remarks = [c.text for c in row.cells_of("remark")]
        notes = "\n".join(remarks)
        folded = squeeze(notes)
        count = _COUNTRY_COUNT.search(folded) or _COUNTRY_TOTAL.search(folded)
        people = [int(n) for n in _PARTICIPANTS.findall(folded)]
        venue = self._venue(remarks, topic)
        mentions = self._organisers(row)
        host = self._host(venue, mentions, topic)
        slug = self._slug(row.date_start)
        record = EventRecord(
            slug=slug,
            title_en=topics_en().get(slug, ""),
            title_en_status="translated" if slug in topics_en() else "",
            kind=KIND,
            date_start=row.date_start,
            date_end=row.date_end,
            source=SOURCE,
            title_zh=topic,
            venue=venue,
            host_country_code=host,
            participating_country_count=int(count.group(1)) if count else None,
            participant_count=max(people) if people else None,
            notes=notes,
        )
        return SeedEvent(
            record=record,
            file=self.file,
            line_start=first,
            line_end=last,
            table=TABLE,
            group=str(row.date_start.year),
            organisations=mentions,
        )

    @staticmethod
    def _venue(remarks: list[str], topic: str) -> str:
        for remark in remarks:
            found = _VENUE.search(squeeze(remark))
            if found:
                # 「於聯合國大會開議期間於紐約舉辦」: the place is what follows the last 於.
                return found.group(1).rsplit("於", 1)[-1]
        return "線上" if re.search("線上|視訊", topic) else ""

    def _slug(self, day: dt.date) -> str:
        base = f"gctf-{day.isoformat()}"
        seen = self.slugs[base] = self.slugs.get(base, 0) + 1
        return base if seen == 1 else f"{base}-{seen}"

    def _organisers(self, row: _Row) -> list[OrganisationMention]:
        mentions: list[OrganisationMention] = []
        for index, cell in enumerate(row.cells_of("org")):
            printed = re.sub(r"\s+", "", cell.text)
            for name in (n for n in re.split("[、，]", printed) if n):
                canonical = canonical_for(name)
                first_cell = index == 0
                category = canonical.category if canonical else _category(name, first_cell)
                taiwan_side = first_cell and (name.startswith("我國") or category not in _FOREIGN)
                mentions.append(
                    OrganisationMention(
                        printed_name=name,
                        role=ORGANISER if taiwan_side else CO_ORGANISER,
                        category=category,
                        name_en=canonical.name_en if canonical else "",
                        abbreviation=canonical.abbreviation if canonical else "",
                    )
                )
        return mentions

    def _host(self, venue: str, mentions: list[OrganisationMention], topic: str) -> str:
        """Where the event was held: its venue, the body's word for a forum held abroad, the
        mission that ran an overseas franchise event; else Taiwan, where GCTF holds its
        workshops (online ones are run from Taiwan)."""
        if venue in CITIES:
            return CITIES[venue]
        if venue:
            found = self.countries.read(venue)
            if found.mentions:
                return found.mentions[0][1]
        for name, place in self.held_abroad.items():
            if name in squeeze(topic):
                found = self.countries.read(place)
                if found.mentions:
                    return found.mentions[0][1]
        if topic.startswith("海外加盟"):
            # An overseas franchise event is held where the Taiwanese mission that runs it sits.
            for mention in mentions:
                if mention.role == ORGANISER:
                    found = self.countries.read(mention.printed_name.removeprefix("我國駐"))
                    if found.mentions:
                        return found.mentions[0][1]
        return "TW"


TOPICS_EN = Path(__file__).resolve().parent.parent / "data" / "gctf_topics_en.csv"


@lru_cache(maxsize=1)
def topics_en() -> dict[str, str]:
    """The project's English translations of the workshops' topics, by event slug."""
    with TOPICS_EN.open(encoding="utf-8", newline="") as handle:
        return {row["slug"]: row["title_en"].strip() for row in csv.DictReader(handle)}


#: Cities the remarks name as venues, with their countries.
CITIES = {"臺北": "TW", "台北": "TW", "高雄": "TW", "紐約": "US", "蒙特婁": "CA", "東京": "JP"}
#: 「首度移師海外，於帛琉舉行「南島語言復振國際論壇」」 in the body of the white paper.
_HELD_ABROAD = re.compile(r"移師海外[,，]於(\S{2,6}?)舉行「([^」]+)」")


def _held_abroad(lines: Sequence[SourceLine]) -> dict[str, str]:
    """Forum name -> place, for the events the body says were held abroad."""
    text = squeeze("".join(line.text.strip() for line in lines))
    return {name: place for place, name in _HELD_ABROAD.findall(text)}


def _category(name: str, first_cell: bool) -> str:
    """The kind of an organiser the alias table does not list, read from how its name ends.

    Taiwan's own missions (「我國駐捷克代表處」) and foreign ones are both missions; a ministry
    or 政府 printed on the partner side is a partner government's.
    """
    if re.search("大使館|代表處|辦事處$", name):
        return "foreign-mission"
    if re.search("政府$|參議院$", name) or (not first_cell and re.search("部$", name)):
        return "partner-government"
    if first_cell and re.search("部|署|局|處$|委員會$|^行政院|^監察院", name):
        return "ministry"
    if re.search("大學|醫院", name):
        return "hospital-university"
    if first_cell and re.search("基金會$|協會$", name):
        return "domestic-ngo"
    return "other"


def extract(
    lines: Sequence[SourceLine],
    *,
    file: str,
    country_names: Iterable[tuple[str, str]] = (),
) -> Extraction:
    """Every GCTF event of Appendix 3, with problems for what could not be read."""
    reader = _Reader(file, CountryNames(country_names))
    reader.held_abroad = _held_abroad(lines[:1] and lines)
    start = reader.find_heading(lines, START_MARK, "Appendix 3", "附錄三")
    if start is None:
        return reader.out
    end = find_line(lines, END_MARK, start=start + 1, page_start=True) or len(lines) + 1
    for line in lines[start : end - 1]:
        text = line.text.strip(" " + BULLETS) and line.text
        if not text or is_page_number(text) or is_repeated_header(text, HEADERS):
            continue
        if squeeze(text).startswith(SOURCE_NOTE):
            break  # the table's closing source note
        if not reader.date(line):
            reader.feed(line)
    reader.finish()
    return reader.out
