"""White paper Appendix 1: MOFA grants to civil-society groups, 2018-2022, one activity per row.

The table has three columns (計畫名稱 / 補助單位 / 受惠國家) under year headings. In the text dump
a row may wrap over several lines, the three columns share a line, the organisation cell can
continue on the next line between two pieces of the country cell, and page marks and repeated
headers fall inside rows. The reader therefore follows each row's cells by what they say:

* the title runs until a known organisation name (or the start of one) appears;
* the organisation cell stays open while it is only the start of a known name;
* the country cell stays open while it ends with a separator or half a country name, and a
  closed country cell still takes a next line that reads entirely as country names (the cell
  「…聖文森」/「瓜地馬拉…」 lost its separator in print).

Anything that does not fit becomes a :class:`~partnerhub.seeds.base.Problem` with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from partnerhub.activities.records import ActivityRecord
from partnerhub.seeds.aliases import canonical_for, organisation_aliases
from partnerhub.seeds.base import (
    CountryMention,
    Extraction,
    OrganisationMention,
    SeedActivity,
)
from partnerhub.seeds.extract.cells import CountryNames, OrganisationNames, TableReader
from partnerhub.seeds.pdftext import (
    SourceLine,
    find_line,
    is_page_number,
    is_repeated_header,
    join_wrapped,
    squeeze,
)

TABLE = "appendix-1"
SOURCE = "whitepaper-appendix-1"
FILE_PATTERN = "002_*.txt"
START_MARK = "附錄一 2018 年至 2022 年"
END_MARK = "附錄二"
HEADERS = ("計畫名稱 補助單位 受惠國家",)
IDENTIFIER = "TW-MOFA-WP2023-A1-{year}-{ordinal:03d}"
#: IATI ActivityStatus 4 (Closed): every row reports a grant year that had ended by publication.
STATUS_CLOSED = "4"
FUNDER = OrganisationMention(
    printed_name="外交部",
    role="1",
    category="ministry",
    name_en="Ministry of Foreign Affairs",
    abbreviation="MOFA",
)

_YEAR = re.compile(r"^(20\d\d)\s*年$")
# A grantee missing from the alias table is still recognised by how Chinese names of
# organisations end, when it stands between a title and a country list.
_ORG_SUFFIX = re.compile(
    r"(基金會|協會|聯盟|聯合會|診所|醫院|大學|總會|傳道會|辦公室)(（[A-Za-z]+）)?$"
)


@dataclass
class _Row:
    year: int
    lines: list[int] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    org: str = ""
    org_open: bool = False
    countries: list[str] = field(default_factory=list)

    def touch(self, number: int) -> None:
        if number not in self.lines:
            self.lines.append(number)

    @property
    def countries_text(self) -> str:
        return join_wrapped(self.countries)


class _Reader(TableReader):
    def __init__(self, file: str, countries: CountryNames, orgs: OrganisationNames) -> None:
        super().__init__(file, TABLE)
        self.countries, self.orgs = countries, orgs
        self.row: _Row | None = None
        self.ordinals: dict[int, int] = {}

    # -- lines -------------------------------------------------------------------------------
    def feed(self, year: int, line: SourceLine) -> None:
        chunks = line.text.split()
        row = self.row
        if row is None or not row.org:
            self._title(year, chunks, line.number)
            return
        row.touch(line.number)
        if row.org_open:
            chunks = self._extend_org(row, chunks)
        if chunks:
            self._country_line(year, row, chunks, line.number)

    def _title(self, year: int, chunks: list[str], number: int) -> None:
        row = self.row = self.row or _Row(year=year)
        row.touch(number)
        start, end, state = self._find_org(chunks)
        if start is None:
            row.title.append(" ".join(chunks))
            return
        if start:
            row.title.append(" ".join(chunks[:start]))
        row.org = " ".join(chunks[start:end])
        row.org_open = state == "prefix"
        if chunks[end:]:
            row.countries.append(" ".join(chunks[end:]))

    def _find_org(self, chunks: list[str]) -> tuple[int | None, int, str]:
        for i in range(len(chunks)):
            for j in range(len(chunks), i, -1):
                if self.orgs.state("".join(chunks[i:j])) == "full":
                    return i, j, "full"
            if self.orgs.state(chunks[i]) == "prefix":
                return i, i + 1, "prefix"
            rest = "".join(chunks[i + 1 :])
            if i and _ORG_SUFFIX.search(chunks[i]) and (not rest or self.countries.read(rest).fits):
                return i, i + 1, "full"
        return None, 0, ""

    def _extend_org(self, row: _Row, chunks: list[str]) -> list[str]:
        for j in range(len(chunks), 0, -1):
            candidate = join_wrapped([row.org, " ".join(chunks[:j])])
            state = self.orgs.state(candidate)
            if state:
                row.org, row.org_open = candidate, state == "prefix"
                return chunks[j:]
        row.org_open = False  # the cell ended as printed; the line belongs to the countries
        return chunks

    def _country_line(self, year: int, row: _Row, chunks: list[str], number: int) -> None:
        text = " ".join(chunks)
        if not row.countries:
            row.countries.append(text)
            return
        before = self.countries.read(row.countries_text)
        after = self.countries.read(join_wrapped([row.countries_text, text]))
        if before.open or (after.fits and len(after.mentions) > len(before.mentions)):
            row.countries.append(text)
            return
        row.lines.remove(number)
        self.finish()
        self._title(year, chunks, number)

    # -- rows --------------------------------------------------------------------------------
    def finish(self) -> None:
        row, self.row = self.row, None
        if row is None or not row.lines:
            return
        title = join_wrapped(row.title)
        first, last = min(row.lines), max(row.lines)
        if not (title and row.org and row.countries):
            missing = [
                n
                for n, v in (
                    ("計畫名稱", title),
                    ("補助單位", row.org),
                    ("受惠國家", row.countries),
                )
                if not v
            ]
            self.problem(
                first,
                f"Appendix 1 row at lines {first}-{last} lacks {', '.join(missing)}; not imported.",
                f"附錄一第 {first}-{last} 行的資料列缺少{'、'.join(missing)}，未匯入。",
                " / ".join([title, row.org, row.countries_text]),
            )
            return
        self.out.activities.append(self._activity(row, title, first, last))

    def _activity(self, row: _Row, title: str, first: int, last: int) -> SeedActivity:
        ordinal = self.ordinals[row.year] = self.ordinals.get(row.year, 0) + 1
        cell = self.countries.read(row.countries_text)
        extra: dict[str, object] = {
            "organisations_printed": row.org,
            "countries_printed": row.countries_text,
        }
        if cell.country_count is not None:
            extra["country_count"] = cell.country_count
        record = ActivityRecord(
            iati_identifier=IDENTIFIER.format(year=row.year, ordinal=ordinal),
            source=SOURCE,
            title_zh=title,
            status=STATUS_CLOSED,
            modality="ngo-grant",
            year=row.year,
            extra=extra,
        )
        mentions = [CountryMention(printed_name=p, code=c) for p, c in cell.mentions]
        mentions += [CountryMention(printed_name=p) for p in cell.unknown]
        if cell.tail:
            mentions.append(CountryMention(printed_name=cell.tail))
        return SeedActivity(
            record=record,
            file=self.file,
            line_start=first,
            line_end=last,
            table=TABLE,
            group=str(row.year),
            organisations=[FUNDER, *self._grantees(row.org)],
            countries=mentions,
        )

    def _grantees(self, printed: str) -> list[OrganisationMention]:
        names = self.orgs.split(printed)
        if len(names) <= 1:
            names = [printed]
        mentions = []
        for name in names:
            canonical = canonical_for(name)
            mentions.append(
                OrganisationMention(
                    printed_name=name,
                    role="4",
                    category=canonical.category if canonical else "other",
                    name_en=canonical.name_en if canonical else "",
                    abbreviation=canonical.abbreviation if canonical else "",
                )
            )
        return mentions


def extract(
    lines: Sequence[SourceLine],
    *,
    file: str,
    country_names: Iterable[tuple[str, str]],
    organisation_names: Iterable[str] | None = None,
) -> Extraction:
    """Every row of Appendix 1 as a grant activity, with problems for what could not be read."""
    orgs = OrganisationNames(organisation_names or organisation_aliases())
    reader = _Reader(file, CountryNames(country_names), orgs)
    start = reader.find_heading(lines, START_MARK, "Appendix 1", "附錄一")
    if start is None:
        return reader.out
    end = find_line(lines, END_MARK, start=start + 1) or len(lines) + 1
    year: int | None = None
    for line in lines[start - 1 : end - 1]:
        text = line.text
        if not text or is_page_number(text) or is_repeated_header(text, HEADERS):
            continue
        heading = _YEAR.match(squeeze(text))
        if heading:
            reader.finish()
            year = int(heading.group(1))
        elif year is not None:
            reader.feed(year, line)
    reader.finish()
    return reader.out
