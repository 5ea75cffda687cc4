"""The white paper's 2022 Ukraine aid table (chapter 7, 表 2022 年我國援助烏克蘭及周邊國家行動彙整).

Every row becomes one humanitarian activity, with the money exactly as the 內容 column prints it.

How the PDF laid the table out, and what the extractor does about it:

* a row starts with its date (``2022/4/22``; one row adds 「起」 on the next line);
* the 單位 (who gave, 與 whom) and 內容 (what was given) columns wrap at a few glyphs each and
  are read together, then split where the 內容 cell opens (捐贈, 第四波捐款, 醫療物資, …);
* the 內容概述 column opens with a private-use bullet; the two EBRD rows have no bullet, and
  there the description is the first line wider than the narrow 內容 column;
* one row crosses a page: the new page's first line carries the tail of the 單位 cell and the
  tail of the 內容 cell side by side (「 政府 美元」), so the first piece goes back to 單位.

Money: every donation is recorded as a disbursement (IATI transaction type "3"), because the
table lists transfers already made (cheques handed over, funds sent through embassies), not
pledges. Rows that give goods (medical supplies, collected goods) or record a budget or a
founding carry no transaction. The amounts are not reconciled with the stated total of more
than USD 40 million: they do not add up to it, and that is kept as a known fact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from partnerhub.activities.records import ActivityRecord, TransactionRecord
from partnerhub.seeds.base import (
    CountryMention,
    Extraction,
    OrganisationMention,
    Problem,
    SeedActivity,
    SeedEntry,
)
from partnerhub.seeds.pdftext import (
    BULLETS,
    SourceLine,
    collapse_spaced,
    find_line,
    is_page_start,
    join_wrapped,
    numbered,
    printed_amount,
    split_bullets,
)

TABLE = "ukraine"
FILE_PATTERN = "002_*.txt"
SOURCE = "whitepaper-ukraine"
TITLE = "表 2022 年我國援助烏克蘭及周邊國家行動彙整"
HEADER = "日期單位內容內容概述"
SECTIONS = ("烏克蘭當地", "烏克蘭週邊國家", "國際組織", "援烏後續")

_ROW = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})\s*(.*)$")
_END = re.compile(r"^[一二三四五六七八九十]+、")
_OPENER = re.compile(r"醫療物資|延續第.波捐款|第.波捐款|捐贈|增編|成立$")
_WIDE_GAP = re.compile(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])")
_AMOUNT = re.compile(
    r"(?P<prefix>新臺幣|NT\$)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>億|萬)?"
    r"(?:\s*(?P<thousands>\d+)\s*千)?\s*(?P<unit>美元|歐元|元)"
)
_ABBREVIATED = re.compile(r"^(?P<name>.+?)（(?P<abbr>[A-Za-z][A-Za-z .&-]*)）$")
#: Descriptions wrap at about fifteen glyphs, the 內容 column at about five.
_NARROW = 10


#: Countries the table names, longest first so 烏克蘭 is not found inside a longer word.
COUNTRIES: dict[str, str] = {
    "克羅埃西亞": "HR",
    "拉脫維亞": "LV",
    "愛沙尼亞": "EE",
    "斯洛伐克": "SK",
    "摩爾多瓦": "MD",
    "羅馬尼亞": "RO",
    "烏克蘭": "UA",
    "匈牙利": "HU",
    "立陶宛": "LT",
    "波蘭": "PL",
    "捷克": "CZ",
}


@dataclass
class _Row:
    date: dt.date
    date_printed: str
    line_start: int
    line_end: int
    group: str
    head: list[str] = field(default_factory=list)  # 單位 + 內容 lines
    interleaved: list[str] = field(default_factory=list)  # tokens of a page-crossing line
    head_open: bool = False  # the 內容 cell goes on after a page-crossing line
    paragraphs: list[list[str]] = field(default_factory=list)  # 內容概述, one list per bullet


def extract(lines: Sequence[str | SourceLine], file: str) -> Extraction:
    """Every row of the Ukraine aid table as an activity; anything unreadable as a problem."""
    result = Extraction(table=TABLE)
    numbered_lines = numbered(lines)
    file_name = file
    start = find_line(numbered_lines, TITLE)
    if start is None:
        result.problems.append(
            Problem(
                file=file_name,
                line=1,
                message_en=f"The Ukraine aid table ({TITLE}) was not found.",
                message_zh=f"找不到援助烏克蘭行動彙整表（{TITLE}）。",
            )
        )
        return result
    rows = _rows(numbered_lines[start:], file_name, result.problems)
    for index, row in enumerate(rows, start=1):
        activity = _activity(row, index, file_name, result.problems)
        if activity is None:
            continue
        kind = _NOT_AID.get(activity.record.extra["content_printed"])
        if kind is None:
            result.activities.append(activity)
        else:
            result.entries.append(_entry(activity, kind))
    return result


#: Rows that record no aid: a budget increase and a friendship association's founding.
_NOT_AID = {"增編援外預算": "budget", "成立": "founding"}


def _entry(activity: SeedActivity, kind: str) -> SeedEntry:
    record = activity.record
    name = record.extra["unit_printed"]
    title_en = (
        "MOFA increases its foreign-aid budget"
        if kind == "budget"
        else f"Founding of the {_NAMES_EN.get(name, name)}"
    )
    return SeedEntry(
        identifier=record.iati_identifier,
        kind=kind,
        file=activity.file,
        line_start=activity.line_start,
        line_end=activity.line_end,
        table=TABLE,
        title_zh=record.title_zh,
        title_en=title_en,
        description_zh=record.description_zh,
        date=record.actual_start,
        group=activity.group,
        extra=record.extra,
    )


_NAMES_EN = {"臺灣與烏克蘭國會議員友好協會": "Taiwan–Ukraine Parliamentary Friendship Association"}


def _squash(text: str) -> str:
    """Text with justified spacing between Chinese glyphs removed."""
    return _WIDE_GAP.sub("", collapse_spaced(text)).strip()


def _rows(lines: list[SourceLine], file_name: str, problems: list[Problem]) -> list[_Row]:
    rows: list[_Row] = []
    group = ""
    for line in lines:
        text = line.text
        if not text:
            continue
        if _END.match(text):
            break
        key = _squash(text).replace(" ", "")
        if key == HEADER:
            continue
        if key in SECTIONS:
            group = key
            continue
        match = _ROW.match(text)
        if match:
            year, month, day, rest = match.groups()
            rows.append(
                _Row(
                    date=dt.date(int(year), int(month), int(day)),
                    date_printed=f"{year}/{month}/{day}",
                    line_start=line.number,
                    line_end=line.number,
                    group=group,
                )
            )
            if rest:
                _add_line(rows[-1], rest, line.raw, first=True)
            continue
        if not rows:
            problems.append(_unread(file_name, line.number, text))
            continue
        rows[-1].line_end = line.number
        _add_line(rows[-1], text, line.raw, first=False)
    return rows


def _add_line(row: _Row, text: str, raw: str, *, first: bool) -> None:
    width = len(text.replace(" ", ""))
    if not first and _crosses_page(row, text, raw):
        row.interleaved, row.head_open = text.split(), True
        return
    if row.head_open and width <= _NARROW // 2 + 1:
        row.interleaved.append(text)
        return
    row.head_open = False
    if row.paragraphs:
        _add_description(row, text)
        return
    if text == "起" and not row.head:
        row.date_printed += " 起"
        return
    if any(b in text for b in BULLETS):
        head, *cells = split_bullets(text)
        if head:
            row.head.append(head)
        for cell in cells:
            row.paragraphs.append([cell] if cell else [])
        return
    if not first and row.head and width > _NARROW:
        row.paragraphs.append([text])
        return
    row.head.append(text)


def _crosses_page(row: _Row, text: str, raw: str) -> bool:
    """A new page's first line holding short tails of the 單位 and 內容 cells side by side."""
    tokens = text.split()
    return (
        not row.interleaved
        and is_page_start(raw)
        and len(tokens) > 1
        and all(len(t) <= 4 for t in tokens)
        and not any(b in text for b in BULLETS)
    )


