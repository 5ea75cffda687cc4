"""The source documents as a visitor sees them: title, date and publisher, and their lines.

Provenance rows name a document by its file (``002_73f349e2c11ffc5f.txt``: number and content
hash). People need the title, date and publisher instead, and a way to read the cited lines in
context; this module gives both. The catalogue below is the project's description of each
numbered document; a new edition of a document keeps its number and so its description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partnerhub.core.exceptions import NotFound
from partnerhub.core.models import pick_language
from partnerhub.seeds.pdftext import read_lines

_NUMBER = re.compile(r"^(\d{3})_")


@dataclass(frozen=True)
class DocumentInfo:
    number: str
    title_zh: str
    title_en: str
    publisher_zh: str
    publisher_en: str
    date: str  # as precise as the document states it: 2026-01-07, or 2023
    kind: str
    url: str = ""

    @property
    def title(self) -> str:
        return pick_language(self.title_zh, self.title_en)

    @property
    def publisher(self) -> str:
        return pick_language(self.publisher_zh, self.publisher_en)


DOCUMENTS: dict[str, DocumentInfo] = {
    "000": DocumentInfo(
        "000",
        "外交部舉辦第 6 屆 NGO 領袖論壇（新聞報導）",
        "MOFA holds the 6th NGO Leaders Forum (news report)",
        "新聞報導",
        "News report",
        "2026-01-07",
        str(_("News")),
    ),
    "001": DocumentInfo(
        "001",
        "外交部說明台灣 INGO 中心規劃（台北時報）",
        "Ministry outlines plan for INGO center (Taipei Times)",
        "台北時報",
        "Taipei Times",
        "2026-01-08",
        str(_("News")),
    ),
    "002": DocumentInfo(
        "002",
        "國際合作發展政策白皮書",
        "International Cooperation and Development Policy White Paper",
        "中華民國外交部",
        "Ministry of Foreign Affairs, Republic of China (Taiwan)",
        "2023",
        str(_("White paper")),
    ),
    "003": DocumentInfo(
        "003",
        "2024 年外交工作回顧",
        "Review of Taiwan's diplomatic work in 2024",
        "中華民國外交部",
        "Ministry of Foreign Affairs, Republic of China (Taiwan)",
        "2024",
        str(_("Annual review")),
    ),
    "004": DocumentInfo(
        "004",
        "外交部 115 年度施政計畫",
        "MOFA administrative plan for FY2026 (ROC year 115)",
        "中華民國外交部",
        "Ministry of Foreign Affairs, Republic of China (Taiwan)",
        "2026",
        str(_("Administrative plan")),
    ),
}


def document_number(file: str) -> str:
    """The document number of a seed file name (``002_….txt`` → ``002``), or ""."""
    match = _NUMBER.match(file or "")
    return match.group(1) if match else ""


def document_info(number: str) -> DocumentInfo:
    """The catalogue entry of a document; NotFound for a number the project does not know."""
    info = DOCUMENTS.get(number)
    if info is None:
        raise NotFound(
            f"No source document {number!r}.",
            f"找不到編號為「{number}」的來源文件。",
            field="document",
        )
    return info


def document_path(number: str) -> Path:
    """The file holding the document's current edition."""
    document_info(number)
    found = sorted(Path(settings.PARTNERHUB_SEEDS).glob(f"{number}_*.txt"))
    if not found:
        raise NotFound(
            f"The text of source document {number} is not available on this server.",
            f"本伺服器上沒有來源文件 {number} 的全文。",
            field="document",
        )
    return found[-1]


@lru_cache(maxsize=8)
def _lines(path: Path, mtime: float) -> tuple[str, ...]:
    return tuple(line.text for line in read_lines(path))


def document_lines(number: str) -> tuple[str, ...]:
    """Every line of the document (numbered from 1 by position), cached while the file is
    unchanged."""
    path = document_path(number)
    return _lines(path, path.stat().st_mtime)


@dataclass(frozen=True)
class Excerpt:
    """Cited lines with some context: (number, text, cited) for each line shown."""

    info: DocumentInfo
    start: int
    end: int
    lines: list[tuple[int, str, bool]]
    total: int


def document_excerpt(number: str, start: int, end: int, *, context: int = 12) -> Excerpt:
    """Lines ``start``–``end`` of a document with ``context`` lines on either side."""
    lines = document_lines(number)
    if start < 1 or end < start or start > len(lines):
        raise NotFound(
            f"Document {number} has no lines {start}-{end} (it has {len(lines)}).",
            f"文件 {number} 沒有第 {start}–{end} 行（共 {len(lines)} 行）。",
            field="lines",
        )
    end = min(end, len(lines))
    first, last = max(1, start - context), min(len(lines), end + context)
    shown = [(n, lines[n - 1], start <= n <= end) for n in range(first, last + 1)]
    return Excerpt(document_info(number), start, end, shown, len(lines))
