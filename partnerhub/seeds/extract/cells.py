"""Cell readers shared by the table extractors: country lists and organisation names, and the
base of their line readers (:class:`TableReader`).

A PDF table cell that wraps has no end marker, so whether the next line continues it can only be
told from what the cell says. A country list is open while it ends with a separator or with the
beginning of a known name (「尼加拉」 before 「瓜」); an organisation name is open while it is the
beginning of a known name (「普賢文教基金會與阿彌陀」 before 「佛關懷協會（ACC）」).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from partnerhub.core.text import search_key
from partnerhub.reference.matching import CountryMatcher
from partnerhub.seeds.base import Extraction, Problem
from partnerhub.seeds.pdftext import SourceLine, find_line, squeeze

#: Characters that separate items of a list cell when they are not part of a name; 及 is one
#: of them only where no longer name (聖克里斯多福及尼維斯, 奈及利亞) starts at that place.
LIST_SEPARATORS = "、，,;；及與和"
ORG_JOINERS = "與及、"
_COUNT_TAIL = re.compile(r"等(\d+)個國家(/(地區?)?)?$")


@dataclass
class CountryCell:
    """What a (possibly partial) country-list cell says so far."""

    mentions: list[tuple[str, str]] = field(default_factory=list)  # (printed, code)
    unknown: list[str] = field(default_factory=list)  # pieces that name no known country
    tail: str = ""  # trailing text that is not (yet) a whole name
    tail_is_prefix: bool = False
    ends_with_separator: bool = False
    country_count: int | None = None  # 「阿富汗等 124個國家/地區」
    count_open: bool = False

    @property
    def open(self) -> bool:
        """True while the cell cannot have ended (separator, half a name, 「…國家/」)."""
        return (
            self.ends_with_separator or self.count_open or bool(self.tail and self.tail_is_prefix)
        )

    @property
    def fits(self) -> bool:
        """True when every piece is a known name or the start of one."""
        return not self.unknown and (not self.tail or self.tail_is_prefix)


class CountryNames:
    """Country lists read with the reference matcher, plus the name prefixes that keep a cell open.

    Matching is :class:`~partnerhub.reference.matching.CountryMatcher`'s longest match with its
    exclusions; what lies between two matches must be separators, or it is an unknown name.
    """

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        pairs = [(squeeze(name), code) for name, code in names]
        self._matcher = CountryMatcher(pairs)
        keys = {search_key(name) for name, _ in pairs if name}
        self._prefixes = {k[:i] for k in keys for i in range(1, len(k))}

    def code(self, name: str) -> str:
        """The code of the first country named in ``name``, or 「」."""
        found = self.read(name).mentions
        return found[0][1] if found else ""

    def read(self, text: str) -> CountryCell:
        """Read a country-list cell (spaces ignored) into mentions, unknown pieces and a tail."""
        cell = CountryCell()
        printed = squeeze(text)
        count = _COUNT_TAIL.search(printed)
        if count:
            cell.country_count = int(count.group(1))
            cell.count_open = count.group(3) != "地區"
            printed = printed[: count.start()]
        if len(search_key(printed)) != len(printed):  # offsets would not map back to print
            cell.unknown.append(printed)
            return cell
        at = 0
        for match in self._matcher.find(printed):
            cell.unknown.extend(self._pieces(printed[at : match.start]))
            cell.mentions.append((printed[match.start : match.end], match.code))
            at = match.end
        *inner, cell.tail = self._pieces(printed[at:], keep_last=True)
        cell.unknown.extend(inner)
        cell.ends_with_separator = bool(printed[at:]) and printed[-1] in LIST_SEPARATORS
        cell.tail_is_prefix = search_key(cell.tail) in self._prefixes
        return cell

    @staticmethod
    def _pieces(gap: str, *, keep_last: bool = False) -> list[str]:
        """The non-separator pieces of the text between two matches."""
        pieces = re.split(f"[{LIST_SEPARATORS}]", gap)
        if keep_last:
            return [p for p in pieces[:-1] if p] + [pieces[-1]]
        return [p for p in pieces if p]


class OrganisationNames:
    """Known printed organisation names, to tell where an organisation cell starts and ends."""

    def __init__(self, names: Iterable[str]) -> None:
        self._printed = {squeeze(n): n.strip() for n in names if n.strip()}
        self._names = sorted(self._printed, key=len, reverse=True)

    def state(self, text: str) -> str:
        """「full」 when ``text`` is one or more known names joined by 與/及/、, 「prefix」 when it
        is the beginning of such a text, and 「」 otherwise."""
        return "full" if self.split(text) else ("prefix" if self._is_prefix(squeeze(text)) else "")

    def split(self, text: str) -> list[str]:
        """The known names that make up ``text`` (「A與B」 -> [A, B]); empty when it is not that."""
        rest = squeeze(text)
        for name in self._names:
            if rest == name:
                return [self._printed[name]]
            if (
                rest.startswith(name)
                and len(rest) > len(name) + 1
                and rest[len(name)] in ORG_JOINERS
            ):
                tail = self.split(rest[len(name) + 1 :])
                if tail:
                    return [self._printed[name], *tail]
        return []

    def _is_prefix(self, key: str) -> bool:
        if len(key) < 3:
            return False
        for name in self._names:
            if name.startswith(key) and name != key:
                return True
            if key.startswith(name) and len(key) > len(name) and key[len(name)] in ORG_JOINERS:
                rest = key[len(name) + 1 :]
                if not rest or self._is_prefix(rest) or self.split(rest):
                    return True
        return False


class TableReader:
    """What every appendix's line reader starts from: its file, the extraction it fills, and
    :meth:`problem` to report a line it cannot read."""

    def __init__(self, file: str, table: str) -> None:
        self.file = file
        self.out = Extraction(table=table)

    def problem(self, line: int, en: str, zh: str, text: str = "") -> None:
        self.out.problems.append(Problem(self.file, line, en, zh, text))

    def find_heading(
        self, lines: Sequence[SourceLine], mark: str, name_en: str, name_zh: str
    ) -> int | None:
        """The number of the line that opens a page with ``mark``, the table's heading; when
        there is none, a problem naming the table (「Appendix 1」, 「附錄一」) and None."""
        found = find_line(lines, mark, page_start=True)
        if found is None:
            self.problem(1, f"{name_en} heading not found.", f"找不到{name_zh}的標題。", mark)
        return found
