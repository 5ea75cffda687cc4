"""One small module per IATI element group, shared by import, export and checks.

Each module is symmetric: ``read_x(element, ctx) -> XRecord`` (a record of
``activities.records``, or None when the element is unusable, with a problem) and
``write_x(xf, XRecord)``, so an element's round trip is testable without a database. ``READERS``
maps tags to the importer's readers (``collect`` appends what ``read_x`` returns to the
activity's record); the exporter turns stored activities into records (``iati.records``) and
hands those to the writers. The
version differences live in :mod:`partnerhub.iati.versions`, not here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from partnerhub.activities.records import ActivityRecord
from partnerhub.core.links import is_safe_url
from partnerhub.iati import versions
from partnerhub.iati.problems import ProblemSink

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
#: (codelist, value) -> (code, converted from 1.0x, valid): the tables are fixed, values repeat.
_CODES: dict[tuple[str, str], tuple[str, bool, bool]] = {}
_CODES_LIMIT = 50_000
#: Published text -> date, for the dates that parse as they are: a file repeats its dates.
_DAYS: dict[str, dt.date] = {}
_DAYS_LIMIT = 50_000


def _decimal_bounds(places: int, digits: int) -> tuple[Decimal, Decimal]:
    """The first value too large for the column, and the quantum to round to."""
    bounds = _BOUNDS[(places, digits)] = (
        Decimal(10) ** (digits - places),
        Decimal(1).scaleb(-places),
    )
    return bounds


_BOUNDS: dict[tuple[int, int], tuple[Decimal, Decimal]] = {}


@dataclass
class ReadContext:
    """What a reader needs besides its element: the file's version, defaults and the sink."""

    version: str
    sink: ProblemSink
    record: ActivityRecord
    default_lang: str = ""
    default_currency: str = ""
    activity_path: str = "/iati-activity"
    #: References to organisations seen in this activity, resolved in bulk later.
    org_refs: set[str] = field(default_factory=set)
    extra: dict[str, list[str]] = field(default_factory=dict)
    #: Whether ``version`` is 1.0x (set from it; asked for every kept element).
    legacy: bool = field(init=False)

    def __post_init__(self) -> None:
        self.legacy = versions.is_legacy(self.version)

    def xpath(self, element: etree._Element) -> str:
        names: list[str] = []
        node: etree._Element | None = element
        while node is not None and node.tag != "iati-activity":
            names.append(str(node.tag))
            node = node.getparent()
        return "/".join([self.activity_path, *reversed(names)])

    def _drop_valueless_measures(self, result: etree._Element) -> None:
        """Rules 8.8.1, 8.9.1, 8.10.1: a quantitative indicator's baseline, target and actual
        need a value. One without is left out of the kept result (and so of the export)."""
        for indicator in children(result, "indicator"):
            if (indicator.get("measure") or "").strip() == "5":
                continue  # qualitative: a value is not required
            for node in _VALUELESS(indicator):
                self.problem(
                    "exported-without",
                    node,
                    element=f"result/indicator/{'period/' if node.tag != 'baseline' else ''}{node.tag}",
                    reason="a quantitative indicator's value is missing (rules 8.8.1, 8.9.1, 8.10.1)",
                    reason_zh="量化指標缺少數值（規則 8.8.1、8.9.1、8.10.1）",
                )
                parent = node.getparent()
                if parent is not None:
                    parent.remove(node)

    def problem(self, code: str, node: etree._Element, /, **fields: Any) -> None:
        self.sink.add(code, line=node.sourceline, xpath=self.xpath(node), **fields)

    def code(self, codelist: str, element: etree._Element, value: str | None) -> str:
        """A 2.03 code for ``value`` (1.0x values mapped), or "" with a problem when unknown."""
        if not value:
            return ""
        known = _CODES.get((codelist, value))
        if known is None:
            code, converted = versions.legacy_code(codelist, value)
            known = (code, converted, versions.is_valid(codelist, code))
            if len(_CODES) < _CODES_LIMIT:
                _CODES[(codelist, value)] = known
        code, converted, valid = known
        if converted:
            # A 1.0x file uses the same old value throughout; one note per value is enough.
            key = ("legacy", codelist, value)
            if key not in self.sink.seen:
                self.sink.add_once(
                    key,
                    "legacy-code",
                    line=element.sourceline,
                    xpath=self.xpath(element),
                    element=element.tag,
                    value=value,
                    code=code,
                )
        elif not valid:
            # Unknown values are recorded as problems and not stored: code columns are short.
            self.problem("bad-code", element, element=element.tag, value=value, codelist=codelist)
            return ""
        return code

    def date(self, element: etree._Element | None, attribute: str = "iso-date") -> dt.date | None:
        """An element's date: ``@iso-date`` in 2.0x, or its text as 1.0x often had it."""
        if element is None:
            return None
        raw = element.get(attribute)
        if raw is None and attribute == "iso-date":
            raw = (element.text or "").strip() or None
        if not raw:
            return None
        return self.parse_date(raw, element)

    def parse_date(self, raw: str, element: etree._Element) -> dt.date | None:
        known = _DAYS.get(raw)
        if known is not None:
            return known
        text = raw.strip()
        try:
            # The common case, YYYY-MM-DD possibly followed by a time, without a regex.
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
        else:
            if len(_DAYS) < _DAYS_LIMIT:
                _DAYS[raw] = day
            return day
        match = _DATE.match(text)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                pass
        self.problem("bad-date", element, element=element.tag, value=raw[:60])
        return None

    def decimal(
        self, element: etree._Element, raw: str | None, *, places: int = 2, digits: int = 20
    ) -> Decimal | None:
        """A number that fits a ``DecimalField(max_digits=digits, decimal_places=places)``."""
        if raw is None:
            return None
        text = raw.strip()
        if "," in text or " " in text:
            text = text.replace(",", "").replace(" ", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        limit, quantum = _BOUNDS.get((places, digits)) or _decimal_bounds(places, digits)
        if value is None or not value.is_finite() or abs(value) >= limit:
            self.problem("bad-number", element, element=element.tag, value=raw[:60])
            return None
        return value.quantize(quantum)

    def keep(self, element: etree._Element) -> None:
        """Keep an element this model does not hold, serialised, so an export can carry it."""
        if self.legacy:
            return
        if element.tag == "policy-marker" and _marker_lacks_significance(element):
            # Rule 6.14.1: a DAC policy marker must say how significant it is. The Standard
            # defines no default, so the marker is left out of the export, with a problem row.
            self.problem(
                "exported-without",
                element,
                element="policy-marker",
                reason="a DAC policy marker (vocabulary 1) without @significance (rule 6.14.1)",
                reason_zh="DAC 政策標記（vocabulary 1）缺少 @significance（規則 6.14.1）",
            )
            return
        if element.tag == "result":
            self._drop_valueless_measures(element)
        if self.default_lang and (len(element) or element.tag == "narrative"):
            # The activity's default language does not travel with a fragment; make it explicit.
            # (Most kept elements are leaves: no tag matcher is built for those.)
            for node in element.iter("narrative"):
                if node.get(XML_LANG) is None:
                    node.set(XML_LANG, self.default_lang)
        text = etree.tostring(element, encoding="unicode", with_tail=False)
        # Most kept elements carry no address at all: the serialised text says so at C speed,
        # and only the others are searched node by node.
        if "url=" in text or "uri=" in text or "<website" in text:
            found = unsafe_urls(element)
            if found:
                for node, where, value in found:
                    self.problem("unsafe-url", node, element=where, value=value[:200])
                    self.record.extra.setdefault("unsafe_urls", []).append(value[:1000])
                if not remove_unsafe(element, found):
                    return
                text = etree.tostring(element, encoding="unicode", with_tail=False)
        self.extra.setdefault(str(element.tag), []).append(text)


_VALUELESS = etree.XPath(
    "baseline[not(normalize-space(@value))] | period/target[not(normalize-space(@value))]"
    " | period/actual[not(normalize-space(@value))]"
)


def _marker_lacks_significance(element: etree._Element) -> bool:
    vocabulary = (element.get("vocabulary") or "1").strip()
    return vocabulary in {"1", ""} and not (element.get("significance") or "").strip()


#: Every address an IATI 2.0x element may carry: document links (results, indicators, periods),
#: contact websites and codelist/indicator URIs.
_URLS = etree.XPath(
    "descendant-or-self::*[@url or @vocabulary-uri or @indicator-uri] | descendant-or-self::website"
)
_URL_ATTRIBUTES = ("url", "vocabulary-uri", "indicator-uri")


def unsafe_urls(element: etree._Element) -> list[tuple[etree._Element, str, str]]:
    """Addresses in ``element`` that are not http, https or ftp, as (node, where, value).

    ``where`` names the attribute (``document-link/@url``) or the ``website`` element.
    """
    found: list[tuple[etree._Element, str, str]] = []
    for node in _URLS(element):
        if node.tag == "website":
            value = (node.text or "").strip()
            if value and not is_safe_url(value):
                found.append((node, "website", value))
            continue
        for attribute in _URL_ATTRIBUTES:
            value = (node.get(attribute) or "").strip()
            if value and not is_safe_url(value):
                found.append((node, f"{node.tag}/@{attribute}", value))
    return found


def remove_unsafe(element: etree._Element, found: list[tuple[etree._Element, str, str]]) -> bool:
    """Take the addresses ``unsafe_urls`` found out of ``element``; False when nothing is left.

    A ``document-link`` or ``website`` goes as a whole (neither means anything without its
    address); a URI attribute goes alone.
    """
    for node, where, _value in found:
        if where.endswith("/@vocabulary-uri") or where.endswith("/@indicator-uri"):
            node.attrib.pop(where.rsplit("@", 1)[1], None)
            continue
        if node is element:
            return False
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)
    return True


