"""Records read from running text: each passage named by its first and last words, checked in print.

The white paper's body and the 2024 review print their cooperation records as sentences, not as
tables, so no layout tells where a record starts. A module that reads such text lists its
passages (:class:`Passage`): where each starts and ends (words as printed, spaces ignored, so a
passage may run over line and page breaks) and what it records. The reader then checks the print:

* a passage that is not found is a problem, and gives no record;
* every printed field of a passage (date, amount, countries, venue, names, organisations) must
  occur inside it, or the passage is a problem and gives no record: a wording that changes in a
  new edition is reported, never carried over from the old one;
* dates and amounts are parsed from the printed words (「2023 年 2 月 6 日」, 「逾 4,072 萬美元」);
  a country's code comes from the reference names, and a name they do not know is a problem;
* every line of the module's section that looks like an entry (its ``cue``) must lie inside a
  passage, either one that gives a record or one listed as no record, with the reason
  (``kind="none"``); any other such line is a problem, so nothing is dropped silently.

Provenance is the range of lines the passage covers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from partnerhub.activities.records import ActivityRecord, TransactionRecord
from partnerhub.events.services import EventRecord
from partnerhub.seeds.base import (
    CountryMention,
    Extraction,
    OrganisationMention,
    Problem,
    SeedActivity,
    SeedEntry,
    SeedEvent,
    SeedOrganisation,
)
from partnerhub.seeds.extract.cells import CountryNames
from partnerhub.seeds.pdftext import (
    SourceLine,
    find_line,
    is_page_number,
    printed_amount,
    squeeze,
)

ACTIVITY, EVENT, ENTRY, ORGANISATION, NONE = "activity", "event", "entry", "organisation", "none"

_DATE = re.compile(r"^(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})日)?$")
_AMOUNT = re.compile(
    r"^(?P<about>逾|約|超過)?(?P<prefix>新臺幣)?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<mult>億|萬)?"
    r"(?P<unit>美元|歐元|元)$"
)

#: A printed date as (year, month, day); the month and the day only when printed.
_Date = tuple[int, int | None, int | None]


@dataclass(frozen=True)
class Org:
    """An organisation a passage prints, with its role (IATI role, or an event organiser role)."""

    printed: str
    role: str
    category: str = "other"
    name_en: str = ""
    abbreviation: str = ""


@dataclass(frozen=True)
class Passage:
    """One record (or one deliberate non-record) of running text, and what the print says of it."""

    key: str  # stable: part of the identifier or slug
    kind: str  # ACTIVITY, EVENT, ENTRY, ORGANISATION or NONE
    start: str  # the passage's first words as printed (spaces ignored)
    end: str = ""  # its last words, when it runs past ``start``
    title_zh: str = ""
    title_en: str = ""
    names: tuple[str, ...] = ()  # printed names the passage must contain (project, event names)
    date: str = ""  # as printed: 「2023年2月6日」, 「3月」, 「2017年」
    period_end: str = ""  # as printed, for a period (「2020年」 in 「2011 年至 2020 年」)
    countries: tuple[str, ...] = ()  # printed country names
    amount: str = ""  # as printed: 「1.3億美元」
    transaction_type: str = "3"  # IATI transaction type of ``amount``: 2 commitment, 3 disbursement
    provider: str = ""  # who gave ``amount``, as printed, when no funding organisation is named
    modality: str = ""
    organisations: tuple[Org, ...] = ()
    event_kind: str = ""
    venue: str = ""  # as printed
    host: str = ""  # printed name of the host country (event), when printed
    host_code: str = ""  # the host country's code when only its city is printed (日內瓦 → CH)
    entry_kind: str = ""
    reason: str = ""  # for NONE: why the passage is no record
    note: str = ""  # kept in ``extra`` (「the fund's year is not printed」)
    heading: str = ""  # a heading before the passage that prints what it leaves out (its country)


@dataclass
class _Span:
    passage: Passage
    first: int  # line numbers
    last: int
    text: str  # the passage's text, wrapped lines joined
    flat: str  # the same, squeezed


def _never(text: str) -> bool:
    return False


@dataclass
class Reader:
    """Reads a module's passages from a document and builds the records."""

    table: str
    source: str
    identifier_prefix: str  # activity and entry identifiers
    slug_prefix: str  # event slugs
    file: str
    countries: CountryNames
    default_year: int | None = None  # the year of a document that is about one year
    result: Extraction = field(init=False)

    def __post_init__(self) -> None:
        self.result = Extraction(table=self.table)

    def read(
        self,
        lines: Sequence[SourceLine],
        passages: Iterable[Passage],
        *,
        first: int,
        last: int,
        cue: Callable[[str], bool],
        skip: Callable[[str], bool] = _never,
        heading: Callable[[str], bool] = _never,
    ) -> Extraction:
        """Read ``passages`` between lines ``first`` and ``last``; flag cue lines none covers.

        ``skip`` tells page furniture (running headers, figure captions), which is neither
        read nor cued; ``heading`` tells headings, which passages may include but need not.
        """
        index = _Index(lines, first, last, skip)
        covered: set[int] = set()
        for passage in passages:
            span = index.find(passage)
            if span is None:
                self._problem(
                    first,
                    f"{self.table}: the passage beginning 「{passage.start}」 was not found.",
                    f"{self.table}：找不到以「{passage.start}」開始的段落。",
                    passage.start,
                )
                continue
            covered.update(range(span.first, span.last + 1))
            if passage.kind != NONE:
                self._record(span)
        for line in lines[first - 1 : last]:
            text = line.text
            if not text or skip(text) or heading(text) or line.number in covered:
                continue
            if cue(squeeze(text)):
                self._problem(
                    line.number,
                    f"{self.table}: this line looks like an entry, but no passage reads it.",
                    f"{self.table}：此行看似一筆紀錄，但沒有任何段落讀取它。",
                    text,
                )
        return self.result

    def read_section(
        self,
        lines: Sequence[SourceLine],
        passages: Iterable[Passage],
        start: str,
        end: str,
        *,
        cue: Callable[[str], bool],
        skip: Callable[[str], bool] = _never,
        heading: Callable[[str], bool] = _never,
        with_start_line: bool = True,
        with_end_line: bool = False,
    ) -> Extraction:
        """Read ``passages`` in the section from the line containing ``start`` to the next one
        containing ``end``; those two lines are read or not as ``with_start_line`` and
        ``with_end_line`` say. A section that is not found is a problem, and gives no record."""
        found = section(lines, start, end)
        if found is None:
            self.result.problems.append(missing_section(self.table, self.file, start))
            return self.result
        first = found[0] if with_start_line else found[0] + 1
        last = found[1] if with_end_line else found[1] - 1
        return self.read(
            lines, passages, first=first, last=last, cue=cue, skip=skip, heading=heading
        )

    def read_body(
        self,
        lines: Sequence[SourceLine],
        passages: Iterable[Passage],
        *,
        cue: Callable[[str], bool],
        skip: Callable[[str], bool] = _never,
    ) -> Extraction:
        """Read ``passages`` in the white paper's body: every line before Appendix 1."""
        return self.read(lines, passages, first=1, last=body_end(lines), cue=cue, skip=skip)

    # -- checking the print -------------------------------------------------------------------

    def _record(self, span: _Span) -> None:
        passage = span.passage
        printed = [
            *passage.names,
            *passage.countries,
            *(o.printed for o in passage.organisations),
            *(p for p in (passage.date, passage.period_end, passage.amount, passage.venue) if p),
            *([passage.host] if passage.host else []),
            *([passage.provider] if passage.provider else []),
        ]
        missing = [p for p in printed if squeeze(p) not in span.flat]
        if missing:
            self._passage_problem(
                span,
                f"「{'」「'.join(missing)}」 is not printed in the passage.",
                f"段落中沒有「{'」「'.join(missing)}」。",
                span.text[:200],
            )
            return
        countries = self._countries(span)
        if countries is None:
            return
        date = _parse_date(passage.date, self.default_year)
        if passage.date and date is None:
            self._passage_problem(
                span,
                f"the date 「{passage.date}」 cannot be read.",
                f"無法解讀日期「{passage.date}」。",
                passage.date,
            )
            return
        if date is None and self.default_year:
            date = (self.default_year, None, None)
        build = {
            ACTIVITY: self._activity,
            EVENT: self._event,
            ENTRY: self._entry,
            ORGANISATION: self._organisation,
        }[passage.kind]
        build(span, date, countries)

    def _countries(self, span: _Span) -> list[tuple[str, str]] | None:
        found: list[tuple[str, str]] = []
        for name in (*span.passage.countries, *([span.passage.host] if span.passage.host else [])):
            code = self.countries.code(name)
            if not code:
                self._passage_problem(
                    span,
                    f"「{name}」 is no known country name.",
                    f"「{name}」不是已知的國家名稱。",
                    name,
                )
                return None
            found.append((name, code))
        return found

    # -- building records ---------------------------------------------------------------------

    def _extra(self, span: _Span) -> dict[str, object]:
        passage = span.passage
        extra: dict[str, object] = {"passage": passage.key}
        for name in ("date", "period_end", "amount", "venue"):
            if getattr(passage, name):
                extra[f"{name}_printed"] = getattr(passage, name)
        if passage.names:
            extra["names_printed"] = list(passage.names)
        if passage.note:
            extra["note"] = passage.note
        return extra

    def _activity(self, span: _Span, date: _Date | None, countries: list[tuple[str, str]]) -> None:
        passage = span.passage
        year = date[0] if date else None
        record = ActivityRecord(
            iati_identifier=f"{self.identifier_prefix}-{passage.key}",
            source=self.source,
            title_zh=passage.title_zh,
            title_en=passage.title_en,
            title_en_status="translated" if passage.title_en else "",
            description_zh=span.text,
            modality=passage.modality,
            humanitarian=passage.modality == "humanitarian",
            actual_start=_day(date),
            year=year,
            extra=self._extra(span),
        )
        period_end = _parse_date(passage.period_end, None)
        if period_end is not None:
            record.extra["period_end_year"] = period_end[0]
        if passage.amount:
            transaction = self._transaction(span, date, countries)
            if transaction is None:
                return
            record.transactions.append(transaction)
            record.default_currency = transaction.currency
        self.result.activities.append(
            SeedActivity(
                record=record,
                file=self.file,
                line_start=span.first,
                line_end=span.last,
                table=self.table,
                group=str(year) if year else "",
                organisations=[_mention(o) for o in passage.organisations],
                countries=[CountryMention(printed_name=n, code=c) for n, c in countries],
            )
        )

    def _transaction(
        self, span: _Span, date: _Date | None, countries: list[tuple[str, str]]
    ) -> TransactionRecord | None:
        passage = span.passage
        match = _AMOUNT.match(squeeze(passage.amount))
        if match is None:
            self._passage_problem(
                span,
                f"the amount 「{passage.amount}」 cannot be read.",
                f"無法解讀金額「{passage.amount}」。",
                passage.amount,
            )
            return None
        value, currency = printed_amount(match)
        funders = [o.printed for o in passage.organisations if o.role == "1"]
        receivers = [o.printed for o in passage.organisations if o.role == "4"]
        return TransactionRecord(
            type=passage.transaction_type,
            value=value,
            currency=currency,
            date=_day(date),
            printed_amount=passage.amount,
            description=span.text[:500],
            provider_name="、".join(funders) or passage.provider or "臺灣",
            receiver_name="、".join(receivers),
            recipient_country=countries[0][1] if len(countries) == 1 else "",
        )

    def _event(self, span: _Span, date: _Date | None, countries: list[tuple[str, str]]) -> None:
        passage = span.passage
        if date is None:
            self._passage_problem(
                span,
                "an event needs at least its year.",
                "活動至少須有年份。",
                span.text[:200],
            )
            return
        start, end = _period(date)
        host = {n: c for n, c in countries}.get(passage.host, "") or passage.host_code
        participants = [(n, c) for n, c in countries if n != passage.host]
        record = EventRecord(
            slug=f"{self.slug_prefix}-{passage.key}",
            kind=passage.event_kind or "other",
            date_start=start,
            date_end=end,
            source=self.source,
            title_zh=passage.title_zh,
            title_en=passage.title_en,
            title_en_status="translated" if passage.title_en else "",
            description_zh=span.text,
            venue=passage.venue,
            host_country_code=host,
        )
        self.result.events.append(
            SeedEvent(
                record=record,
                file=self.file,
                line_start=span.first,
                line_end=span.last,
                table=self.table,
                group=str(start.year),
                organisations=[_mention(o) for o in passage.organisations],
                countries=[CountryMention(printed_name=n, code=c) for n, c in participants],
            )
        )

    def _entry(self, span: _Span, date: _Date | None, countries: list[tuple[str, str]]) -> None:
        passage = span.passage
        extra = self._extra(span)
        if countries:
            extra["countries"] = [c for _, c in countries]
        if passage.organisations:
            extra["organisations_printed"] = [o.printed for o in passage.organisations]
        self.result.entries.append(
            SeedEntry(
                identifier=f"{self.identifier_prefix}-{passage.key}",
                kind=passage.entry_kind,
                file=self.file,
                line_start=span.first,
                line_end=span.last,
                table=self.table,
                title_zh=passage.title_zh,
                title_en=passage.title_en,
                description_zh=span.text,
                date=_day(date),
                year=date[0] if date else None,
                group=str(date[0]) if date else "",
                extra=extra,
            )
        )

    def _organisation(
        self, span: _Span, date: _Date | None, countries: list[tuple[str, str]]
    ) -> None:
        for org in span.passage.organisations:
            self.result.organisations.append(
                SeedOrganisation(
                    mention=_mention(org),
                    file=self.file,
                    line_start=span.first,
                    line_end=span.last,
                    table=self.table,
                    country_code=countries[0][1] if countries else "",
                    description_zh=span.text,
                )
            )

    def _passage_problem(self, span: _Span, message_en: str, message_zh: str, text: str) -> None:
        """A problem with one passage, named by the table and the passage's key."""
        key = span.passage.key
        self._problem(
            span.first,
            f"{self.table} 「{key}」: {message_en}",
            f"{self.table}「{key}」：{message_zh}",
            text,
        )

    def _problem(self, line: int, message_en: str, message_zh: str, text: str = "") -> None:
        self.result.problems.append(
            Problem(
                file=self.file, line=line, message_en=message_en, message_zh=message_zh, text=text
            )
        )


