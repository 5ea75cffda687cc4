"""News of the 6th NGO Leaders Forum (000, 001) and the INGOs set up in Taiwan (white paper, 002).

One module reads three documents, told apart by what they contain:

* a news item starts with a ``date YYYY-MM-DD`` prefix, the publication date. Web boilerplate
  (「為達最佳瀏覽效果…」, 「首頁 > 焦點」, a photo caption printed twice, 「新聞來源：」) is skipped.
  Every organisation the item names becomes a :class:`SeedOrganisation` with the line it is first
  named on and that sentence as its description. The Chinese item (000) also gives the forum as
  a :class:`SeedEvent` (its day is 「今（7）日」, checked against the publication date) and the
  Kyiv children's project as an activity.
* the two items disagree on the Kyiv project's Taiwanese partner: 000 names 台灣世界展望會
  (World Vision Taiwan), 001 credits MOFA and the Taiwan Fund for Children and Families. Each
  item's activity keeps its own partners and provenance and points at the other; they are not
  merged, because nothing in the sources says which is right.
* the white paper's paragraph 「目前來臺設點的 INGO包括：…」 lists the INGOs set up in Taiwan as
  「中文名」（English name, ABBR）, with what each set up (registered office, Asia-Pacific centre,
  secretariat, headquarters). Names are kept as printed, 「Westminister」 included. An entry
  introduced by 「兼為」 is another name of the entry that follows it (R4R Asia-Pacific Hub and
  CAPRI).

The module runs past the usual four hundred lines because it reads three documents of two
kinds; the news items come first, the white paper's INGO list last.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from partnerhub.activities.records import ActivityRecord
from partnerhub.events.services import EventRecord
from partnerhub.seeds.base import (
    CountryMention,
    Extraction,
    OrganisationMention,
    Problem,
    SeedActivity,
    SeedEvent,
    SeedOrganisation,
)
from partnerhub.seeds.pdftext import SourceLine, find_line, join_wrapped, numbered

TABLE = "news"
SOURCE = "news"
FILE_PATTERN = "00[012]_*.txt"
INGO_TABLE = "ingo-in-taiwan"
INGO_START = "目前來臺設點的 INGO包括"
INGO_END = "總部設立於臺灣"

_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\s*(.*)$")
BOILERPLATE = (
    re.compile(r"^為達最佳瀏覽效果"),
    re.compile(r"^首頁\s*>"),
    re.compile(r"^新聞來源[：:]"),
    re.compile(r"^Additional reporting by"),
)
_FORUM = re.compile(r"第\s*(\d+)\s*屆\s*NGO\s*領袖論壇")
_TODAY = re.compile(r"今（(\d{1,2})）日")
_VENUE = re.compile(r"於(\S{2,20}?(?:飯店|酒店|中心|會館))舉辦")
_ORGANISER = re.compile(r"^(\S{2,10}?)今（\d{1,2}）日")
_THEME = re.compile(r"以「(.+?)」為題")
_KEYNOTE = re.compile(r"邀請.*?(WeWorld|\w+?)主席.*?主題演講")
_PROJECT_ZH = re.compile(r"簽署「(.+?計畫)」的\s*MOU")
_MOU_MONTH = re.compile(r"(\d{4})年(\d{1,2})月正式.*?簽署")
_PROJECT_EN = re.compile(r"involved (a project supporting [^,.]+? in Kyiv)")
_LAST_YEAR = re.compile(
    r"in (January|February|March|April|May|June|July|August|September|October|November|December)"
    r" last year"
)
TAIWAN_PLACES = ("台北", "臺北", "台中", "臺中", "高雄", "台南", "臺南", "新北", "桃園")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class KnownOrganisation:
    """An organisation the news items name, in every form they print it."""

    forms: tuple[str, ...]
    category: str
    name_en: str
    abbreviation: str = ""
    country_code: str = ""
    aliases: tuple[str, ...] = ()


NEWS_ORGANISATIONS: tuple[KnownOrganisation, ...] = (
    KnownOrganisation(
        ("外交部", "Ministry of Foreign Affairs"),
        "ministry",
        "Ministry of Foreign Affairs",
        "MOFA",
        "TW",
    ),
    KnownOrganisation(("WeWorld",), "ingo", "WeWorld", country_code="IT"),
    KnownOrganisation(
        ("基輔市兒童及家庭福利局", "基輔兒童及家庭福利局"),
        "partner-government",
        "Kyiv City Children and Family Services",
        country_code="UA",
    ),
    KnownOrganisation(
        ("基輔市政府",), "partner-government", "Kyiv City Government", country_code="UA"
    ),
    KnownOrganisation(
        ("台灣世界展望會",), "domestic-ngo", "World Vision Taiwan", country_code="TW"
    ),
    KnownOrganisation(
        ("Taiwan Fund for Children and Families",),
        "domestic-ngo",
        "Taiwan Fund for Children and Families",
        country_code="TW",
        aliases=("家扶基金會",),
    ),
)

#: What an INGO set up in Taiwan, by the word the white paper uses for it.
SET_UP: dict[str, str] = {
    "辦事處": "Registered office in Taiwan",
    "亞太中心": "Asia-Pacific centre in Taiwan",
    "秘書處": "Secretariat in Taiwan",
    "總部": "Headquarters in Taiwan",
}
ORIGINS: dict[str, str] = {
    "美國": "US",
    "德國": "DE",
    "捷克": "CZ",
    "西班牙": "ES",
    "日本": "JP",
    "英國": "GB",
}
_INGO_ENTRY = re.compile(
    r"(?P<origin>" + "|".join(ORIGINS) + r")?「(?P<zh>[^」]+)」（(?P<en>[^）]+)）"
)
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9]{1,7}$")


def extract(lines: Sequence[str | SourceLine], file: str) -> Extraction:
    """The organisations, event and activity a news item names, or the white paper's INGO list."""
    numbered_lines = numbered(lines)
    result = Extraction(table=TABLE)
    start = find_line(numbered_lines, INGO_START)
    if start is not None:
        _ingos(numbered_lines, start, file, result)
        return result
    match = _DATE_PREFIX.match(numbered_lines[0].raw) if numbered_lines else None
    if match is None:
        result.problems.append(
            _problem(file, 1, "no 'date YYYY-MM-DD' prefix and no INGO list", "缺少日期前綴")
        )
        return result
    published = dt.date(int(match[1]), int(match[2]), int(match[3]))
    body = _body(numbered_lines, match[4])
    result.organisations.extend(_news_organisations(body, file))
    if any(_FORUM.search(line.text) for line in body):
        _forum_and_project(body, published, file, result)
    else:
        _english_project(body, published, file, result)
    return result