def first_children(element: etree._Element) -> dict[Any, etree._Element]:
    """Each tag's first child of ``element``: ``element.find(tag)`` for all tags in one pass.

    lxml's ``find`` and ``iterchildren(tag)`` build a path or tag matcher on every call, which
    costs more than walking a handful of children; readers that look up several children use
    this instead (comments and processing instructions land under their non-string tags).
    """
    parts: dict[Any, etree._Element] = {}
    for child in element:
        parts.setdefault(child.tag, child)
    return parts


def children(element: etree._Element, tag: str) -> list[etree._Element]:
    """``list(element.iterchildren(tag))`` without building a tag matcher per call."""
    return [child for child in element if child.tag == tag]


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


Reader = Callable[[etree._Element, ReadContext], None]


def collect[R](read: Callable[[etree._Element, ReadContext], R | None], field_name: str) -> Reader:
    """The importer's reader for an element group: ``read`` it, append the record to the field.

    Element modules are symmetric: ``read_x(element, ctx) -> XRecord | None`` and
    ``write_x(xf, XRecord)``; this adapts a ``read_x`` to the importer's per-tag dispatch.
    """

    def reader(element: etree._Element, ctx: ReadContext) -> None:
        record = read(element, ctx)
        if record is not None:
            getattr(ctx.record, field_name).append(record)

    reader.__name__ = read.__name__
    return reader


def decimal_text(value: Decimal) -> str:
    """A decimal without trailing zeros and never in exponent notation (xsd:decimal)."""
    text = format(value.normalize(), "f")
    return text


from partnerhub.iati.elements import narrative as narrative  # noqa: E402  (re-export for readers)