class _Index:
    """The section's text as one squeezed string, each character knowing its line and its place
    in the joined (unsqueezed) text, so that a passage's own words can be cut out exactly."""

    def __init__(
        self, lines: Sequence[SourceLine], first: int, last: int, skip: Callable[[str], bool]
    ) -> None:
        chars: list[str] = []
        owners: list[int] = []
        places: list[int] = []
        joined = ""
        for line in lines[first - 1 : last]:
            text = line.text
            if not text or is_page_number(text) or skip(text):
                continue
            if joined and not _is_wide(joined[-1]) and not _is_wide(text[0]):
                joined += "" if joined[-1] in "-/" else " "
            for char in text:
                for folded in squeeze(char):
                    chars.append(folded)
                    owners.append(line.number)
                    places.append(len(joined))
                joined += char
        self.flat = "".join(chars)
        self.owners = owners
        self.places = places
        self.joined = joined

    def find(self, passage: Passage) -> _Span | None:
        after = 0
        context = ""
        if passage.heading:
            at = self.flat.find(squeeze(passage.heading))
            if at < 0:
                return None
            after = at + len(squeeze(passage.heading))
            context = self.flat[at:after]
        start = self.flat.find(squeeze(passage.start), after)
        if start < 0:
            return None
        stop = start + len(squeeze(passage.start))
        if passage.end:
            at = self.flat.find(squeeze(passage.end), start)
            if at < 0:
                return None
            stop = at + len(squeeze(passage.end))
        first = self.owners[after - len(context) if context else start]
        text = self.joined[self.places[start] : self.places[stop - 1] + 1]
        return _Span(
            passage, first, self.owners[stop - 1], _tidy(text), context + self.flat[start:stop]
        )


