"""Helpers for reading text that was extracted from a PDF, line by line, without losing line numbers.

The seed documents are plain-text dumps of PDFs. Their layout leaves marks that every table
extractor has to undo in the same way:

* a line that starts with a single space is the first line of a new PDF page;
* page numbers stand alone on a line, and table headers repeat at the top of each page, both
  possibly in the middle of a table row;
* columns in some tables are marked only by private-use bullets (U+F06C, U+F0B7);
* a Chinese word wrapped across two lines must be joined with no space, while two Latin words
  keep theirs;
* justified text spreads single glyphs apart (「臺 灣 外 交 部」);
* dates may be in the Republic of China calendar (民國 112 年 = 2023).

Line numbers are 1-based, like an editor's, so that provenance can point a reader at the source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

#: The private-use bullets that mark the start of a cell in some appendices.
BULLET_MARK = "\uf06c"  # rendered as a filled square in the PDF
BULLET_DOT = "\uf0b7"  # rendered as a round dot in the PDF
BULLETS = BULLET_MARK + BULLET_DOT

#: The Republic of China calendar starts in 1912, so year 1 is 1912.
ROC_OFFSET = 1911

#: What a printed 億 or 萬 multiplies the number before it by.
MULTIPLIERS = {"億": Decimal(100_000_000), "萬": Decimal(10_000), None: Decimal(1)}
#: The currency each printed unit names; 元 alone is the New Taiwan dollar.
CURRENCIES = {"美元": "USD", "歐元": "EUR", "元": "TWD"}

_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_BULLET_SPLIT = re.compile(f"[{BULLETS}]")
_SPACED_RUN = re.compile(r"(?<!\S)(?:[^\x00-\x7f\s] ){2,}[^\x00-\x7f\s](?!\S)")
_ROC_RANGE = re.compile(r"(?<![\d/.-])(\d{2,3})\s*[-–~至]\s*(\d{2,3})\s*年")
_ROC_SINGLE = re.compile(
    r"(?<![\d/.-])(\d{2,3})\s*年\s*(?:度)?(?:\s*(\d{1,2})\s*月)?(?:\s*(\d{1,2})\s*日)?"
)


@dataclass(frozen=True)
class SourceLine:
    """One line of a source document, with its 1-based number."""

    number: int
    raw: str

    @property
    def text(self) -> str:
        """The line without surrounding white space."""
        return self.raw.strip()

    @property
    def page_start(self) -> bool:
        """True when the line opens a new PDF page (the dump marks it with one leading space)."""
        return is_page_start(self.raw)

    @property
    def blank(self) -> bool:
        return not self.text


def read_lines(path: Path) -> list[SourceLine]:
    """Every line of a UTF-8 text file, numbered from 1, without line endings."""
    with path.open(encoding="utf-8") as handle:
        return [
            SourceLine(number=i, raw=line.rstrip("\r\n")) for i, line in enumerate(handle, start=1)
        ]


def numbered(lines: Sequence[str | SourceLine]) -> list[SourceLine]:
    """The document's lines as numbered source lines, whether given as text or already numbered."""
    return [
        line if isinstance(line, SourceLine) else SourceLine(number=i, raw=line)
        for i, line in enumerate(lines, start=1)
    ]


def is_page_start(raw: str) -> bool:
    """A single leading space marks the first line of a PDF page."""
    return raw.startswith(" ") and not raw.startswith("  ")


def is_page_number(text: str) -> bool:
    """A lone number of up to three digits on a line is a page number, not content."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def squeeze(text: str) -> str:
    """Text with every white space removed and width folded, for layout-proof comparison."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_repeated_header(text: str, headers: Iterable[str]) -> bool:
    """True when the line is one of the table headers, however the PDF spaced it."""
    key = squeeze(text)
    return bool(key) and any(key == squeeze(h) for h in headers)


def find_line(
    lines: Sequence[SourceLine], needle: str, *, start: int = 1, page_start: bool = False
) -> int | None:
    """The number of the first line at or after ``start`` containing ``needle`` (spaces ignored)."""
    key = squeeze(needle)
    for line in lines[max(start - 1, 0) :]:
        if key in squeeze(line.raw) and (line.page_start or not page_start):
            return line.number
    return None