def _add_description(row: _Row, text: str) -> None:
    head, *cells = split_bullets(text)
    if head:
        row.paragraphs[-1].append(head)
    for cell in cells:
        row.paragraphs.append([cell] if cell else [])


def _head_cells(row: _Row) -> tuple[str, str] | None:
    """The 單位 and 內容 cells of a row, or None when the 內容 cell cannot be found."""
    text = _squash(join_wrapped(row.head))
    opener = _OPENER.search(text)
    if opener is None:
        return None
    unit, content = text[: opener.start()], text[opener.start() :]
    if row.interleaved:
        unit += row.interleaved[0]
        content = join_wrapped([content, *row.interleaved[1:]])
    return _squash(unit), _squash(content)


def _activity(
    row: _Row, index: int, file_name: str, problems: list[Problem]
) -> SeedActivity | None:
    cells = _head_cells(row)
    if cells is None:
        problems.append(_no_content(row, file_name))
        return None
    unit, content = cells
    description = "\n".join(_squash(join_wrapped(p)) for p in row.paragraphs if p)
    donors, recipients = _parties(unit, content)
    mentions = [_mention(name, "1") for name in donors] + [
        _mention(name, "4") for name in recipients
    ]
    countries = _countries(" ".join([*recipients, content])) or _countries(description)
    record = ActivityRecord(
        iati_identifier=f"TW-SEEDS-UKRAINE-2022-{index:02d}",
        source=SOURCE,
        title_zh=f"{'、'.join(recipients) or unit}：{content}",
        description_zh=description,
        modality="humanitarian",
        humanitarian=True,
        actual_start=row.date,
        year=row.date.year,
        extra={
            "date_printed": row.date_printed,
            "unit_printed": unit,
            "content_printed": content,
            "section": row.group,
        },
    )
    transaction = _transaction(row, content, description, donors, recipients, countries)
    if transaction is not None:
        record.transactions.append(transaction)
        record.default_currency = transaction.currency
    return SeedActivity(
        record=record,
        file=file_name,
        line_start=row.line_start,
        line_end=row.line_end,
        table=TABLE,
        group=row.group,
        organisations=mentions,
        countries=[CountryMention(printed_name=name, code=code) for name, code in countries],
    )


