"""What every seed extractor hands to the loader: rows with printed names and line ranges.

Extractors are pure functions over the lines of one document. They never touch the database and
never drop a line silently: anything they cannot parse becomes a :class:`Problem`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from partnerhub.activities.records import ActivityRecord
from partnerhub.events.services import EventRecord


@dataclass(frozen=True)
class Problem:
    """A line the extractor could not understand, reported with its number, never dropped."""

    file: str
    line: int
    message_en: str
    message_zh: str
    text: str = ""
    code: str = "unreadable"  # a code of seeds.problems.CATALOGUE with reason_en / reason_zh


@dataclass
class OrganisationMention:
    """An organisation as printed in the source, with the role it plays in the row."""

    printed_name: str
    role: str  # IATI role code for activities ("1".."4"), or an EventOrganiser role for events
    category: str = "other"  # organisations.models.Category value, when the extractor knows it
    name_en: str = ""
    abbreviation: str = ""


@dataclass
class CountryMention:
    """A country name as printed; the loader resolves it, and lists those it cannot."""

    printed_name: str
    code: str = ""  # filled by the extractor when it already knows it (e.g. via the matcher)


@dataclass
class SeedActivity:
    record: ActivityRecord
    file: str
    line_start: int
    line_end: int
    table: str  # which table or box it came from, for the import report
    group: str = ""  # e.g. the year heading, for the per-year report
    organisations: list[OrganisationMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)


@dataclass
class SeedEvent:
    record: EventRecord
    file: str
    line_start: int
    line_end: int
    table: str
    group: str = ""
    organisations: list[OrganisationMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)


@dataclass
class SeedOrganisation:
    """An organisation the documents name on its own (INGOs set up in Taiwan, news items)."""

    mention: OrganisationMention
    file: str
    line_start: int
    line_end: int
    table: str
    aliases: list[str] = field(default_factory=list)
    country_code: str = ""
    description_zh: str = ""
    description_en: str = ""


@dataclass
class SeedEntry:
    """A line that is no activity, event or organisation (seeds.models.SourceEntry)."""

    identifier: str
    kind: str
    file: str
    line_start: int
    line_end: int
    table: str
    title_zh: str
    title_en: str = ""
    title_en_status: str = ""  # core.models.TextStatus; empty means translated when title_en is set
    description_zh: str = ""
    date: dt.date | None = None
    year: int | None = None
    group: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Extraction:
    """The result of one extractor over one document."""

    table: str
    activities: list[SeedActivity] = field(default_factory=list)
    events: list[SeedEvent] = field(default_factory=list)
    organisations: list[SeedOrganisation] = field(default_factory=list)
    entries: list[SeedEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