def _is_wide(char: str) -> bool:
    return not char.isascii() and not char.isspace()


def _tidy(text: str) -> str:
    """Joined text without the layout spaces between wide glyphs."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return re.sub(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])", "", text)


def _parse_date(printed: str, default_year: int | None) -> _Date | None:
    """(year, month, day) of a printed date; the year from ``default_year`` when not printed."""
    if not printed:
        return None
    match = _DATE.match(squeeze(printed))
    if match is None or not (match["y"] or match["m"]):
        return None
    year = int(match["y"]) if match["y"] else default_year
    if year is None:
        return None
    month = int(match["m"]) if match["m"] else None
    day = int(match["d"]) if match["d"] and month else None
    return year, month, day


def _day(date: _Date | None) -> dt.date | None:
    """The exact day, only when the print gives one."""
    if date is None or date[1] is None or date[2] is None:
        return None
    return dt.date(date[0], date[1], date[2])


def _period(date: _Date) -> tuple[dt.date, dt.date]:
    """The days a printed date covers: one day, a month, or a whole year."""
    year, month, day = date
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day), dt.date(year, month, day)


def _mention(org: Org) -> OrganisationMention:
    return OrganisationMention(
        printed_name=org.printed,
        role=org.role,
        category=org.category,
        name_en=org.name_en,
        abbreviation=org.abbreviation,
    )


#: The white paper's appendices start with this heading; the body is everything before it.
APPENDICES_MARK = "附錄一 2018 年至 2022 年"


def section(
    lines: Sequence[SourceLine], start: str, end: str, *, after: int = 1
) -> tuple[int, int] | None:
    """The line numbers of the first line containing ``start`` and the next containing ``end``."""
    first = find_line(lines, start, start=after)
    if first is None:
        return None
    last = find_line(lines, end, start=first + 1)
    return (first, last) if last is not None else None


def body_end(lines: Sequence[SourceLine]) -> int:
    """The last line of the white paper's body: the line before Appendix 1's heading."""
    found = find_line(lines, APPENDICES_MARK, page_start=True)
    return (found - 1) if found is not None else len(lines)


def missing_section(table: str, file: str, start: str) -> Problem:
    return Problem(
        file=file,
        line=1,
        message_en=f"{table}: the section beginning 「{start}」 was not found.",
        message_zh=f"{table}：找不到以「{start}」開始的章節。",
        text=start,
    )