def _parties(unit: str, content: str) -> tuple[list[str], list[str]]:
    """Donors and recipients: the 單位 cell reads 「donor、donor與recipient、recipient」."""
    # 「臺灣與烏克蘭國會議員友好協會」 is one name: the row records that association's founding.
    if content == "成立" or "與" not in unit:
        return ([], [unit]) if content == "成立" else ([unit], [])
    donors, recipients = unit.split("與", 1)
    return _names(donors), _names(recipients)


def _names(cell: str) -> list[str]:
    return [name.strip() for name in cell.split("、") if name.strip()]


def _mention(printed: str, role: str) -> OrganisationMention:
    match = _ABBREVIATED.match(printed)
    name, abbr = (match["name"], match["abbr"]) if match else (printed, "")
    if name.isascii():
        abbr = abbr or name
    return OrganisationMention(
        printed_name=name, role=role, category=_category(name), abbreviation=abbr
    )


def _category(name: str) -> str:
    if name in {"外交部", "衛福部", "財政部關務署"}:
        return "ministry"
    if name.startswith("財團法人"):
        return "foundation"
    if name == "EBRD":
        return "multilateral-bank"
    if name.endswith("醫院"):
        return "hospital-university"
    if "NGO" in name or name.endswith("記者組織"):
        return "ingo"
    if name.endswith(("政府", "署")) and _countries(name):
        return "partner-government"
    return "other"


def _countries(text: str) -> list[tuple[str, str]]:
    """(printed name, ISO code) of every country named in ``text``, first mention first."""
    found: list[tuple[int, str, str]] = []
    taken: set[int] = set()
    for name, code in COUNTRIES.items():
        for match in re.finditer(name, text):
            if match.start() not in taken and all(c != code for _, _, c in found):
                found.append((match.start(), name, code))
                taken.update(range(match.start(), match.end()))
    return [(name, code) for _, name, code in sorted(found)]


def _transaction(
    row: _Row,
    content: str,
    description: str,
    donors: list[str],
    recipients: list[str],
    countries: list[tuple[str, str]],
) -> TransactionRecord | None:
    amount = _AMOUNT.search(content)
    where = "內容"
    # 「延續第四波捐款」 names no sum in its 內容 cell; the description gives it.
    if amount is None and "捐款" in content:
        amount, where = _AMOUNT.search(description), "內容概述"
    if amount is None:
        return None
    value, currency = printed_amount(amount)
    if amount["thousands"]:
        value += Decimal(amount["thousands"]) * 1000
    return TransactionRecord(
        type="3",
        value=value,
        currency=currency,
        date=row.date,
        printed_amount=amount[0].strip(),
        description=f"{where}: {content}",
        provider_name="、".join(donors),
        receiver_name="、".join(recipients),
        recipient_country=countries[0][1] if len(countries) == 1 else "",
    )


def _no_content(row: _Row, file_name: str) -> Problem:
    return Problem(
        file=file_name,
        line=row.line_start,
        message_en="Ukraine table row: the 內容 (content) cell could not be told apart from the 單位 (unit) cell.",
        message_zh="援烏彙整表：無法區分本列的「單位」與「內容」欄。",
        text=" ".join(row.head),
    )


def _unread(file_name: str, number: int, text: str) -> Problem:
    return Problem(
        file=file_name,
        line=number,
        message_en="Ukraine table: a line outside any dated row could not be read.",
        message_zh="援烏彙整表：此行不屬於任何日期列，無法解析。",
        text=text,
    )
