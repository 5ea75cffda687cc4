"""Problems are data: a code, where it was found, and a message in both languages from a catalogue.

    Catalogue       code -> (severity, English template, zh-Hant template), one per domain
    ├── make()      a Problem with its messages filled in
    Problem         code, severity, both messages, and its location (file, line, path, text)
    ProblemSink     collects problems in order, once per key when asked, and hands them over

An import, a validation, a seed extraction or a form checked in bulk reports what it meets
through its own catalogue (``iati.problems.CATALOGUE``, ``seeds.problems.CATALOGUE``) and
stores the problems as rows; one bad record never hides the others, and nothing is swallowed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    """One problem: its code and severity, both messages, and where it was found.

    ``xpath`` is the place within the file: an XPath for XML, a table, column or cell for a
    table, a field for a form.
    """

    code: str
    severity: str
    message_en: str
    message_zh: str
    line: int | None = None
    xpath: str = ""
    file: str = ""
    text: str = ""

    def message(self, language: str | None) -> str:
        """The message in the user's language (zh-Hant unless English is asked for)."""
        if language and language.lower().startswith("en"):
            return self.message_en
        return self.message_zh

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "xpath": self.xpath,
            "code": self.code,
            "severity": self.severity,
            "message_en": self.message_en,
            "message_zh": self.message_zh,
        }


class Catalogue(dict[str, tuple[str, str, str]]):
    """Codes and their bilingual message templates (``str.format`` fields), checked on creation."""

    def __init__(self, entries: Mapping[str, tuple[str, str, str]]) -> None:
        super().__init__(entries)
        for code, (severity, en, zh) in self.items():
            if severity not in SEVERITIES or not en or not zh:
                raise ValueError(f"Problem {code!r} needs a severity and both messages.")

    def make(
        self,
        code: str,
        /,
        *,
        line: int | None = None,
        xpath: str = "",
        file: str = "",
        text: str = "",
        **fields: Any,
    ) -> Problem:
        """A problem from the catalogue, its messages filled in with ``fields``.

        A ``severity`` among the fields overrides the catalogue's for this one problem.
        """
        severity, en, zh = self[code]
        return Problem(
            code=code,
            severity=str(fields.pop("severity", severity)),
            message_en=en.format(**fields),
            message_zh=zh.format(**fields),
            line=line,
            xpath=xpath[:500],
            file=file,
            text=text,
        )


@dataclass
class ProblemSink:
    """Collects problems in order; ``drain`` hands over what was collected since the last call."""

    catalogue: Catalogue
    items: list[Problem] = field(default_factory=list)
    total: int = 0
    seen: set[tuple[str, ...]] = field(default_factory=set)

    def add_once(self, key: tuple[str, ...], code: str, /, **fields: Any) -> None:
        """Record a problem the first time ``key`` is seen (e.g. a 1.0x value in one file)."""
        if key not in self.seen:
            self.seen.add(key)
            self.add(code, **fields)

    def add(self, code: str, /, **fields: Any) -> None:
        self.items.append(self.catalogue.make(code, **fields))
        self.total += 1

    def drain(self) -> Iterator[Problem]:
        items, self.items = self.items, []
        return iter(items)