def split_bullets(text: str) -> list[str]:
    """The cells of a line whose columns are marked by private-use bullets.

    The text before the first bullet (often empty) is the first element, so callers can tell a
    line that continues the previous cell from one that opens a new cell.
    """
    return [part.strip() for part in _BULLET_SPLIT.split(text)]


def starts_with_bullet(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in BULLETS


def strip_bullets(text: str) -> str:
    """Text with the private-use bullets removed and the remaining spaces tidied."""
    return " ".join(_BULLET_SPLIT.sub(" ", text).split())


def _is_wide(char: str) -> bool:
    # Han characters and full-width punctuation: a line wrap between two of them adds no space.
    return not char.isascii() and not char.isspace()


def join_wrapped(parts: Iterable[str]) -> str:
    """Join the pieces of a wrapped cell: no space next to Chinese, one space between Latin words.

    A piece ending in a hyphen or slash was cut inside a word (「COVID-」/「19」) and takes no space.
    """
    out = ""
    for part in parts:
        piece = part.strip()
        if not piece:
            continue
        if out and not _is_wide(out[-1]) and not _is_wide(piece[0]) and out[-1] not in "-/":
            out += " "
        out += piece
    return out


def collapse_spaced(text: str) -> str:
    """Undo justified spacing: three or more single wide glyphs separated by single spaces.

    Only runs of single glyphs are joined, so two cells that share a line with one space
    between them (「援贈愛心物資 幫幫忙基金會」) stay apart.
    """
    return _SPACED_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)


def close_wide_gaps(text: str) -> str:
    """Remove every space between two wide glyphs: inside one cell such a space is only layout.

    Use it on text already known to be one cell; on a whole line it would merge columns.
    Spaces next to Latin letters or digits stay (「NGO 團體」, 「參與者國家：8 國」).
    """
    return re.sub(r"(?<=[^\x00-\x7f\s]) +(?=[^\x00-\x7f\s])", "", text)


def tidy_cell(text: str) -> str:
    """A cell's text for storage: spaced glyphs collapsed, no space beside full-width marks."""
    text = collapse_spaced(" ".join(text.split()))
    return re.sub(r"\s*([\u3000-\u303f\uff00-\uffef])\s*", r"\1", text).strip()


def roc_to_gregorian(year: int) -> int:
    """民國 ``year`` as a Gregorian year (112 -> 2023)."""
    return year + ROC_OFFSET


@dataclass(frozen=True)
class RocDate:
    """A Republic of China calendar mention converted to Gregorian years."""

    printed: str
    year: int
    end_year: int | None = None
    month: int | None = None
    day: int | None = None


def find_roc_dates(text: str) -> list[RocDate]:
    """Every ROC-calendar year mention in ``text``: 「112 年 6 月底」, 「111 年度」, 「111-114 年」."""
    found: list[RocDate] = []
    taken: list[tuple[int, int]] = []
    for m in _ROC_RANGE.finditer(text):
        found.append(
            RocDate(
                printed=m.group(0),
                year=roc_to_gregorian(int(m.group(1))),
                end_year=roc_to_gregorian(int(m.group(2))),
            )
        )
        taken.append(m.span())
    for m in _ROC_SINGLE.finditer(text):
        if any(start <= m.start() < end for start, end in taken):
            continue
        found.append(
            RocDate(
                printed=m.group(0).strip(),
                year=roc_to_gregorian(int(m.group(1))),
                month=int(m.group(2)) if m.group(2) else None,
                day=int(m.group(3)) if m.group(3) else None,
            )
        )
    return sorted(found, key=lambda d: text.find(d.printed))


def printed_amount(match: re.Match[str]) -> tuple[Decimal, str]:
    """The value and currency of a printed amount, matched with the groups ``num`` (the number,
    commas allowed), ``mult`` (億 or 萬, or none), ``prefix`` (新臺幣 or NT$, or none: when
    present the amount is in TWD) and ``unit`` (美元, 歐元 or 元)."""
    value = Decimal(match["num"].replace(",", "")) * MULTIPLIERS[match["mult"]]
    currency = "TWD" if match["prefix"] else CURRENCIES[match["unit"]]
    return value, currency