def _body(lines: list[SourceLine], first_rest: str) -> list[SourceLine]:
    """The item's lines without the date prefix, boilerplate or a repeated line."""
    body: list[SourceLine] = []
    for line in [SourceLine(1, first_rest), *lines[1:]]:
        text = line.text
        if not text or any(p.match(text) for p in BOILERPLATE):
            continue
        if body and body[-1].text == text:
            continue  # the photo caption is printed twice
        body.append(line)
    return body


def _sentence(text: str, at: int) -> str:
    """The sentence of ``text`` around position ``at``, in Chinese or English."""
    starts = [text.rfind(p, 0, at) for p in ("。", ". ", "？", "！", "\n")]
    start = max(starts) + 1
    while start < len(text) and text[start] in ". ":
        start += 1
    ends = [i for i in (text.find(p, at) for p in ("。", ". ", "\n")) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def _first_mention(
    body: list[SourceLine], known: KnownOrganisation
) -> tuple[str, SourceLine, int] | None:
    for line in body:
        hits = [(line.text.find(f), f) for f in known.forms if f in line.text]
        if hits:
            at, form = min(hits)
            return form, line, at
    return None


def _news_organisations(body: list[SourceLine], file: str) -> list[SeedOrganisation]:
    found: list[SeedOrganisation] = []
    for known in NEWS_ORGANISATIONS:
        hit = _first_mention(body, known)
        if hit is None:
            continue
        form, line, at = hit
        others = [f for f in known.forms if f != form and any(f in b.text for b in body)]
        found.append(
            SeedOrganisation(
                mention=_mention(known, form, role=""),
                file=file,
                line_start=line.number,
                line_end=line.number,
                table=TABLE,
                aliases=[*others, *known.aliases],
                country_code=known.country_code,
                description_zh=_sentence(line.text, at) if not line.text.isascii() else "",
                description_en=_sentence(line.text, at) if line.text.isascii() else "",
            )
        )
    return found


def _mention(known: KnownOrganisation, form: str, *, role: str) -> OrganisationMention:
    return OrganisationMention(
        printed_name=form,
        role=role,
        category=known.category,
        name_en=known.name_en,
        abbreviation=known.abbreviation,
    )


def _named(printed: str, role: str) -> OrganisationMention:
    """A mention of ``printed`` with what is known about it; an unknown name stays as printed."""
    known = next((k for k in NEWS_ORGANISATIONS if printed in k.forms), None)
    if known is None:
        return OrganisationMention(printed_name=printed, role=role)
    return _mention(known, printed, role=role)


def _forum_and_project(
    body: list[SourceLine], published: dt.date, file: str, result: Extraction
) -> None:
    text = "\n".join(line.text for line in body)
    forum, today = _FORUM.search(text), _TODAY.search(text)
    if forum is None or today is None or int(today[1]) != published.day:
        result.problems.append(
            _problem(
                file, body[0].number, "the forum's day does not match the date", "論壇日期不符"
            )
        )
    else:
        result.events.append(_forum(body, text, forum, published, file))
    project = _PROJECT_ZH.search(text)
    if project is not None:  # a forum item need not report the Kyiv project
        result.activities.append(_kyiv_zh(body, text, project[1], published, file))


def _line_of(body: list[SourceLine], needle: str) -> int:
    return next((line.number for line in body if needle in line.text), body[0].number)


def _forum(
    body: list[SourceLine], text: str, forum: re.Match[str], published: dt.date, file: str
) -> SeedEvent:
    venue, organiser = _VENUE.search(text), _ORGANISER.search(text)
    theme, keynote = _THEME.search(text), _KEYNOTE.search(text)
    plan = next((s for s in text.split("。") if "INGO 中心" in s or "INGO中心" in s), "")
    in_taiwan = venue is not None and any(city in venue[1] for city in TAIWAN_PLACES)
    mentions = []
    if organiser:
        mentions.append(_named(organiser[1], "organiser"))
    if keynote:
        mentions.append(_named(keynote[1], "partner"))
    description = [
        f"主題：「{theme[1]}」" if theme else "",
        _sentence(text, keynote.start()) if keynote else "",
        plan.strip() + "。" if plan else "",
    ]
    record = EventRecord(
        slug=f"ngo-leaders-forum-{forum[1]}-{published.isoformat()}",
        kind="forum",
        date_start=published,
        source=SOURCE,
        title_zh=forum[0].replace(" ", ""),
        title_en=f"{_ordinal(int(forum[1]))} NGO Leaders Forum",
        description_zh="\n".join(d for d in description if d),
        venue=venue[1] if venue else "",
        host_country_code="TW" if in_taiwan else "",
    )
    return SeedEvent(
        record=record,
        file=file,
        line_start=body[0].number,
        line_end=_line_of(body, plan[-10:]) if plan else body[0].number,
        table=TABLE,
        group=str(published.year),
        organisations=mentions,
        countries=[CountryMention(printed_name=venue[1], code="TW")] if venue and in_taiwan else [],
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _kyiv_zh(
    body: list[SourceLine], text: str, title: str, published: dt.date, file: str
) -> SeedActivity:
    mou = _MOU_MONTH.search(text)
    partners = [
        ("外交部", "1"),
        ("基輔市兒童及家庭福利局", "4"),
        ("基輔市政府", "4"),
        ("WeWorld", "4"),
        ("台灣世界展望會", "4"),
    ]
    record = ActivityRecord(
        iati_identifier="TW-SEEDS-NEWS-KYIV-000",
        source=SOURCE,
        title_zh=title,
        description_zh=_sentence(text, text.find("台灣世界展望會")),
        modality="humanitarian",
        humanitarian=True,
        year=int(mou[1]) if mou else None,
        extra={
            "published": published.isoformat(),
            "mou_signed": f"{mou[1]}-{int(mou[2]):02d}" if mou else "",
            "taiwanese_partner_as_printed": "台灣世界展望會",
            "see_also": "TW-SEEDS-NEWS-KYIV-001",
            "inconsistency": "001 credits MOFA and the Taiwan Fund for Children and Families.",
        },
    )
    return SeedActivity(
        record=record,
        file=file,
        line_start=_line_of(body, "基輔市兒童及家庭福利局"),
        line_end=_line_of(body, "台灣世界展望會"),
        table=TABLE,
        group=str(published.year),
        organisations=[_named(name, role) for name, role in partners if name in text],
        countries=[CountryMention(printed_name="烏克蘭", code="UA")],
    )


def _english_project(
    body: list[SourceLine], published: dt.date, file: str, result: Extraction
) -> None:
    text = " ".join(line.text for line in body)
    project = _PROJECT_EN.search(text)
    if project is None:
        return  # an item without the Kyiv project names organisations only
    witnessed = _LAST_YEAR.search(text)
    partners = [
        ("Ministry of Foreign Affairs", "1"),
        ("Taiwan Fund for Children and Families", "4"),
        ("WeWorld", "4"),
    ]
    record = ActivityRecord(
        iati_identifier="TW-SEEDS-NEWS-KYIV-001",
        source=SOURCE,
        title_en=project[1][0].upper() + project[1][1:],
        description_en=_sentence(text, text.find("Partnerships like")),
        modality="humanitarian",
        humanitarian=True,
        year=published.year - 1 if witnessed else None,
        extra={
            "published": published.isoformat(),
            "mou_signed": (
                f"{published.year - 1}-{_MONTHS.index(witnessed[1]) + 1:02d}" if witnessed else ""
            ),
            "taiwanese_partner_as_printed": "Taiwan Fund for Children and Families",
            "see_also": "TW-SEEDS-NEWS-KYIV-000",
            "inconsistency": "000 names 台灣世界展望會 (World Vision Taiwan) as the partner.",
        },
    )
    result.activities.append(
        SeedActivity(
            record=record,
            file=file,
            line_start=_line_of(body, "children affected by war in Kyiv"),
            line_end=_line_of(body, project[1][:30]),
            table=TABLE,
            group=str(published.year),
            organisations=[_named(n, r) for n, r in partners if n in text],
            countries=[CountryMention(printed_name="Ukraine", code="UA")],
        )
    )


@dataclass
class _Joined:
    text: str
    starts: list[tuple[int, int]]  # (offset in text, line number)

    def line_at(self, offset: int) -> int:
        return max((n for start, n in self.starts if start <= offset), default=self.starts[0][1])


def _join(lines: list[SourceLine]) -> _Joined:
    text, starts = "", []
    for line in lines:
        if not line.text:
            continue
        before = len(text)
        text = join_wrapped([text, line.text])
        starts.append((before + (1 if len(text) - before > len(line.text) else 0), line.number))
    return _Joined(text, starts)


def _ingos(lines: list[SourceLine], start: int, file: str, result: Extraction) -> None:
    end = find_line(lines, INGO_END, start=start)
    if end is None:
        result.problems.append(
            _problem(file, start, "the INGO list does not end", "INGO 清單未結束")
        )
        return
    joined = _join(lines[start - 1 : end])
    text = joined.text[joined.text.find("包括") :]
    offset = len(joined.text) - len(text)
    origin, alias_of_next = "", list[str]()
    previous_end = 0
    for entry in _INGO_ENTRY.finditer(text):
        between = text[previous_end : entry.start()]
        origin = entry["origin"] or ("" if "；" in between or "。" in between else origin)
        previous_end = entry.end()
        if text[entry.end() :].startswith("之"):
            alias_of_next = [entry["zh"], entry["en"]]  # 「兼為「X」（Y）之「Z」」: X is Z
            continue
        result.organisations.append(
            _ingo(entry, text, joined.line_at(entry.start() + offset), origin, alias_of_next, file)
        )
        alias_of_next = []


def _ingo(
    entry: re.Match[str], text: str, line: int, origin: str, aliases: list[str], file: str
) -> SeedOrganisation:
    english, _, last = entry["en"].rpartition(", ")
    abbreviation = last if english and _ABBREVIATION.match(last) else ""
    name_en = english if abbreviation else entry["en"]
    after = text[entry.end() :]
    word, at = min(((w, after.find(w)) for w in SET_UP if w in after), key=lambda p: p[1])
    clause_end = min([i for i in (after.find(p, at) for p in "，；。") if i != -1] or [len(after)])
    set_up = after[after.rfind("）", 0, at) + 1 : clause_end].strip("，、 ")
    return SeedOrganisation(
        mention=OrganisationMention(
            printed_name=entry["zh"],
            role="",
            category="ingo",
            name_en=name_en,
            abbreviation=abbreviation,
        ),
        file=file,
        line_start=line,
        line_end=line,
        table=INGO_TABLE,
        aliases=[*aliases, name_en],
        country_code=ORIGINS.get(origin, ""),
        description_zh=set_up,
        description_en=SET_UP[word],
    )


def _problem(file: str, line: int, en: str, zh: str) -> Problem:
    return Problem(file=file, line=line, message_en=f"News: {en}.", message_zh=f"新聞：{zh}。")
